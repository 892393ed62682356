//! What bypassing the vIOMMU costs: unrestricted DMA (docs/bypass-iommu.txt "Limitations"),
//! loudest for passthrough hardware, and the loss of interrupt remapping.

use std::collections::BTreeMap;

use crate::engine::catalog::Driver;
use crate::engine::diagnostics::Diagnostic;
use crate::engine::report::TranslationKind;

use super::facts::{is_dma_endpoint, Facts, Root, Viommu};

/// Every bypass-security diagnostic.
pub fn check(facts: &Facts, out: &mut Vec<Diagnostic>) {
    if facts.viommu.is_none() {
        return;
    }
    unrestricted_dma(facts, out);
    passthrough(facts, out);
    interrupt_remapping(facts, out);
}

/// A stable, ordered key for a root bus.
fn root_key(root: Root) -> (u8, usize) {
    match root {
        Root::Main => (0, 0),
        Root::Pxb(i) => (1, i),
        Root::Unknown => (2, 0),
    }
}

/// Emulated endpoints that bypass: one warning per bypassing root bus.
fn unrestricted_dma(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let mut by_root: BTreeMap<(u8, usize), (Root, Vec<String>)> = BTreeMap::new();
    for (index, device) in facts.design.devices.iter().enumerate() {
        if !is_dma_endpoint(device.driver) || device.driver.is_passthrough() {
            continue;
        }
        if facts.translation_of(index) != Some(TranslationKind::Bypass) {
            continue;
        }
        let root = facts.root_of(index);
        by_root
            .entry(root_key(root))
            .or_insert_with(|| (root, Vec::new()))
            .1
            .push(format!("'{}'", device.id));
    }
    // Built-in functions (q35's AHCI, VGA, NIC; virt's NIC) bypass with the main bus.
    let builtins: Vec<String> = if facts.root_bypass_for_dma(Root::Main) {
        facts
            .topology
            .functions
            .iter()
            .filter(|f| f.builtin && builtin_does_dma(&f.driver))
            .map(|f| f.driver.clone())
            .collect()
    } else {
        Vec::new()
    };
    if !builtins.is_empty() {
        by_root
            .entry(root_key(Root::Main))
            .or_insert_with(|| (Root::Main, Vec::new()));
    }
    for (_, (root, mut names)) in by_root {
        if root == Root::Main && !builtins.is_empty() {
            names.push(format!("the built-in {}", builtins.join(", ")));
        }
        out.push(Diagnostic::warning(
            "bypass-dma-unrestricted",
            format!(
                "Devices under {} bypass the vIOMMU and can DMA to any guest-physical address: \
                 {}. QEMU's bypass documentation warns to bypass only trusted devices; a buggy \
                 or malicious one can overwrite any guest memory.",
                facts.root_label(root),
                names.join(", ")
            ),
            Some(facts.root_node(root).as_str()),
        ));
    }
}

/// Built-in functions that are bus masters: the default NIC and the disk controllers (not
/// the host bridge, LPC, SMBus, VGA or the AMD IOMMU's own function).
fn builtin_does_dma(driver: &str) -> bool {
    let driver = driver.to_ascii_lowercase();
    ["ahci", "e1000", "virtio", "ide"]
        .iter()
        .any(|kind| driver.contains(kind))
}

/// Passthrough hardware (vfio-pci) that bypasses: the loudest warning QEMU lets us give.
fn passthrough(facts: &Facts, out: &mut Vec<Diagnostic>) {
    for (index, device) in facts.design.devices.iter().enumerate() {
        if device.driver != Driver::VfioPci {
            continue;
        }
        if facts.translation_of(index) != Some(TranslationKind::Bypass) {
            continue;
        }
        let root = facts.root_of(index);
        let host = device
            .props
            .host
            .as_deref()
            .map(|h| format!(" (host {h})"))
            .unwrap_or_default();
        out.push(Diagnostic::warning(
            "passthrough-bypasses-iommu",
            format!(
                "SECURITY: passthrough device '{}'{host} bypasses the vIOMMU (its root bus {} \
                 has bypass_iommu). Real hardware with its own firmware can then DMA to ANY \
                 guest memory, and the guest cannot confine it with its IOMMU driver \
                 (VFIO-in-guest, DMA protection, Thunderbolt-style isolation all lose it). \
                 Only do this for a device you fully trust; otherwise put it on a root bus \
                 that goes through the vIOMMU.",
                device.id,
                facts.root_label(root)
            ),
            Some(device.id.as_str()),
        ));
    }
}

