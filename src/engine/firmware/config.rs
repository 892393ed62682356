//! A model of the PCI configuration space the firmware sees: bridge bus-number registers and
//! QEMU's routing of a config access to a bus by number (hw/pci/pci.c `pci_find_bus_nr`).
//! Firmware writes registers through it, so collisions resolve exactly as QEMU routes them.

use crate::engine::design::Design;
use crate::engine::topology::{BusIdx, FnIdx, Topology};

/// Bridge registers and routing for one topology.
pub(super) struct ConfigSpace<'t> {
    topo: &'t Topology,
    /// Secondary bus register per function (bridges only; 0 at reset).
    pub(super) secondary: Vec<u8>,
    /// Subordinate bus register per function (bridges only; 0 at reset).
    pub(super) subordinate: Vec<u8>,
    /// Header type bit 7 (multifunction) per function.
    multifunction: Vec<bool>,
    /// `bus-reserve` of the QEMU resource-reserve capability, per function.
    reserve: Vec<Option<u32>>,
    /// `bus->child` lists: child buses of each bus, newest first (QLIST_INSERT_HEAD).
    children: Vec<Vec<BusIdx>>,
}

impl<'t> ConfigSpace<'t> {
    /// Registers at reset: every bridge's bus numbers 0.
    pub(super) fn new(design: &Design, topo: &'t Topology) -> ConfigSpace<'t> {
        let n = topo.functions.len();
        let mut multifunction = vec![false; n];
        let mut reserve = vec![None; n];
        for (i, f) in topo.functions.iter().enumerate() {
            let device = f.device_index.and_then(|d| design.devices.get(d));
            if f.builtin {
                // hw/isa/lpc_ich9.c, hw/isa/piix3.c: created with multifunction=on
                multifunction[i] = matches!(f.driver.as_str(), "ICH9-LPC" | "PIIX3");
            } else if let Some(device) = device {
                multifunction[i] = device.multifunction;
                if f.is_bridge {
                    reserve[i] = device.props.bus_reserve;
                }
            }
        }
        let mut children = vec![Vec::new(); topo.buses.len()];
        for (c, bus) in topo.buses.iter().enumerate().rev() {
            let parent = topo
                .parent_device(c)
                .and_then(|f| topo.functions.get(f))
                .map(|f| f.bus);
            if let Some(list) = parent.and_then(|p| children.get_mut(p)) {
                if parent != Some(c) {
                    list.push(c);
                }
            }
            let _ = bus;
        }
        ConfigSpace {
            topo,
            secondary: vec![0; n],
            subordinate: vec![0; n],
            multifunction,
            reserve,
            children,
        }
    }

    /// `pci_bus_num()`: a root bus's own number, else its bridge's secondary register.
    pub(super) fn bus_num(&self, bus: BusIdx) -> u8 {
        let Some(b) = self.topo.buses.get(bus) else {
            return 0;
        };
        match b.parent_bridge {
            Some(f) if !b.is_root => self.secondary.get(f).copied().unwrap_or(0),
            _ => self
                .topo
                .host_bridges
                .get(b.host_bridge)
                .map_or(0, |h| h.bus_nr),
        }
    }

    fn secondary_in_range(&self, bridge: FnIdx, n: u8) -> bool {
        let sec = self.secondary.get(bridge).copied().unwrap_or(0);
        let sub = self.subordinate.get(bridge).copied().unwrap_or(0);
        sec <= n && n <= sub
    }

    fn root_bus_in_range(&self, root: BusIdx, n: u8) -> bool {
        self.topo.buses.get(root).is_some_and(|b| {
            b.devices.iter().any(|&f| {
                self.topo.functions.get(f).is_some_and(|x| x.is_bridge)
                    && self.secondary_in_range(f, n)
            })
        })
    }

    /// hw/pci/pci.c pci_find_bus_nr, from the main root bus.
    pub(super) fn find_bus(&self, n: u8) -> Option<BusIdx> {
        let mut bus = 0;
        if self.bus_num(bus) == n {
            return Some(bus);
        }
        // every step goes one level down the tree, so this ends
        for _ in 0..=self.topo.buses.len() {
            let mut next = None;
            for &c in self.children.get(bus)? {
                if self.bus_num(c) == n {
                    return Some(c);
                }
                let is_root = self.topo.buses.get(c).is_some_and(|b| b.is_root);
                let in_range = if is_root {
                    // "PXB buses assumed to be children of bus 0"
                    self.root_bus_in_range(c, n)
                } else {
                    self.topo
                        .buses
                        .get(c)
                        .and_then(|b| b.parent_bridge)
                        .is_some_and(|f| self.secondary_in_range(f, n))
                };
                if in_range {
                    next = Some(c);
                    break;
                }
            }
            bus = next?;
        }
        None
    }

    /// The function a config access to `bdf` reaches, if any.
    pub(super) fn function(&self, bdf: u32) -> Option<FnIdx> {
        let bus = self.find_bus(u8::try_from(bdf >> 8).ok()?)?;
        let devfn = (bdf & 0xff) as u8;
        self.topo
            .buses
            .get(bus)?
            .devices
            .iter()
            .copied()
            .find(|&f| self.topo.functions.get(f).is_some_and(|x| x.devfn == devfn))
    }

    /// Header type bit 7; an absent function reads 0xff, which has it set.
    pub(super) fn header_multifunction(&self, bdf: u32) -> bool {
        self.function(bdf)
            .is_none_or(|f| self.multifunction.get(f).copied().unwrap_or(false))
    }

    /// Class 0x0604 (PCI-to-PCI bridge).
    pub(super) fn is_bridge(&self, bdf: u32) -> bool {
        self.function(bdf)
            .and_then(|f| self.topo.functions.get(f))
            .is_some_and(|f| f.is_bridge)
    }

    /// The resource-reserve capability's bus reservation (`None` = -1 / no capability).
    pub(super) fn bus_reserve(&self, bdf: u32) -> Option<u32> {
        self.function(bdf)
            .and_then(|f| self.reserve.get(f).copied().flatten())
    }

    /// Reads a bridge's secondary register (0 when nothing answers there).
    pub(super) fn read_secondary(&self, bdf: u32) -> u8 {
        self.function(bdf)
            .and_then(|f| self.secondary.get(f).copied())
            .unwrap_or(0)
    }

    /// Reads a bridge's subordinate register.
    pub(super) fn read_subordinate(&self, bdf: u32) -> u8 {
        self.function(bdf)
            .and_then(|f| self.subordinate.get(f).copied())
            .unwrap_or(0)
    }

    /// Writes a bridge's secondary register.
    pub(super) fn write_secondary(&mut self, bdf: u32, value: u8) {
        if let Some(f) = self.function(bdf) {
            if let Some(r) = self.secondary.get_mut(f) {
                *r = value;
            }
        }
    }

    /// Writes a bridge's subordinate register.
    pub(super) fn write_subordinate(&mut self, bdf: u32, value: u8) {
        if let Some(f) = self.function(bdf) {
            if let Some(r) = self.subordinate.get_mut(f) {
                *r = value;
            }
        }
    }

    /// Number of bridge functions.
    pub(super) fn bridge_count(&self) -> usize {
        self.topo.functions.iter().filter(|f| f.is_bridge).count()
    }

    /// Number of extra root buses (`etc/extra-pci-roots`): PXBs on the main root bus.
    pub(super) fn extra_roots(&self) -> usize {
        self.topo.host_bridges.len().saturating_sub(1)
    }
}
