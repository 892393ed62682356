//! PCI Express ports: unique (chassis, slot), the single slot below a port, and the SeaBIOS
//! `bus-reserve` trap.

use std::collections::HashSet;

use crate::engine::catalog::{Category, Driver};
use crate::engine::design::{Firmware, QemuVersion};
use crate::engine::diagnostics::Diagnostic;

use super::facts::Facts;

/// Every port diagnostic.
pub fn check(facts: &Facts, out: &mut Vec<Diagnostic>) {
    chassis_slot(facts, out);
    slot_zero(facts, out);
    bus_reserve(facts, out);
}

/// hw/pci/pcie.c pcie_chassis_add_slot (called from hw/pci-bridge/pcie_root_port.c
/// rp_realize and hw/pci-bridge/xio3130_downstream.c): root ports and switch downstream
/// ports share one (chassis, slot) space; both default to 0, so a second port without them
/// fails with -EBUSY.
fn chassis_slot(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<(u8, u16)> = HashSet::new();
    for device in &facts.design.devices {
        if !device.driver.is_single_slot_port() {
            continue;
        }
        let key = (
            device.props.chassis.unwrap_or(0),
            device.props.slot.unwrap_or(0),
        );
        if !seen.insert(key) {
            out.push(Diagnostic::error(
                "chassis-slot-in-use",
                "Can't add chassis slot, error -16",
                Some(device.id.as_str()),
            ));
        }
    }
}

/// hw/pci/pci.c pci_qdev_realize (10.0: "is not valid for ... only allows plugging into slot
/// 0"; 7.2 silent): below a root or downstream port only device 0 is reachable; Linux scans
/// only slot 0 there (a PCIe link has one device).
fn slot_zero(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let design = facts.design;
    let topo = facts.topology;
    for (index, device) in design.devices.iter().enumerate() {
        if !device.driver.is_pci() {
            continue;
        }
        let Some(parent) = device.bus.as_deref().and_then(|b| design.device(b)) else {
            continue;
        };
        if !parent.driver.is_single_slot_port() {
            continue;
        }
        // The slot QEMU gives it: the topology's when resolved, else the explicit `addr=`.
        let slot = topo
            .functions
            .iter()
            .find(|f| f.device_index == Some(index))
            .map(|f| f.addr().slot)
            .or(device.addr.map(|a| a.slot));
        let Some(slot) = slot.filter(|&s| s != 0) else {
            continue;
        };
        let qemu_text = format!(
            "PCI: slot {slot} is not valid for {}, parent device only allows plugging into \
             slot 0.",
            device.driver.name()
        );
        let message = match design.qemu_version {
            QemuVersion::V10_0 => format!(
                "{qemu_text} The guest only scans slot 0 below '{}', so '{}' is invisible to it.",
                parent.id, device.id
            ),
            QemuVersion::V7_2 => format!(
                "'{}' sits in slot {slot} below '{}' ({}): QEMU 7.2 accepts this silently \
                 (10.0 warns \"{qemu_text}\"), but the guest only scans slot 0 below a PCIe \
                 port, so the device is invisible to it.",
                device.id,
                parent.id,
                parent.driver.name()
            ),
        };
        out.push(Diagnostic::warning(
            "slot-not-zero-below-port",
            message,
            Some(device.id.as_str()),
        ));
    }
}

