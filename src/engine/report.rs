//! The engine's answer for one design: what the CLI prints as JSON and what the app renders.
//!
//! Invariants: `valid` is false exactly when some diagnostic is an `Error`; `devices` has one
//! entry per PCI function of the topology, in topology order; field names here are the CLI's
//! JSON contract (`docs/cli.md`): add fields, never rename them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::acpi::AcpiTables;
use super::diagnostics::Diagnostic;
use super::topology::{BusIdx, Topology};

/// The effective DMA translation of one PCI function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationKind {
    /// DMA goes through a vIOMMU.
    Iommu,
    /// A vIOMMU exists but this function bypasses it (identity DMA to all guest memory).
    Bypass,
    /// No vIOMMU in the machine (identity DMA).
    None,
}

/// Translation of one function, with the chain of reasons a learner can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// `iommu`, `bypass` or `none`.
    pub kind: TranslationKind,
    /// The vIOMMU driver translating it (`intel-iommu`, `amd-iommu`, `virtio-iommu-pci`, `smmuv3`).
    pub iommu: Option<String>,
    /// The reason chain, one step per element (device → bridges → root bus → host bridge → verdict).
    pub steps: Vec<String>,
    /// The root bus whose host bridge decided, after QEMU's requester-id aliasing: the
    /// function's own root bus, except behind a legacy `pxb` on pc (then the main bus).
    /// `None` when unknown.
    pub root_bus: Option<BusIdx>,
}

impl Translation {
    /// The reason chain as one line.
    pub fn reason(&self) -> String {
        self.steps.join(" → ")
    }
}

/// One PCI function in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceReport {
    /// qdev id, or null for a built-in without one.
    pub id: Option<String>,
    /// QEMU driver / qdev type.
    pub driver: String,
    /// Guest-visible `bb:dd.f` after firmware enumeration (lowercase hex).
    pub bdf: String,
    /// Name of the root bus whose host bridge decides its translation.
    pub root_bus: String,
    /// `iommu`, `bypass` or `none`.
    pub translation: TranslationKind,
    /// The translating vIOMMU, or null.
    pub iommu: Option<String>,
    /// The reason chain as one line.
    pub reason: String,
    /// Built in by the machine.
    pub builtin: bool,
    /// Passthrough (vfio-pci) device.
    pub passthrough: bool,
}

/// Everything the engine computes for a design.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// False exactly when real QEMU would refuse to start.
    pub valid: bool,
    /// Errors, warnings and infos.
    pub diagnostics: Vec<Diagnostic>,
    /// The equivalent QEMU command line, binary first.
    pub command_line: Vec<String>,
    /// The same as one copyable shell line.
    pub shell_command: String,
    /// One entry per PCI function.
    pub devices: Vec<DeviceReport>,
    /// vIOMMU ACPI tables present for this design: signature → uppercase-free lowercase hex.
    pub acpi: BTreeMap<String, String>,
    /// The resolved topology (for renderers; not part of the CLI's JSON contract).
    #[serde(skip)]
    pub topology: Topology,
    /// Per-function translations, parallel to `topology.functions`.
    #[serde(skip)]
    pub translations: Vec<Translation>,
    /// The ACPI tables as bytes (for renderers).
    #[serde(skip)]
    pub tables: AcpiTables,
}

/// One [`DeviceReport`] per function of the topology, with its translation.
pub fn device_reports(topology: &Topology, translations: &[Translation]) -> Vec<DeviceReport> {
    topology
        .functions
        .iter()
        .enumerate()
        .map(|(index, function)| {
            let translation = translations.get(index);
            let root = translation
                .and_then(|t| t.root_bus)
                .unwrap_or_else(|| topology.root_bus_of(function.bus));
            DeviceReport {
                id: function.id.clone(),
                driver: function.driver.clone(),
                bdf: topology.bdf(index),
                root_bus: topology
                    .buses
                    .get(root)
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
                translation: translation.map_or(TranslationKind::None, |t| t.kind),
                iommu: translation.and_then(|t| t.iommu.clone()),
                reason: translation.map(Translation::reason).unwrap_or_default(),
                builtin: function.builtin,
                passthrough: function.passthrough,
            }
        })
        .collect()
}

/// Lowercase hex of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
