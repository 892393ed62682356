//! The `-device` properties the design model knows: which drivers have them, how QEMU parses
//! their values (with QEMU's error texts), and how we spell them on the command line.

use super::keyval;
use crate::engine::catalog::Driver;
use crate::engine::design::{DeviceProps, OnOffAuto};

/// How QEMU parses a property value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QemuType {
    U8,
    U16,
    U32,
    Bool,
    OnOffAuto,
    Str,
}

/// Known property names in the order we emit them, with their QEMU type.
const PROPS: &[(&str, QemuType)] = &[
    ("bus_nr", QemuType::U8),
    ("numa_node", QemuType::U16),
    ("bypass_iommu", QemuType::Bool),
    ("chassis", QemuType::U8),
    ("slot", QemuType::U16),
    ("bus-reserve", QemuType::U32),
    ("chassis_nr", QemuType::U8),
    ("host", QemuType::Str),
    ("intremap", QemuType::OnOffAuto),
    ("caching-mode", QemuType::Bool),
    ("device-iotlb", QemuType::Bool),
    ("aw-bits", QemuType::U8),
    ("eim", QemuType::OnOffAuto),
    ("xtsup", QemuType::Bool),
    ("boot-bypass", QemuType::Bool),
];

fn qemu_type(name: &str) -> Option<QemuType> {
    PROPS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// True when `name` is one of the properties the model knows (for some driver).
#[cfg(test)]
pub fn is_known(name: &str) -> bool {
    qemu_type(name).is_some()
}

/// True when `driver` has the known property `name` (QEMU's spelling, e.g. `bypass_iommu`
/// only on the PXBs: hw/pci-bridge/pci_expander_bridge.c `pxb_dev_properties`).
pub fn applies(driver: Driver, name: &str) -> bool {
    use Driver::*;
    match name {
        "bus_nr" | "numa_node" | "bypass_iommu" => matches!(driver, Pxb | PxbPcie),
        "chassis" | "slot" => matches!(driver, PcieRootPort | Xio3130Downstream),
        "bus-reserve" => driver == PcieRootPort,
        "chassis_nr" => driver == PciBridge,
        "host" => driver == VfioPci,
        "intremap" | "device-iotlb" => matches!(driver, IntelIommu | AmdIommu),
        "caching-mode" | "aw-bits" | "eim" => driver == IntelIommu,
        "xtsup" => driver == AmdIommu,
        "boot-bypass" => driver == VirtioIommuPci,
        _ => false,
    }
}

/// Checks `value` the way QEMU parses property `name`: `Err` carries QEMU's message.
pub fn validate(name: &str, value: &str) -> Result<(), String> {
    match qemu_type(name) {
        Some(QemuType::U8) => keyval::parse_uint_prop(name, value, 8).map(drop),
        Some(QemuType::U16) => keyval::parse_uint_prop(name, value, 16).map(drop),
        Some(QemuType::U32) => keyval::parse_uint_prop(name, value, 32).map(drop),
        Some(QemuType::Bool) => keyval::parse_bool(value)
            .map(drop)
            .ok_or_else(|| keyval::bool_error(name)),
        Some(QemuType::OnOffAuto) => parse_on_off_auto(value)
            .map(drop)
            .ok_or_else(|| keyval::enum_error(name, value)),
        Some(QemuType::Str) | None => Ok(()),
    }
}

fn parse_on_off_auto(value: &str) -> Option<OnOffAuto> {
    match value {
        "on" => Some(OnOffAuto::On),
        "off" => Some(OnOffAuto::Off),
        "auto" => Some(OnOffAuto::Auto),
        _ => None,
    }
}

fn on_off_auto(value: OnOffAuto) -> &'static str {
    match value {
        OnOffAuto::On => "on",
        OnOffAuto::Off => "off",
        OnOffAuto::Auto => "auto",
    }
}

