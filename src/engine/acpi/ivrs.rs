//! AMD IVRS (`hw/i386/acpi-build.c build_amd_iommu` / `insert_ivhd`): IVinfo, then one IVHD
//! type 0x10 (7.2) or IVHD 0x10 + 0x11 carrying the same device entries (10.0).
//!
//! Entries, per function directly on each non-bypassed root bus (host order as DMAR):
//! Select (0x02); for a bridge with an Express secondary bus either a Start/End range (0x03/
//! 0x04) over a leaf bus or a recursion into its secondary bus; for a conventional secondary bus
//! an Alias Start of Range (0x43, 8 bytes) + End (0x04). No entry at all → one "All" (0x01)
//! entry. Interrupt remapping → the IOAPIC special entry (0x48). Bus numbers are the
//! firmware-assigned ones.

use super::sdt::{OemIds, SdtWriter};
use super::{bridge_bus_numbers, devices_on, function_of_driver, is_v10, x86_intremap};
use crate::engine::catalog::Driver;
use crate::engine::design::{Design, Device};
use crate::engine::topology::{BusIdx, FnIdx, HostIdx, Topology};

/// The amd-iommu MMIO base (`AMDVI_BASE_ADDR`).
pub const AMDVI_BASE: u64 = 0xfed8_0000;
/// Capability offset of the AMDVI-PCI function (`AMDVI_CAPAB_*` at 0x40).
pub const CAPABILITY_OFFSET: u16 = 0x40;
/// IOAPIC requester id used by the special entry (`IOAPIC_SB_DEVID`, 00:14.0).
pub const IOAPIC_SB_DEVID: u16 = 0x00a0;

/// The amd-iommu options that change the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IvrsOptions {
    /// QEMU 10.0 layout (IVinfo EFRSup, extra IVHD 0x11) instead of 7.2's.
    pub v10: bool,
    /// Interrupt remapping effective (IOAPIC special entry).
    pub intremap: bool,
    /// `xtsup=on` (10.0): XTSup in IVHD 0x10 feature reporting and the EFR image.
    pub xtsup: bool,
    /// Requester id of the AMDVI-PCI function (IVHD DeviceID).
    pub devid: u16,
    /// The topology had no AMDVI-PCI function (devid fell back to 0).
    pub devid_missing: bool,
}

impl IvrsOptions {
    /// Options of an `amd-iommu` device in a design.
    pub fn from_design(design: &Design, device: &Device, topology: &Topology) -> IvrsOptions {
        let amdvi = topology
            .functions
            .iter()
            .position(|f| f.driver == "AMDVI-PCI")
            .or_else(|| function_of_driver(design, topology, Driver::AmdIommu));
        IvrsOptions {
            v10: is_v10(design),
            intremap: x86_intremap(design, device),
            xtsup: is_v10(design) && device.props.xtsup.unwrap_or(false),
            devid: amdvi.map_or(0, |f| super::bdf_of(topology, f)),
            devid_missing: amdvi.is_none(),
        }
    }
}

/// One IVHD device entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// 0x01: all devices.
    All,
    /// 0x02: one device.
    Select(u16),
    /// 0x03: start of a range.
    RangeStart(u16),
    /// 0x04: end of a range.
    RangeEnd(u16),
    /// 0x43: alias start of range (device id a, alias id b).
    AliasRangeStart(u16, u16),
    /// 0x48: special IOAPIC entry (handle 0, variety 1).
    IoapicSpecial(u16),
}

impl Entry {
    fn write(self, out: &mut Vec<u8>) {
        let dev = |id: u16, kind: u8| -> [u8; 4] {
            let [lo, hi] = id.to_le_bytes();
            [kind, lo, hi, 0]
        };
        match self {
            Entry::All => out.extend_from_slice(&[1, 0, 0, 0]),
            Entry::Select(id) => out.extend_from_slice(&dev(id, 0x02)),
            Entry::RangeStart(id) => out.extend_from_slice(&dev(id, 0x03)),
            Entry::RangeEnd(id) => out.extend_from_slice(&dev(id, 0x04)),
            Entry::AliasRangeStart(a, b) => {
                out.extend_from_slice(&dev(a, 0x43));
                let [lo, hi] = b.to_le_bytes();
                out.extend_from_slice(&[0, lo, hi, 0]);
            }
            Entry::IoapicSpecial(src) => {
                let [lo, hi] = src.to_le_bytes();
                out.extend_from_slice(&[0x48, 0, 0, 0, 0, lo, hi, 0x01]);
            }
        }
    }
}

fn bdf(bus: u8, devfn: u8) -> u16 {
    (u16::from(bus) << 8) | u16::from(devfn)
}

