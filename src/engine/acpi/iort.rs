//! Arm IORT on `virt` (`hw/arm/virt-acpi-build.c build_iort`): an ITS group node, with
//! `iommu=smmuv3` an SMMUv3 node, and a root complex node whose ID mappings send the
//! non-bypassed root bus ranges (`pci_bus_range`, firmware-assigned, sorted) to the SMMUv3 and
//! the complement in `[0, 0x10000)` straight to the ITS (all SMMU maps first, then all ITS
//! maps). Without an SMMU the root complex maps everything to the ITS.
//!
//! Version difference: the "Number of IDs" field holds the count in 7.2 and count − 1 (what
//! the spec defines) since QEMU 9.1 (commit b6be9d84e1b0); mappings ending at 0xFFFF hold
//! `0xFFFF − base` in both. Measured: `its=off` changes nothing in 7.2 or 10.0 (the ITS node
//! and ITS maps stay; only 10.2 drops them).

use super::sdt::{OemIds, SdtWriter};
use super::{is_v10, sorted_translated_ranges};
use crate::engine::design::Design;
use crate::engine::topology::Topology;

/// Offset of the first node (the ITS group).
pub const ITS_NODE_OFFSET: u32 = 48;
/// Offset of the SMMUv3 node (after the 24-byte ITS group).
pub const SMMU_NODE_OFFSET: u32 = 72;
/// `VIRT_SMMU` MMIO base.
pub const SMMU_BASE: u64 = 0x0905_0000;
/// `irqmap[VIRT_SMMU] + ARM_SPI_BASE`: the first of the SMMU's four GSIVs.
pub const SMMU_FIRST_GSIV: u32 = 74 + 32;
/// Size of the SMMUv3 node without its ID mapping.
const SMMU_NODE_FIXED: u16 = 68;
/// Size of the root complex node without its ID mappings.
const RC_NODE_FIXED: u16 = 36;
/// Size of one ID mapping.
const ID_MAPPING_LEN: u16 = 20;

/// The machine options that change the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IortOptions {
    /// `-machine iommu=smmuv3`.
    pub smmuv3: bool,
    /// QEMU ≥ 9.1 "Number of IDs" encoding (count − 1).
    pub count_minus_one: bool,
}

impl IortOptions {
    /// Options of a `virt` design.
    pub fn from_design(design: &Design) -> IortOptions {
        IortOptions {
            smmuv3: design.machine.iommu_smmuv3,
            count_minus_one: is_v10(design),
        }
    }
}

/// One root complex ID mapping as QEMU computes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdMap {
    /// First requester id.
    pub input_base: u32,
    /// Number of ids covered.
    pub count: u32,
    /// The raw "Number of IDs" field as this QEMU version writes it.
    pub num_ids: u32,
    /// Output node offset (SMMUv3 or ITS group).
    pub output: u32,
}

/// The root complex mappings: SMMU ranges sorted, then the ITS gaps (`build_iort`).
pub fn rc_mappings(topology: &Topology, options: &IortOptions) -> Vec<IdMap> {
    if !options.smmuv3 {
        return vec![IdMap {
            input_base: 0,
            count: 0x10000,
            num_ids: 0xffff,
            output: ITS_NODE_OFFSET,
        }];
    }
    // 7.2 writes the count, >= 9.1 count - 1 (`build_iort_id_mapping`).
    let encode = |count: u32| {
        if options.count_minus_one {
            count.saturating_sub(1)
        } else {
            count
        }
    };
    let smmu: Vec<IdMap> = sorted_translated_ranges(topology)
        .into_iter()
        .map(|(min, max)| {
            let count = (u32::from(max) - u32::from(min.min(max)) + 1) << 8;
            IdMap {
                input_base: u32::from(min) << 8,
                count,
                num_ids: encode(count),
                output: SMMU_NODE_OFFSET,
            }
        })
        .collect();
    let mut its = Vec::new();
    let mut next = 0u32;
    for map in &smmu {
        if next < map.input_base {
            let count = map.input_base - next;
            its.push(IdMap {
                input_base: next,
                count,
                num_ids: encode(count),
                output: ITS_NODE_OFFSET,
            });
        }
        next = map.input_base + map.count;
    }
    if next < 0xffff {
        // The last range: 7.2 `0xFFFF - base`, >= 9.1 `0x10000 - base - 1`, the same value.
        its.push(IdMap {
            input_base: next,
            count: 0x10000 - next,
            num_ids: 0xffff - next,
            output: ITS_NODE_OFFSET,
        });
    }
    smmu.into_iter().chain(its).collect()
}

fn id_mapping(w: &mut SdtWriter, input_base: u32, num_ids: u32, output_ref: u32) {
    w.u32(input_base);
    w.u32(num_ids);
    w.u32(input_base);
    w.u32(output_ref);
    w.u32(0);
}

