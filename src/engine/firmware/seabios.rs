//! SeaBIOS 1.16 PCI bus enumeration (src/fw/pciinit.c `pci_bios_init_bus`,
//! `pci_bios_init_bus_rec`, src/hw/pci.c `pci_next`), run literally against the config-space
//! model: depth first from bus 0, then — when QEMU reports extra root buses — every later bus
//! number is probed in turn. Bugs included: a `bus-reserve` smaller than what the bridges
//! below the port need resets the bus counter backwards (numbers used twice).

use super::config::ConfigSpace;

/// Config probes after which we give up (a safety net; hangs are caught by `call_limit`).
const STEP_LIMIT: usize = 5_000_000;
/// Recursion deeper than this only happens when a bus number routes back up the tree.
const DEPTH_LIMIT: usize = 64;

/// Runs the enumeration; returns false when SeaBIOS would not finish.
pub(super) fn enumerate(cs: &mut ConfigSpace) -> bool {
    // A finishing run visits each bus number at most once per bridge plus once in the extra-root
    // sweep; real SeaBIOS loops forever when a counter reset sends the sweep back (e.g. a port
    // with bus-reserve=0 on a pxb-pcie, seen with SeaBIOS's debug log on QEMU 7.2).
    let call_limit = 4 * (cs.bridge_count() + 300);
    let mut run = Run {
        cs,
        steps: 0,
        calls: 0,
        call_limit,
    };
    let mut pci_bus: u8 = 0;
    if !run.init_bus(0, &mut pci_bus, 0) {
        return false;
    }
    if run.cs.extra_roots() > 0 {
        while pci_bus < 0xff {
            pci_bus += 1;
            let bus = pci_bus;
            if !run.init_bus(bus, &mut pci_bus, 0) {
                return false;
            }
        }
    }
    true
}

struct Run<'c, 't> {
    cs: &'c mut ConfigSpace<'t>,
    steps: usize,
    calls: usize,
    call_limit: usize,
}

impl Run<'_, '_> {
    /// src/hw/pci.c pci_next: the next present function at or after `bdf` on `bus`; functions
    /// 1-7 are only probed when function 0 is multifunction (or absent-but-probed).
    fn next(&mut self, mut bdf: u32, bus: u8) -> Option<u32> {
        if bdf & 7 == 1 && !self.cs.header_multifunction(bdf - 1) {
            bdf += 7;
        }
        let max = (u32::from(bus) + 1) << 8;
        loop {
            self.steps += 1;
            if bdf >= max || self.steps > STEP_LIMIT {
                return None;
            }
            if self.cs.function(bdf).is_some() {
                return Some(bdf);
            }
            bdf += if bdf & 7 == 0 { 8 } else { 1 };
        }
    }

    /// pci_bios_init_bus_rec; false on a hang.
    fn init_bus(&mut self, bus: u8, pci_bus: &mut u8, depth: usize) -> bool {
        self.calls += 1;
        if depth > DEPTH_LIMIT || self.steps > STEP_LIMIT || self.calls > self.call_limit {
            return false;
        }
        let start = u32::from(bus) << 8;
        // "prevent accidental access to unintended devices"
        let mut at = self.next(start, bus);
        while let Some(bdf) = at {
            if self.cs.is_bridge(bdf) {
                self.cs.write_secondary(bdf, 255);
                self.cs.write_subordinate(bdf, 0);
            }
            at = self.next(bdf + 1, bus);
        }
        let mut at = self.next(start, bus);
        while let Some(bdf) = at {
            if self.cs.is_bridge(bdf) {
                let mut secbus = self.cs.read_secondary(bdf);
                *pci_bus = pci_bus.wrapping_add(1);
                if *pci_bus != secbus {
                    secbus = *pci_bus;
                    self.cs.write_secondary(bdf, secbus);
                }
                let mut subbus = self.cs.read_subordinate(bdf);
                self.cs.write_subordinate(bdf, 255);
                if !self.init_bus(secbus, pci_bus, depth + 1) {
                    return false;
                }
                if subbus != *pci_bus {
                    let mut res_bus = *pci_bus;
                    if let Some(reserve) = self.cs.bus_reserve(bdf) {
                        res_bus = (reserve & 0xff) as u8;
                        let sum = res_bus.wrapping_add(secbus);
                        if sum < secbus || sum < res_bus {
                            res_bus = 0;
                        }
                        if u32::from(secbus) + u32::from(res_bus) > u32::from(*pci_bus) {
                            res_bus = secbus.wrapping_add(res_bus);
                        }
                    }
                    subbus = res_bus;
                    *pci_bus = res_bus;
                }
                self.cs.write_subordinate(bdf, subbus);
            }
            at = self.next(bdf + 1, bus);
        }
        true
    }
}