/// `insert_ivhd` for one function on `bus`.
fn insert(topology: &Topology, bus: BusIdx, f: FnIdx, out: &mut Vec<Entry>, depth: u32) {
    let (Some(func), Some(b)) = (topology.functions.get(f), topology.buses.get(bus)) else {
        return;
    };
    out.push(Entry::Select(bdf(b.number, func.devfn)));
    if !func.is_bridge {
        return;
    }
    let (Some(sec_idx), Some((sec, sub))) = (func.secondary_bus, bridge_bus_numbers(topology, f))
    else {
        return;
    };
    let sec_express = topology.buses.get(sec_idx).is_some_and(|s| s.express);
    if sec_express {
        if sec != sub && depth < 64 {
            for child in devices_on(topology, sec_idx) {
                insert(topology, sec_idx, child, out, depth + 1);
            }
        } else if sec == sub {
            out.push(Entry::RangeStart(bdf(sec, 0)));
            out.push(Entry::RangeEnd(bdf(sub, 0xff)));
        }
    } else {
        let a = bdf(sec, 0);
        // A PCIe-to-PCI bridge aliases to (secondary, 00.0), others to themselves
        // (`pcie_cap_get_type(dev) == PCI_EXP_TYPE_PCI_BRIDGE`).
        let b_id = if func.driver == Driver::PciePciBridge.name() && func.express {
            a
        } else {
            bdf(b.number, func.devfn)
        };
        out.push(Entry::AliasRangeStart(a, b_id));
        out.push(Entry::RangeEnd(bdf(sub, 0xff)));
    }
}

/// The device entries in table order.
pub fn entries(topology: &Topology, order: &[HostIdx], intremap: bool) -> Vec<Entry> {
    let mut out = Vec::new();
    for host in order {
        let Some(hb) = topology.host_bridges.get(*host) else {
            continue;
        };
        if hb.bypass_iommu {
            continue;
        }
        for f in devices_on(topology, hb.root_bus) {
            insert(topology, hb.root_bus, f, &mut out, 0);
        }
    }
    if out.is_empty() {
        out.push(Entry::All);
    }
    if intremap {
        out.push(Entry::IoapicSpecial(IOAPIC_SB_DEVID));
    }
    out
}

