//! The order in which QEMU visits PCI host bridges when it builds DMAR and IVRS.
//!
//! `hw/i386/acpi-build.c build_dmar_q35` / `build_amd_iommu` walk the QOM tree with
//! `object_child_foreach_recursive()`, which iterates each object's `properties` GHashTable
//! (`qom/object.c do_object_child_foreach`). The main host (`/machine/q35`) always comes first.
//! Every `pxb-host` is an unparented device, so it lives at `/machine/unattached/device[N]`
//! with N = number of unattached devices realized before it, and PXB root buses come in GLib's
//! hash-iteration order of those keys: open addressing, `g_str_hash` (djb2), home slot
//! `(hash * 11) mod prime`, iteration in slot order. With 61–120 entries in
//! `/machine/unattached` (every q35 configuration we measured) the table has 128 slots
//! (prime 127) and the order is the ascending home slot.
//!
//! N was measured with `qom-list /machine/unattached` on QEMU 7.2.22 and 10.0 (see
//! `unattached_base`). IORT and VIOT sort their ranges, so only DMAR/IVRS use this.

use crate::engine::catalog::Driver;
use crate::engine::design::{Design, QemuVersion};
use crate::engine::topology::{HostIdx, Topology};

/// Entries in `/machine/unattached` that are not counted by the first PXB's N (memory regions,
/// GPIO arrays, devices realized after the `-device`s). Measured: 7.2 `-nodefaults` holds 62
/// entries with N=25, 10.0 holds 59 with N=22, both 37 apart, for every q35 config tried.
const ENTRIES_AFTER_BASE: u32 = 37;

/// GLib's `g_str_hash`: djb2 over the bytes (`h = h * 33 + c`, 32-bit).
pub fn g_str_hash(key: &str) -> u32 {
    key.bytes().fold(5381u32, |h, c| {
        h.wrapping_mul(33).wrapping_add(u32::from(c))
    })
}

/// The prime GLib uses for a table holding `entries` keys (`glib/ghash.c prime_mod`, grown by
/// `g_hash_table_maybe_resize` when occupancy reaches size·16/17, to the next power of two
/// above 4/3 of the entries).
pub fn table_prime(entries: u32) -> u32 {
    match entries {
        0..=60 => 61,
        61..=120 => 127,
        121..=240 => 251,
        241..=480 => 509,
        _ => 1021,
    }
}

/// Home slot of `device[N]` in a table with `prime`.
pub fn home_slot(n: u32, prime: u32) -> u32 {
    let hash = g_str_hash(&format!("device[{n}]"));
    hash.wrapping_mul(11) % prime.max(1)
}

/// How many unattached devices a `-device` of this driver creates when realized: a PXB's
/// internal `pxb-host`, amd-iommu's internal `AMDVI-PCI` function (measured: both shift later
/// PXBs by one; intel-iommu, virtio-iommu-pci, bridges and endpoints do not).
fn unattached_devices_of(driver: Driver) -> u32 {
    match driver {
        Driver::PxbPcie | Driver::AmdIommu => 1,
        // pxb (legacy, pc only): pxb-host plus its internal pci-bridge.
        Driver::Pxb => 2,
        _ => 0,
    }
}

/// Value of a `-smp` option: the number of CPUs created at start (each is an unattached
/// device; `maxcpus` ones are not created).
pub fn smp_cpus(design: &Design) -> u32 {
    let mut cpus = 1u32;
    let mut args = design.extra_args.iter();
    while let Some(arg) = args.next() {
        if arg != "-smp" {
            continue;
        }
        let Some(value) = args.next() else { break };
        let mut explicit = None;
        let mut topo = 1u32;
        let mut have_topo = false;
        for (i, part) in value.split(',').enumerate() {
            match part.split_once('=') {
                None if i == 0 => explicit = part.parse::<u32>().ok(),
                Some(("cpus", v)) => explicit = v.parse::<u32>().ok(),
                Some(("sockets" | "dies" | "clusters" | "cores" | "threads", v)) => {
                    have_topo = true;
                    topo = topo.saturating_mul(v.parse::<u32>().unwrap_or(1));
                }
                _ => {}
            }
        }
        cpus = explicit.unwrap_or(if have_topo { topo } else { 1 });
    }
    cpus.max(1)
}

/// Counts `-<option> <value>` pairs in the extra args: (given, given with value `none`).
fn option_counts(design: &Design, option: &str) -> (u32, u32) {
    let mut given = 0;
    let mut none = 0;
    let mut args = design.extra_args.iter();
    while let Some(arg) = args.next() {
        if arg == option {
            given += 1;
            if args.next().map(String::as_str) == Some("none") {
                none += 1;
            }
        }
    }
    (given, none)
}

