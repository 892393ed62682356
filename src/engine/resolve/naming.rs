//! Automatic qdev bus names for devices without an id (hw/core/bus.c qbus_init_internal):
//! `<lowercase bus type>.<per-type counter>`. A bridge with an id names its bus by the id
//! (hw/pci/pci_bridge.c pci_bridge_initfn), so these only matter for id-less devices.

use crate::engine::design::MachineType;

/// Per-bus-type counters, as QEMU's `BusClass::automatic_ids`.
pub(super) struct BusNamer {
    /// `TYPE_PCI_BUS` ("PCI"): pci-bridge / pcie-pci-bridge secondaries, legacy pxb buses.
    pci: u32,
    /// `TYPE_PCIE_BUS` ("PCIE"): root / switch port secondaries.
    pcie: u32,
    /// `TYPE_PXB_PCIE_BUS`: unnamed pxb-pcie root buses.
    pxb_pcie: u32,
}

impl BusNamer {
    /// Counters at the end of machine init: i440FX's root bus is itself auto-named `pci.0`;
    /// q35 and virt name `pcie.0` explicitly, which does not consume the counter — so the first
    /// id-less root port on q35 gets a second bus called `pcie.0`.
    pub(super) fn new(machine: MachineType) -> BusNamer {
        BusNamer {
            pci: u32::from(machine == MachineType::Pc),
            pcie: 0,
            pxb_pcie: 0,
        }
    }

    /// Name of the next id-less bridge's secondary bus.
    pub(super) fn auto_name(&mut self, express: bool) -> String {
        let (prefix, counter) = if express {
            ("pcie", &mut self.pcie)
        } else {
            ("pci", &mut self.pci)
        };
        let name = format!("{prefix}.{counter}");
        *counter += 1;
        name
    }

    /// Name of the next id-less pxb-pcie's root bus.
    pub(super) fn auto_pxb_pcie_name(&mut self) -> String {
        let name = format!("pxb-pcie-bus.{}", self.pxb_pcie);
        self.pxb_pcie += 1;
        name
    }
}
