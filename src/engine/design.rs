//! The user's design: what they ask QEMU for. This is the JSON design file, the app's
//! autosaved state and what a pasted command line imports into.
//!
//! Invariants: plain data, no QEMU rules here (those live in the rule modules); every field has a
//! serde default so older files keep loading; `devices` are in command-line (creation) order,
//! which QEMU uses for automatic addresses.

use serde::{Deserialize, Serialize};

use super::catalog::Driver;

/// The QEMU release the design targets; version differences in the notes hinge on it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum QemuVersion {
    /// Debian bookworm's QEMU 7.2.
    #[serde(rename = "7.2")]
    V7_2,
    /// QEMU 10.0 (Debian bookworm-backports).
    #[default]
    #[serde(rename = "10.0")]
    V10_0,
}

impl QemuVersion {
    /// The version as users write it: `7.2` or `10.0`.
    pub fn as_str(self) -> &'static str {
        match self {
            QemuVersion::V7_2 => "7.2",
            QemuVersion::V10_0 => "10.0",
        }
    }

    /// Parses `7.2` / `10.0` (also `7`, `10`, `10.0.2`, ...).
    pub fn parse(text: &str) -> Option<QemuVersion> {
        let major = text.trim().split('.').next()?;
        match major {
            "7" => Some(QemuVersion::V7_2),
            "10" => Some(QemuVersion::V10_0),
            _ => None,
        }
    }

    /// Every supported version, oldest first.
    pub const ALL: [QemuVersion; 2] = [QemuVersion::V7_2, QemuVersion::V10_0];
}

/// The `-machine` type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MachineType {
    /// x86_64 Q35 + ICH9, PCI Express root bus `pcie.0`.
    #[default]
    Q35,
    /// x86_64 i440FX + PIIX, conventional root bus `pci.0`.
    Pc,
    /// aarch64 `virt`, PCI Express root bus `pcie.0` (GPEX).
    Virt,
}

impl MachineType {
    /// The name QEMU's `-machine` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            MachineType::Q35 => "q35",
            MachineType::Pc => "pc",
            MachineType::Virt => "virt",
        }
    }

    /// The emulator binary for this machine.
    pub fn binary(self) -> &'static str {
        match self {
            MachineType::Q35 | MachineType::Pc => "qemu-system-x86_64",
            MachineType::Virt => "qemu-system-aarch64",
        }
    }

    /// Name of the main root bus (`pcie.0` or `pci.0`).
    pub fn root_bus_name(self) -> &'static str {
        match self {
            MachineType::Pc => "pci.0",
            MachineType::Q35 | MachineType::Virt => "pcie.0",
        }
    }

    /// True when the main root bus is PCI Express.
    pub fn root_bus_is_express(self) -> bool {
        !matches!(self, MachineType::Pc)
    }

    /// Every machine type.
    pub const ALL: [MachineType; 3] = [MachineType::Q35, MachineType::Pc, MachineType::Virt];
}

/// `-machine kernel-irqchip=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KernelIrqchip {
    /// Full in-kernel irqchip (QEMU's default on q35 with KVM).
    On,
    /// Split irqchip (IOAPIC in QEMU): needed for interrupt remapping under KVM.
    Split,
    /// No in-kernel irqchip.
    Off,
}

/// The firmware that enumerates PCI and installs the ACPI tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Firmware {
    /// SeaBIOS (x86 default).
    Seabios,
    /// OVMF (EDK2 on x86).
    Ovmf,
    /// AAVMF (EDK2 on aarch64 virt; the default there).
    Aavmf,
}

/// A three-state QEMU option (`on`/`off`/`auto`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnOffAuto {
    /// `on`
    On,
    /// `off`
    Off,
    /// `auto`
    Auto,
}

