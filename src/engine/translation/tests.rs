//! Translation rules as data. Expectations are QEMU 7.2's `info mtree -o -D` bus-master
//! aliases (`@system` = bypass/none, a vIOMMU region = translated) or notes §1.

use super::translate;
use crate::engine::catalog::Driver;
use crate::engine::design::{Design, Device, MachineType, PciAddr};
use crate::engine::firmware::number_buses;
use crate::engine::report::TranslationKind::{self, Bypass, Iommu, None as NoIommu};
use crate::engine::resolve::resolve;

fn dev(driver: &str, id: &str, bus: Option<&str>) -> Device {
    Device::new(Driver::from_name(driver).expect("driver"), id, bus)
}

fn pxb(driver: &str, id: &str, bus_nr: u8, bypass: bool) -> Device {
    let mut d = dev(
        driver,
        id,
        Some(if driver == "pxb" { "pci.0" } else { "pcie.0" }),
    );
    d.props.bus_nr = Some(bus_nr);
    d.props.bypass_iommu = Some(bypass);
    d
}

/// (function label: id or driver, translation kind) for every function.
fn kinds(d: &Design) -> Vec<(String, TranslationKind)> {
    let (mut t, diags) = resolve(d);
    assert!(diags.is_empty(), "{diags:?}");
    number_buses(d, &mut t);
    let tr = translate(d, &t);
    t.functions
        .iter()
        .zip(tr)
        .map(|(f, x)| (f.id.clone().unwrap_or_else(|| f.driver.clone()), x.kind))
        .collect()
}

fn kind_of(d: &Design, name: &str) -> TranslationKind {
    kinds(d)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|x| x.1)
        .expect("function")
}

fn q35(devices: Vec<Device>) -> Design {
    let mut d = Design {
        nodefaults: true,
        devices,
        ..Default::default()
    };
    d.machine.machine_type = MachineType::Q35;
    d
}

#[test]
fn no_viommu_means_none() {
    let d = q35(vec![dev("e1000e", "a", None)]);
    assert!(kinds(&d).iter().all(|(_, k)| *k == NoIommu));
}

#[test]
fn every_function_follows_its_root_bus_host_bridge() {
    // 7.2 run: root port and e1000e behind pxb-pcie,bypass_iommu=on → @system; pcie.0 → vIOMMU
    for iommu in ["intel-iommu", "amd-iommu", "virtio-iommu-pci"] {
        let mut devices = vec![
            dev(
                iommu,
                "vi",
                if iommu == "virtio-iommu-pci" {
                    Some("pcie.0")
                } else {
                    None
                },
            ),
            pxb("pxb-pcie", "p10", 0x10, false),
            pxb("pxb-pcie", "p20", 0x20, true),
            dev("pcie-root-port", "r10", Some("p10")),
            dev("pcie-root-port", "r20", Some("p20")),
            dev("e1000e", "n10", Some("r10")),
            dev("e1000e", "n20", Some("r20")),
            dev("pcie-root-port", "r0", Some("pcie.0")),
            dev("pcie-pci-bridge", "ppb", Some("r0")),
        ];
        devices[4].props.chassis = Some(2);
        devices[7].props.chassis = Some(3);
        let mut e1000 = dev("e1000", "old", Some("ppb"));
        e1000.addr = Some(PciAddr {
            slot: 1,
            function: 0,
        });
        devices.push(e1000);
        let d = q35(devices);
        for (name, want) in [
            ("p10", Iommu),
            ("p20", Iommu), // the expander device sits on pcie.0
            ("r10", Iommu),
            ("n10", Iommu),
            ("r20", Bypass),
            ("n20", Bypass),
            ("r0", Iommu),
            ("old", Iommu),
            ("mch", Iommu),
            ("ICH9-LPC", Iommu),
        ] {
            assert_eq!(kind_of(&d, name), want, "{iommu} {name}");
        }
        // the vIOMMU's own PCI function is translated like any other (7.2 and 10.0 mtree)
        let own = if iommu == "virtio-iommu-pci" {
            Some("vi")
        } else if iommu == "amd-iommu" {
            Some("AMDVI-PCI")
        } else {
            None
        };
        if let Some(own) = own {
            assert_eq!(kind_of(&d, own), Iommu);
        }
    }
}

