//! EDK2 (OVMF, ArmVirtQemu/AAVMF) PCI bus numbering: root bridges found by probing bus numbers
//! (OvmfPkg/Library/PciHostBridgeUtilityLib `PciHostBridgeUtilityGetRootBridges`), each given
//! the aperture up to the next one; then PciBusDxe numbers depth first inside each aperture.
//! A bridge that would need a number beyond its aperture is left unconfigured (0/0), as AAVMF
//! did in the collision run. `bus-reserve=N` makes the subordinate at least secondary + N
//! (AAVMF runs: N=3 over a switch → sec+3; N=1 over a switch using more → what the switch used).

use super::config::ConfigSpace;

/// Runs the enumeration.
pub(super) fn enumerate(cs: &mut ConfigSpace) {
    let extra = cs.extra_roots();
    let mut roots: Vec<u8> = vec![0];
    // probe with all bridges still at reset (bus numbers 0)
    let mut n: u16 = 1;
    while n <= 255 && roots.len() <= extra {
        let bus = n as u32;
        if (0..32u32).any(|slot| cs.function((bus << 8) | (slot << 3)).is_some()) {
            roots.push(n as u8);
        }
        n += 1;
    }
    for (i, &start) in roots.iter().enumerate() {
        let max = roots.get(i + 1).map_or(255, |next| next.saturating_sub(1));
        let mut sub = start;
        scan(cs, start, &mut sub, max, 0);
    }
}

/// PciBusDxe PciScanBus over one bus.
fn scan(cs: &mut ConfigSpace, bus: u8, sub: &mut u8, max: u8, depth: usize) {
    if depth > 64 {
        return;
    }
    for slot in 0..32u32 {
        for func in 0..8u32 {
            let bdf = (u32::from(bus) << 8) | (slot << 3) | func;
            if cs.function(bdf).is_none() {
                if func == 0 {
                    break;
                }
                continue;
            }
            if cs.is_bridge(bdf) && *sub < max {
                *sub += 1;
                let secondary = *sub;
                cs.write_secondary(bdf, secondary);
                cs.write_subordinate(bdf, max);
                scan(cs, secondary, sub, max, depth + 1);
                if let Some(reserve) = cs.bus_reserve(bdf) {
                    let padded = u32::from(secondary) + (reserve & 0xff);
                    let padded = padded.min(u32::from(max)) as u8;
                    *sub = (*sub).max(padded);
                }
                cs.write_subordinate(bdf, *sub);
            }
            if func == 0 && !cs.header_multifunction(bdf) {
                break;
            }
        }
    }
}
