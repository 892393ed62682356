//! What each machine creates by itself on its main root bus before any `-device`, in creation
//! order (checked with `info qtree` on QEMU 7.2 and 10.0), and facts about the main host bridge.

use crate::engine::design::{Design, MachineType, PciAddr, QemuVersion};

/// A function the machine creates during init.
pub(super) struct Builtin {
    /// qdev type as `info qtree` names it.
    pub driver: &'static str,
    /// Fixed address, or `None` for the first free slot at creation time.
    pub addr: Option<PciAddr>,
    /// Function 0 of a multifunction device (other functions may join its slot).
    pub multifunction: bool,
    /// PCI Express function.
    pub express: bool,
}

fn fixed(driver: &'static str, slot: u8, function: u8, multifunction: bool) -> Builtin {
    Builtin {
        driver,
        addr: Some(PciAddr { slot, function }),
        multifunction,
        express: false,
    }
}

fn auto(driver: &'static str, express: bool) -> Builtin {
    Builtin {
        driver,
        addr: None,
        multifunction: false,
        express,
    }
}

/// True when the default VGA exists (x86 only; `-display none` keeps it).
pub(super) fn has_vga(design: &Design) -> bool {
    design.machine.machine_type != MachineType::Virt && !design.nodefaults && !design.vga_none
}

/// True when the default NIC exists.
pub(super) fn has_default_nic(design: &Design) -> bool {
    !design.nodefaults && !design.net_none
}

/// The built-in functions, in creation order.
///
/// * q35 (hw/i386/pc_q35.c): `mch` 00.0, `ICH9-LPC` 1f.0 (multifunction), `ich9-ahci` 1f.2
///   (`sata`), `ICH9-SMB` 1f.3 (`smbus`), then `VGA` and the default `e1000e` at the first free
///   slots (01.0, 02.0; the NIC moves to 01.0 without VGA).
/// * pc (hw/i386/pc_piix.c): `i440FX` 00.0, `PIIX3` 01.0 (multifunction), `piix3-ide` 01.1,
///   `PIIX4_PM` 01.3, `VGA` and `e1000` at the first free slots (02.0, 03.0). 7.2 creates VGA
///   and the NIC before the IDE/PM functions, 10.0 after them; the addresses are the same.
/// * virt (hw/arm/virt.c create_pcie): `gpex-root` 00.0, default `virtio-net-pci` (01.0).
pub(super) fn builtin_functions(design: &Design) -> Vec<Builtin> {
    let extra_off = |key: &str| {
        design
            .machine
            .extra
            .iter()
            .any(|(k, v)| k == key && matches!(v.as_str(), "off" | "false" | "no" | "n"))
    };
    let mut list = Vec::new();
    match design.machine.machine_type {
        MachineType::Q35 => {
            list.push(fixed("mch", 0, 0, false));
            list.push(fixed("ICH9-LPC", 0x1f, 0, true));
            if !extra_off("sata") {
                list.push(fixed("ich9-ahci", 0x1f, 2, false));
            }
            if !extra_off("smbus") {
                list.push(fixed("ICH9-SMB", 0x1f, 3, false));
            }
            if has_vga(design) {
                list.push(auto("VGA", false));
            }
            if has_default_nic(design) {
                list.push(auto("e1000e", true));
            }
        }
        MachineType::Pc => {
            list.push(fixed("i440FX", 0, 0, false));
            list.push(fixed("PIIX3", 1, 0, true));
            let late = design.qemu_version == QemuVersion::V10_0;
            if late {
                list.push(fixed("piix3-ide", 1, 1, false));
                list.push(fixed("PIIX4_PM", 1, 3, false));
            }
            if has_vga(design) {
                list.push(auto("VGA", false));
            }
            if has_default_nic(design) {
                list.push(auto("e1000", false));
            }
            if !late {
                list.push(fixed("piix3-ide", 1, 1, false));
                list.push(fixed("PIIX4_PM", 1, 3, false));
            }
        }
        MachineType::Virt => {
            list.push(fixed("gpex-root", 0, 0, false));
            if has_default_nic(design) {
                list.push(auto("virtio-net-pci", true));
            }
        }
    }
    list
}

/// The main host bridge's effective `bypass-iommu`.
///
/// q35 and virt copy `default-bus-bypass-iommu` into it (hw/pci-host/q35.c q35_host_realize,
/// hw/arm/virt.c create_pcie), overriding any `-global`; pc never wires the machine property,
/// but `-global i440FX-pcihost.bypass-iommu=on` works there (notes §1.1).
pub(super) fn main_bus_bypass(design: &Design) -> bool {
    match design.machine.machine_type {
        MachineType::Q35 | MachineType::Virt => design.machine.default_bus_bypass_iommu,
        MachineType::Pc => design.extra_args.windows(2).any(|pair| {
            pair[0] == "-global"
                && pair[1]
                    .strip_prefix("i440FX-pcihost.bypass-iommu=")
                    .is_some_and(|v| matches!(v, "on" | "true" | "yes" | "y"))
        }),
    }
}

/// `N` of the first `/machine/unattached/device[N]` a `-device` can get on q35: one shared
/// model with the ACPI host-order code (measured with `qom-list /machine/unattached`; 7.2: 25,
/// 10.0: 22 with `-nodefaults`, plus default VGA, NIC, serial, parallel, CD-ROM and extra CPUs).
/// Only meaningful on q35 (the only machine whose DMAR/IVRS order depends on it).
pub(super) fn first_unattached_index(design: &Design) -> u32 {
    crate::engine::acpi::host_order::unattached_base(design)
}

/// `-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off` (q35) or
/// `-global PIIX4_PM.…=off` (pc): ACPI hotplug stops at the root bus, so a `pci-bridge` /
/// `pcie-pci-bridge` below it keeps its SHPC and refuses slot 0 (QEMU 7.2 run).
pub(super) fn acpi_bridge_hotplug_off(design: &Design) -> bool {
    let owner = match design.machine.machine_type {
        MachineType::Q35 => "ICH9-LPC",
        MachineType::Pc => "PIIX4_PM",
        MachineType::Virt => return false,
    };
    let key = format!("{owner}.acpi-pci-hotplug-with-bridge-support=");
    design.extra_args.windows(2).any(|pair| {
        pair[0] == "-global"
            && pair[1]
                .strip_prefix(key.as_str())
                .is_some_and(|v| matches!(v, "off" | "false" | "no" | "n"))
    })
}
