//! The catalogue of QEMU device drivers the model knows: their QEMU name, their role in the PCI
//! tree, whether they are PCI Express, and a short description for people.
//!
//! Invariants: one entry per driver; `Driver::name()` is exactly QEMU's `-device` driver name
//! and is the serde form; facts here are static per driver (per-design rules live elsewhere).

use serde::{Deserialize, Serialize};

/// The role a driver plays in the PCI topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A PCI expander bridge: a PCI function on the main root bus that creates a new root bus.
    HostBridge,
    /// A PCI-to-PCI bridge of some kind (root port, switch port, PCI bridge).
    Bridge,
    /// An endpoint (a device that does DMA).
    Endpoint,
    /// A virtual IOMMU.
    Iommu,
}

macro_rules! drivers {
    ($( $variant:ident => $name:literal, $cat:ident, $express:literal, $desc:literal; )*) => {
        /// A QEMU `-device` driver the model knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Driver {
            $(
                #[doc = $desc]
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl Driver {
            /// Every known driver, palette order.
            pub const ALL: &'static [Driver] = &[$(Driver::$variant),*];

            /// QEMU's driver name (`-device <name>`).
            pub fn name(self) -> &'static str {
                match self { $(Driver::$variant => $name,)* }
            }

            /// The driver's role.
            pub fn category(self) -> Category {
                match self { $(Driver::$variant => Category::$cat,)* }
            }

            /// True for a PCI Express function (has a PCIe capability when plugged into a PCIe
            /// slot); false for conventional PCI functions and sysbus devices.
            pub fn is_express(self) -> bool {
                match self { $(Driver::$variant => $express,)* }
            }

            /// One sentence for people (palette tooltip, reports).
            pub fn description(self) -> &'static str {
                match self { $(Driver::$variant => $desc,)* }
            }

            /// The driver named `name`, if the model knows it.
            pub fn from_name(name: &str) -> Option<Driver> {
                match name { $($name => Some(Driver::$variant),)* _ => None }
            }
        }
    };
}

drivers! {
    PxbPcie => "pxb-pcie", HostBridge, true, "PCI Express expander bridge: a new PCIe root bus (q35, virt) with its own bus_nr, NUMA node and bypass_iommu.";
    Pxb => "pxb", HostBridge, false, "PCI expander bridge: a new conventional root bus (pc) with its own bus_nr, NUMA node and bypass_iommu.";
    PcieRootPort => "pcie-root-port", Bridge, true, "PCI Express root port: one slot (device 0) below it, hotpluggable.";
    X3130Upstream => "x3130-upstream", Bridge, true, "Upstream port of a PCIe switch: plug it into a root port, add downstream ports below.";
    Xio3130Downstream => "xio3130-downstream", Bridge, true, "Downstream port of a PCIe switch: one slot (device 0) below it.";
    PciBridge => "pci-bridge", Bridge, false, "Conventional PCI-to-PCI bridge with 32 slots and SHPC hotplug.";
    PciePciBridge => "pcie-pci-bridge", Bridge, true, "PCIe-to-PCI bridge: a conventional PCI bus for legacy devices on a PCIe machine.";
    VirtioNetPci => "virtio-net-pci", Endpoint, true, "Paravirtual network card (virtio).";
    VirtioBlkPci => "virtio-blk-pci", Endpoint, true, "Paravirtual block device (virtio).";
    VirtioScsiPci => "virtio-scsi-pci", Endpoint, true, "Paravirtual SCSI controller (virtio).";
    VirtioGpuPci => "virtio-gpu-pci", Endpoint, true, "Paravirtual GPU (virtio).";
    VirtioRngPci => "virtio-rng-pci", Endpoint, true, "Paravirtual entropy source (virtio).";
    VirtioBalloonPci => "virtio-balloon-pci", Endpoint, true, "Memory balloon (virtio).";
    VirtioSerialPci => "virtio-serial-pci", Endpoint, true, "Paravirtual serial ports (virtio).";
    E1000e => "e1000e", Endpoint, true, "Intel 82574L PCIe gigabit network card.";
    E1000 => "e1000", Endpoint, false, "Intel 82540EM conventional PCI gigabit network card.";
    Rtl8139 => "rtl8139", Endpoint, false, "Realtek 8139 conventional PCI fast-ethernet card.";
    Nvme => "nvme", Endpoint, true, "NVM Express controller.";
    QemuXhci => "qemu-xhci", Endpoint, true, "USB 3 xHCI controller.";
    Ich9IntelHda => "ich9-intel-hda", Endpoint, true, "Intel HD Audio controller (ICH9).";
    IntelHda => "intel-hda", Endpoint, false, "Intel HD Audio controller (ICH6), conventional PCI.";
    VfioPci => "vfio-pci", Endpoint, true, "Host PCI device passed through with VFIO (host=BDF): real hardware doing real DMA.";
    IntelIommu => "intel-iommu", Iommu, false, "Intel VT-d vIOMMU (q35): the guest gets a DMAR table.";
    AmdIommu => "amd-iommu", Iommu, false, "AMD-Vi vIOMMU (q35): the guest gets an IVRS table.";
    VirtioIommuPci => "virtio-iommu-pci", Iommu, true, "virtio-iommu, a PCI function on a root bus: the guest gets a VIOT table.";
}

impl Driver {
    /// True when the driver is a PCI function (everything but the sysbus vIOMMUs).
    pub fn is_pci(self) -> bool {
        !matches!(self, Driver::IntelIommu | Driver::AmdIommu)
    }

    /// True for a `TYPE_PCI_BRIDGE` subclass (DMAR lists it as a sub-hierarchy scope).
    pub fn is_pci_bridge(self) -> bool {
        self.category() == Category::Bridge
    }

    /// True for PCIe root ports and switch downstream ports: only slot 0 is valid below them.
    pub fn is_single_slot_port(self) -> bool {
        matches!(self, Driver::PcieRootPort | Driver::Xio3130Downstream)
    }

    /// For a bridge, whether the bus it creates (its secondary bus) is PCI Express.
    pub fn secondary_is_express(self) -> Option<bool> {
        match self {
            Driver::PcieRootPort | Driver::X3130Upstream | Driver::Xio3130Downstream => Some(true),
            Driver::PciBridge | Driver::PciePciBridge => Some(false),
            Driver::PxbPcie => Some(true),
            Driver::Pxb => Some(false),
            _ => None,
        }
    }

    /// True for a device that passes real host hardware through (security-relevant when it
    /// bypasses the vIOMMU).
    pub fn is_passthrough(self) -> bool {
        matches!(self, Driver::VfioPci)
    }
}
