//! The resolved PCI topology: every bus and every PCI function QEMU would create for a design
//! (built-in ones included), with devfns as QEMU assigns them and bus numbers as the firmware
//! assigns them.
//!
//! Invariants: `host_bridges[0]` is the machine's main host bridge and `buses[0]` its root bus;
//! `functions` are in QEMU's creation order (built-ins first, then `-device` order); every
//! `Bus::devices` list is sorted by devfn; indexes are stable for one `Topology` value only.

use serde::Serialize;

use super::design::PciAddr;

/// Index into [`Topology::buses`].
pub type BusIdx = usize;
/// Index into [`Topology::functions`].
pub type FnIdx = usize;
/// Index into [`Topology::host_bridges`].
pub type HostIdx = usize;

/// The QOM type of a PCI host bridge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostBridgeKind {
    /// q35's `q35-pcihost` (root bus `pcie.0`).
    Q35Pcihost,
    /// pc's `i440FX-pcihost` (root bus `pci.0`).
    I440fxPcihost,
    /// virt's `gpex-pcihost` (root bus `pcie.0`).
    GpexPcihost,
    /// The `pxb-host` of a `pxb-pcie` or `pxb` device.
    PxbHost,
}

/// A PCI host bridge and its root bus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostBridge {
    /// QOM type.
    pub kind: HostBridgeKind,
    /// The root bus it owns.
    pub root_bus: BusIdx,
    /// Effective `bypass-iommu` property of the host bridge as QEMU holds it.
    pub bypass_iommu: bool,
    /// The root bus number (0 for the main bus, `bus_nr` for a PXB).
    pub bus_nr: u8,
    /// For a PXB: the expander device's PCI function on the main root bus.
    pub expander: Option<FnIdx>,
    /// For a PXB: index of the `-device` in `Design::devices`.
    pub device_index: Option<usize>,
    /// For a PXB: `N` of its `/machine/unattached/device[N]` QOM path (decides DMAR/IVRS order).
    pub unattached_index: Option<u32>,
}

/// A PCI bus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bus {
    /// The qdev bus name users put in `bus=` (`pcie.0`, `pci.0`, a bridge's or PXB's id).
    pub name: String,
    /// PCI Express (true) or conventional PCI (false).
    pub express: bool,
    /// A root bus (owned directly by a host bridge).
    pub is_root: bool,
    /// The host bridge whose hierarchy this bus is in.
    pub host_bridge: HostIdx,
    /// The bridge function whose secondary bus this is (`None` for root buses).
    pub parent_bridge: Option<FnIdx>,
    /// Bus number as the firmware assigned it (the guest-visible number): a root bus's own
    /// number, else its bridge's secondary register after the firmware ran (0 when the firmware
    /// never reached the bridge; two buses can share a number when bus_nr values collide).
    pub number: u8,
    /// Highest bus number below this bus (its bridge's subordinate register; for a root bus the
    /// highest subordinate of bridges directly on it, as QEMU's `pci_bus_range()` sees it).
    pub subordinate: u8,
    /// Functions on this bus, sorted by devfn.
    pub devices: Vec<FnIdx>,
}

/// A PCI function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PciFunction {
    /// The qdev id (`None` for built-ins without one). A legacy `pxb`'s internal `pci-bridge`
    /// carries the pxb's id too (QEMU sets it so), so [`Topology::function_by_id`] finds the
    /// pxb device first (it is created first).
    pub id: Option<String>,
    /// QEMU driver / qdev type name (`e1000e`, `mch`, `ICH9-LPC`, `AMDVI-PCI`, ...).
    pub driver: String,
    /// Index into `Design::devices` when it comes from a `-device` (also set for functions a
    /// `-device` creates indirectly: amd-iommu's `AMDVI-PCI`, a legacy pxb's internal bridge).
    pub device_index: Option<usize>,
    /// The bus it sits on.
    pub bus: BusIdx,
    /// Its devfn on that bus.
    pub devfn: u8,
    /// For a bridge (or a legacy pxb's internal bridge): the bus it creates.
    pub secondary_bus: Option<BusIdx>,
    /// A `TYPE_PCI_BRIDGE` subclass (DMAR scope type 2).
    pub is_bridge: bool,
    /// PCI Express function.
    pub express: bool,
    /// Created by the machine itself (mch, VGA, default NIC, LPC, AHCI, SMBus, gpex-root, ...),
    /// or internally by a device (a legacy pxb's `pci-bridge` at `pxb-internal` 00.0).
    pub builtin: bool,
    /// Real host hardware passed through (vfio-pci).
    pub passthrough: bool,
}

