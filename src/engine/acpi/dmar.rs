//! Intel DMAR (`hw/i386/acpi-build.c build_dmar_q35`, identical in 7.2 and 10.0): one DRHD
//! (flags 0, never INCLUDE_PCI_ALL) with the IOAPIC scope and one device scope per function
//! directly on each non-bypassed root bus, plus an ATSR with `device-iotlb=on`.

use super::sdt::{OemIds, SdtWriter};
use super::{devices_on, x86_intremap};
use crate::engine::design::{Design, Device, QemuVersion};
use crate::engine::topology::{HostIdx, Topology};

/// `Q35_HOST_BRIDGE_IOMMU_ADDR`: the DRHD register base.
pub const DRHD_BASE: u64 = 0xfed9_0000;
/// `Q35_PSEUDO_BUS_PLATFORM`: the IOAPIC scope's start bus.
pub const IOAPIC_SCOPE_BUS: u8 = 0xff;

/// Device scope type: PCI endpoint.
pub const SCOPE_ENDPOINT: u8 = 0x01;
/// Device scope type: PCI sub-hierarchy (a bridge and everything below it).
pub const SCOPE_BRIDGE: u8 = 0x02;
/// Device scope type: IOAPIC.
pub const SCOPE_IOAPIC: u8 = 0x03;

/// The intel-iommu options that change the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DmarOptions {
    /// Host Address Width field (aw-bits − 1).
    pub host_address_width: u8,
    /// Interrupt remapping effective (DMAR flags bit 0).
    pub intremap: bool,
    /// `device-iotlb=on` (ATSR with ALL_PORTS).
    pub device_iotlb: bool,
}

impl DmarOptions {
    /// Options of an `intel-iommu` device. Default aw-bits: 39 in 7.2, 48 in 10.0
    /// (`hw/i386/pc.c pc_compat_9_1` keeps 39 for older machine types).
    pub fn from_design(design: &Design, device: &Device) -> DmarOptions {
        let default_aw = match design.qemu_version {
            QemuVersion::V7_2 => 39,
            QemuVersion::V10_0 => 48,
        };
        let aw = device.props.aw_bits.unwrap_or(default_aw);
        DmarOptions {
            host_address_width: aw.saturating_sub(1),
            intremap: x86_intremap(design, device),
            device_iotlb: device.props.device_iotlb.unwrap_or(false),
        }
    }
}

/// One DMAR device scope (8 bytes: type, length 8, 2 reserved, enumeration id, start bus,
/// one path entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// 1 endpoint, 2 bridge, 3 IOAPIC.
    pub kind: u8,
    /// Start bus number.
    pub bus: u8,
    /// devfn of the path entry.
    pub devfn: u8,
}

/// The scopes in table order: IOAPIC first, then per non-bypassed root bus (in `order`)
/// every function directly on it by devfn (`insert_scope`: bridges are type 2).
pub fn scopes(topology: &Topology, order: &[HostIdx]) -> Vec<Scope> {
    let mut out = vec![Scope {
        kind: SCOPE_IOAPIC,
        bus: IOAPIC_SCOPE_BUS,
        devfn: 0,
    }];
    for host in order {
        let Some(hb) = topology.host_bridges.get(*host) else {
            continue;
        };
        if hb.bypass_iommu {
            continue;
        }
        let bus_number = topology.buses.get(hb.root_bus).map_or(0, |b| b.number);
        for f in devices_on(topology, hb.root_bus) {
            let Some(func) = topology.functions.get(f) else {
                continue;
            };
            out.push(Scope {
                kind: if func.is_bridge {
                    SCOPE_BRIDGE
                } else {
                    SCOPE_ENDPOINT
                },
                bus: bus_number,
                devfn: func.devfn,
            });
        }
    }
    out
}