/// Builds the IORT.
pub fn build(oem: &OemIds, topology: &Topology, options: &IortOptions) -> Vec<u8> {
    let maps = rc_mappings(topology, options);
    let mut w = SdtWriter::new(b"IORT", 3, oem);
    w.u32(if options.smmuv3 { 3 } else { 2 });
    w.u32(ITS_NODE_OFFSET);
    w.u32(0);

    let mut id = 0u32;
    // ITS group: type 0, length 24, revision 1, id, no mappings, one ITS (id 0).
    w.u8(0);
    w.u16(24);
    w.u8(1);
    w.u32(id);
    id += 1;
    w.u32(0);
    w.u32(0);
    w.u32(1);
    w.u32(0);

    if options.smmuv3 {
        // SMMUv3: type 4, revision 4, one mapping to the ITS group.
        w.u8(4);
        w.u16(SMMU_NODE_FIXED + ID_MAPPING_LEN);
        w.u8(4);
        w.u32(id);
        id += 1;
        w.u32(1);
        w.u32(u32::from(SMMU_NODE_FIXED));
        w.u64(SMMU_BASE);
        w.u32(1); // flags: COHACC override
        w.u32(0);
        w.u64(0); // VATOS
        w.u32(0); // model: generic SMMUv3
        w.u32(SMMU_FIRST_GSIV); // event
        w.u32(SMMU_FIRST_GSIV + 1); // PRI
        w.u32(SMMU_FIRST_GSIV + 3); // GERR
        w.u32(SMMU_FIRST_GSIV + 2); // sync
        w.u32(0); // proximity domain
        w.u32(0); // DeviceID mapping index
        id_mapping(&mut w, 0, 0xffff, ITS_NODE_OFFSET);
    }

    // Root complex: type 2, revision 3.
    let n = u16::try_from(maps.len()).unwrap_or(u16::MAX);
    w.u8(2);
    w.u16(RC_NODE_FIXED.saturating_add(ID_MAPPING_LEN.saturating_mul(n)));
    w.u8(3);
    w.u32(id);
    w.u32(u32::from(n));
    w.u32(u32::from(RC_NODE_FIXED));
    w.u32(1); // CCA: fully coherent
    w.u8(0); // allocation hints
    w.u16(0);
    w.u8(3); // memory access flags: CPM | DACS
    w.u32(0); // ATS attribute
    w.u32(0); // PCI segment
    w.u8(64); // memory address size limit
    w.zeros(3);
    for map in &maps {
        id_mapping(&mut w, map.input_base, map.num_ids, map.output);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acpi::sdt::byte_sum;
    use crate::engine::acpi::testutil::{unhex, TopoBuilder};
    use crate::engine::topology::HostBridgeKind;

    fn virt(bypass: bool) -> TopoBuilder {
        TopoBuilder::main(HostBridgeKind::GpexPcihost, bypass, &[(0, "gpex-root")])
    }

    fn opts(smmuv3: bool, v10: bool) -> IortOptions {
        IortOptions {
            smmuv3,
            count_minus_one: v10,
        }
    }

    #[test]
    fn smmuv3_nodefaults_matches_qemu_both_versions() {
        let b = virt(false);
        let head = "494f5254ec00000003";
        let body = "424f43485320425850432020202001000000425850430100000003000000300000000000000000180001000000000000000000000000010000000000000004580004010000000100000044000000000005090000000001000000000000000000000000000000000000006a0000006b0000006d0000006c000000000000000000000000000000ffff0000000000003000000000000000024c0003020000000200000024000000010000000000000300000000000000004000000000000000";
        let t72 = build(&OemIds::default(), &b.t, &opts(true, false));
        let e72 = format!("{head}55{body}0001000000000000480000000000000000010000fffe0000000100003000000000000000");
        assert_eq!(t72, unhex(&e72));
        let t10 = build(&OemIds::default(), &b.t, &opts(true, true));
        let e10 = format!("{head}57{body}ff00000000000000480000000000000000010000fffe0000000100003000000000000000");
        assert_eq!(t10, unhex(&e10));
        assert_eq!(byte_sum(&t10), 0);
    }

    #[test]
    fn no_smmu_maps_everything_to_its() {
        let b = virt(false);
        let t = build(&OemIds::default(), &b.t, &opts(false, false));
        assert_eq!(t, unhex("494f52548000000003b3424f43485320425850432020202001000000425850430100000002000000300000000000000000180001000000000000000000000000010000000000000002380003010000000100000024000000010000000000000300000000000000004000000000000000ffff0000000000003000000000000000"));
    }

    #[test]
    fn notes_a1_example_gaps() {
        // qemu-notes §4.2 a1: pcie.0 0–1, pxb 0x10 (0x10–0x11), pxb 0x20 bypassed.
        let mut b = virt(false);
        b.bridge(0, 0x10, "pcie-root-port", 1, 1, true);
        let (_, p1) = b.pxb(0x08, 0x10, false, 1);
        b.bridge(p1, 0, "pcie-root-port", 0x11, 0x11, true);
        let (_, p2) = b.pxb(0x18, 0x20, true, 2);
        b.bridge(p2, 0, "pcie-root-port", 0x21, 0x21, true);
        let fields = |v10: bool| -> Vec<(u32, u32)> {
            rc_mappings(&b.t, &opts(true, v10))
                .iter()
                .map(|m| (m.input_base, m.num_ids))
                .collect()
        };
        assert_eq!(
            fields(false),
            vec![
                (0, 0x200),
                (0x1000, 0x200),
                (0x200, 0xe00),
                (0x1200, 0xedff)
            ]
        );
        assert_eq!(
            fields(true),
            vec![
                (0, 0x1ff),
                (0x1000, 0x1ff),
                (0x200, 0xdff),
                (0x1200, 0xedff)
            ]
        );
    }

    #[test]
    fn all_bypass_single_its_mapping() {
        let b = virt(true);
        let maps = rc_mappings(&b.t, &opts(true, false));
        assert_eq!(
            maps,
            vec![IdMap {
                input_base: 0,
                count: 0x10000,
                num_ids: 0xffff,
                output: ITS_NODE_OFFSET
            }]
        );
    }
}
