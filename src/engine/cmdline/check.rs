//! QEMU's option-parsing errors for values a design keeps verbatim: a property value QEMU
//! cannot parse (`Parameter 'bypass_iommu' expects 'on' or 'off'`), a property the driver does
//! not have (`Property 'pxb-pcie.bypass-iommu' not found`), a malformed id. QEMU refuses to
//! start on each of these, so they are errors; [`crate::engine::analyze`] reports them.

use super::{keyval, props};
use crate::engine::catalog::Driver;
use crate::engine::design::{Design, QemuVersion};
use crate::engine::diagnostics::Diagnostic;

/// Property names that exist only on the PXBs; on another driver QEMU says
/// `Property '<driver>.<name>' not found`. `bypass-iommu` (dashed) exists on no device at all
/// (only on host bridges, which are not `-device`s): hw/pci-bridge/pci_expander_bridge.c.
fn not_found(driver: Driver, key: &str) -> bool {
    match key {
        "bypass-iommu" => true,
        "bypass_iommu" | "bus_nr" => !props::applies(driver, key),
        _ => false,
    }
}

/// A size as QEMU's `qemu_strtosz` reads it (`-object ...,size=`): bytes unless suffixed
/// `K`/`M`/`G`/`T`.
fn parse_size_bytes(text: &str) -> Option<u64> {
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits.parse().ok()?;
    let shift = match unit {
        "" | "B" => 0,
        "K" | "k" => 10,
        "M" | "m" => 20,
        "G" | "g" => 30,
        "T" | "t" => 40,
        _ => return None,
    };
    n.checked_mul(1u64 << shift)
}

/// `-numa node` options kept verbatim must bring memory adding up to `-m`; on the machine
/// types of 7.2/10.0 nodes get memory only from `memdev=` (hw/core/numa.c
/// `numa_complete_configuration`, `parse_numa_node`). Generated NUMA options always add up.
fn numa_memory(design: &Design) -> Option<Diagnostic> {
    let args = &design.extra_args;
    let options: Vec<(&str, &str)> = args
        .windows(2)
        .filter(|w| w[0].starts_with('-'))
        .map(|w| (w[0].as_str(), w[1].as_str()))
        .collect();
    let nodes: Vec<Vec<keyval::Pair>> = options
        .iter()
        .filter(|(o, _)| *o == "-numa")
        .map(|(_, a)| keyval::split(a))
        .filter(|p| {
            p.first()
                .is_some_and(|f| f.key == "node" && f.value.is_none())
        })
        .collect();
    if nodes.is_empty() {
        return None;
    }
    let value = |pairs: &[keyval::Pair], key: &str| {
        pairs
            .iter()
            .rev()
            .find(|p| p.key == key)
            .and_then(|p| p.value.clone())
    };
    if nodes.iter().any(|n| value(n, "mem").is_some()) {
        let legacy = design
            .machine
            .type_name
            .as_deref()
            .and_then(|t| t.rsplit('-').next())
            .and_then(|v| v.split('.').next())
            .and_then(|major| major.parse::<u32>().ok())
            .is_some_and(|major| major < 5);
        if legacy {
            return None;
        }
        return Some(Diagnostic::error(
            "numa-mem-unsupported",
            "Parameter -numa node,mem is not supported by this machine type",
            Some("machine"),
        ));
    }
    let objects: Vec<Vec<keyval::Pair>> = options
        .iter()
        .filter(|(o, _)| *o == "-object")
        .map(|(_, a)| keyval::split(a))
        .collect();
    let mut total: u64 = 0;
    for node in &nodes {
        if let Some(memdev) = value(node, "memdev") {
            let object = objects
                .iter()
                .find(|o| value(o, "id").as_deref() == Some(memdev.as_str()))?;
            total = total.checked_add(parse_size_bytes(&value(object, "size")?)?)?;
        }
    }
    let ram_mib = match options.iter().rev().find(|(o, _)| *o == "-m") {
        Some((_, arg)) => super::backends::parse_mem_mib(arg)?,
        None => 128,
    };
    let ram = ram_mib.checked_mul(1 << 20)?;
    (total != ram).then(|| {
        Diagnostic::error(
            "numa-memory-mismatch",
            format!("total memory for NUMA nodes (0x{total:x}) should equal RAM size (0x{ram:x})"),
            Some("machine"),
        )
    })
}

/// A versioned machine type newer than the QEMU release does not exist there
/// (`-M pc-q35-10.0` on 7.2: `unsupported machine type`).
fn machine_version(design: &Design) -> Option<Diagnostic> {
    let name = design.machine.type_name.as_deref()?;
    let wanted = design.machine_type_version();
    let have = match design.qemu_version {
        QemuVersion::V7_2 => (7, 2),
        QemuVersion::V10_0 => (10, 0),
    };
    (wanted > have).then(|| {
        Diagnostic::error(
            "unsupported-machine-version",
            format!(
                "unsupported machine type (QEMU {} has no '{name}')",
                design.qemu_version.as_str()
            ),
            Some("machine"),
        )
    })
}