/// Builds the DMAR; `order` is the host-bridge visiting order (see `host_order`).
pub fn build(
    oem: &OemIds,
    topology: &Topology,
    order: &[HostIdx],
    options: &DmarOptions,
) -> Vec<u8> {
    let mut w = SdtWriter::new(b"DMAR", 1, oem);
    w.u8(options.host_address_width);
    w.u8(u8::from(options.intremap));
    w.zeros(10);

    let scopes = scopes(topology, order);
    // DRHD: type 0, length, flags 0, reserved, segment 0, register base.
    w.u16(0);
    w.u16(u16::try_from(16 + 8 * scopes.len()).unwrap_or(u16::MAX));
    w.u8(0);
    w.u8(0);
    w.u16(0);
    w.u64(DRHD_BASE);
    for scope in &scopes {
        w.u8(scope.kind);
        w.u8(8);
        w.u16(0);
        // Enumeration id: the IOAPIC id (ACPI_BUILD_IOAPIC_ID = 0) for the IOAPIC, 0 otherwise.
        w.u8(0);
        w.u8(scope.bus);
        w.u8(scope.devfn >> 3);
        w.u8(scope.devfn & 7);
    }
    if options.device_iotlb {
        // ATSR: type 2, length 8, flags ALL_PORTS, reserved, segment 0.
        w.u16(2);
        w.u16(8);
        w.u8(1);
        w.u8(0);
        w.u16(0);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acpi::sdt::byte_sum;
    use crate::engine::acpi::testutil::{unhex, TopoBuilder};

    fn opts(haw: u8, intremap: bool, iotlb: bool) -> DmarOptions {
        DmarOptions {
            host_address_width: haw,
            intremap,
            device_iotlb: iotlb,
        }
    }

    #[test]
    fn all_bypass_matches_notes_example() {
        // qemu-notes §2.1: default_bus_bypass_iommu=on, intremap=off, device-iotlb=on, aw-bits=48.
        let b = TopoBuilder::q35(true);
        let t = build(&OemIds::default(), &b.t, &[0], &opts(0x2f, false, true));
        assert_eq!(t.len(), 0x50);
        assert_eq!(byte_sum(&t), 0);
        let tail = unhex(
            "0100 0000 2f00 0000 0000 0000 0000 0000
             0000 1800 0000 0000 0000 d9fe 0000 0000
             0308 0000 00ff 0000 0200 0800 0100 0000",
        );
        assert_eq!(&t[0x20..], &tail[..]);
    }

    #[test]
    fn qemu_7_2_nodefaults_two_pxbs_bytes() {
        // Real QEMU 7.2: -M q35 -nodefaults -device intel-iommu, pxb-pcie 0x10 (01.0),
        // pxb-pcie 0x20 (02.0), no bridges on them (checksum filled as the firmware does).
        let mut b = TopoBuilder::q35(false);
        b.pxb(0x08, 0x10, false, 1);
        b.pxb(0x10, 0x20, false, 2);
        let t = build(
            &OemIds::default(),
            &b.t,
            &[0, 1, 2],
            &opts(0x26, true, false),
        );
        let expected = unhex(
            "444d415278000000010d424f43485320425850432020202001000000425850430100000026010000000000000000000000004800000000000000d9fe000000000308000000ff00000108000000000000010800000000010001080000000002000108000000001f000108000000001f020108000000001f03",
        );
        assert_eq!(t.len(), 0x78);
        assert_eq!(byte_sum(&t), 0);
        assert_eq!(t, expected);
    }

    #[test]
    fn bridges_on_pxb_use_its_bus_and_bypassed_pxb_contributes_nothing() {
        let mut b = TopoBuilder::q35(false);
        let (_, p1) = b.pxb(0x10, 0x10, false, 1);
        let (_, p2) = b.pxb(0x18, 0x20, true, 2);
        b.bridge(p1, 0, "pcie-root-port", 0x11, 0x11, true);
        b.bridge(p2, 0, "pcie-root-port", 0x21, 0x21, true);
        let s = scopes(&b.t, &[0, 2, 1]);
        let last = s.last().copied();
        assert_eq!(
            last,
            Some(Scope {
                kind: SCOPE_BRIDGE,
                bus: 0x10,
                devfn: 0
            })
        );
        // IOAPIC + 4 builtins + 2 pxb endpoints (the bypassed one too) + 1 root port
        assert_eq!(s.len(), 8);
    }

    #[test]
    fn options_from_design_per_version_and_accelerator() {
        use crate::engine::catalog::Driver;
        use crate::engine::design::{Device, KernelIrqchip};
        let dev = Device::new(Driver::IntelIommu, "iommu", None);
        let mut d = Design {
            qemu_version: QemuVersion::V7_2,
            ..Default::default()
        };
        d.devices.push(dev.clone());
        // TCG: intremap=auto is on; aw-bits default 39 in 7.2, 48 in 10.0.
        assert_eq!(DmarOptions::from_design(&d, &dev), opts(38, true, false));
        d.qemu_version = QemuVersion::V10_0;
        assert_eq!(DmarOptions::from_design(&d, &dev), opts(47, true, false));
        // KVM with the default full in-kernel irqchip turns auto off; split keeps it on.
        d.machine.accel = Some("kvm".into());
        assert!(!DmarOptions::from_design(&d, &dev).intremap);
        d.machine.kernel_irqchip = Some(KernelIrqchip::Split);
        assert!(DmarOptions::from_design(&d, &dev).intremap);
    }
}
