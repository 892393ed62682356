//! Resolve rules as data: design in → functions / errors out. Every expectation was observed
//! with real QEMU 7.2 (`info qtree`, `info pci`) unless noted.

use super::resolve;
use crate::engine::catalog::Driver;
use crate::engine::design::{Design, Device, MachineType, PciAddr, QemuVersion};
use crate::engine::diagnostics::Severity;
use crate::engine::topology::Topology;

fn design(machine: MachineType, nodefaults: bool, devices: Vec<Device>) -> Design {
    let mut d = Design {
        nodefaults,
        devices,
        qemu_version: QemuVersion::V7_2,
        ..Default::default()
    };
    d.machine.machine_type = machine;
    d
}

fn dev(driver: &str, id: &str, bus: Option<&str>) -> Device {
    Device::new(Driver::from_name(driver).expect("driver"), id, bus)
}

fn at(mut device: Device, slot: u8, function: u8) -> Device {
    device.addr = Some(PciAddr { slot, function });
    device
}

fn pxb(driver: &str, id: &str, bus_nr: u8, bus: Option<&str>) -> Device {
    let mut d = dev(driver, id, bus);
    d.props.bus_nr = Some(bus_nr);
    d
}

/// `bus:slot.fn driver id` for every function, in creation order (bus by name).
fn listing(t: &Topology) -> Vec<String> {
    t.functions
        .iter()
        .map(|f| {
            let a = f.addr();
            format!(
                "{}:{:02x}.{} {} {}",
                t.buses[f.bus].name,
                a.slot,
                a.function,
                f.driver,
                f.id.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn errors(d: &Design) -> Vec<(String, String)> {
    resolve(d)
        .1
        .into_iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| (x.code, x.message))
        .collect()
}

fn first_error(d: &Design) -> String {
    errors(d).first().map(|e| e.1.clone()).unwrap_or_default()
}

#[test]
fn q35_builtins_with_defaults() {
    let (t, diags) = resolve(&design(MachineType::Q35, false, vec![]));
    assert!(diags.is_empty());
    assert_eq!(
        listing(&t),
        [
            "pcie.0:00.0 mch -",
            "pcie.0:1f.0 ICH9-LPC -",
            "pcie.0:1f.2 ich9-ahci -",
            "pcie.0:1f.3 ICH9-SMB -",
            "pcie.0:01.0 VGA -",
            "pcie.0:02.0 e1000e -",
        ]
    );
    let devfns: Vec<u8> = t.buses[0]
        .devices
        .iter()
        .map(|&f| t.functions[f].devfn)
        .collect();
    assert_eq!(devfns, [0x00, 0x08, 0x10, 0xf8, 0xfa, 0xfb]);
}

#[test]
fn q35_nic_moves_to_slot_1_without_vga() {
    let mut d = design(MachineType::Q35, false, vec![]);
    d.vga_none = true;
    let (t, _) = resolve(&d);
    assert!(listing(&t).contains(&"pcie.0:01.0 e1000e -".to_string()));
    d.vga_none = false;
    d.net_none = true;
    let (t, _) = resolve(&d);
    assert!(listing(&t).contains(&"pcie.0:01.0 VGA -".to_string()));
    assert!(!listing(&t).iter().any(|l| l.contains("e1000e")));
}

#[test]
fn pc_builtins() {
    // 7.2 `-M pc`: i440FX 00.0, PIIX3 01.0, piix3-ide 01.1, PIIX4_PM 01.3, VGA 02.0, e1000 03.0
    let (t, _) = resolve(&design(
        MachineType::Pc,
        false,
        vec![dev("e1000", "x", None)],
    ));
    assert_eq!(
        listing(&t),
        [
            "pci.0:00.0 i440FX -",
            "pci.0:01.0 PIIX3 -",
            "pci.0:02.0 VGA -",
            "pci.0:03.0 e1000 -",
            "pci.0:01.1 piix3-ide -",
            "pci.0:01.3 PIIX4_PM -",
            "pci.0:04.0 e1000 x",
        ]
    );
    let (t, _) = resolve(&design(MachineType::Pc, true, vec![]));
    assert_eq!(
        listing(&t),
        [
            "pci.0:00.0 i440FX -",
            "pci.0:01.0 PIIX3 -",
            "pci.0:01.1 piix3-ide -",
            "pci.0:01.3 PIIX4_PM -",
        ]
    );
}

#[test]
fn virt_builtins() {
    let (t, _) = resolve(&design(MachineType::Virt, false, vec![]));
    assert_eq!(
        listing(&t),
        ["pcie.0:00.0 gpex-root -", "pcie.0:01.0 virtio-net-pci -"]
    );
}

#[test]
fn amd_iommu_creates_amdvi_pci_in_creation_order() {
    // 7.2 and 10.0: -device e1000e,id=a -device amd-iommu -device e1000e,id=b
    let d = design(
        MachineType::Q35,
        false,
        vec![
            dev("e1000e", "a", None),
            dev("amd-iommu", "iommu", None),
            dev("e1000e", "b", None),
        ],
    );
    let (t, _) = resolve(&d);
    let l = listing(&t);
    assert_eq!(
        &l[6..],
        [
            "pcie.0:03.0 e1000e a",
            "pcie.0:04.0 AMDVI-PCI -",
            "pcie.0:05.0 e1000e b"
        ]
    );
}

#[test]
fn explicit_addr_conflict_texts() {
    let d = design(
        MachineType::Q35,
        false,
        vec![at(dev("e1000e", "a", None), 0, 0)],
    );
    assert_eq!(
        first_error(&d),
        "PCI: slot 0 function 0 not available for e1000e, in use by mch,id=(null)"
    );
    let d = design(
        MachineType::Q35,
        true,
        vec![
            at(dev("e1000e", "a", None), 1, 0),
            at(dev("e1000e", "b", None), 1, 0),
        ],
    );
    assert_eq!(
        first_error(&d),
        "PCI: slot 1 function 0 not available for e1000e, in use by e1000e,id=a"
    );
}

#[test]
fn multifunction_rules() {
    let d = design(
        MachineType::Q35,
        true,
        vec![
            at(dev("e1000e", "a", None), 3, 1),
            at(dev("e1000e", "b", None), 3, 0),
        ],
    );
    assert_eq!(
        first_error(&d),
        "PCI: 3.0 indicates single function, but 3.1 is already populated."
    );
    let d = design(
        MachineType::Q35,
        true,
        vec![
            at(dev("e1000e", "a", None), 3, 0),
            at(dev("e1000e", "b", None), 3, 1),
        ],
    );
    assert_eq!(
        first_error(&d),
        "PCI: single function device can't be populated in function 3.1"
    );
    // auto address picks function 0 of a slot whose 1.1 is taken, then fails the check
    let d = design(
        MachineType::Q35,
        true,
        vec![at(dev("e1000e", "a", None), 1, 1), dev("e1000e", "b", None)],
    );
    assert_eq!(
        first_error(&d),
        "PCI: 1.0 indicates single function, but 1.1 is already populated."
    );
    // accepted: function 0 with multifunction=on after 3.1; ICH9-LPC is multifunction
    let mut f0 = at(dev("e1000e", "b", None), 3, 0);
    f0.multifunction = true;
    let d = design(
        MachineType::Q35,
        true,
        vec![
            at(dev("e1000e", "a", None), 3, 1),
            f0,
            at(dev("e1000e", "c", None), 0x1f, 5),
        ],
    );
    assert!(errors(&d).is_empty());
}

#[test]
fn bus_lookup_and_duplicate_ids() {
    let d = design(
        MachineType::Q35,
        true,
        vec![dev("e1000e", "r", Some("nope"))],
    );
    assert_eq!(
        errors(&d),
        [("bus-not-found".into(), "Bus 'nope' not found".into())]
    );
    let d = design(
        MachineType::Q35,
        true,
        vec![dev("e1000e", "r", None), dev("e1000e", "r", None)],
    );
    assert_eq!(first_error(&d), "Duplicate ID 'r' for device");
}

#[test]
fn bus_of_the_wrong_type() {
    let mut iommu = dev("intel-iommu", "i", Some("pcie.0"));
    let d = design(MachineType::Q35, true, vec![iommu.clone()]);
    assert_eq!(first_error(&d), "Device 'intel-iommu' can't go on PCIE bus");
    iommu.bus = Some("p".into());
    let d = design(
        MachineType::Q35,
        true,
        vec![pxb("pxb-pcie", "p", 3, None), iommu.clone()],
    );
    assert_eq!(
        first_error(&d),
        "Device 'intel-iommu' can't go on pxb-pcie-bus bus"
    );
    let d = design(
        MachineType::Q35,
        true,
        vec![dev("pcie-pci-bridge", "p", None), iommu.clone()],
    );
    assert_eq!(first_error(&d), "Device 'intel-iommu' can't go on PCI bus");
    iommu.bus = Some("main-system-bus".into());
    assert!(errors(&design(MachineType::Q35, true, vec![iommu])).is_empty());
    let d = design(
        MachineType::Q35,
        true,
        vec![dev("e1000e", "e", Some("main-system-bus"))],
    );
    assert_eq!(first_error(&d), "Device 'e1000e' can't go on System bus");
    let d = design(
        MachineType::Q35,
        true,
        vec![dev("amd-iommu", "a", Some("nope"))],
    );
    assert_eq!(first_error(&d), "Bus 'nope' not found");
}

#[test]
fn default_bus_is_the_newest_pxb_root_bus() {
    // 7.2: an endpoint without bus= after a pxb-pcie lands on the pxb's root bus and fails;
    // a root port silently goes there.
    let d = design(
        MachineType::Q35,
        true,
        vec![pxb("pxb-pcie", "p1", 8, None), dev("e1000e", "x", None)],
    );
    assert_eq!(
        first_error(&d),
        "PCI: Only PCI/PCIe bridges can be plugged into pxb-pcie"
    );
    let d = design(
        MachineType::Q35,
        true,
        vec![
            pxb("pxb-pcie", "p1", 8, None),
            dev("pcie-root-port", "r", None),
        ],
    );
    let (t, diags) = resolve(&d);
    assert!(diags.is_empty());
    assert!(listing(&t).contains(&"p1:00.0 pcie-root-port r".to_string()));
    // a second pxb-pcie without bus= lands on the first one's root bus
    let d = design(
        MachineType::Q35,
        true,
        vec![
            pxb("pxb-pcie", "p1", 8, None),
            pxb("pxb-pcie", "p2", 9, None),
        ],
    );
    assert_eq!(
        first_error(&d),
        "PCI: Only PCI/PCIe bridges can be plugged into pxb-pcie"
    );
    // legacy pxb on pc: default bus is its conventional root bus
    let d = design(
        MachineType::Pc,
        true,
        vec![pxb("pxb", "p1", 8, None), dev("e1000", "x", None)],
    );
    assert_eq!(
        first_error(&d),
        "PCI: Only PCI/PCIe bridges can be plugged into pxb"
    );
}

#[test]
fn pxb_placement_errors() {
    let cases: Vec<(MachineType, Vec<Device>, &str)> = vec![
        (
            MachineType::Q35,
            vec![pxb("pxb", "p", 8, Some("pcie.0"))],
            "pxb devices cannot reside on a PCIe bus",
        ),
        (
            MachineType::Pc,
            vec![pxb("pxb-pcie", "p", 8, Some("pci.0"))],
            "pxb-pcie devices cannot reside on a PCI bus",
        ),
        (
            MachineType::Q35,
            vec![
                dev("pcie-root-port", "r", Some("pcie.0")),
                pxb("pxb-pcie", "p", 8, Some("r")),
            ],
            "PXB devices can be attached only to root bus",
        ),
        (
            MachineType::Q35,
            vec![
                dev("pci-bridge", "r", Some("pcie.0")),
                pxb("pxb", "p", 8, Some("r")),
            ],
            "PXB devices can be attached only to root bus",
        ),
        (
            MachineType::Q35,
            vec![
                pxb("pxb-pcie", "p1", 16, Some("pcie.0")),
                pxb("pxb-pcie", "p2", 16, Some("pcie.0")),
            ],
            "Bus 16 is already in use",
        ),
        (
            // a bridge's secondary bus is still 0 when the pxb registers
            MachineType::Q35,
            vec![
                dev("pcie-root-port", "r", Some("pcie.0")),
                pxb("pxb-pcie", "p", 0, Some("pcie.0")),
            ],
            "Bus 0 is already in use",
        ),
        (
            MachineType::Q35,
            vec![
                pxb("pxb-pcie", "p", 8, Some("pcie.0")),
                dev("e1000e", "x", Some("p")),
            ],
            "PCI: Only PCI/PCIe bridges can be plugged into pxb-pcie",
        ),
    ];
    for (machine, devices, expected) in cases {
        let d = design(machine, true, devices);
        assert_eq!(first_error(&d), expected, "{d:?}");
    }
    // bus_nr=0 is accepted when nothing precedes it (QEMU does not enforce "not 0")
    let d = design(
        MachineType::Q35,
        true,
        vec![pxb("pxb-pcie", "p", 0, Some("pcie.0"))],
    );
    assert!(errors(&d).is_empty());
}

#[test]
fn legacy_pxb_builds_internal_bridge() {
    let d = design(
        MachineType::Pc,
        true,
        vec![
            pxb("pxb", "p1", 8, None),
            at(dev("e1000", "x", Some("p1")), 0, 0),
        ],
    );
    let (t, diags) = resolve(&d);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        &listing(&t)[4..],
        [
            "pci.0:02.0 pxb p1",
            "pxb-internal:00.0 pci-bridge p1",
            "p1:00.0 e1000 x"
        ]
    );
    assert_eq!(t.host_bridges.len(), 2);
    assert_eq!(t.buses[t.host_bridges[1].root_bus].name, "pxb-internal");
    // id-less: the internal bridge's bus is auto-named pci.1 (pc's root bus took pci.0)
    let d = design(
        MachineType::Pc,
        true,
        vec![pxb("pxb", "", 3, None), dev("e1000", "x", Some("pci.1"))],
    );
    assert!(errors(&d).is_empty());
}

#[test]
fn unnamed_root_port_bus_shadows_pcie_0() {
    // 7.2: an id-less root port's bus is also called `pcie.0`; the search finds the newest
    let d = design(
        MachineType::Q35,
        true,
        vec![
            pxb("pxb-pcie", "", 3, None),
            dev("pcie-root-port", "", Some("pxb-pcie-bus.0")),
            pxb("pxb-pcie", "", 4, Some("pcie.0")),
        ],
    );
    assert_eq!(
        first_error(&d),
        "PXB devices can be attached only to root bus"
    );
}

#[test]
fn shpc_slot_0() {
    const SHPC: &str =
        "Unsupported PCI slot 0 for standard hotplug controller. Valid slots are between 1 and 31.";
    // below a PXB (7.2 and 10.x)
    let d = design(
        MachineType::Q35,
        true,
        vec![
            pxb("pxb-pcie", "p", 8, Some("pcie.0")),
            dev("pcie-pci-bridge", "b", Some("p")),
            dev("e1000", "x", Some("b")),
        ],
    );
    assert_eq!(first_error(&d), SHPC);
    let d = design(
        MachineType::Pc,
        true,
        vec![
            pxb("pxb", "p", 8, None),
            dev("pci-bridge", "b", Some("p")),
            dev("e1000", "x", Some("b")),
        ],
    );
    assert_eq!(first_error(&d), SHPC);
    // virt has no ACPI hotplug: every SHPC bridge refuses slot 0
    let d = design(
        MachineType::Virt,
        true,
        vec![dev("pci-bridge", "b", None), dev("e1000", "x", Some("b"))],
    );
    assert_eq!(first_error(&d), SHPC);
    // q35 / pc main hierarchy: ACPI hotplug, slot 0 fine; addr >= 1 fine below a PXB
    for machine in [MachineType::Q35, MachineType::Pc] {
        let d = design(
            machine,
            true,
            vec![dev("pci-bridge", "b", None), dev("e1000", "x", Some("b"))],
        );
        assert!(errors(&d).is_empty());
    }
    let d = design(
        MachineType::Q35,
        true,
        vec![
            pxb("pxb-pcie", "p", 8, Some("pcie.0")),
            dev("pcie-pci-bridge", "b", Some("p")),
            at(dev("e1000", "x", Some("b")), 1, 0),
        ],
    );
    assert!(errors(&d).is_empty());
}

#[test]
fn shpc_slot_0_when_acpi_bridge_hotplug_is_off() {
    // 7.2: -global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off (PIIX4_PM on pc)
    for (machine, owner) in [
        (MachineType::Q35, "ICH9-LPC"),
        (MachineType::Pc, "PIIX4_PM"),
    ] {
        let mut d = design(
            machine,
            true,
            vec![dev("pci-bridge", "b", None), dev("e1000", "x", Some("b"))],
        );
        d.extra_args = vec![
            "-global".into(),
            format!("{owner}.acpi-pci-hotplug-with-bridge-support=off"),
        ];
        assert_eq!(
            first_error(&d),
            "Unsupported PCI slot 0 for standard hotplug controller. Valid slots are between 1 and 31."
        );
    }
}

#[test]
fn slot_not_zero_below_port_is_placed() {
    // 10.0 warns (rules/ports.rs), 7.2 is silent; both place the second device at 01.0
    let d = design(
        MachineType::Q35,
        true,
        vec![
            dev("pcie-root-port", "r", None),
            dev("e1000e", "x", Some("r")),
            dev("e1000e", "y", Some("r")),
        ],
    );
    let (t, diags) = resolve(&d);
    assert!(diags.is_empty());
    assert!(listing(&t).contains(&"r:01.0 e1000e y".to_string()));
}

#[test]
fn virtio_iommu_must_sit_on_root_bus() {
    let d = design(
        MachineType::Q35,
        true,
        vec![
            dev("pcie-root-port", "r", None),
            dev("virtio-iommu-pci", "vi", Some("r")),
        ],
    );
    assert_eq!(
        first_error(&d),
        "virtio-iommu-pci must be plugged on the root bus"
    );
}

#[test]
fn unattached_index_of_pxb_hosts() {
    // qom-list /machine/unattached, 7.2: -nodefaults → device[25], [26]; with amd-iommu first
    // → AMDVI-PCI [25], pxbs [26], [27]. Defaults (VGA, NIC, serial, parallel, cdrom) → [30].
    let two = |d: &Design| -> Vec<Option<u32>> {
        resolve(d)
            .0
            .host_bridges
            .iter()
            .skip(1)
            .map(|h| h.unattached_index)
            .collect()
    };
    let pxbs = || {
        vec![
            pxb("pxb-pcie", "p1", 16, Some("pcie.0")),
            pxb("pxb-pcie", "p2", 32, Some("pcie.0")),
        ]
    };
    let d = design(MachineType::Q35, true, pxbs());
    assert_eq!(two(&d), [Some(25), Some(26)]);
    let mut devices = vec![dev("amd-iommu", "", None)];
    devices.extend(pxbs());
    assert_eq!(
        two(&design(MachineType::Q35, true, devices)),
        [Some(26), Some(27)]
    );
    assert_eq!(
        two(&design(MachineType::Q35, false, pxbs())),
        [Some(30), Some(31)]
    );
    let mut d = design(MachineType::Q35, true, pxbs());
    d.qemu_version = QemuVersion::V10_0;
    assert_eq!(two(&d), [Some(22), Some(23)]);
    // qom-list: each CPU beyond the first is one more unattached device (-smp 4 → +3).
    d.extra_args = vec!["-smp".into(), "4".into()];
    assert_eq!(two(&d), [Some(25), Some(26)]);
}

#[test]
fn bus_devices_sorted_by_devfn_and_never_panics_on_odd_input() {
    let d = design(
        MachineType::Q35,
        true,
        vec![
            at(dev("e1000e", "a", None), 9, 0),
            at(dev("e1000e", "b", None), 3, 0),
            at(dev("e1000e", "c", None), 40, 9),
        ],
    );
    let (t, diags) = resolve(&d);
    assert_eq!(diags.len(), 1);
    let devfns: Vec<u8> = t.buses[0]
        .devices
        .iter()
        .map(|&f| t.functions[f].devfn)
        .collect();
    let mut sorted = devfns.clone();
    sorted.sort_unstable();
    assert_eq!(devfns, sorted);
}
