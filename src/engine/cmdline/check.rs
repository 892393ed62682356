//! QEMU's option-parsing errors for values a design keeps verbatim: a property value QEMU
//! cannot parse (`Parameter 'bypass_iommu' expects 'on' or 'off'`), a property the driver does
//! not have (`Property 'pxb-pcie.bypass-iommu' not found`), a malformed id. QEMU refuses to
//! start on each of these, so they are errors; [`crate::engine::analyze`] reports them.

use super::{keyval, props};
use crate::engine::catalog::Driver;
use crate::engine::design::Design;
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

/// The option-parsing errors of a design (empty for a design built from known fields only).
pub fn check(design: &Design) -> Vec<Diagnostic> {
    let mut out = Vec::new();
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