/// Options of `-machine` that the model knows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Machine {
    /// The machine type.
    #[serde(rename = "type")]
    pub machine_type: MachineType,
    /// `default_bus_bypass_iommu`: the main root bus bypasses the vIOMMU (q35, virt; ignored on pc).
    pub default_bus_bypass_iommu: bool,
    /// `iommu=smmuv3` (virt only): the legacy machine-wide SMMUv3.
    pub iommu_smmuv3: bool,
    /// `its=on|off` (virt only); `None` = QEMU's default (on).
    pub its: Option<bool>,
    /// `kernel-irqchip=`; `None` = QEMU's default.
    pub kernel_irqchip: Option<KernelIrqchip>,
    /// `-machine` properties the model does not know, kept verbatim in order (`key`, `value`).
    pub extra: Vec<(String, String)>,
    /// The exact machine type name when it is a versioned alias of `machine_type`
    /// (`pc-q35-7.2`, `virt-10.0`); `None` = the plain name. Emitted instead of the plain name.
    pub type_name: Option<String>,
    /// The accelerator (`kvm`, `tcg`, `kvm:tcg`) from `-machine accel=`, `-accel` or
    /// `-enable-kvm`; `None` = QEMU's default (TCG). Emitted as `-machine accel=`.
    pub accel: Option<String>,
}

/// A PCI address `slot.function` as `addr=` writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PciAddr {
    /// Slot (device) number, 0..=31.
    pub slot: u8,
    /// Function number, 0..=7.
    pub function: u8,
}

impl PciAddr {
    /// The devfn byte: `slot << 3 | function`.
    pub fn devfn(self) -> u8 {
        (self.slot << 3) | (self.function & 7)
    }

    /// The address of a devfn byte.
    pub fn from_devfn(devfn: u8) -> PciAddr {
        PciAddr {
            slot: devfn >> 3,
            function: devfn & 7,
        }
    }
}

/// Properties of a `-device` that the model knows. Which ones apply depends on the driver
/// (see [`Driver`]); the others stay `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceProps {
    /// `bus_nr` of a `pxb`/`pxb-pcie`.
    pub bus_nr: Option<u8>,
    /// `numa_node` of a `pxb`/`pxb-pcie`.
    pub numa_node: Option<u16>,
    /// `bypass_iommu` of a `pxb`/`pxb-pcie`.
    pub bypass_iommu: Option<bool>,
    /// `chassis` of a `pcie-root-port` / `xio3130-downstream`.
    pub chassis: Option<u8>,
    /// `slot` (physical slot number) of a `pcie-root-port` / `xio3130-downstream`.
    pub slot: Option<u16>,
    /// `bus-reserve` of a `pcie-root-port`.
    pub bus_reserve: Option<u32>,
    /// `chassis_nr` of a `pci-bridge`.
    pub chassis_nr: Option<u8>,
    /// `host=` of a `vfio-pci` (host BDF, e.g. `0000:3b:00.0`).
    pub host: Option<String>,
    /// `intremap` of `intel-iommu` / `amd-iommu`.
    pub intremap: Option<OnOffAuto>,
    /// `caching-mode` of `intel-iommu`.
    pub caching_mode: Option<bool>,
    /// `device-iotlb` of `intel-iommu` / `amd-iommu`.
    pub device_iotlb: Option<bool>,
    /// `aw-bits` of `intel-iommu`.
    pub aw_bits: Option<u8>,
    /// `eim` of `intel-iommu`.
    pub eim: Option<bool>,
    /// `xtsup` of `amd-iommu` (QEMU 10.0+).
    pub xtsup: Option<bool>,
    /// `boot-bypass` of `virtio-iommu-pci`.
    pub boot_bypass: Option<bool>,
}

/// One `-device` of the design.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The qdev `id` (also the name of the bus a bridge or `pxb-pcie` creates). Unique.
    pub id: String,
    /// The QEMU driver.
    pub driver: Driver,
    /// `bus=`: the parent bus name; `None` for sysbus devices (`intel-iommu`, `amd-iommu`) and
    /// for a PCI device left to QEMU's default-bus rule.
    #[serde(default)]
    pub bus: Option<String>,
    /// `addr=`; `None` = QEMU picks the first free slot.
    #[serde(default)]
    pub addr: Option<PciAddr>,
    /// `multifunction=on`.
    #[serde(default)]
    pub multifunction: bool,
    /// Known properties.
    #[serde(default)]
    pub props: DeviceProps,
    /// Properties the model does not know, kept verbatim in order (`key`, `value`).
    #[serde(default)]
    pub extra: Vec<(String, String)>,
}

