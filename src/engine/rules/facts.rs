//! Facts the rules share, computed once per check: which vIOMMU QEMU ends up with, which root
//! bus each device hangs from, and whether its DMA is translated.
//!
//! Invariants: works on a partial or empty topology (an invalid design, or before `resolve`
//! fills it) by falling back to walking `bus=` names through the design; never indexes blindly.
//! Translations are used when the engine computed one per function; otherwise the bypass
//! decision is derived here from the same QEMU rule.

use crate::engine::catalog::{Category, Driver};
use crate::engine::design::{Design, KernelIrqchip, MachineType, OnOffAuto};
use crate::engine::report::{Translation, TranslationKind};
use crate::engine::topology::{HostBridgeKind, Topology};

/// The vIOMMU that QEMU actually instantiates for a design (the first one it accepts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viommu {
    /// `-device intel-iommu` (q35 only).
    Intel {
        /// Index in `Design::devices`.
        device: usize,
    },
    /// `-device amd-iommu` (q35 only).
    Amd {
        /// Index in `Design::devices`.
        device: usize,
    },
    /// `-device virtio-iommu-pci` (q35, pc, virt).
    Virtio {
        /// Index in `Design::devices`.
        device: usize,
    },
    /// `-machine virt,iommu=smmuv3`.
    Smmuv3,
}

impl Viommu {
    /// The `-device` index, if the vIOMMU is a device (not the virt machine option).
    pub fn device(self) -> Option<usize> {
        match self {
            Viommu::Intel { device } | Viommu::Amd { device } | Viommu::Virtio { device } => {
                Some(device)
            }
            Viommu::Smmuv3 => None,
        }
    }

    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Viommu::Intel { .. } => "intel-iommu",
            Viommu::Amd { .. } => "amd-iommu",
            Viommu::Virtio { .. } => "virtio-iommu-pci",
            Viommu::Smmuv3 => "SMMUv3 (iommu=smmuv3)",
        }
    }

    /// The ACPI table through which the guest learns which devices the vIOMMU manages.
    pub fn table(self) -> &'static str {
        match self {
            Viommu::Intel { .. } => "DMAR",
            Viommu::Amd { .. } => "IVRS",
            Viommu::Virtio { .. } => "VIOT",
            Viommu::Smmuv3 => "IORT",
        }
    }
}

/// The root bus a device's DMA is decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    /// The machine's main root bus (`pcie.0` / `pci.0`).
    Main,
    /// The root bus of the PXB at this index of `Design::devices`.
    Pxb(usize),
    /// Not known (dangling `bus=`, a cycle, ...): rules stay silent about it.
    Unknown,
}

/// Shared, precomputed facts.
pub struct Facts<'a> {
    /// The design.
    pub design: &'a Design,
    /// The resolved topology (possibly partial).
    pub topology: &'a Topology,
    /// The engine's translations (possibly empty).
    pub translations: &'a [Translation],
    /// The vIOMMU QEMU instantiates, if any.
    pub viommu: Option<Viommu>,
}