/// Stores a known property into `props`. `Ok(true)`: stored; `Ok(false)`: QEMU accepts the
/// value but the model cannot hold it (e.g. `eim=auto`), keep it verbatim; `Err`: QEMU's
/// error for the value (keep it verbatim too, so the emitted line fails the same way).
pub fn set(props: &mut DeviceProps, name: &str, value: &str) -> Result<bool, String> {
    validate(name, value)?;
    let uint = |bits| keyval::parse_uint_prop(name, value, bits);
    let boolean = || keyval::parse_bool(value).unwrap_or(false);
    match name {
        "bus_nr" => props.bus_nr = Some(uint(8)? as u8),
        "numa_node" => props.numa_node = Some(uint(16)? as u16),
        "bypass_iommu" => props.bypass_iommu = Some(boolean()),
        "chassis" => props.chassis = Some(uint(8)? as u8),
        "slot" => props.slot = Some(uint(16)? as u16),
        "bus-reserve" => props.bus_reserve = Some(uint(32)? as u32),
        "chassis_nr" => props.chassis_nr = Some(uint(8)? as u8),
        "host" => props.host = Some(value.to_string()),
        "intremap" => props.intremap = parse_on_off_auto(value),
        "caching-mode" => props.caching_mode = Some(boolean()),
        "device-iotlb" => props.device_iotlb = Some(boolean()),
        "aw-bits" => props.aw_bits = Some(uint(8)? as u8),
        "eim" => match parse_on_off_auto(value) {
            Some(OnOffAuto::On) => props.eim = Some(true),
            Some(OnOffAuto::Off) => props.eim = Some(false),
            _ => return Ok(false),
        },
        "xtsup" => props.xtsup = Some(boolean()),
        "boot-bypass" => props.boot_bypass = Some(boolean()),
        _ => return Ok(false),
    }
    Ok(true)
}

/// `props` with only the properties `driver` has (the canonical form import produces).
pub fn retain_applicable(driver: Driver, props: &DeviceProps) -> DeviceProps {
    let mut out = DeviceProps::default();
    for (name, value) in emit(props) {
        if applies(driver, &name) {
            // Values from `emit` always parse; a failure just leaves the field unset.
            let _ = set(&mut out, &name, &value);
        }
    }
    out
}

/// The set properties as `(name, value)` in QEMU spelling, in a fixed order. Hex for bus
/// numbers (as QEMU's docs write them), decimal otherwise.
pub fn emit(props: &DeviceProps) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push((name.to_string(), value));
        }
    };
    let flag = |b: Option<bool>| b.map(|b| keyval::on_off(b).to_string());
    push("bus_nr", props.bus_nr.map(|n| format!("{n:#x}")));
    push("numa_node", props.numa_node.map(|n| n.to_string()));
    push("bypass_iommu", flag(props.bypass_iommu));
    push("chassis", props.chassis.map(|n| n.to_string()));
    push("slot", props.slot.map(|n| n.to_string()));
    push("bus-reserve", props.bus_reserve.map(|n| n.to_string()));
    push("chassis_nr", props.chassis_nr.map(|n| n.to_string()));
    push("host", props.host.clone());
    push(
        "intremap",
        props.intremap.map(|v| on_off_auto(v).to_string()),
    );
    push("caching-mode", flag(props.caching_mode));
    push("device-iotlb", flag(props.device_iotlb));
    push("aw-bits", props.aw_bits.map(|n| n.to_string()));
    push("eim", flag(props.eim));
    push("xtsup", flag(props.xtsup));
    push("boot-bypass", flag(props.boot_bypass));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_emitted_name_is_known() {
        let props = DeviceProps {
            bus_nr: Some(16),
            numa_node: Some(1),
            bypass_iommu: Some(true),
            chassis: Some(1),
            slot: Some(2),
            bus_reserve: Some(3),
            chassis_nr: Some(4),
            host: Some("0000:3b:00.0".into()),
            intremap: Some(OnOffAuto::Auto),
            caching_mode: Some(true),
            device_iotlb: Some(false),
            aw_bits: Some(48),
            eim: Some(true),
            xtsup: Some(false),
            boot_bypass: Some(true),
        };
        let mut back = DeviceProps::default();
        for (name, value) in emit(&props) {
            assert!(is_known(&name), "{name}");
            assert_eq!(set(&mut back, &name, &value), Ok(true), "{name}");
        }
        assert_eq!(back, props);
    }

    #[test]
    fn reports_qemu_errors() {
        let mut props = DeviceProps::default();
        assert_eq!(
            set(&mut props, "bypass_iommu", "1"),
            Err("Parameter 'bypass_iommu' expects 'on' or 'off'".to_string())
        );
        assert_eq!(
            set(&mut props, "intremap", "maybe"),
            Err("Parameter 'intremap' does not accept value 'maybe'".to_string())
        );
        assert_eq!(set(&mut props, "eim", "auto"), Ok(false));
        assert!(applies(Driver::PxbPcie, "bypass_iommu"));
        assert!(!applies(Driver::PxbPcie, "bypass-iommu"));
        assert!(!applies(Driver::PcieRootPort, "bypass_iommu"));
    }
}
