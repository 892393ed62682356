//! Guest-visible bus numbers: simulates the firmware's PCI enumeration (SeaBIOS on x86, EDK2
//! on virt and with OVMF) over a model of QEMU's config space, so bus-number collisions come
//! out as the firmware and QEMU's routing make them (notes §8, qemu-versions.md).

mod config;
mod edk2;
mod seabios;

#[cfg(test)]
mod tests;

use super::design::{Design, Firmware};
use super::diagnostics::Diagnostic;
use super::topology::Topology;

use config::ConfigSpace;

/// Assigns `Bus::number` and `Bus::subordinate` as the design's firmware would: a bridge's
/// secondary bus gets the bridge's secondary / subordinate registers; a root bus keeps its own
/// number and gets the highest subordinate of the bridges directly on it (`pci_bus_range`).
pub fn number_buses(design: &Design, topology: &mut Topology) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let firmware = design.effective_firmware();
    let (secondary, subordinate) = {
        let mut cs = ConfigSpace::new(design, topology);
        match firmware {
            Firmware::Seabios => {
                if !seabios::enumerate(&mut cs) {
                    diagnostics.push(Diagnostic::warning(
                        "firmware-hang",
                        "SeaBIOS would not finish numbering the PCI buses of this design \
                         (its bus counter keeps going backwards): the guest may hang before \
                         the ACPI tables are installed. Check bus-reserve and bus_nr values.",
                        None,
                    ));
                }
            }
            Firmware::Ovmf | Firmware::Aavmf => edk2::enumerate(&mut cs),
        }
        (cs.secondary, cs.subordinate)
    };
    apply(topology, &secondary, &subordinate);
    diagnostics.extend(collisions(design, topology, firmware));
    diagnostics
}

fn apply(topology: &mut Topology, secondary: &[u8], subordinate: &[u8]) {
    for b in 0..topology.buses.len() {
        let (is_root, parent, host) = match topology.buses.get(b) {
            Some(bus) => (bus.is_root, bus.parent_bridge, bus.host_bridge),
            None => continue,
        };
        let (number, sub) = if is_root {
            let number = topology.host_bridges.get(host).map_or(0, |h| h.bus_nr);
            (number, number)
        } else {
            let f = parent.unwrap_or(usize::MAX);
            (
                secondary.get(f).copied().unwrap_or(0),
                subordinate.get(f).copied().unwrap_or(0),
            )
        };
        if let Some(bus) = topology.buses.get_mut(b) {
            bus.number = number;
            bus.subordinate = sub;
        }
    }
    // a root bus's subordinate as QEMU's pci_bus_range() sees it
    for b in 0..topology.buses.len() {
        if topology.buses.get(b).is_some_and(|x| x.is_root) {
            let (_, max) = topology.pci_bus_range(b);
            if let Some(bus) = topology.buses.get_mut(b) {
                bus.subordinate = max;
            }
        }
    }
}

fn firmware_name(firmware: Firmware) -> &'static str {
    match firmware {
        Firmware::Seabios => "SeaBIOS",
        Firmware::Ovmf => "OVMF",
        Firmware::Aavmf => "AAVMF",
    }
}

/// `bus-number-collision`: a root bus's hierarchy reaches the next root bus's bus_nr, two
/// buses ended up with the same number, or a bridge was left unnumbered.
fn collisions(design: &Design, topology: &Topology, firmware: Firmware) -> Vec<Diagnostic> {
    let fw = firmware_name(firmware);
    let mut out = Vec::new();
    let mut roots: Vec<(u8, usize)> = topology
        .buses
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_root)
        .map(|(i, b)| (b.number, i))
        .collect();
    roots.sort_unstable();
    for pair in roots.windows(2) {
        let (_, lower) = pair[0];
        let (next_nr, upper) = pair[1];
        let (_, max) = topology.pci_bus_range(lower);
        let name = |i: usize| topology.buses.get(i).map_or("?", |b| b.name.as_str());
        let needed = needed_buses(design, topology, lower);
        if max >= next_nr || needed >= u32::from(next_nr) {
            out.push(Diagnostic::warning(
                "bus-number-collision",
                format!(
                    "The hierarchy below root bus `{}` needs bus numbers up to {needed:#04x}, \
                     which reaches bus_nr {next_nr:#04x} of root bus `{}`: {fw} then numbers \
                     buses twice or leaves bridges unconfigured. Give `{}` a bus_nr above \
                     {needed:#04x}.",
                    name(lower),
                    name(upper),
                    name(upper)
                ),
                Some(name(upper)),
            ));
        }
    }
    // duplicates and unnumbered bridges (only worth saying once per bus)
    let mut seen: Vec<(u8, usize)> = Vec::new();
    for (i, bus) in topology.buses.iter().enumerate() {
        if !bus.is_root && bus.number == 0 {
            out.push(Diagnostic::warning(
                "bus-number-collision",
                format!(
                    "{fw} leaves bus `{}` unnumbered (its bridge keeps secondary bus 0): the \
                     guest cannot reach what is behind it.",
                    bus.name
                ),
                Some(bus.name.as_str()),
            ));
            continue;
        }
        if let Some(&(_, other)) = seen.iter().find(|(n, _)| *n == bus.number) {
            let other_name = topology.buses.get(other).map_or("?", |b| b.name.as_str());
            out.push(Diagnostic::warning(
                "bus-number-collision",
                format!(
                    "{fw} gives bus `{}` the number {:#04x}, already used by bus `{other_name}`: \
                     two functions can show the same BDF and config accesses reach only one.",
                    bus.name, bus.number
                ),
                Some(bus.name.as_str()),
            ));
        }
        seen.push((bus.number, i));
    }
    out
}

/// The highest bus number a root bus's hierarchy needs when numbered without interference:
/// its own number plus, per bridge, one bus and what is below it — or its `bus-reserve` when
/// that is larger (how EDK2 pads; SeaBIOS does the same when the reserve is large enough).
fn needed_buses(design: &Design, topology: &Topology, root: usize) -> u32 {
    let start = topology.buses.get(root).map_or(0, |b| u32::from(b.number));
    start + below(design, topology, root, 0)
}

fn below(design: &Design, topology: &Topology, bus: usize, depth: usize) -> u32 {
    let Some(b) = topology.buses.get(bus) else {
        return 0;
    };
    if depth > 64 {
        return 0;
    }
    b.devices
        .iter()
        .filter_map(|&f| topology.functions.get(f))
        .filter_map(|f| {
            let secondary = f.secondary_bus?;
            let reserve = f
                .device_index
                .and_then(|i| design.devices.get(i))
                .filter(|_| !f.builtin)
                .and_then(|d| d.props.bus_reserve)
                .map_or(0, |r| r & 0xff);
            Some(1 + below(design, topology, secondary, depth + 1).max(reserve))
        })
        .sum()
}