/// N of the first unattached device a `-device` can create on q35 (before any PXB):
/// built-ins (7.2: 25, 10.0: 22 with `-nodefaults`), then one each for the default VGA, the
/// default NIC, the default serial port, the default parallel port and the default CD-ROM,
/// and one per CPU beyond the first. All measured with `qom-list /machine/unattached`.
pub fn unattached_base(design: &Design) -> u32 {
    let mut n = match design.qemu_version {
        QemuVersion::V7_2 => 25,
        QemuVersion::V10_0 => 22,
    };
    let (serial, serial_none) = option_counts(design, "-serial");
    let (parallel, parallel_none) = option_counts(design, "-parallel");
    let (vga, vga_none) = option_counts(design, "-vga");
    if design.nodefaults {
        n += (serial - serial_none) + (parallel - parallel_none) + (vga - vga_none);
    } else {
        // The CD-ROM on the AHCI controller.
        n += 1;
        n += if serial == 0 { 1 } else { serial - serial_none };
        n += if parallel == 0 {
            1
        } else {
            parallel - parallel_none
        };
        let vga_off = design.vga_none || vga_none > 0;
        if !vga_off {
            n += 1;
        }
        if !design.net_none {
            n += 1;
        }
    }
    let off = |key: &str| {
        design
            .machine
            .extra
            .iter()
            .any(|(k, v)| k == key && matches!(v.as_str(), "off" | "false" | "no" | "n"))
    };
    // Measured (qom-list, 7.2 and 10.0): `sata=off` drops the AHCI function and, without
    // -nodefaults, the default CD-ROM with it (no IDE bus left); `smbus=off` drops ICH9-SMB
    // and the 8 SPD EEPROMs on its I2C bus.
    let mut removed = 0;
    if off("sata") {
        removed += 1 + u32::from(!design.nodefaults);
    }
    if off("smbus") {
        removed += 9;
    }
    (n + smp_cpus(design) - 1).saturating_sub(removed)
}

/// N of `/machine/unattached/device[N]` for the PXB created by `design.devices[index]`.
pub fn unattached_index(design: &Design, device_index: usize) -> u32 {
    let before: u32 = design
        .devices
        .iter()
        .take(device_index)
        .map(|d| unattached_devices_of(d.driver))
        .sum();
    unattached_base(design) + before
}

/// Estimated number of entries in `/machine/unattached` at the end of machine init.
pub fn unattached_entries(design: &Design) -> u32 {
    let created: u32 = design
        .devices
        .iter()
        .map(|d| unattached_devices_of(d.driver))
        .sum();
    unattached_base(design) + ENTRIES_AFTER_BASE + created
}

