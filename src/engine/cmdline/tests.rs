//! Import tests on hand-written command lines, and the round-trip property tests.

use proptest::prelude::*;

use super::{emit, import, to_shell_line, to_shell_lines};
use crate::engine::catalog::Driver;
use crate::engine::design::{Design, Firmware, KernelIrqchip, MachineType, PciAddr, QemuVersion};
use crate::engine::diagnostics::Severity;
use crate::engine::testing::{any_design, canonical_design};
use crate::engine::topology::Topology;

fn codes(diagnostics: &[crate::engine::Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn imports_the_seed_aarch64_example() {
    // docs/bypass-iommu.txt, verbatim (trailing backslash and all).
    let text = "qemu-system-aarch64 \\
 -machine virt,kernel_irqchip=on,iommu=smmuv3,default_bus_bypass_iommu=true \\
 -device pxb-pcie,bus_nr=0x10,id=pci.10,bus=pcie.0,addr=0x3.0x1 \\
 -device pxb-pcie,bus_nr=0x20,id=pci.20,bus=pcie.0,addr=0x3.0x2,bypass_iommu=true \\
";
    let (design, diagnostics) = import(text);
    assert_eq!(diagnostics, vec![]);
    let m = &design.machine;
    assert_eq!(m.machine_type, MachineType::Virt);
    assert!(m.iommu_smmuv3 && m.default_bus_bypass_iommu);
    assert_eq!(m.kernel_irqchip, Some(KernelIrqchip::On));
    assert_eq!(design.devices.len(), 2);
    let pxb = &design.devices[1];
    assert_eq!(
        (pxb.id.as_str(), pxb.bus.as_deref(), pxb.addr),
        (
            "pci.20",
            Some("pcie.0"),
            Some(PciAddr {
                slot: 3,
                function: 2
            })
        )
    );
    assert_eq!(pxb.props.bus_nr, Some(0x20));
    assert_eq!(pxb.props.bypass_iommu, Some(true));
    assert!(pxb.extra.is_empty());
}

#[test]
fn imports_the_seed_q35_example() {
    let text = "qemu-system-x86_64 \\
 -machine q35,accel=kvm,default_bus_bypass_iommu=true \\
 -device pxb-pcie,bus_nr=0x10,id=pci.10,bus=pcie.0,addr=0x3 \\
 -device pxb-pcie,bus_nr=0x20,id=pci.20,bus=pcie.0,addr=0x4,bypass_iommu=true \\
 -device intel-iommu \\
";
    let (design, diagnostics) = import(text);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(design.machine.accel.as_deref(), Some("kvm"));
    assert_eq!(design.devices[2].driver, Driver::IntelIommu);
    assert_eq!(design.devices[2].id, "intel-iommu-0");
    let line = to_shell_line(&emit(&design, &Topology::default()));
    assert_eq!(
        line,
        "qemu-system-x86_64 -machine q35,default_bus_bypass_iommu=on,accel=kvm \
         -device pxb-pcie,id=pci.10,bus=pcie.0,addr=0x3,bus_nr=0x10 \
         -device pxb-pcie,id=pci.20,bus=pcie.0,addr=0x4,bus_nr=0x20,bypass_iommu=on \
         -device intel-iommu,id=intel-iommu-0"
    );
}

#[test]
fn reports_qemu_value_errors_and_keeps_them_verbatim() {
    let (design, diagnostics) = import(
        "-M q35,default-bus-bypass-iommu=1 -device pxb-pcie,id=p,bus=pcie.0,bus_nr=16,bypass_iommu=1 \
         -device pxb-pcie,id=q,bus=pcie.0,bus_nr=0x20,bypass-iommu=on",
    );
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "Parameter 'default-bus-bypass-iommu' expects 'on' or 'off'",
            "Parameter 'bypass_iommu' expects 'on' or 'off'",
            "Property 'pxb-pcie.bypass-iommu' not found",
        ]
    );
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
    assert_eq!(design.devices[0].props.bus_nr, Some(16));
    assert_eq!(
        design.devices[0].extra,
        vec![("bypass_iommu".to_string(), "1".to_string())]
    );
    let argv = emit(&design, &Topology::default());
    assert!(argv.contains(&"q35,default-bus-bypass-iommu=1".to_string()));
    assert!(argv.contains(&"pxb-pcie,id=p,bus=pcie.0,bus_nr=0x10,bypass_iommu=1".to_string()));
}