/// Bypass together with interrupt remapping (intel-iommu / amd-iommu).
///
/// hw/i386/acpi-build.c build_dmar_q35 / build_amd_iommu: a bypassed root bus contributes no
/// DRHD scope / IVHD entry, so the guest treats its devices as not behind the IOMMU, and
/// therefore not behind its interrupt remapping either (qemu-notes §9, Oracle's >255-vCPU
/// report: "Failed to alloc IRQs").
fn interrupt_remapping(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let (name, table, unit) = match facts.viommu {
        Some(Viommu::Intel { device }) => (device, "DMAR", "DRHD device scope"),
        Some(Viommu::Amd { device }) => (device, "IVRS", "IVHD device entry"),
        _ => return,
    };
    let intremap = facts
        .design
        .devices
        .get(name)
        .map(|d| facts.intremap_effective(d.props.intremap))
        .unwrap_or(false);
    if !intremap {
        return;
    }
    let mut roots = vec![Root::Main];
    roots.extend(facts.pxbs().map(|(i, _)| Root::Pxb(i)));
    let bypassed: Vec<Root> = roots
        .iter()
        .copied()
        .filter(|&r| facts.root_bypass_in_tables(r))
        .collect();
    // Everything bypassed is `all-buses-bypass`'s case (amd-iommu then even claims every
    // device again with the "all devices" entry); one warning says it.
    if bypassed.len() == roots.len() {
        return;
    }
    for root in bypassed {
        out.push(Diagnostic::warning(
            "bypass-loses-interrupt-remapping",
            format!(
                "Interrupt remapping is on, but devices under {} bypass the vIOMMU: they are \
                 outside every {unit} of the {table} table, so the guest does not remap their \
                 interrupts either. Their MSIs use the compatibility format, which cannot reach \
                 APIC IDs above 255 (with >255 vCPUs drivers fail to allocate IRQs), and they \
                 lose interrupt isolation.",
                facts.root_label(root)
            ),
            Some(facts.root_node(root).as_str()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Case;
    use crate::engine::diagnostics::Severity::Warning;

    const CASES: &[Case] = &[
        Case {
            name: "the seed's q35 example: a bypassed PXB with devices",
            version: "10.0",
            machine: "q35,kernel-irqchip=split",
            devices: &["intel-iommu,id=iommu,intremap=on",
                       "pxb-pcie,id=pci.10,bus=pcie.0,bus_nr=0x10",
                       "pxb-pcie,id=pci.20,bus=pcie.0,bus_nr=0x20,bypass_iommu=on",
                       "pcie-root-port,id=rp20,bus=pci.20,chassis=2",
                       "nvme,id=disk,bus=rp20"],
            expect: &[
                (Warning, "bypass-dma-unrestricted", "pxb-pcie 'pci.20' bypass the vIOMMU and can DMA to any guest-physical address: 'disk'"),
                (Warning, "bypass-loses-interrupt-remapping", "devices under pxb-pcie 'pci.20'"),
            ],
        },
        Case {
            name: "intremap off: bypass keeps its DMA warning only",
            version: "7.2",
            machine: "q35",
            devices: &["intel-iommu,id=iommu,intremap=off",
                       "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x20,bypass_iommu=on",
                       "pcie-root-port,id=rp1,bus=pxb1,chassis=2",
                       "virtio-net-pci,id=net0,bus=rp1"],
            expect: &[(Warning, "bypass-dma-unrestricted", "'net0'")],
        },
        Case {
            name: "passthrough on a bypassed bus",
            version: "10.0",
            machine: "virt,iommu=smmuv3",
            devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x20,bypass_iommu=on",
                       "pcie-root-port,id=rp1,bus=pxb1,chassis=2",
                       "vfio-pci,id=gpu,bus=rp1,host=0000:3b:00.0"],
            expect: &[(Warning, "passthrough-bypasses-iommu", "SECURITY: passthrough device 'gpu' (host 0000:3b:00.0) bypasses the vIOMMU")],
        },
        Case {
            name: "passthrough without any vIOMMU is not a bypass",
            version: "10.0",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                       "vfio-pci,id=gpu,bus=rp1,host=0000:3b:00.0"],
            expect: &[],
        },
        Case {
            name: "a clean translated design has no warnings",
            version: "10.0",
            machine: "q35,kernel-irqchip=split",
            devices: &["intel-iommu,id=iommu,intremap=on,caching-mode=on",
                       "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                       "pcie-root-port,id=rp2,bus=pcie.0,chassis=2",
                       "vfio-pci,id=gpu,bus=rp1,host=0000:3b:00.0",
                       "virtio-blk-pci,id=disk,bus=rp2"],
            expect: &[],
        },
    ];

    #[test]
    fn security_rules() {
        super::super::run_unit_cases(CASES);
    }
}