/// The host bridges in the order DMAR/IVRS visit them: the main one first, then the PXB hosts
/// in GLib hash order of their `device[N]` keys. Also returns whether the model is outside the
/// range it was verified in (61–240 unattached entries).
pub fn dmar_host_order(design: &Design, topology: &Topology) -> (Vec<HostIdx>, bool) {
    let entries = unattached_entries(design);
    let prime = table_prime(entries);
    let mut pxbs: Vec<(u32, u32, HostIdx)> = Vec::new();
    let mut order = Vec::with_capacity(topology.host_bridges.len());
    for (idx, host) in topology.host_bridges.iter().enumerate() {
        match host.device_index {
            Some(dev) if idx != 0 => {
                // resolve records N while it creates the devices; our own count is the fallback.
                let n = host
                    .unattached_index
                    .unwrap_or_else(|| unattached_index(design, dev));
                pxbs.push((home_slot(n, prime), n, idx));
            }
            _ => order.push(idx),
        }
    }
    // Same home slot: the key inserted first keeps it, the later one probes onwards.
    pxbs.sort_unstable();
    order.extend(pxbs.into_iter().map(|(_, _, idx)| idx));
    // Verified for 61–240 entries (tables of 128 and 256 slots); below 61 the 64-slot table
    // is so full that probing displaces keys, which depends on the whole insertion history.
    let uncertain = entries < 61 && topology.host_bridges.len() > 2;
    (order, uncertain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::design::{Device, MachineType};

    fn q35(version: QemuVersion, nodefaults: bool, pxbs: usize) -> Design {
        let mut d = Design {
            qemu_version: version,
            nodefaults,
            ..Default::default()
        };
        d.machine.machine_type = MachineType::Q35;
        for i in 0..pxbs {
            d.devices.push(Device::new(
                Driver::PxbPcie,
                &format!("p{i}"),
                Some("pcie.0"),
            ));
        }
        d
    }

    #[test]
    fn djb2_matches_glib() {
        assert_eq!(g_str_hash(""), 5381);
        assert_eq!(g_str_hash("a"), 5381 * 33 + 97);
    }

    #[test]
    fn first_pxb_index_per_version_and_defaults() {
        // Measured with qom-list /machine/unattached (display none, no user config).
        let cases = [
            (QemuVersion::V7_2, true, 25),
            (QemuVersion::V7_2, false, 30),
            (QemuVersion::V10_0, true, 22),
            (QemuVersion::V10_0, false, 27),
        ];
        for (v, nodefaults, n) in cases {
            assert_eq!(
                unattached_index(&q35(v, nodefaults, 1), 0),
                n,
                "{v:?} {nodefaults}"
            );
        }
        let mut d = q35(QemuVersion::V7_2, false, 1);
        d.net_none = true;
        assert_eq!(unattached_index(&d, 0), 29);
        d.extra_args = vec!["-smp".into(), "4".into()];
        assert_eq!(unattached_index(&d, 0), 32);
    }

    #[test]
    fn amd_iommu_shifts_later_pxbs() {
        let mut d = q35(QemuVersion::V10_0, true, 3);
        d.devices
            .insert(1, Device::new(Driver::AmdIommu, "iommu", None));
        // measured: p0 device[22], AMDVI-PCI device[23], p1 device[24], p2 device[25]
        assert_eq!(unattached_index(&d, 0), 22);
        assert_eq!(unattached_index(&d, 2), 24);
        assert_eq!(unattached_index(&d, 3), 25);
    }

    #[test]
    fn eight_pxb_order_matches_qemu() {
        // qom-list (reversed) of 8 pxb-pcie, measured on both versions.
        let cases: [(QemuVersion, bool, [u32; 8]); 4] = [
            (QemuVersion::V7_2, false, [31, 30, 37, 36, 35, 34, 33, 32]),
            (QemuVersion::V7_2, true, [26, 31, 25, 30, 29, 28, 27, 32]),
            (QemuVersion::V10_0, false, [31, 30, 29, 34, 28, 33, 27, 32]),
            (QemuVersion::V10_0, true, [26, 25, 24, 23, 22, 29, 28, 27]),
        ];
        for (v, nodefaults, expected) in cases {
            let d = q35(v, nodefaults, 8);
            let prime = table_prime(unattached_entries(&d));
            assert_eq!(prime, 127);
            let mut ns: Vec<u32> = (0..8).map(|i| unattached_index(&d, i)).collect();
            ns.sort_by_key(|n| (home_slot(*n, prime), *n));
            assert_eq!(ns, expected, "{v:?} nodefaults={nodefaults}");
        }
    }

    #[test]
    fn many_cpus_grow_the_table_to_256_slots() {
        // qom-list with -nodefaults -smp 64 and 6 pxb-pcie: 131 (7.2) / 128 (10.0) entries.
        let cases = [
            (QemuVersion::V7_2, [92, 90, 89, 93, 91, 88]),
            (QemuVersion::V10_0, [86, 90, 89, 87, 85, 88]),
        ];
        for (v, expected) in cases {
            let mut d = q35(v, true, 6);
            d.extra_args = vec!["-smp".into(), "64".into()];
            let prime = table_prime(unattached_entries(&d));
            assert_eq!(prime, 251);
            let mut ns: Vec<u32> = (0..6).map(|i| unattached_index(&d, i)).collect();
            ns.sort_by_key(|n| (home_slot(*n, prime), *n));
            assert_eq!(ns, expected, "{v:?}");
        }
    }

    #[test]
    fn sata_and_smbus_off_remove_unattached_devices() {
        // qom-list, first PXB: 7.2 defaults 30 / sata=off 28 / smbus=off 21 / both 19;
        // -nodefaults 25 / 24 / 16 / 15. 10.0 is 3 lower everywhere.
        let cases = [
            (false, "", 30),
            (false, "sata", 28),
            (false, "smbus", 21),
            (false, "both", 19),
            (true, "sata", 24),
            (true, "smbus", 16),
            (true, "both", 15),
        ];
        for (nodefaults, what, n) in cases {
            for (v, delta) in [(QemuVersion::V7_2, 0), (QemuVersion::V10_0, 3)] {
                let mut d = q35(v, nodefaults, 1);
                if what == "sata" || what == "both" {
                    d.machine.extra.push(("sata".into(), "off".into()));
                }
                if what == "smbus" || what == "both" {
                    d.machine.extra.push(("smbus".into(), "off".into()));
                }
                assert_eq!(
                    unattached_index(&d, 0),
                    n - delta,
                    "{v:?} {nodefaults} {what}"
                );
            }
        }
    }
}
