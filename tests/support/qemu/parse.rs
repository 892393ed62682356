//! Parsers for HMP text: `info qtree` (every PCI function with its live bus number, qdev type
//! and id) and `info mtree -o -D` (each function's bus-master address-space root).

/// One PCI function as `info qtree` shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QtreeFunction {
    /// qdev type (`e1000e`, `pcie-root-port`, `mch`, ...).
    pub qdev_type: String,
    /// qdev id, `None` when unset.
    pub qdev_id: Option<String>,
    /// The qdev bus it sits on (`pcie.0`, `rp1`, ...).
    pub qdev_bus: String,
    /// Live bus number (what the firmware programmed; 0 behind bridges before firmware).
    pub bus_nr: u8,
    /// Slot.
    pub slot: u8,
    /// Function.
    pub function: u8,
    /// Vendor id.
    pub vendor_id: u16,
    /// Device id.
    pub device_id: u16,
    /// qtree's class description (`Ethernet controller`, `PCI bridge`, ...).
    pub class_desc: String,
}

/// The qtree of a machine: PCI functions in qtree order, and every qdev type seen.
#[derive(Clone, Debug, Default)]
pub struct Qtree {
    /// PCI functions.
    pub functions: Vec<QtreeFunction>,
    /// `(type, id)` of every device, PCI or not.
    pub devices: Vec<(String, Option<String>)>,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Parses `info qtree`.
pub fn qtree(text: &str) -> Qtree {
    // (indent, is_bus, name or type, id)
    let mut stack: Vec<(usize, bool, String, Option<String>)> = Vec::new();
    let mut out = Qtree::default();
    for line in text.lines() {
        let indent = indent_of(line);
        let body = line.trim();
        while stack.last().is_some_and(|top| top.0 >= indent) {
            stack.pop();
        }
        if let Some(name) = body.strip_prefix("bus: ") {
            stack.push((indent, true, name.to_string(), None));
        } else if let Some(rest) = body.strip_prefix("dev: ") {
            let (qdev_type, id_part) = rest.split_once(", id ").unwrap_or((rest, "\"\""));
            let id = id_part.trim_matches('"');
            let id = (!id.is_empty()).then(|| id.to_string());
            out.devices.push((qdev_type.to_string(), id.clone()));
            stack.push((indent, false, qdev_type.to_string(), id));
        } else if let Some(function) = pci_line(body, &stack) {
            out.functions.push(function);
        }
    }
    out
}

/// `class Ethernet controller, addr 01:00.0, pci id 8086:10d3 (sub 8086:0000)`
fn pci_line(body: &str, stack: &[(usize, bool, String, Option<String>)]) -> Option<QtreeFunction> {
    let rest = body.strip_prefix("class ")?;
    let (class_desc, rest) = rest.split_once(", addr ")?;
    let (addr, rest) = rest.split_once(", pci id ")?;
    let (bus, devfn) = addr.split_once(':')?;
    let (slot, function) = devfn.split_once('.')?;
    let ids = rest.split_whitespace().next()?;
    let (vendor, device) = ids.split_once(':')?;
    let dev = stack.iter().rev().find(|e| !e.1)?;
    let qdev_bus = stack
        .iter()
        .rev()
        .skip_while(|e| e.1 || e.0 != dev.0)
        .find(|e| e.1)
        .map(|e| e.2.clone())
        .unwrap_or_default();
    Some(QtreeFunction {
        qdev_type: dev.2.clone(),
        qdev_id: dev.3.clone(),
        qdev_bus,
        bus_nr: u8::from_str_radix(bus, 16).ok()?,
        slot: u8::from_str_radix(slot, 16).ok()?,
        function: u8::from_str_radix(function, 16).ok()?,
        vendor_id: u16::from_str_radix(vendor, 16).ok()?,
        device_id: u16::from_str_radix(device, 16).ok()?,
        class_desc: class_desc.to_string(),
    })
}

/// The owner of a memory region as `info mtree -o` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// `owner:{dev id=X}`
    Id(String),
    /// `owner:{dev path=/machine/...}`
    Path(String),
}

/// One function's bus-master alias from `info mtree -o -D`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusMaster {
    /// The address space's name: QEMU names it after the device's type.
    pub as_name: String,
    /// The owning device.
    pub owner: Owner,
    /// The alias target: `system` (no translation) or a vIOMMU region.
    pub target: String,
}

/// Parses every `alias bus master @TARGET` of `info mtree -o -D`.
pub fn bus_masters(text: &str) -> Vec<BusMaster> {
    let mut current = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("address-space: ") {
            current = name.trim().to_string();
            continue;
        }
        let Some((_, after)) = line.split_once("alias bus master @") else {
            continue;
        };
        let target = after.split_whitespace().next().unwrap_or_default();
        let owner = if let Some((_, o)) = line.split_once("owner:{dev id=") {
            Owner::Id(o.trim_end_matches('}').to_string())
        } else if let Some((_, o)) = line.split_once("owner:{dev path=") {
            Owner::Path(o.trim_end_matches('}').to_string())
        } else {
            continue;
        };
        out.push(BusMaster {
            as_name: current.clone(),
            owner,
            target: target.to_string(),
        });
    }
    out
}

/// The start address of the first region named `name` in `info mtree` output.
pub fn region_start(text: &str, name: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (range, rest) = line.trim().split_once(' ')?;
        let (_, label) = rest.split_once("): ")?;
        let label = label.split(" owner:").next()?.trim();
        if label != name {
            return None;
        }
        let (start, _) = range.split_once('-')?;
        u64::from_str_radix(start, 16).ok()
    })
}