impl PciFunction {
    /// The `slot.function` address.
    pub fn addr(&self) -> PciAddr {
        PciAddr::from_devfn(self.devfn)
    }
}

/// Every bus and function of a design, as QEMU and its firmware would build them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Topology {
    /// Host bridges; `[0]` is the main one.
    pub host_bridges: Vec<HostBridge>,
    /// Buses; `[0]` is the main root bus.
    pub buses: Vec<Bus>,
    /// PCI functions in creation order.
    pub functions: Vec<PciFunction>,
}

impl Topology {
    /// The bus named `name`.
    pub fn bus_by_name(&self, name: &str) -> Option<BusIdx> {
        self.buses.iter().position(|b| b.name == name)
    }

    /// The function with qdev id `id`.
    pub fn function_by_id(&self, id: &str) -> Option<FnIdx> {
        self.functions
            .iter()
            .position(|f| f.id.as_deref() == Some(id))
    }

    /// The guest-visible `bb:dd.f` of a function (lowercase hex); `??:??.?` for an index that
    /// is not in this topology.
    pub fn bdf(&self, f: FnIdx) -> String {
        let Some(func) = self.functions.get(f) else {
            return "??:??.?".to_string();
        };
        let addr = func.addr();
        let number = self.buses.get(func.bus).map_or(0, |b| b.number);
        format!("{:02x}:{:02x}.{:x}", number, addr.slot, addr.function)
    }

    /// The root bus a bus belongs to (the bus itself when it is not in this topology).
    pub fn root_bus_of(&self, bus: BusIdx) -> BusIdx {
        self.buses
            .get(bus)
            .and_then(|b| self.host_bridges.get(b.host_bridge))
            .map_or(bus, |h| h.root_bus)
    }

    /// The PCI device QEMU treats as the bus's `parent_dev`: the bridge that creates it, or for
    /// a PXB root bus the expander device on the main bus (`None` for the main root bus).
    pub fn parent_device(&self, bus: BusIdx) -> Option<FnIdx> {
        let b = self.buses.get(bus)?;
        match b.parent_bridge {
            Some(f) => Some(f),
            None => self.host_bridges.get(b.host_bridge)?.expander,
        }
    }

    /// The host bridge owning a bus's hierarchy.
    pub fn host_bridge_of(&self, bus: BusIdx) -> Option<&HostBridge> {
        self.host_bridges.get(self.buses.get(bus)?.host_bridge)
    }

    /// The bridges between a function and its root bus, nearest first.
    pub fn bridges_above(&self, f: FnIdx) -> Vec<FnIdx> {
        let mut out = Vec::new();
        let mut bus = self.functions.get(f).map(|x| x.bus);
        while let Some(b) = bus {
            match self.buses.get(b).and_then(|x| x.parent_bridge) {
                Some(bridge) if !out.contains(&bridge) => {
                    out.push(bridge);
                    bus = self.functions.get(bridge).map(|x| x.bus);
                }
                _ => break,
            }
        }
        out
    }

    /// QEMU's `pci_bus_range()` of a root bus (hw/pci/pci.c): `(min, max)` over its own number
    /// and the secondary / subordinate bus numbers of the bridges directly on it. This is what
    /// IORT and VIOT describe; an unnumbered bridge (secondary 0) drags `min` down to 0.
    pub fn pci_bus_range(&self, bus: BusIdx) -> (u8, u8) {
        let Some(b) = self.buses.get(bus) else {
            return (0, 0);
        };
        let own = if b.is_root {
            self.host_bridges.get(b.host_bridge).map_or(0, |h| h.bus_nr)
        } else {
            b.number
        };
        let (mut min, mut max) = (own, own);
        for &f in &b.devices {
            let Some(secondary) = self.functions.get(f).and_then(|x| x.secondary_bus) else {
                continue;
            };
            if let Some(s) = self.buses.get(secondary) {
                min = min.min(s.number);
                max = max.max(s.subordinate);
            }
        }
        (min, max)
    }
}
