//! The backends a device needs before QEMU accepts it (a drive for `virtio-blk-pci`/`nvme`, a
//! netdev for NICs, RAM backends for NUMA nodes, a firmware image), and their canonical names.
//! Emit generates exactly these forms; import recognises exactly these forms and folds them
//! back into the design, so a round trip does not accumulate backends.
//!
//! All forms were checked to start on QEMU 7.2 and 10.0 (`-S`, quit over QMP).

use crate::engine::catalog::Driver;
use crate::engine::design::{Firmware, MachineType};

/// Megabytes of RAM per NUMA node when the design does not give `-m`.
pub const MIB_PER_NODE: u64 = 128;

/// True for drivers that refuse to start without `drive=` (`drive property not set`).
pub fn needs_drive(driver: Driver) -> bool {
    matches!(driver, Driver::VirtioBlkPci | Driver::Nvme)
}

/// True for NICs (they get a `-netdev user`; without one QEMU warns `nic X has no peer`).
pub fn is_nic(driver: Driver) -> bool {
    matches!(
        driver,
        Driver::VirtioNetPci | Driver::E1000e | Driver::E1000 | Driver::Rtl8139
    )
}

/// The id of the generated drive of device `id`.
pub fn drive_id(device_id: &str) -> String {
    format!("drive-{device_id}")
}

/// The generated `-drive` argument (a null block device: no image file needed).
pub fn drive_arg(device_id: &str) -> String {
    format!("if=none,id={},driver=null-co", drive_id(device_id))
}

/// The id of the generated netdev of device `id`.
pub fn netdev_id(device_id: &str) -> String {
    format!("net-{device_id}")
}

/// The generated `-netdev` argument (user networking exists in both QEMU builds).
pub fn netdev_arg(device_id: &str) -> String {
    format!("user,id={}", netdev_id(device_id))
}

/// The id of NUMA node `i`'s RAM backend.
pub fn ram_id(node: usize) -> String {
    format!("ram-node{node}")
}

/// The `-bios` image we emit for a firmware, by machine.
pub fn bios_path(firmware: Firmware) -> &'static str {
    match firmware {
        Firmware::Seabios => "bios.bin",
        Firmware::Ovmf => "/usr/share/ovmf/OVMF.fd",
        Firmware::Aavmf => "/usr/share/AAVMF/AAVMF_CODE.fd",
    }
}

/// The firmware option emitted for a design's `firmware` field: virt gets AAVMF by default
/// (QEMU's virt runs no firmware without one, and the engine numbers buses as AAVMF does);
/// x86 gets nothing for the default (SeaBIOS is QEMU's default there).
pub fn emitted_firmware(firmware: Option<Firmware>, machine: MachineType) -> Option<Firmware> {
    match (firmware, machine) {
        (Some(f), _) => Some(f),
        (None, MachineType::Virt) => Some(Firmware::Aavmf),
        (None, _) => None,
    }
}

/// The firmware a `-bios` path names (by file name), if recognisable.
pub fn firmware_of_path(path: &str) -> Option<Firmware> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.contains("aavmf") || name.contains("qemu_efi") {
        Some(Firmware::Aavmf)
    } else if name.contains("ovmf") {
        Some(Firmware::Ovmf)
    } else if name.contains("bios") && !name.contains("efi") {
        Some(Firmware::Seabios)
    } else {
        None
    }
}

/// Parses a `-m` argument (`2G`, `2048`, `size=2G,maxmem=8G`) into MiB (QEMU's default unit
/// for `-m` is MiB).
pub fn parse_mem_mib(arg: &str) -> Option<u64> {
    let size = arg
        .split(',')
        .find_map(|p| p.strip_prefix("size="))
        .or_else(|| arg.split(',').next().filter(|p| !p.contains('=')))?;
    let size = size.trim();
    let (digits, unit) = match size.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => size.split_at(i),
        None => (size, "M"),
    };
    let n: u64 = digits.parse().ok()?;
    let factor = match unit.to_ascii_uppercase().as_str() {
        "K" | "KB" | "KIB" => return Some(n / 1024),
        "M" | "MB" | "MIB" | "" => 1,
        "G" | "GB" | "GIB" => 1024,
        "T" | "TB" | "TIB" => 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// Splits `total` MiB over `nodes` NUMA nodes (the last takes the remainder) so the node
/// sizes add up to `-m` (`total memory for NUMA nodes ... should equal RAM size`).
pub fn node_sizes(total_mib: u64, nodes: usize) -> Vec<u64> {
    if nodes == 0 {
        return Vec::new();
    }
    let each = total_mib / nodes as u64;
    let mut sizes = vec![each; nodes];
    if let Some(last) = sizes.last_mut() {
        *last = total_mib - each * (nodes as u64 - 1);
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_memory_sizes() {
        assert_eq!(parse_mem_mib("2G"), Some(2048));
        assert_eq!(parse_mem_mib("512"), Some(512));
        assert_eq!(parse_mem_mib("size=1G,maxmem=4G"), Some(1024));
        assert_eq!(parse_mem_mib("junk"), None);
        assert_eq!(node_sizes(300, 2), vec![150, 150]);
        assert_eq!(node_sizes(301, 3), vec![100, 100, 101]);
    }

    #[test]
    fn recognises_firmware() {
        assert_eq!(
            firmware_of_path("/usr/share/AAVMF/AAVMF_CODE.fd"),
            Some(Firmware::Aavmf)
        );
        assert_eq!(firmware_of_path("OVMF.fd"), Some(Firmware::Ovmf));
        assert_eq!(firmware_of_path("bios-256k.bin"), Some(Firmware::Seabios));
    }
}
