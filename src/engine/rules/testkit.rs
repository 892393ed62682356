//! Test helper: designs written like QEMU options, so rule tests read as data.
//! `-machine` as `"q35,default_bus_bypass_iommu=on"`, each `-device` as
//! `"pcie-root-port,id=r1,bus=pcie.0,chassis=1"`. Shared by the in-crate tests and
//! `tests/engine_rules.rs` (which includes this file by path), so it names the engine only
//! through `crate::engine`. Panics on a malformed spec: test input only.

#![allow(dead_code)]

use crate::engine::catalog::Driver;
use crate::engine::design::{
    Design, Device, Firmware, KernelIrqchip, MachineType, OnOffAuto, PciAddr, QemuVersion,
};

fn on(value: &str) -> bool {
    matches!(value, "on" | "true" | "yes" | "y")
}

fn on_off_auto(value: &str) -> OnOffAuto {
    match value {
        "auto" => OnOffAuto::Auto,
        v if on(v) => OnOffAuto::On,
        _ => OnOffAuto::Off,
    }
}

fn number<T: std::str::FromStr>(value: &str) -> T {
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok().map(|v| v.to_string()),
        None => Some(value.to_string()),
    };
    parsed
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("bad number {value}"))
}

/// A design for `version` (`"7.2"` / `"10.0"`), a `-machine` spec and `-device` specs.
/// Extra pseudo machine keys: `numa=N` (number of `-numa node`), `firmware=ovmf`.
pub fn design(version: &str, machine: &str, devices: &[&str]) -> Design {
    let mut design = Design {
        qemu_version: QemuVersion::parse(version).expect("version"),
        ..Default::default()
    };
    let mut parts = machine.split(',');
    design.machine.machine_type = match parts.next() {
        Some("pc") => MachineType::Pc,
        Some("virt") => MachineType::Virt,
        _ => MachineType::Q35,
    };
    for part in parts {
        let (key, value) = part.split_once('=').unwrap_or((part, "on"));
        match key.replace('-', "_").as_str() {
            "default_bus_bypass_iommu" => design.machine.default_bus_bypass_iommu = on(value),
            "iommu" => design.machine.iommu_smmuv3 = value == "smmuv3",
            "its" => design.machine.its = Some(on(value)),
            "kernel_irqchip" => {
                design.machine.kernel_irqchip = Some(match value {
                    "split" => KernelIrqchip::Split,
                    "off" => KernelIrqchip::Off,
                    _ => KernelIrqchip::On,
                })
            }
            "numa" => design.numa_nodes = number(value),
            "accel" => design.machine.accel = Some(value.to_string()),
            "firmware" => {
                design.firmware = Some(match value {
                    "ovmf" => Firmware::Ovmf,
                    "aavmf" => Firmware::Aavmf,
                    _ => Firmware::Seabios,
                })
            }
            other => panic!("unknown machine key {other}"),
        }
    }
    design.devices = devices.iter().map(|spec| device(spec)).collect();
    design
}

/// One `-device` spec.
pub fn device(spec: &str) -> Device {
    let mut parts = spec.split(',');
    let name = parts.next().unwrap_or_default();
    let driver = Driver::from_name(name).unwrap_or_else(|| panic!("unknown driver {name}"));
    let mut device = Device::new(driver, "", None);
    for part in parts {
        let (key, value) = part.split_once('=').unwrap_or((part, "on"));
        let p = &mut device.props;
        match key {
            "id" => device.id = value.to_string(),
            "bus" => device.bus = Some(value.to_string()),
            "addr" => {
                let (slot, function) = value.split_once('.').unwrap_or((value, "0"));
                device.addr = Some(PciAddr {
                    slot: number(slot),
                    function: number(function),
                });
            }
            "multifunction" => device.multifunction = on(value),
            "bus_nr" => p.bus_nr = Some(number(value)),
            "numa_node" => p.numa_node = Some(number(value)),
            "bypass_iommu" => p.bypass_iommu = Some(on(value)),
            "chassis" => p.chassis = Some(number(value)),
            "slot" => p.slot = Some(number(value)),
            "bus-reserve" => p.bus_reserve = Some(number(value)),
            "chassis_nr" => p.chassis_nr = Some(number(value)),
            "host" => p.host = Some(value.to_string()),
            "intremap" => p.intremap = Some(on_off_auto(value)),
            "caching-mode" => p.caching_mode = Some(on(value)),
            "device-iotlb" => p.device_iotlb = Some(on(value)),
            "aw-bits" => p.aw_bits = Some(number(value)),
            "eim" => p.eim = Some(on(value)),
            "xtsup" => p.xtsup = Some(on(value)),
            "boot-bypass" => p.boot_bypass = Some(on(value)),
            other => panic!("unknown device key {other}"),
        }
    }
    if device.id.is_empty() {
        device.id = name.to_string();
    }
    device
}

use crate::engine::diagnostics::{Diagnostic, Severity};

/// One rule test: a design in, the diagnostics out.
pub struct Case {
    /// What it shows.
    pub name: &'static str,
    /// `"7.2"` or `"10.0"`.
    pub version: &'static str,
    /// `-machine` spec.
    pub machine: &'static str,
    /// `-device` specs, in order.
    pub devices: &'static [&'static str],
    /// Expected diagnostics: severity, code, and the message — exact for errors (QEMU's text),
    /// a fragment for warnings and infos.
    pub expect: &'static [(Severity, &'static str, &'static str)],
}

impl Case {
    /// The design of this case.
    pub fn design(&self) -> Design {
        design(self.version, self.machine, self.devices)
    }
}

/// Checks `cases` against `run`. Every expected diagnostic must appear; among diagnostics
/// whose code `owned` accepts, no error or warning may appear that is not expected.
pub fn run_cases(
    cases: &[Case],
    run: impl Fn(&Design) -> Vec<Diagnostic>,
    owned: impl Fn(&str) -> bool,
) {
    let mut failures = Vec::new();
    for case in cases {
        let got = run(&case.design());
        for &(severity, code, text) in case.expect {
            let found = got.iter().any(|d| {
                d.severity == severity
                    && d.code == code
                    && if severity == Severity::Error {
                        d.message == text
                    } else {
                        d.message.contains(text)
                    }
            });
            if !found {
                failures.push(format!(
                    "{}: missing {severity:?} {code} {text:?}; got {got:#?}",
                    case.name
                ));
            }
        }
        for d in &got {
            if d.severity == Severity::Info || !owned(&d.code) {
                continue;
            }
            let expected = case
                .expect
                .iter()
                .any(|&(s, c, _)| s == d.severity && c == d.code);
            if !expected {
                failures.push(format!("{}: unexpected {d:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
