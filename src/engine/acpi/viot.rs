//! virtio-iommu VIOT (`hw/acpi/viot.c build_viot`, identical in 7.2 and 10.0): a virtio-pci
//! IOMMU node (type 3) at offset 48, then one PCI-range node (type 1) per non-bypassed root
//! bus, sorted by its first bus, each covering `pci_bus_range()` of that root bus. Bypassed
//! buses are simply absent (no gap filling).

use super::sdt::{OemIds, SdtWriter};
use super::sorted_translated_ranges;
use crate::engine::topology::Topology;

/// Offset of the virtio-pci IOMMU node (the output node of every range).
pub const IOMMU_NODE_OFFSET: u16 = 48;

/// Builds the VIOT; `iommu_bdf` is the virtio-iommu-pci function's requester id.
pub fn build(oem: &OemIds, topology: &Topology, iommu_bdf: u16) -> Vec<u8> {
    build_ranges(oem, &sorted_translated_ranges(topology), iommu_bdf)
}

/// Builds the VIOT from (first bus, last bus) ranges already sorted.
pub fn build_ranges(oem: &OemIds, ranges: &[(u8, u8)], iommu_bdf: u16) -> Vec<u8> {
    let mut w = SdtWriter::new(b"VIOT", 0, oem);
    w.u16(u16::try_from(ranges.len() + 1).unwrap_or(u16::MAX));
    w.u16(IOMMU_NODE_OFFSET);
    w.zeros(8);
    // virtio-pci IOMMU node: type 3, reserved, length 16, segment 0, BDF, reserved 8.
    w.u8(3);
    w.u8(0);
    w.u16(16);
    w.u16(0);
    w.u16(iommu_bdf);
    w.zeros(8);
    for (min, max) in ranges {
        let start = u16::from(*min) << 8;
        let end = (u16::from(*max) << 8) | 0xff;
        // PCI range node: type 1, reserved, length 24, endpoint start, segment start/end,
        // BDF start/end, output node, reserved 6.
        w.u8(1);
        w.u8(0);
        w.u16(24);
        w.u32(u32::from(start));
        w.u16(0);
        w.u16(0);
        w.u16(start);
        w.u16(end);
        w.u16(IOMMU_NODE_OFFSET);
        w.zeros(6);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acpi::sdt::byte_sum;
    use crate::engine::acpi::testutil::{unhex, TopoBuilder};
    use crate::engine::topology::HostBridgeKind;

    #[test]
    fn virt_nodefaults_matches_qemu() {
        // Real QEMU 7.2 and 10.0: -M virt -nodefaults -device virtio-iommu-pci (00:01.0).
        let mut b = TopoBuilder::main(HostBridgeKind::GpexPcihost, false, &[(0, "gpex-root")]);
        b.func(0, 0x08, "virtio-iommu-pci", true);
        let t = build(&OemIds::default(), &b.t, 0x0008);
        let expected = unhex(
            "56494f54580000000066424f434853204258504320202020010000004258504301000000020030000000000000000000030010000000080000000000000000000100180000000000000000000000ff003000000000000000",
        );
        assert_eq!(t, expected);
        assert_eq!(byte_sum(&t), 0);
    }

    #[test]
    fn ranges_sorted_and_bypassed_absent() {
        // qemu-notes §5: default_bus_bypass_iommu=on, pxb 0x30, pxb 0x20 bypass, pxb 0x10.
        let mut b = TopoBuilder::q35(true);
        b.pxb(0x08, 0x30, false, 1);
        b.pxb(0x10, 0x20, true, 2);
        let (_, p10) = b.pxb(0x18, 0x10, false, 3);
        b.bridge(p10, 0, "pcie-root-port", 0x11, 0x11, true);
        let t = build(&OemIds::default(), &b.t, 0x0020);
        assert_eq!(t.len(), 48 + 16 + 2 * 24);
        assert_eq!(&t[36..38], &[3, 0]);
        // first range 0x1000-0x11ff, second 0x3000-0x30ff
        assert_eq!(&t[64 + 12..64 + 16], &[0x00, 0x10, 0xff, 0x11]);
        assert_eq!(&t[88 + 12..88 + 16], &[0x00, 0x30, 0xff, 0x30]);
        assert_eq!(byte_sum(&t), 0);
    }

    #[test]
    fn all_bypass_has_only_the_iommu_node() {
        let b = TopoBuilder::q35(true);
        let t = build(&OemIds::default(), &b.t, 0x0008);
        assert_eq!(t.len(), 64);
        assert_eq!(&t[36..38], &[1, 0]);
    }
}