/// Builds the IVRS; `order` is the host-bridge visiting order (see `host_order`).
pub fn build(
    oem: &OemIds,
    topology: &Topology,
    order: &[HostIdx],
    options: &IvrsOptions,
) -> Vec<u8> {
    let mut blob = Vec::new();
    for entry in entries(topology, order, options.intremap) {
        entry.write(&mut blob);
    }
    let mut w = SdtWriter::new(b"IVRS", 1, oem);
    // IVinfo: PASize 40 (<< 8), EFRSup (bit 0) in 10.0; then 8 reserved bytes.
    w.u32((40 << 8) | u32::from(options.v10));
    w.zeros(8);

    // IVHD type 0x10: flags HtTunEn | IotlbSup | PrefSup | PPRSup.
    w.u8(0x10);
    w.u8(0xd1);
    w.u16(u16::try_from(24 + blob.len()).unwrap_or(u16::MAX));
    w.u16(options.devid);
    w.u16(CAPABILITY_OFFSET);
    w.u64(AMDVI_BASE);
    w.u16(0);
    w.u16(0);
    // IOMMU feature reporting: (48 << 30 | 48 << 28) truncated to 32 bits, GTSup, GASup,
    // XTSup (10.0 with xtsup=on).
    w.u32(0x44 | u32::from(options.xtsup));
    w.bytes(&blob);

    if options.v10 {
        // IVHD type 0x11: flags HtTunEn | IotlbSup, attributes 0, EFR image, reserved.
        w.u8(0x11);
        w.u8(0x11);
        w.u16(u16::try_from(40 + blob.len()).unwrap_or(u16::MAX));
        w.u16(options.devid);
        w.u16(CAPABILITY_OFFSET);
        w.u64(AMDVI_BASE);
        w.u16(0);
        w.u16(0);
        w.u32(0);
        w.u64(0x29d3 | if options.xtsup { 0x4 } else { 0 });
        w.u64(0);
        w.bytes(&blob);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acpi::sdt::byte_sum;
    use crate::engine::acpi::testutil::{unhex, TopoBuilder};

    fn opts(v10: bool) -> IvrsOptions {
        IvrsOptions {
            v10,
            intremap: true,
            xtsup: false,
            devid: 0x0008,
            devid_missing: false,
        }
    }

    fn nodefaults_amd() -> TopoBuilder {
        let mut b = TopoBuilder::q35(false);
        b.func(0, 0x08, "AMDVI-PCI", false);
        b
    }

    #[test]
    fn qemu_7_2_and_10_0_nodefaults_bytes() {
        // Real QEMU: -M q35 -nodefaults -device amd-iommu (AMDVI-PCI at 00:01.0).
        let b = nodefaults_amd();
        let t72 = build(&OemIds::default(), &b.t, &[0], &opts(false));
        assert_eq!(t72, unhex("49565253640000000165424f43485320425850432020202001000000425850430100000000280000000000000000000010d13400080040000000d8fe000000000000000044000000020000000208000002f8000002fa000002fb00004800000000a00001"));
        let t10 = build(&OemIds::default(), &b.t, &[0], &opts(true));
        assert_eq!(t10, unhex("49565253a800000001b8424f43485320425850432020202001000000425850430100000001280000000000000000000010d13400080040000000d8fe000000000000000044000000020000000208000002f8000002fa000002fb00004800000000a0000111114400080040000000d8fe000000000000000000000000d3290000000000000000000000000000020000000208000002f8000002fa000002fb00004800000000a00001"));
        assert_eq!(byte_sum(&t10), 0);
    }

    #[test]
    fn all_bypass_claims_all_devices() {
        let b = TopoBuilder::q35(true);
        let e = entries(&b.t, &[0], true);
        assert_eq!(e, vec![Entry::All, Entry::IoapicSpecial(0x00a0)]);
    }

    #[test]
    fn switch_recursion_leaf_range_and_aliases() {
        // qemu-notes §3 t6 shape: root port → switch, pcie-pci-bridge, pci-bridge.
        let mut b = TopoBuilder::q35(false);
        let (_, rp) = b.bridge(0, 0x28, "pcie-root-port", 1, 3, true);
        let (_, up) = b.bridge(rp, 0, "x3130-upstream", 2, 3, true);
        b.bridge(up, 0, "xio3130-downstream", 3, 3, true);
        b.bridge(0, 0x30, "pcie-pci-bridge", 4, 4, false);
        b.bridge(0, 0x38, "pci-bridge", 5, 5, false);
        let e = entries(&b.t, &[0], false);
        let tail: Vec<Entry> = e.iter().copied().skip(1).take(10).collect();
        assert_eq!(
            tail,
            vec![
                Entry::Select(0x0028),
                Entry::Select(0x0100),
                Entry::Select(0x0200),
                Entry::RangeStart(0x0300),
                Entry::RangeEnd(0x03ff),
                Entry::Select(0x0030),
                Entry::AliasRangeStart(0x0400, 0x0400),
                Entry::RangeEnd(0x04ff),
                Entry::Select(0x0038),
                Entry::AliasRangeStart(0x0500, 0x0038),
            ]
        );
    }

    #[test]
    fn qemu_7_2_t6_topology_bytes() {
        // Real QEMU 7.2 after SeaBIOS: -M q35 -device amd-iommu, pxb-pcie 0x10 + root port,
        // pxb-pcie 0x20 bypass_iommu=on + root port, root port → switch → e1000e,
        // pcie-pci-bridge, pci-bridge (VGA 01.0, AMDVI-PCI 02.0; no default NIC).
        let mut b = TopoBuilder::q35(false);
        b.func(0, 0x08, "VGA", false);
        b.func(0, 0x10, "AMDVI-PCI", false);
        let (_, p10) = b.pxb(0x20, 0x10, false, 1);
        let (_, p20) = b.pxb(0x28, 0x20, true, 2);
        let (_, r1) = b.bridge(0, 0x30, "pcie-root-port", 1, 3, true);
        let (_, up) = b.bridge(r1, 0, "x3130-upstream", 2, 3, true);
        let (_, dn) = b.bridge(up, 0, "xio3130-downstream", 3, 3, true);
        b.func(dn, 0, "e1000e", true);
        b.bridge(0, 0x38, "pcie-pci-bridge", 4, 4, false);
        b.bridge(0, 0x40, "pci-bridge", 5, 5, false);
        b.bridge(p10, 0, "pcie-root-port", 0x11, 0x11, true);
        b.bridge(p20, 0, "pcie-root-port", 0x21, 0x21, true);
        let mut o = opts(false);
        o.devid = 0x0010;
        let t = build(&OemIds::default(), &b.t, &[0, 1, 2], &o);
        assert_eq!(t, unhex("49565253b0000000018a424f43485320425850432020202001000000425850430100000000280000000000000000000010d18000100040000000d8fe00000000000000004400000002000000020800000210000002200000022800000230000002000100020002000300030004ff030002380000430004000000040004ff040002400000430005000040000004ff050002f8000002fa000002fb0000020010000300110004ff11004800000000a00001"));
    }
}
