//! QEMU's start-up checks and the warnings users need, over a resolved design. One module per
//! area; each rule's comment names QEMU's source.
//!
//! Invariants: runs after `resolve` and the firmware pass, on a topology that may be partial
//! (an invalid design) or empty; never indexes blindly and never panics. Errors carry QEMU's
//! own message text (verified against QEMU 7.2 and 10.0 where it can run; see
//! `docs/diagnostics.md`). Placement errors that `resolve` emits are not repeated.

pub mod facts;
pub mod machine;
pub mod ports;
pub mod pxb;
pub mod security;
pub mod viommu;

use super::design::Design;
use super::diagnostics::Diagnostic;
use super::report::Translation;
use super::topology::Topology;

use facts::Facts;

/// Every diagnostic that is not found while resolving addresses.
pub fn check(
    design: &Design,
    topology: &Topology,
    translations: &[Translation],
) -> Vec<Diagnostic> {
    let facts = Facts::new(design, topology, translations);
    let mut out = Vec::new();
    machine::check(&facts, &mut out);
    viommu::check(&facts, &mut out);
    pxb::check(&facts, &mut out);
    ports::check(&facts, &mut out);
    security::check(&facts, &mut out);
    out.sort_by_key(|d| qemu_order(design, d));
    out
}

/// Where QEMU meets a diagnostic while starting: `-machine` options first, then each
/// `-device` in command-line order (pre-plug and realize), then machine-init-done checks.
/// QEMU stops at its first error, so sorting this way puts that one first.
fn qemu_order(design: &Design, diagnostic: &Diagnostic) -> usize {
    let devices = design.devices.len();
    // hw/i386/intel_iommu.c vtd_machine_done_notify_one runs after every device exists.
    if diagnostic.code == "vfio-needs-caching-mode" {
        return devices + 1;
    }
    match diagnostic.node.as_deref() {
        Some("machine") | None => 0,
        Some(node) => design
            .devices
            .iter()
            .position(|d| d.id == node)
            .map_or(devices + 2, |i| i + 1),
    }
}

#[cfg(test)]
pub mod testkit;

/// Every code these rules emit (for `docs/diagnostics.md` and tests).
pub const CODES: &[&str] = &[
    "smmuv3-needs-virt",
    "its-needs-virt",
    "default-bus-bypass-ignored-on-pc",
    "smmuv3-its-off",
    "iort-num-ids-off-by-one",
    "viommu-needs-q35",
    "viommu-not-on-arm",
    "multiple-viommus",
    "virt-multiple-iommus",
    "intremap-kernel-irqchip",
    "intremap-needs-split-irqchip",
    "intremap-auto-depends-on-accel",
    "eim-needs-intremap",
    "eim-needs-kvm",
    "eim-needs-split-irqchip",
    "aw-bits-unsupported",
    "xtsup-needs-newer-qemu",
    "vfio-needs-caching-mode",
    "vfio-before-viommu",
    "amd-iommu-no-vfio",
    "smmuv3-no-vfio",
    "illegal-numa-node",
    "pxb-bus-nr-zero",
    "bypass-without-viommu",
    "legacy-pxb-bypass-translated",
    "all-buses-bypass",
    "chassis-slot-in-use",
    "slot-not-zero-below-port",
    "bus-reserve-with-bridge",
    "bypass-dma-unrestricted",
    "passthrough-bypasses-iommu",
    "bypass-loses-interrupt-remapping",
];

/// Runs rule cases against [`check`] alone, with an empty topology and no translations (what
/// the rules see for a design `resolve` could not place): they must still answer.
#[cfg(test)]
pub(crate) fn run_unit_cases(cases: &[testkit::Case]) {
    testkit::run_cases(
        cases,
        |design| check(design, &Topology::default(), &[]),
        |code| CODES.contains(&code),
    );
}