/// SeaBIOS (src/fw/pciinit.c pci_bios_init_bus_rec) with a QEMU resource-reserve capability
/// (hw/pci/pci_bridge.c pci_bridge_qemu_reserve_cap_init, `pcie-root-port,bus-reserve=N`):
/// with another bridge behind such a port SeaBIOS numbered buses twice or hung before
/// installing the ACPI tables (observed, qemu-versions.md "A firmware trap").
fn bus_reserve(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let design = facts.design;
    if design.effective_firmware() != Firmware::Seabios {
        return;
    }
    for port in &design.devices {
        if port.driver != Driver::PcieRootPort || port.props.bus_reserve.is_none() {
            continue;
        }
        let bridge = design.devices.iter().find(|d| {
            d.bus.as_deref() == Some(port.id.as_str()) && d.driver.category() == Category::Bridge
        });
        if let Some(bridge) = bridge {
            out.push(Diagnostic::warning(
                "bus-reserve-with-bridge",
                format!(
                    "'{}' has bus-reserve and a bridge ('{}', {}) behind it: SeaBIOS then \
                     numbers the buses below it twice or hangs before installing the ACPI \
                     tables. Use bus-reserve only on ports with an endpoint behind them.",
                    port.id,
                    bridge.id,
                    bridge.driver.name()
                ),
                Some(port.id.as_str()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Case;
    use crate::engine::diagnostics::Severity::{Error, Warning};

    const CHASSIS: &str = "Can't add chassis slot, error -16";

    const CASES: &[Case] = &[
        Case {
            name: "two root ports with default chassis and slot",
            version: "7.2",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0", "pcie-root-port,id=rp2,bus=pcie.0"],
            expect: &[(Error, "chassis-slot-in-use", CHASSIS)],
        },
        Case {
            name: "same chassis and slot",
            version: "10.0",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=2",
                       "pcie-root-port,id=rp2,bus=pcie.0,chassis=1,slot=2"],
            expect: &[(Error, "chassis-slot-in-use", CHASSIS)],
        },
        Case {
            name: "a downstream port collides with a root port",
            version: "10.0",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                       "x3130-upstream,id=up,bus=rp1",
                       "xio3130-downstream,id=dn1,bus=up,chassis=1"],
            expect: &[(Error, "chassis-slot-in-use", CHASSIS)],
        },
        Case {
            name: "distinct (chassis, slot) pairs are fine",
            version: "7.2",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=0",
                       "pcie-root-port,id=rp2,bus=pcie.0,chassis=0,slot=1",
                       "x3130-upstream,id=up,bus=rp1",
                       "xio3130-downstream,id=dn1,bus=up,chassis=2",
                       "xio3130-downstream,id=dn2,bus=up,chassis=2,slot=1"],
            expect: &[],
        },
        Case {
            name: "slot 1 below a root port (10.0 warns with QEMU's text)",
            version: "10.0",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                       "e1000e,id=net0,bus=rp1,addr=1.0"],
            expect: &[(Warning, "slot-not-zero-below-port",
                       "PCI: slot 1 is not valid for e1000e, parent device only allows plugging into slot 0.")],
        },
        Case {
            name: "slot 2 below a downstream port (7.2 is silent)",
            version: "7.2",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                       "x3130-upstream,id=up,bus=rp1",
                       "xio3130-downstream,id=dn1,bus=up,chassis=2",
                       "nvme,id=disk,bus=dn1,addr=2.0"],
            expect: &[(Warning, "slot-not-zero-below-port", "QEMU 7.2 accepts this silently")],
        },
        Case {
            name: "bus-reserve with a switch behind the port (SeaBIOS)",
            version: "7.2",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bus-reserve=4",
                       "x3130-upstream,id=up,bus=rp1"],
            expect: &[(Warning, "bus-reserve-with-bridge", "'rp1' has bus-reserve and a bridge ('up'")],
        },
        Case {
            name: "bus-reserve with an endpoint behind the port is fine",
            version: "7.2",
            machine: "q35",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bus-reserve=4",
                       "nvme,id=disk,bus=rp1"],
            expect: &[],
        },
        Case {
            name: "bus-reserve with a bridge under OVMF: not the SeaBIOS trap",
            version: "10.0",
            machine: "q35,firmware=ovmf",
            devices: &["pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bus-reserve=4",
                       "pcie-pci-bridge,id=br,bus=rp1"],
            expect: &[],
        },
    ];

    #[test]
    fn port_rules() {
        super::super::run_unit_cases(CASES);
    }
}
