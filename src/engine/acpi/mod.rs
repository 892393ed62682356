//! ACPI vIOMMU tables (DMAR, IVRS, IORT, VIOT) exactly as the guest gets them (checksum filled
//! in), one module per table over a shared table-header/checksum writer ([`sdt`]), plus a
//! decoded view for people ([`decode`]) and a structural diff ([`diff`]).
//!
//! Which tables exist (QEMU `hw/i386/acpi-build.c acpi_build`, `hw/arm/virt-acpi-build.c
//! virt_acpi_build`): DMAR with `intel-iommu`, IVRS with `amd-iommu`, VIOT with
//! `virtio-iommu-pci` (q35, pc, virt), IORT on every `virt` machine (with an SMMUv3 node when
//! `iommu=smmuv3`).

pub mod decode;
pub mod diff;
pub mod dmar;
pub mod host_order;
pub mod iort;
pub mod ivrs;
pub mod sdt;
pub mod viot;

use super::catalog::Driver;
use super::design::{Design, Device, MachineType, QemuVersion};
use super::diagnostics::Diagnostic;
use super::topology::{BusIdx, FnIdx, HostIdx, Topology};

/// The vIOMMU tables QEMU builds for a design; `None` where QEMU builds no such table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcpiTables {
    /// Intel DMAR.
    pub dmar: Option<Vec<u8>>,
    /// AMD IVRS.
    pub ivrs: Option<Vec<u8>>,
    /// Arm IORT.
    pub iort: Option<Vec<u8>>,
    /// virtio-iommu VIOT.
    pub viot: Option<Vec<u8>>,
}

impl AcpiTables {
    /// The present tables as (signature, bytes), in the order DMAR, IVRS, IORT, VIOT.
    pub fn present(&self) -> Vec<(&'static str, &[u8])> {
        [
            ("DMAR", &self.dmar),
            ("IVRS", &self.ivrs),
            ("IORT", &self.iort),
            ("VIOT", &self.viot),
        ]
        .into_iter()
        .filter_map(|(sig, t)| t.as_deref().map(|b| (sig, b)))
        .collect()
    }
}

/// Builds the tables for a resolved, firmware-numbered topology.
pub fn build(design: &Design, topology: &Topology) -> (AcpiTables, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut tables = AcpiTables::default();
    let oem = oem_ids(design);
    let machine = design.machine.machine_type;
    let viommu = |driver: Driver| design.devices.iter().find(|d| d.driver == driver);

    if machine == MachineType::Q35 {
        let x86_iommu = viommu(Driver::IntelIommu).or_else(|| viommu(Driver::AmdIommu));
        if let Some(dev) = x86_iommu {
            let (order, uncertain) = host_order::dmar_host_order(design, topology);
            if uncertain {
                diagnostics.push(Diagnostic::warning(
                    "acpi-host-order-uncertain",
                    "DMAR/IVRS list PXB root buses in QEMU's QOM hash-table order; this \
                     configuration is outside the range where that order was verified, so the \
                     order of PXB entries may differ from real QEMU",
                    Some(dev.id.as_str()),
                ));
            }
            if dev.driver == Driver::IntelIommu {
                let options = dmar::DmarOptions::from_design(design, dev);
                tables.dmar = Some(dmar::build(&oem, topology, &order, &options));
            } else {
                let options = ivrs::IvrsOptions::from_design(design, dev, topology);
                if options.devid_missing {
                    diagnostics.push(Diagnostic::warning(
                        "acpi-amdvi-pci-missing",
                        "the topology has no AMDVI-PCI function for amd-iommu; IVRS DeviceID is 0",
                        Some(dev.id.as_str()),
                    ));
                }
                tables.ivrs = Some(ivrs::build(&oem, topology, &order, &options));
            }
        }
    }
    if machine == MachineType::Virt {
        let options = iort::IortOptions::from_design(design);
        tables.iort = Some(iort::build(&oem, topology, &options));
    }
    if viommu(Driver::VirtioIommuPci).is_some() {
        let bdf = function_of_driver(design, topology, Driver::VirtioIommuPci)
            .map(|f| bdf_of(topology, f))
            .unwrap_or(0);
        tables.viot = Some(viot::build(&oem, topology, bdf));
    }
    (tables, diagnostics)
}