#[test]
fn keeps_unknown_options_and_drivers_verbatim() {
    let (design, diagnostics) = import(
        "qemu-system-x86_64 -M pc-q35-7.2,hpet=off -enable-kvm -m 2G -smp 4 \
         -device ioh3420,id=rp,chassis=1 -nodefaults -vga none -nic none disk.img",
    );
    assert_eq!(
        codes(&diagnostics),
        vec!["unknown-driver", "unparsable-token"]
    );
    assert_eq!(design.qemu_version, QemuVersion::V7_2);
    assert_eq!(design.machine.type_name.as_deref(), Some("pc-q35-7.2"));
    assert_eq!(design.machine.accel.as_deref(), Some("kvm"));
    assert_eq!(
        design.machine.extra,
        vec![("hpet".to_string(), "off".to_string())]
    );
    assert!(design.nodefaults && design.vga_none && design.net_none);
    assert_eq!(
        design.extra_args,
        [
            "-m",
            "2G",
            "-smp",
            "4",
            "-device",
            "ioh3420,id=rp,chassis=1",
            "disk.img"
        ]
    );
}

#[test]
fn names_devices_and_keeps_automatic_bus_names_valid() {
    let (design, _) = import(
        "-M q35 -device pcie-root-port,bus=pcie.0,chassis=1 -device pcie-root-port,bus=pcie.0,chassis=2 \
         -device e1000e,bus=pcie.1 -device pcie-pci-bridge,bus=pcie.0 -device e1000,bus=pci.0,addr=1",
    );
    let ids: Vec<&str> = design.devices.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pcie-root-port-0",
            "pcie-root-port-1",
            "e1000e-0",
            "pcie-pci-bridge-0",
            "e1000-0"
        ]
    );
    // The second unnamed root port's bus is `pcie.1`; the first one's automatic name `pcie.0`
    // is shadowed by the main root bus.
    assert_eq!(design.devices[2].bus.as_deref(), Some("pcie-root-port-1"));
    assert_eq!(design.devices[4].bus.as_deref(), Some("pcie-pci-bridge-0"));
}

#[test]
fn folds_generated_backends() {
    let mut design = Design {
        numa_nodes: 2,
        firmware: Some(Firmware::Ovmf),
        ..Default::default()
    };
    for (driver, id) in [
        (Driver::Nvme, "nv"),
        (Driver::VirtioBlkPci, "blk"),
        (Driver::E1000e, "nic"),
    ] {
        design.devices.push(crate::engine::Device {
            addr: Some(PciAddr {
                slot: design.devices.len() as u8 + 3,
                function: 0,
            }),
            ..crate::engine::Device::new(driver, id, Some("pcie.0"))
        });
    }
    let argv = emit(&design, &Topology::default());
    let (back, diagnostics) = import(&to_shell_lines(&argv));
    assert_eq!(diagnostics, vec![]);
    assert_eq!(back, design);
}

#[test]
fn keeps_foreign_backends_verbatim() {
    let text = "-M q35 -m 1G -object memory-backend-ram,id=m0,size=512M \
        -object memory-backend-ram,id=m1,size=512M -numa node,nodeid=0,memdev=m0 \
        -numa node,nodeid=1,memdev=m1 -blockdev null-co,node-name=d0 \
        -device virtio-blk-pci,id=b,bus=pcie.0,addr=3,drive=d0";
    let (design, _) = import(text);
    assert_eq!(design.numa_nodes, 2);
    assert_eq!(design.extra_args.len(), 12);
    let argv = emit(&design, &Topology::default());
    assert_eq!(
        argv.iter().filter(|w| *w == "-numa").count(),
        2,
        "no generated NUMA nodes next to the user's"
    );
    assert!(!argv.iter().any(|w| w == "-drive"));
    assert_eq!(import(&to_shell_line(&argv)).0, design);
}

