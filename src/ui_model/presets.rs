//! Presets: designs stored as QEMU command lines (imported with `cmdline::import`), each with
//! a paragraph saying what it teaches. `seed-q35` and `seed-virt` are exactly the two command
//! lines of QEMU's bypass-iommu document.

use crate::engine::{cmdline, Design};

/// One preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable name (`[data-preset]`).
    pub name: &'static str,
    /// Short title.
    pub title: &'static str,
    /// One paragraph explaining it.
    pub explanation: &'static str,
    /// The QEMU command line.
    pub command_line: &'static str,
}

/// Every preset, menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "seed-q35",
        title: "QEMU doc: q35 + PXBs + VT-d",
        explanation: "The x86 example of QEMU's bypass-iommu document. default_bus_bypass_iommu=true makes everything on pcie.0 bypass intel-iommu; pxb pci.10 has no bypass_iommu, so its (future) devices are translated; pxb pci.20 sets bypass_iommu=true and bypasses. The DMAR table shows it: only the translated root bus gets a device scope.",
        command_line: "qemu-system-x86_64 -machine q35,accel=kvm,default_bus_bypass_iommu=true -device pxb-pcie,bus_nr=0x10,id=pci.10,bus=pcie.0,addr=0x3 -device pxb-pcie,bus_nr=0x20,id=pci.20,bus=pcie.0,addr=0x4,bypass_iommu=true -device intel-iommu",
    },
    Preset {
        name: "seed-virt",
        title: "QEMU doc: virt + PXBs + SMMUv3",
        explanation: "The AArch64 example of QEMU's bypass-iommu document: the machine-wide SMMUv3 (iommu=smmuv3), the default root bus bypassing it, pxb pci.10 going through it and pxb pci.20 bypassing it. In IORT, only the translated bus range maps to the SMMUv3 node; bypassed ranges map straight to the ITS.",
        command_line: "qemu-system-aarch64 -machine virt,kernel_irqchip=on,iommu=smmuv3,default_bus_bypass_iommu=true -device pxb-pcie,bus_nr=0x10,id=pci.10,bus=pcie.0,addr=0x3.0x1 -device pxb-pcie,bus_nr=0x20,id=pci.20,bus=pcie.0,addr=0x3.0x2,bypass_iommu=true",
    },
    Preset {
        name: "all-translated",
        title: "Everything translated (VT-d)",
        explanation: "The safe baseline: q35 with intel-iommu and no bypass anywhere. A NIC and a disk sit behind root ports on pcie.0 and an NVMe behind a root port on a PXB: every function's DMA goes through the vIOMMU, so the guest can isolate each one. DMAR needs just one catch-all DRHD (INCLUDE_PCI_ALL).",
        command_line: "qemu-system-x86_64 -machine q35 -nodefaults -device intel-iommu -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 -device virtio-net-pci,id=nic1,bus=rp1 -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 -device virtio-blk-pci,id=disk1,bus=rp2 -device pxb-pcie,id=pxb1,bus_nr=0x10,bus=pcie.0 -device pcie-root-port,id=rp3,bus=pxb1,chassis=3 -device nvme,id=nvme1,bus=rp3,serial=n1",
    },
    Preset {
        name: "passthrough-bypass",
        title: "Passthrough NIC bypassing, disks translated",
        explanation: "A common performance trade-off and its risk: a VFIO-assigned NIC behind a PXB with bypass_iommu=on gets identity DMA (no IOTLB cost), while the virtio disks on pcie.0 stay translated. The canvas flags the passthrough device: real hardware that bypasses the vIOMMU can DMA anywhere in guest memory, and the guest cannot isolate it.",
        command_line: "qemu-system-x86_64 -machine q35 -nodefaults -device intel-iommu,caching-mode=on -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 -device virtio-blk-pci,id=disk1,bus=rp1 -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 -device virtio-blk-pci,id=disk2,bus=rp2 -device pxb-pcie,id=pxb1,bus_nr=0x20,bus=pcie.0,bypass_iommu=on -device pcie-root-port,id=rp3,bus=pxb1,chassis=3 -device vfio-pci,id=hostdev1,bus=rp3,host=0000:3b:00.0",
    },
    Preset {
        name: "amd-switch-bridge",
        title: "AMD-Vi with a PCIe switch and a PCI bridge",
        explanation: "q35 with amd-iommu (an IVRS table and an AMDVI-PCI function on pcie.0). A PCIe switch (upstream port plus two downstream ports) fans one root port out to an NVMe and an e1000e; a PCIe-to-PCI bridge gives a conventional bus to a legacy e1000. IVRS describes the bridges and their bus ranges; watch the guest bus numbers the firmware assigns.",
        command_line: "qemu-system-x86_64 -machine q35 -nodefaults -device amd-iommu -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 -device x3130-upstream,id=up1,bus=rp1 -device xio3130-downstream,id=dp1,bus=up1,chassis=2,slot=0 -device xio3130-downstream,id=dp2,bus=up1,chassis=3,slot=1 -device nvme,id=nvme1,bus=dp1,serial=n1 -device e1000e,id=nic1,bus=dp2 -device pcie-root-port,id=rp2,bus=pcie.0,chassis=4 -device pcie-pci-bridge,id=br1,bus=rp2 -device e1000,id=nic2,bus=br1,addr=0x1",
    },
    Preset {
        name: "virt-smmuv3-3pxb",
        title: "virt + SMMUv3 with three PXBs",
        explanation: "Arm virt with the machine-wide SMMUv3 and three PCIe expander bridges, each its own root bus with a root port and a device. pxb2 bypasses the SMMU; the others translate. IORT's root-complex node gets one ID mapping per translated bus range to the SMMUv3 and ITS mappings for the bypassed ones.",
        command_line: "qemu-system-aarch64 -machine virt,iommu=smmuv3 -nodefaults -device pxb-pcie,id=pxb1,bus_nr=0x10,bus=pcie.0 -device pcie-root-port,id=rp1,bus=pxb1,chassis=1 -device virtio-net-pci,id=nic1,bus=rp1 -device pxb-pcie,id=pxb2,bus_nr=0x20,bus=pcie.0,bypass_iommu=on -device pcie-root-port,id=rp2,bus=pxb2,chassis=2 -device virtio-blk-pci,id=disk1,bus=rp2 -device pxb-pcie,id=pxb3,bus_nr=0x30,bus=pcie.0 -device pcie-root-port,id=rp3,bus=pxb3,chassis=3 -device nvme,id=nvme1,bus=rp3,serial=n3",
    },
];