/// The option-parsing errors of a design (empty for a design built from known fields only).
pub fn check(design: &Design) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(machine_version(design));
    out.extend(numa_memory(design));
    let machine = &design.machine;
    for (key, value) in &machine.extra {
        let dashed = keyval::dashify(key);
        match dashed.as_str() {
            // softmmu/vl.c parses -machine with keyval, so errors name the dashed key.
            "default-bus-bypass-iommu" | "its" if keyval::parse_bool(value).is_none() => {
                out.push(Diagnostic::error(
                    "invalid-property-value",
                    keyval::bool_error(&dashed),
                    Some("machine"),
                ));
            }
            "kernel-irqchip" => out.push(Diagnostic::warning(
                "invalid-property-value",
                format!(
                    "kernel-irqchip={value}: QEMU accepts only on, off or split (ignored under TCG, refused with KVM)"
                ),
                Some("machine"),
            )),
            _ => {}
        }
    }
    for device in &design.devices {
        let node = Some(device.id.as_str());
        if !keyval::id_wellformed(&device.id) {
            out.push(Diagnostic::error(
                "invalid-id",
                format!(
                    "{} (got '{}'): Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
                    keyval::ID_ERROR,
                    device.id
                ),
                node,
            ));
        }
        let driver = device.driver;
        for (key, value) in &device.extra {
            let error = match key.as_str() {
                "addr" if keyval::parse_pci_addr(value).is_none() => {
                    Some(keyval::addr_error(driver.name(), value))
                }
                "multifunction" if keyval::parse_bool(value).is_none() => {
                    Some(keyval::bool_error(key))
                }
                _ if not_found(driver, key) => {
                    Some(format!("Property '{}.{key}' not found", driver.name()))
                }
                _ if props::applies(driver, key) => props::validate(key, value).err(),
                _ => None,
            };
            if let Some(message) = error {
                let code = if message.ends_with("not found") {
                    "property-not-found"
                } else {
                    "invalid-property-value"
                };
                out.push(Diagnostic::error(code, message, node));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::design::Device;

    fn numa(args: &str) -> Option<String> {
        let design = Design {
            extra_args: args.split(' ').map(str::to_string).collect(),
            ..Default::default()
        };
        numa_memory(&design).map(|d| d.message)
    }

    #[test]
    fn machine_version_must_exist() {
        let mut design = Design::default();
        design.machine.type_name = Some("pc-q35-10.0".into());
        assert_eq!(machine_version(&design), None);
        design.qemu_version = QemuVersion::V7_2;
        assert_eq!(
            machine_version(&design).map(|d| d.code),
            Some("unsupported-machine-version".to_string())
        );
        design.machine.type_name = Some("pc-q35-7.2".into());
        assert_eq!(machine_version(&design), None);
    }

    #[test]
    fn numa_memory_must_add_up() {
        // Messages as QEMU 7.2 and 10.0 print them.
        assert_eq!(
            numa("-numa node,nodeid=0 -numa node,nodeid=1").as_deref(),
            Some("total memory for NUMA nodes (0x0) should equal RAM size (0x8000000)")
        );
        assert_eq!(
            numa("-m 1G -object memory-backend-ram,id=a,size=512M -numa node,memdev=a").as_deref(),
            Some("total memory for NUMA nodes (0x20000000) should equal RAM size (0x40000000)")
        );
        assert_eq!(
            numa("-m 1G -numa node,nodeid=0,mem=1G").as_deref(),
            Some("Parameter -numa node,mem is not supported by this machine type")
        );
        assert_eq!(
            numa("-m 1G -object memory-backend-ram,id=a,size=1G -numa node,memdev=a"),
            None
        );
        assert_eq!(numa("-smp 2"), None);
    }

    #[test]
    fn reports_qemu_parse_errors() {
        let mut design = Design::default();
        design
            .machine
            .extra
            .push(("default_bus_bypass_iommu".into(), "1".into()));
        let mut pxb = Device::new(Driver::PxbPcie, "pxb1", Some("pcie.0"));
        pxb.extra.push(("bypass-iommu".into(), "on".into()));
        pxb.extra.push(("addr".into(), "zz".into()));
        let mut rp = Device::new(Driver::PcieRootPort, "1rp", Some("pcie.0"));
        rp.extra.push(("bypass_iommu".into(), "on".into()));
        design.devices = vec![pxb, rp];
        let messages: Vec<String> = check(&design).into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            vec![
                "Parameter 'default-bus-bypass-iommu' expects 'on' or 'off'".to_string(),
                "Property 'pxb-pcie.bypass-iommu' not found".into(),
                "Property 'pxb-pcie.addr' doesn't take value 'zz'".into(),
                "Parameter 'id' expects an identifier (got '1rp'): Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.".into(),
                "Property 'pcie-root-port.bypass_iommu' not found".into(),
            ]
        );
    }
}