/// OEM id / table id from `-machine x-oem-id=`, `x-oem-table-id=` (QEMU defaults otherwise).
pub fn oem_ids(design: &Design) -> sdt::OemIds {
    let get = |keys: [&str; 2]| {
        design
            .machine
            .extra
            .iter()
            .find(|(k, _)| keys.contains(&k.as_str()))
            .map(|(_, v)| v.as_str())
    };
    sdt::OemIds::new(
        get(["x-oem-id", "x_oem_id"]).unwrap_or(sdt::DEFAULT_OEM_ID),
        get(["x-oem-table-id", "x_oem_table_id"]).unwrap_or(sdt::DEFAULT_OEM_TABLE_ID),
    )
}

/// Whether interrupt remapping is on for an x86 vIOMMU (`hw/i386/x86-iommu.c
/// x86_iommu_realize`: `auto` means on unless KVM runs a full in-kernel irqchip). The rule
/// lives in `rules::facts` so the tables and the diagnostics agree.
pub fn x86_intremap(design: &Design, device: &Device) -> bool {
    let topology = Topology::default();
    super::rules::facts::Facts::new(design, &topology, &[])
        .intremap_effective(device.props.intremap)
}

/// True for QEMU 10.0 (vs 7.2).
pub(crate) fn is_v10(design: &Design) -> bool {
    design.qemu_version == QemuVersion::V10_0
}

/// The topology function created for the first `-device` of `driver` (or a built-in with that
/// qdev type name).
pub fn function_of_driver(design: &Design, topology: &Topology, driver: Driver) -> Option<FnIdx> {
    topology.functions.iter().position(|f| {
        f.device_index
            .and_then(|i| design.devices.get(i))
            .is_some_and(|d| d.driver == driver)
            || f.driver == driver.name()
    })
}

/// 16-bit requester id `bus << 8 | devfn` of a function (guest-visible bus number).
pub fn bdf_of(topology: &Topology, f: FnIdx) -> u16 {
    topology
        .functions
        .get(f)
        .map(|func| {
            let bus = topology.buses.get(func.bus).map_or(0, |b| b.number);
            (u16::from(bus) << 8) | u16::from(func.devfn)
        })
        .unwrap_or(0)
}

/// The functions directly on `bus`, ascending devfn (`pci_for_each_device_under_bus`).
pub fn devices_on(topology: &Topology, bus: BusIdx) -> Vec<FnIdx> {
    let mut devs: Vec<FnIdx> = topology
        .buses
        .get(bus)
        .map(|b| b.devices.clone())
        .unwrap_or_default();
    devs.sort_by_key(|f| topology.functions.get(*f).map_or(0, |func| func.devfn));
    devs
}

/// A bridge's (secondary, subordinate) bus numbers as the firmware programmed them.
pub fn bridge_bus_numbers(topology: &Topology, f: FnIdx) -> Option<(u8, u8)> {
    let func = topology.functions.get(f)?;
    let sec = topology.buses.get(func.secondary_bus?)?;
    Some((sec.number, sec.subordinate))
}

/// `hw/pci/pci.c pci_bus_range`: the root bus number widened by the secondary/subordinate
/// numbers of the bridges directly on it.
pub fn root_bus_range(topology: &Topology, host: HostIdx) -> Option<(u8, u8)> {
    let root = topology.host_bridges.get(host)?.root_bus;
    let number = topology.buses.get(root)?.number;
    let (mut min, mut max) = (number, number);
    for f in devices_on(topology, root) {
        let is_bridge = topology.functions.get(f).is_some_and(|func| func.is_bridge);
        if let (true, Some((sec, sub))) = (is_bridge, bridge_bus_numbers(topology, f)) {
            min = min.min(sec);
            max = max.max(sub);
        }
    }
    Some((min, max))
}