impl<'a> Facts<'a> {
    /// Computes the facts for a design.
    pub fn new(
        design: &'a Design,
        topology: &'a Topology,
        translations: &'a [Translation],
    ) -> Facts<'a> {
        Facts {
            design,
            topology,
            translations,
            viommu: effective_viommu(design),
        }
    }

    /// True when the design asks for KVM (`-machine accel=kvm…`, `-accel kvm…`,
    /// `-enable-kvm`). Otherwise QEMU runs TCG, which ignores `kernel-irqchip`.
    pub fn asks_kvm(&self) -> bool {
        let design = self.design;
        let kvm = |v: &str| v.split(':').next() == Some("kvm");
        if design.machine.accel.as_deref().is_some_and(kvm)
            || design
                .machine
                .extra
                .iter()
                .any(|(k, v)| k == "accel" && kvm(v))
        {
            return true;
        }
        let mut args = design.extra_args.iter();
        while let Some(arg) = args.next() {
            if arg == "-enable-kvm" {
                return true;
            }
            if (arg == "-accel" || arg == "--accel")
                && args
                    .next()
                    .is_some_and(|v| kvm(v.split(',').next().unwrap_or("")))
            {
                return true;
            }
        }
        false
    }

    /// True when KVM keeps the whole irqchip in the kernel: KVM with `kernel-irqchip=on`,
    /// which is q35's default under KVM.
    pub fn kvm_full_irqchip(&self) -> bool {
        self.asks_kvm()
            && matches!(
                self.design.machine.kernel_irqchip,
                None | Some(KernelIrqchip::On)
            )
    }

    /// Effective interrupt remapping of an intel-iommu / amd-iommu: `auto` is off only with
    /// KVM's full in-kernel irqchip (hw/i386/x86-iommu.c x86_iommu_realize).
    pub fn intremap_effective(&self, intremap: Option<OnOffAuto>) -> bool {
        match intremap {
            Some(OnOffAuto::Off) => false,
            Some(OnOffAuto::On) => true,
            None | Some(OnOffAuto::Auto) => !self.kvm_full_irqchip(),
        }
    }

    /// The machine type.
    pub fn machine(&self) -> MachineType {
        self.design.machine.machine_type
    }

    /// The root bus under which the `-device` at `index` sits.
    pub fn root_of(&self, index: usize) -> Root {
        if let Some(root) = self.root_from_topology(index) {
            return root;
        }
        self.root_from_design(index)
    }

    fn root_from_topology(&self, index: usize) -> Option<Root> {
        let topo = self.topology;
        let function = topo
            .functions
            .iter()
            .find(|f| f.device_index == Some(index))?;
        let bus = topo.buses.get(function.bus)?;
        let host = topo.host_bridges.get(bus.host_bridge)?;
        match host.kind {
            HostBridgeKind::PxbHost => Some(host.device_index.map_or(Root::Unknown, Root::Pxb)),
            _ => Some(Root::Main),
        }
    }

    /// Walks `bus=` names up through bridges to a root bus.
    fn root_from_design(&self, index: usize) -> Root {
        let devices = &self.design.devices;
        let main = self.machine().root_bus_name();
        let Some(mut bus) = devices.get(index).and_then(|d| d.bus.clone()) else {
            // No `bus=`: QEMU's default bus. Before any PXB that is the main root bus; after
            // one, it is the newest PXB's (resolve reports that trap); assume main here.
            return Root::Main;
        };
        // A chain longer than the number of devices is a cycle.
        for _ in 0..=devices.len() {
            if bus == main {
                return Root::Main;
            }
            let Some((parent_index, parent)) =
                devices.iter().enumerate().find(|(_, d)| d.id == bus)
            else {
                return Root::Unknown;
            };
            match parent.driver.category() {
                Category::HostBridge => return Root::Pxb(parent_index),
                Category::Bridge => match &parent.bus {
                    Some(next) => bus = next.clone(),
                    None => return Root::Main,
                },
                _ => return Root::Unknown,
            }
        }
        Root::Unknown
    }

    /// True when the root bus's host bridge has `bypass-iommu` set, as the ACPI tables see it.
    pub fn root_bypass_in_tables(&self, root: Root) -> bool {
        match root {
            Root::Main => self.main_bus_bypass(),
            Root::Pxb(i) => self
                .design
                .devices
                .get(i)
                .and_then(|d| d.props.bypass_iommu)
                .unwrap_or(false),
            Root::Unknown => false,
        }
    }

    /// True when DMA from devices under this root bus skips the vIOMMU.
    ///
    /// hw/pci/pci.c pci_device_iommu_address_space / pci_device_get_iommu_bus_devfn: the flag
    /// is read on the requester-id alias. Behind a legacy `pxb` the alias is (pci.0, pxb
    /// devfn), so pci.0's flag decides, not the pxb's (the legacy-pxb quirk).
    pub fn root_bypass_for_dma(&self, root: Root) -> bool {
        match root {
            Root::Pxb(i) => match self.design.devices.get(i).map(|d| d.driver) {
                Some(Driver::Pxb) => self.main_bus_bypass(),
                _ => self.root_bypass_in_tables(root),
            },
            _ => self.root_bypass_in_tables(root),
        }
    }

    /// Effective `bypass-iommu` of the main host bridge: `default_bus_bypass_iommu` is wired on
    /// q35 (hw/pci-host/q35.c / hw/i386/pc_q35.c) and virt (hw/arm/virt.c create_pcie), never
    /// on i440FX (hw/i386/pc_piix.c).
    pub fn main_bus_bypass(&self) -> bool {
        self.design.machine.default_bus_bypass_iommu && self.machine() != MachineType::Pc
    }

    /// The DMA translation of the `-device` at `index`: the engine's when it has one, else
    /// derived here. `None` for devices that are not PCI functions or not resolvable.
    pub fn translation_of(&self, index: usize) -> Option<TranslationKind> {
        let device = self.design.devices.get(index)?;
        if !device.driver.is_pci() {
            return None;
        }
        if self.translations.len() == self.topology.functions.len() {
            if let Some(f) = self
                .topology
                .functions
                .iter()
                .position(|f| f.device_index == Some(index))
            {
                if let Some(t) = self.translations.get(f) {
                    return Some(t.kind);
                }
            }
        }
        if self.viommu.is_none() {
            return Some(TranslationKind::None);
        }
        let root = self.root_of(index);
        if root == Root::Unknown {
            return None;
        }
        Some(if self.root_bypass_for_dma(root) {
            TranslationKind::Bypass
        } else {
            TranslationKind::Iommu
        })
    }

    /// Every PXB device of the design: (index in `Design::devices`, device id).
    pub fn pxbs(&self) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        self.design
            .devices
            .iter()
            .enumerate()
            .filter(|(_, d)| d.driver.category() == Category::HostBridge)
            .map(|(i, d)| (i, d.id.as_str()))
    }

    /// The design node naming a root bus's bypass setting (`machine` or the PXB id).
    pub fn root_node(&self, root: Root) -> String {
        match root {
            Root::Pxb(i) => self
                .design
                .devices
                .get(i)
                .map(|d| d.id.clone())
                .unwrap_or_default(),
            _ => "machine".to_string(),
        }
    }

    /// A readable name of a root bus.
    pub fn root_label(&self, root: Root) -> String {
        match root {
            Root::Main => self.machine().root_bus_name().to_string(),
            Root::Pxb(i) => match self.design.devices.get(i) {
                Some(d) => format!("{} '{}'", d.driver.name(), d.id),
                None => "?".to_string(),
            },
            Root::Unknown => "an unknown bus".to_string(),
        }
    }
}

/// The vIOMMU QEMU ends up with: the first one it accepts for the machine.
///
/// hw/i386/pc.c pc_machine_device_pre_plug_cb (one x86 vIOMMU), hw/i386/pc_q35.c
/// (intel/amd are dynamic sysbus devices allowed on q35 only), hw/arm/virt.c
/// (`iommu=smmuv3` is set up at machine init, before any `-device`).
pub fn effective_viommu(design: &Design) -> Option<Viommu> {
    let machine = design.machine.machine_type;
    if machine == MachineType::Virt && design.machine.iommu_smmuv3 {
        return Some(Viommu::Smmuv3);
    }
    design
        .devices
        .iter()
        .enumerate()
        .find_map(|(device, d)| match (d.driver, machine) {
            (Driver::IntelIommu, MachineType::Q35) => Some(Viommu::Intel { device }),
            (Driver::AmdIommu, MachineType::Q35) => Some(Viommu::Amd { device }),
            (Driver::VirtioIommuPci, _) => Some(Viommu::Virtio { device }),
            _ => None,
        })
}

/// True for a device that does DMA of its own (an endpoint, not a bridge/PXB/vIOMMU).
pub fn is_dma_endpoint(driver: Driver) -> bool {
    driver.category() == Category::Endpoint
}