impl Device {
    /// A device with only a driver, an id and a parent bus.
    pub fn new(driver: Driver, id: &str, bus: Option<&str>) -> Device {
        Device {
            id: id.to_string(),
            driver,
            bus: bus.map(str::to_string),
            addr: None,
            multifunction: false,
            props: DeviceProps::default(),
            extra: Vec::new(),
        }
    }
}

/// A whole VM design.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Design {
    /// Target QEMU version.
    pub qemu_version: QemuVersion,
    /// `-machine`.
    pub machine: Machine,
    /// `-nodefaults`: no default VGA, NIC, serial, ...
    pub nodefaults: bool,
    /// `-vga none` (no built-in VGA function on x86).
    pub vga_none: bool,
    /// `-net none` / `-nic none` (no built-in NIC function).
    pub net_none: bool,
    /// Number of `-numa node` entries (0 = no NUMA).
    pub numa_nodes: u8,
    /// Firmware; `None` = the machine's default (SeaBIOS on x86, AAVMF on virt).
    pub firmware: Option<Firmware>,
    /// `-device` entries, in command-line order.
    pub devices: Vec<Device>,
    /// Command-line words the model does not know (whole options with their argument, e.g.
    /// `["-m", "2G"]`), kept verbatim in order and re-emitted after the known ones.
    pub extra_args: Vec<String>,
}

impl Design {
    /// The device with this id.
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    /// The version of the machine type QEMU runs: the one a versioned `-machine` name carries
    /// (`pc-q35-7.2` → (7, 2), also on QEMU 10.0, where compat defaults such as intel-iommu
    /// `aw-bits=39` up to pc-q35-9.1 follow it), else the QEMU release's own ((7, 2) / (10, 0)).
    pub fn machine_type_version(&self) -> (u32, u32) {
        let from_name = self.machine.type_name.as_deref().and_then(|name| {
            let version = name.rsplit('-').next()?;
            let mut parts = version.split('.');
            let major = parts.next()?.parse().ok()?;
            let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
            Some((major, minor))
        });
        from_name.unwrap_or(match self.qemu_version {
            QemuVersion::V7_2 => (7, 2),
            QemuVersion::V10_0 => (10, 0),
        })
    }

    /// The machine's QOM type name as QEMU prints it in errors (`pc-q35-7.2-machine`,
    /// `pc-i440fx-10.0-machine`, `virt-10.0-machine`), following a versioned `-machine` name.
    pub fn qom_machine_type(&self) -> String {
        let (major, minor) = self.machine_type_version();
        let prefix = match self.machine.machine_type {
            MachineType::Q35 => "pc-q35",
            MachineType::Pc => "pc-i440fx",
            MachineType::Virt => "virt",
        };
        format!("{prefix}-{major}.{minor}-machine")
    }

    /// The effective firmware (the machine's default when unset).
    pub fn effective_firmware(&self) -> Firmware {
        match (self.firmware, self.machine.machine_type) {
            (Some(f), _) => f,
            (None, MachineType::Virt) => Firmware::Aavmf,
            (None, _) => Firmware::Seabios,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_type_versions_follow_versioned_names() {
        let mut design = Design::default();
        assert_eq!(design.machine_type_version(), (10, 0));
        assert_eq!(design.qom_machine_type(), "pc-q35-10.0-machine");
        design.machine.type_name = Some("pc-q35-7.2".into());
        assert_eq!(design.machine_type_version(), (7, 2));
        assert_eq!(design.qom_machine_type(), "pc-q35-7.2-machine");
        design.machine.machine_type = MachineType::Virt;
        design.machine.type_name = Some("virt-9.1".into());
        design.qemu_version = QemuVersion::V7_2;
        assert_eq!(design.qom_machine_type(), "virt-9.1-machine");
    }
}