/// Non-bypassed root bus ranges sorted by the first bus (IORT `iort_idmap_compare`, VIOT
/// `pci_range_compare`).
pub fn sorted_translated_ranges(topology: &Topology) -> Vec<(u8, u8)> {
    let mut ranges: Vec<(u8, u8)> = (0..topology.host_bridges.len())
        .filter(|h| {
            topology
                .host_bridges
                .get(*h)
                .is_some_and(|hb| !hb.bypass_iommu)
        })
        .filter_map(|h| root_bus_range(topology, h))
        .collect();
    ranges.sort_by_key(|r| r.0);
    ranges
}

#[cfg(test)]
pub(crate) mod testutil;

#[cfg(test)]
mod tests {
    use super::testutil::unhex;
    use crate::engine::catalog::Driver;
    use crate::engine::design::{Design, Device, MachineType, QemuVersion};

    /// 8 pxb-pcie (bus_nr 0x40,0x10,0x30,0x20,0x50,0x60,0x70,0x80) with a root port each:
    /// the whole pipeline (resolve → firmware → DMAR with the QOM hash order) against real
    /// QEMU (SeaBIOS boot, fw_cfg `etc/acpi/tables`).
    fn eight_pxbs(version: QemuVersion) -> Design {
        let mut d = Design {
            qemu_version: version,
            nodefaults: true,
            ..Default::default()
        };
        d.machine.machine_type = MachineType::Q35;
        let mut iommu = Device::new(Driver::IntelIommu, "iommu", None);
        iommu.props.aw_bits = Some(39);
        d.devices.push(iommu);
        let buses = [0x40u8, 0x10, 0x30, 0x20, 0x50, 0x60, 0x70, 0x80];
        for nr in buses {
            let mut p = Device::new(Driver::PxbPcie, &format!("p{nr:x}"), Some("pcie.0"));
            p.props.bus_nr = Some(nr);
            d.devices.push(p);
        }
        for nr in buses {
            let mut r = Device::new(
                Driver::PcieRootPort,
                &format!("r{nr:x}"),
                Some(&format!("p{nr:x}")),
            );
            r.props.chassis = Some(nr);
            d.devices.push(r);
        }
        d
    }

    #[test]
    fn dmar_pxb_order_whole_pipeline_matches_qemu() {
        let head = "444d4152e80000000146424f4348532042585043202020200100000042585043010000002601000000000000000000000000b800000000000000d9fe000000000308000000ff00000108000000000000010800000000010001080000000002000108000000000300010800000000040001080000000005000108000000000600010800000000070001080000000008000108000000001f000108000000001f020108000000001f03";
        let tail = |order: [u8; 8]| -> String {
            order
                .iter()
                .map(|b| format!("0208000000{b:02x}0000"))
                .collect()
        };
        let cases = [
            (
                QemuVersion::V7_2,
                [0x10, 0x70, 0x40, 0x60, 0x50, 0x20, 0x30, 0x80],
            ),
            (
                QemuVersion::V10_0,
                [0x50, 0x20, 0x30, 0x10, 0x40, 0x80, 0x70, 0x60],
            ),
        ];
        for (version, order) in cases {
            let report = crate::engine::analyze(&eight_pxbs(version));
            let expected = unhex(&format!("{head}{}", tail(order)));
            assert_eq!(report.tables.dmar, Some(expected), "{version:?}");
        }
    }

    /// The emitted command line must not drop QEMU's default NIC behind the engine's back:
    /// QEMU creates no default NIC as soon as any `-netdev`/`-net`/`-nic` exists (measured:
    /// `-M q35 -netdev user,id=x` has no 00:02.0 in 7.2 and 10.0), so cmdline emits a NIC's
    /// `-netdev` only when the design has no default NIC anyway.
    #[test]
    fn default_nic_absent_when_the_command_line_has_a_netdev() {
        let mut d = Design::default();
        d.machine.machine_type = MachineType::Q35;
        d.devices
            .push(Device::new(Driver::IntelIommu, "iommu", None));
        d.devices
            .push(Device::new(Driver::E1000e, "nic", Some("pcie.0")));
        let report = crate::engine::analyze(&d);
        let has_netdev = report.command_line.iter().any(|a| a == "-netdev");
        let default_nic = report
            .topology
            .functions
            .iter()
            .any(|f| f.builtin && f.driver == "e1000e");
        assert!(!(has_netdev && default_nic));
    }
}