/// The preset named `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The design a new session starts from: q35 with intel-iommu and no default devices.
pub fn default_design() -> Design {
    cmdline::import("qemu-system-x86_64 -machine q35 -nodefaults -device intel-iommu").0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, TranslationKind};

    #[test]
    fn every_preset_imports_cleanly_and_is_valid() {
        for p in PRESETS {
            let (design, diags) = cmdline::import(p.command_line);
            assert!(
                diags
                    .iter()
                    .all(|d| d.severity != crate::engine::Severity::Error),
                "{}: {diags:?}",
                p.name
            );
            let report = analyze(&design);
            let errors: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::engine::Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", p.name);
        }
        assert!(analyze(&default_design()).valid);
    }

    fn kinds(name: &str) -> Vec<(String, TranslationKind)> {
        let design = cmdline::import(find(name).expect("preset").command_line).0;
        analyze(&design)
            .devices
            .into_iter()
            .filter_map(|d| Some((d.id?, d.translation)))
            .collect()
    }

    #[test]
    fn presets_teach_what_they_say() {
        assert!(kinds("all-translated")
            .iter()
            .all(|(_, k)| *k == TranslationKind::Iommu));
        let pt = kinds("passthrough-bypass");
        assert!(pt.contains(&("hostdev1".into(), TranslationKind::Bypass)));
        assert!(pt.contains(&("disk1".into(), TranslationKind::Iommu)));
        let virt = kinds("virt-smmuv3-3pxb");
        assert!(virt.contains(&("disk1".into(), TranslationKind::Bypass)));
        assert!(virt.contains(&("nvme1".into(), TranslationKind::Iommu)));
        assert!(find("seed-q35").is_some_and(|p| p
            .command_line
            .contains("bypass_iommu=true -device intel-iommu")));
    }
}
