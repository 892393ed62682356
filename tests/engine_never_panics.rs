//! `analyze` must never panic, whatever the design (a panic kills the wasm app), and its
//! answer must stay self-consistent.
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

use iommu_topo::engine::design::{Firmware, PciAddr};
use iommu_topo::engine::{analyze, Design, Device, Driver, MachineType, QemuVersion, Severity};
use proptest::prelude::*;

/// driver, bus choice, addr, multifunction, bus_nr, bypass_iommu, bus-reserve, short id.
type RawDevice = (
    usize,
    u8,
    Option<(u8, u8)>,
    bool,
    Option<u8>,
    Option<bool>,
    Option<u32>,
    bool,
);

fn device_strategy() -> impl Strategy<Value = RawDevice> {
    (
        0..Driver::ALL.len(),
        0u8..12,
        proptest::option::of((0u8..40, 0u8..10)),
        any::<bool>(),
        proptest::option::of(any::<u8>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0u32..300),
        any::<bool>(),
    )
}

fn build(
    machine: usize,
    version: bool,
    flags: (bool, bool, bool, bool, bool),
    firmware: usize,
    raw: Vec<RawDevice>,
) -> Design {
    let mut d = Design {
        qemu_version: if version {
            QemuVersion::V7_2
        } else {
            QemuVersion::V10_0
        },
        nodefaults: flags.0,
        vga_none: flags.1,
        net_none: flags.2,
        firmware: [
            None,
            Some(Firmware::Seabios),
            Some(Firmware::Ovmf),
            Some(Firmware::Aavmf),
        ]
        .get(firmware)
        .copied()
        .flatten(),
        ..Default::default()
    };
    d.machine.machine_type = MachineType::ALL[machine % 3];
    d.machine.default_bus_bypass_iommu = flags.3;
    d.machine.iommu_smmuv3 = flags.4;
    for (i, (driver, bus, addr, multi, nr, bypass, reserve, short_id)) in
        raw.into_iter().enumerate()
    {
        // ids: mostly unique, sometimes empty or repeated
        let id = if short_id {
            format!("d{}", i % 3)
        } else {
            format!("dev{i}")
        };
        let bus_name = match bus {
            0 => None,
            1 => Some("pcie.0".to_string()),
            2 => Some("pci.0".to_string()),
            3 => Some("nope".to_string()),
            4 => Some("pxb-internal".to_string()),
            n => Some(format!("dev{}", i.saturating_sub(usize::from(n)))),
        };
        let mut device = Device::new(Driver::ALL[driver], if i % 7 == 6 { "" } else { &id }, None);
        device.bus = bus_name;
        device.addr = addr.map(|(slot, function)| PciAddr { slot, function });
        device.multifunction = multi;
        device.props.bus_nr = nr;
        device.props.bypass_iommu = bypass;
        device.props.bus_reserve = reserve;
        device.props.chassis = Some((i % 250) as u8 + 1);
        d.devices.push(device);
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn analyze_never_panics(
        machine in 0usize..3,
        version in any::<bool>(),
        flags in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        firmware in 0usize..4,
        raw in proptest::collection::vec(device_strategy(), 0..24),
    ) {
        let design = build(machine, version, flags, firmware, raw);
        let report = analyze(&design);
        let has_error = report.diagnostics.iter().any(|d| d.severity == Severity::Error);
        prop_assert_eq!(report.valid, !has_error);
        prop_assert_eq!(report.devices.len(), report.topology.functions.len());
        prop_assert_eq!(report.translations.len(), report.topology.functions.len());
        for bus in &report.topology.buses {
            let devfns: Vec<u8> = bus.devices.iter().map(|&f| report.topology.functions[f].devfn).collect();
            let mut sorted = devfns.clone();
            sorted.sort_unstable();
            sorted.dedup();
            prop_assert_eq!(devfns, sorted);
        }
    }
}