#[test]
fn warns_about_implicit_pci_functions() {
    let (_, diagnostics) = import(
        "-M virt -drive file=a.img,format=raw -drive if=none,id=x,file=b.img -nic user -nic user,model=e1000e",
    );
    assert_eq!(
        codes(&diagnostics),
        vec!["implicit-device", "implicit-device"]
    );
    let (_, diagnostics) = import("-M q35 -drive file=a.img -drive file=b.img,if=virtio");
    assert_eq!(codes(&diagnostics), vec!["implicit-device"]);
    let (_, diagnostics) = import("-M q35 -nodefaults -nic user");
    assert_eq!(codes(&diagnostics), vec!["implicit-device"]);
}

#[test]
fn reports_shell_errors_and_missing_machines() {
    let (_, diagnostics) = import("-M q35 -device 'e1000e");
    assert_eq!(
        codes(&diagnostics),
        vec!["shell-syntax", "missing-argument"]
    );
    let (design, diagnostics) = import("qemu-system-aarch64 -nodefaults");
    assert_eq!(design.machine.machine_type, MachineType::Virt);
    assert_eq!(codes(&diagnostics), vec!["no-machine"]);
    let (design, diagnostics) = import("-nodefaults");
    assert_eq!(design.machine.machine_type, MachineType::Pc);
    assert_eq!(codes(&diagnostics), vec!["default-machine"]);
    let (_, diagnostics) = import("qemu-system-aarch64 -M q35 -device");
    assert_eq!(
        codes(&diagnostics),
        vec!["missing-argument", "machine-arch-mismatch"]
    );
}

proptest! {

    /// import ∘ emit is the identity on canonical designs, with and without a resolved
    /// topology (explicit `bus=`/`addr=` always win over the topology's).
    #[test]
    fn import_emit_is_identity(design in canonical_design()) {
        let argv = emit(&design, &Topology::default());
        let (one_line, d1) = import(&to_shell_line(&argv));
        prop_assert_eq!(&one_line, &design, "argv: {:?}, diagnostics: {:?}", argv, d1);
        let (multi_line, _) = import(&to_shell_lines(&argv));
        prop_assert_eq!(&multi_line, &design);
        let resolved = crate::engine::analyze(&design).command_line;
        prop_assert_eq!(&resolved, &argv);
    }

    /// import → emit → import is stable for any design's command line, emitted with the
    /// resolved topology (automatic addresses made explicit).
    #[test]
    fn import_is_idempotent(design in any_design()) {
        let line = |d: &Design| to_shell_line(&crate::engine::analyze(d).command_line);
        let first = import(&line(&design)).0;
        let second = import(&line(&first)).0;
        prop_assert_eq!(&second, &first);
        let third = import(&line(&second)).0;
        prop_assert_eq!(third, second);
    }

    /// The engine answers every design without panicking, with a consistent `valid`.
    #[test]
    fn analyze_never_panics(design in any_design()) {
        let report = crate::engine::analyze(&design);
        prop_assert_eq!(
            report.valid,
            !report.diagnostics.iter().any(|d| d.severity == Severity::Error)
        );
        prop_assert_eq!(report.command_line.first().map(String::as_str), Some(design.machine.machine_type.binary()));
    }
}

#[test]
fn a_netdev_means_no_default_nic() {
    let (design, diagnostics) =
        import("-M q35 -netdev user,id=n0 -device e1000e,id=nic,bus=pcie.0,addr=3,netdev=n0");
    assert!(design.net_none);
    assert_eq!(codes(&diagnostics), vec!["default-nic-dropped"]);
    // A -nic takes the default NIC's place: the built-in stays modelled.
    let (design, _) = import("-M q35 -nic user,model=virtio-net-pci -netdev user,id=n0");
    assert!(!design.net_none);
    // The generated netdev of a design without default NIC folds away again.
    let (design, diagnostics) = import(
        "-M q35 -net none -netdev user,id=net-nic -device e1000e,id=nic,bus=pcie.0,addr=3,netdev=net-nic",
    );
    assert!(design.net_none && design.devices[0].extra.is_empty());
    assert_eq!(diagnostics, vec![]);
}