#[test]
fn default_bus_bypass_on_q35_and_virt_but_not_pc() {
    let mut d = q35(vec![
        dev("intel-iommu", "i", None),
        dev("e1000e", "a", None),
    ]);
    d.machine.default_bus_bypass_iommu = true;
    assert!(kinds(&d).iter().all(|(_, k)| *k == Bypass));
    // virtio-iommu-pci itself bypasses too (7.2 mtree: @system)
    let mut d = q35(vec![
        dev("virtio-iommu-pci", "vi", None),
        dev("e1000e", "a", None),
    ]);
    d.machine.default_bus_bypass_iommu = true;
    assert!(kinds(&d).iter().all(|(_, k)| *k == Bypass));

    let mut d = q35(vec![dev("e1000", "a", None)]);
    d.machine.machine_type = MachineType::Virt;
    d.machine.iommu_smmuv3 = true;
    assert_eq!(kind_of(&d, "a"), Iommu);
    d.machine.default_bus_bypass_iommu = true;
    assert_eq!(kind_of(&d, "a"), Bypass);

    // pc ignores default_bus_bypass_iommu (notes §1.1, 7.2 run)
    let mut d = q35(vec![
        dev("virtio-iommu-pci", "vi", None),
        dev("e1000", "a", None),
    ]);
    d.machine.machine_type = MachineType::Pc;
    d.machine.default_bus_bypass_iommu = true;
    assert_eq!(kind_of(&d, "a"), Iommu);
    // ... but -global i440FX-pcihost.bypass-iommu=on works
    d.extra_args = vec!["-global".into(), "i440FX-pcihost.bypass-iommu=on".into()];
    assert_eq!(kind_of(&d, "a"), Bypass);
}

#[test]
fn legacy_pxb_quirk_on_pc() {
    // 7.2 and 10.2 runs: e1000 behind pxb,bypass_iommu=on on pc + virtio-iommu → translated
    let mut d = q35(vec![
        dev("virtio-iommu-pci", "vi", None),
        pxb("pxb", "p1", 8, true),
        dev("e1000", "x", Some("p1")),
    ]);
    d.machine.machine_type = MachineType::Pc;
    assert_eq!(kind_of(&d, "x"), Iommu);
    let (mut t, _) = resolve(&d);
    number_buses(&d, &mut t);
    let tr = translate(&d, &t);
    let x = t.function_by_id("x").expect("x");
    assert!(
        tr[x].reason().contains("requester ID"),
        "{}",
        tr[x].reason()
    );
}

#[test]
fn reason_chain_reads_from_device_to_verdict() {
    let mut rp = dev("pcie-root-port", "rp3", Some("pci.20"));
    rp.props.chassis = Some(3);
    let d = q35(vec![
        dev("intel-iommu", "iommu", None),
        pxb("pxb-pcie", "pci.20", 0x20, true),
        rp,
        dev("e1000e", "nic1", Some("rp3")),
    ]);
    let (mut t, _) = resolve(&d);
    number_buses(&d, &mut t);
    let tr = translate(&d, &t);
    let nic = t.function_by_id("nic1").expect("nic1");
    assert_eq!(
        tr[nic].steps,
        [
            "e1000e `nic1`",
            "root port `rp3`",
            "root bus `pci.20` of pxb-pcie `pci.20`, which has bypass_iommu=on",
            "bypasses intel-iommu",
        ]
    );
    assert_eq!(tr[nic].iommu.as_deref(), Some("intel-iommu"));
}
