//! Builds the [`Topology`] QEMU creates for a design: built-in functions, host bridges, buses,
//! and every function's devfn (explicit or first free slot, in creation order), with QEMU's own
//! errors for what it refuses.
//!
//! The walk follows `qdev_device_add()` (softmmu/qdev-monitor.c) for every `-device` in order:
//! find the bus (`bus=` or the default-bus rule), check the id, then `pci_qdev_realize()`
//! (hw/pci/pci.c): `do_pci_register_device()` (root-bus and devfn checks), the driver's own
//! realize (PXB and virtio-iommu checks), `pci_init_multifunction()`, and finally the bus's
//! hotplug handler (SHPC slot 0). A device that fails any step is left out of the topology.

mod builtins;
mod naming;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use super::catalog::Driver;
use super::design::{Design, Device, MachineType, PciAddr};
use super::diagnostics::Diagnostic;
use super::topology::{
    Bus, BusIdx, FnIdx, HostBridge, HostBridgeKind, HostIdx, PciFunction, Topology,
};

use naming::BusNamer;

/// Resolves the design into buses and functions as QEMU would create them (bus numbers are
/// filled in afterwards by [`super::firmware`]).
pub fn resolve(design: &Design) -> (Topology, Vec<Diagnostic>) {
    let mut resolver = Resolver::new(design);
    resolver.create_machine();
    for (index, device) in design.devices.iter().enumerate() {
        resolver.add_device(index, device);
    }
    (resolver.topology, resolver.diagnostics)
}

/// Who handles hot-plug on a bus: it decides whether slot 0 is usable (SHPC refuses it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hotplug {
    /// ACPI PCI hotplug of q35 / pc: the main hierarchy, bridges included.
    Acpi,
    /// ACPI PCI hotplug of the root bus only (`acpi-pci-hotplug-with-bridge-support=off`):
    /// bridges plugged below keep their own handler.
    AcpiRootOnly,
    /// A bridge's standard hot-plug controller (`pci-bridge`, `pcie-pci-bridge` outside ACPI).
    Shpc,
    /// Native PCIe slot of a root / downstream port, or no hotplug at all.
    Other,
}

/// One `-device` being placed: the facts the checks need.
struct Placement<'a> {
    index: usize,
    device: &'a Device,
    bus: BusIdx,
    devfn: u8,
}

struct Resolver<'a> {
    design: &'a Design,
    topology: Topology,
    diagnostics: Vec<Diagnostic>,
    /// Hotplug handler per bus (parallel to `topology.buses`).
    hotplug: Vec<Hotplug>,
    /// Function 0 of a slot announces multifunction (parallel to `topology.functions`).
    multifunction: Vec<bool>,
    /// qdev ids of `-device`s created so far (`/machine/peripheral`).
    ids: HashSet<String>,
    namer: BusNamer,
    /// Next `/machine/unattached/device[N]` index (only tracked where it matters: q35).
    unattached: u32,
}

impl<'a> Resolver<'a> {
    fn new(design: &'a Design) -> Resolver<'a> {
        Resolver {
            design,
            topology: Topology::default(),
            diagnostics: Vec::new(),
            hotplug: Vec::new(),
            multifunction: Vec::new(),
            ids: HashSet::new(),
            namer: BusNamer::new(design.machine.machine_type),
            unattached: builtins::first_unattached_index(design),
        }
    }

    fn machine(&self) -> MachineType {
        self.design.machine.machine_type
    }

    /// The main host bridge, its root bus and the machine's built-in functions.
    fn create_machine(&mut self) {
        let machine = self.machine();
        let kind = match machine {
            MachineType::Q35 => HostBridgeKind::Q35Pcihost,
            MachineType::Pc => HostBridgeKind::I440fxPcihost,
            MachineType::Virt => HostBridgeKind::GpexPcihost,
        };
        let bypass = builtins::main_bus_bypass(self.design);
        let hotplug = match machine {
            // hw/acpi/pcihp.c: q35 (since 6.1) and pc use ACPI PCI hotplug on the main bus
            MachineType::Q35 | MachineType::Pc
                if builtins::acpi_bridge_hotplug_off(self.design) =>
            {
                Hotplug::AcpiRootOnly
            }
            MachineType::Q35 | MachineType::Pc => Hotplug::Acpi,
            // virt has no ACPI PCI hotplug: bridges keep their SHPC
            MachineType::Virt => Hotplug::Other,
        };
        self.topology.host_bridges.push(HostBridge {
            kind,
            root_bus: 0,
            bypass_iommu: bypass,
            bus_nr: 0,
            expander: None,
            device_index: None,
            unattached_index: None,
        });
        self.push_bus(
            machine.root_bus_name().to_string(),
            machine.root_bus_is_express(),
            true,
            0,
            None,
            hotplug,
        );
        for builtin in builtins::builtin_functions(self.design) {
            let devfn = match builtin.addr {
                Some(addr) => addr.devfn(),
                None => match self.first_free_slot(0) {
                    Some(devfn) => devfn,
                    None => continue,
                },
            };
            let f = self.push_function(PciFunction {
                id: None,
                driver: builtin.driver.to_string(),
                device_index: None,
                bus: 0,
                devfn,
                secondary_bus: None,
                is_bridge: false,
                express: builtin.express,
                builtin: true,
                passthrough: false,
            });
            if let Some(flag) = self.multifunction.get_mut(f) {
                *flag = builtin.multifunction;
            }
        }
    }

    fn push_bus(
        &mut self,
        name: String,
        express: bool,
        is_root: bool,
        host_bridge: HostIdx,
        parent_bridge: Option<FnIdx>,
        hotplug: Hotplug,
    ) -> BusIdx {
        self.topology.buses.push(Bus {
            name,
            express,
            is_root,
            host_bridge,
            parent_bridge,
            number: 0,
            subordinate: 0,
            devices: Vec::new(),
        });
        self.hotplug.push(hotplug);
        self.topology.buses.len() - 1
    }

    /// Appends a function and files it on its bus in devfn order.
    fn push_function(&mut self, function: PciFunction) -> FnIdx {
        let bus = function.bus;
        let devfn = function.devfn;
        self.topology.functions.push(function);
        self.multifunction.push(false);
        let f = self.topology.functions.len() - 1;
        let functions = &self.topology.functions;
        if let Some(b) = self.topology.buses.get_mut(bus) {
            let at = b
                .devices
                .iter()
                .position(|&other| functions.get(other).is_some_and(|o| o.devfn > devfn))
                .unwrap_or(b.devices.len());
            b.devices.insert(at, f);
        }
        f
    }

    /// The function at `devfn` on `bus`.
    fn function_at(&self, bus: BusIdx, devfn: u8) -> Option<FnIdx> {
        let b = self.topology.buses.get(bus)?;
        b.devices.iter().copied().find(|&f| {
            self.topology
                .functions
                .get(f)
                .is_some_and(|x| x.devfn == devfn)
        })
    }

    /// hw/pci/pci.c do_pci_register_device: function 0 of the lowest slot whose function 0 is
    /// free (devfn_min is 0 on every bus modelled here).
    fn first_free_slot(&self, bus: BusIdx) -> Option<u8> {
        (0u8..32)
            .map(|slot| slot << 3)
            .find(|&devfn| self.function_at(bus, devfn).is_none())
    }

    fn error(&mut self, code: &str, message: String, node: &str) {
        self.diagnostics
            .push(Diagnostic::error(code, message, Some(node)));
    }

    /// The node name diagnostics use for a device: its id, or its driver when it has none.
    fn node_name(device: &Device) -> String {
        if device.id.is_empty() {
            device.driver.name().to_string()
        } else {
            device.id.clone()
        }
    }

    /// One `-device`, as `qdev_device_add()` handles it.
    fn add_device(&mut self, index: usize, device: &Device) {
        let node = Self::node_name(device);
        let driver = device.driver;
        if !driver.is_pci() {
            self.add_sysbus_device(index, device, &node);
            return;
        }
        // softmmu/qdev-monitor.c qdev_device_add: the bus first, then the id
        let bus = match device.bus.as_deref() {
            Some("main-system-bus") => {
                self.wrong_bus(device, "System", &node);
                return;
            }
            Some(name) => match self.find_bus_by_name(name) {
                Some(bus) => bus,
                None => {
                    self.error("bus-not-found", format!("Bus '{name}' not found"), &node);
                    return;
                }
            },
            None => self.default_bus(),
        };
        if !device.id.is_empty() && self.ids.contains(&device.id) {
            self.error(
                "duplicate-id",
                format!("Duplicate ID '{}' for device", device.id),
                &node,
            );
            return;
        }
        let Some(devfn) = self.register_checks(device, bus, &node) else {
            return;
        };
        let placement = Placement {
            index,
            device,
            bus,
            devfn,
        };
        if !self.realize_checks(&placement, &node) {
            return;
        }
        if !self.multifunction_checks(&placement, &node) {
            return;
        }
        if !self.plug_checks(&placement, &node) {
            return;
        }
        self.create(&placement);
        if !device.id.is_empty() {
            self.ids.insert(device.id.clone());
        }
    }

    /// intel-iommu / amd-iommu: sysbus devices. amd-iommu realizes its own `AMDVI-PCI`
    /// function on the main root bus (hw/i386/amd_iommu.c amdvi_sysbus_realize), first free
    /// slot at that point of the creation order. Whether the machine allows them is checked by
    /// the rules.
    fn add_sysbus_device(&mut self, index: usize, device: &Device, node: &str) {
        // qdev_device_add: a `bus=` must name a bus of the device's type (sysbus)
        match device.bus.as_deref() {
            None | Some("main-system-bus") => {}
            Some(name) => {
                match self.find_bus_by_name(name) {
                    Some(bus) => {
                        let kind = self.bus_type_name(bus);
                        self.wrong_bus(device, kind, node);
                    }
                    None => {
                        self.error("bus-not-found", format!("Bus '{name}' not found"), node);
                    }
                }
                return;
            }
        }
        if !device.id.is_empty() && self.ids.contains(&device.id) {
            self.error(
                "duplicate-id",
                format!("Duplicate ID '{}' for device", device.id),
                node,
            );
            return;
        }
        // sysbus devices have no PCI properties (QEMU 7.2: Property 'intel-iommu.addr' not found)
        let pci_props = [
            ("addr", device.addr.is_some()),
            ("multifunction", device.multifunction),
        ];
        if let Some((prop, _)) = pci_props.iter().find(|(_, set)| *set) {
            self.error(
                "property-not-found",
                format!("Property '{}.{prop}' not found", device.driver.name()),
                node,
            );
            return;
        }
        if !device.id.is_empty() {
            self.ids.insert(device.id.clone());
        }
        if device.driver == Driver::AmdIommu && self.machine() == MachineType::Q35 {
            let Some(devfn) = self.first_free_slot(0) else {
                self.error(
                    "no-free-slot",
                    "PCI: no slot/function available for AMDVI-PCI, all in use or reserved"
                        .to_string(),
                    node,
                );
                return;
            };
            self.push_function(PciFunction {
                id: None,
                driver: "AMDVI-PCI".to_string(),
                device_index: Some(index),
                bus: 0,
                devfn,
                secondary_bus: None,
                is_bridge: false,
                express: false,
                builtin: false,
                passthrough: false,
            });
            // the AMDVI-PCI object is unparented: it takes a /machine/unattached slot
            self.unattached += 1;
        }
    }

    /// QOM type name of a bus, as `Device '%s' can't go on %s bus` prints it.
    fn bus_type_name(&self, bus: BusIdx) -> &'static str {
        let Some(b) = self.topology.buses.get(bus) else {
            return "PCI";
        };
        let host_kind = self
            .topology
            .host_bridges
            .get(b.host_bridge)
            .map(|h| h.kind);
        match (b.is_root, host_kind) {
            (true, Some(HostBridgeKind::PxbHost)) if b.express => "pxb-pcie-bus",
            (true, Some(HostBridgeKind::PxbHost)) => "pxb-bus",
            _ if b.express => "PCIE",
            _ => "PCI",
        }
    }

    fn wrong_bus(&mut self, device: &Device, kind: &str, node: &str) {
        self.error(
            "wrong-bus-type",
            format!("Device '{}' can't go on {kind} bus", device.driver.name()),
            node,
        );
    }

    /// softmmu/qdev-monitor.c qbus_find_recursive by name: depth first from the main system
    /// bus, newest child first, first match wins (so a bus name used twice resolves to the
    /// newest hierarchy's bus).
    fn find_bus_by_name(&self, name: &str) -> Option<BusIdx> {
        let hosts = &self.topology.host_bridges;
        hosts
            .iter()
            .rev()
            .find_map(|host| self.find_in_bus(host.root_bus, name))
    }

    fn find_in_bus(&self, bus: BusIdx, name: &str) -> Option<BusIdx> {
        let b = self.topology.buses.get(bus)?;
        if b.name == name {
            return Some(bus);
        }
        // children newest first: bus_add_child inserts at the head
        let mut children: Vec<FnIdx> = b.devices.clone();
        children.sort_unstable_by(|a, b| b.cmp(a));
        children.into_iter().find_map(|f| {
            let secondary = self.topology.functions.get(f)?.secondary_bus?;
            self.find_in_bus(secondary, name)
        })
    }

    /// The default-bus rule (notes §6.2): the first PCI bus in the same search is the root bus
    /// of the newest host bridge, i.e. the newest PXB's root bus once one exists.
    fn default_bus(&self) -> BusIdx {
        self.topology
            .host_bridges
            .last()
            .map_or(0, |host| host.root_bus)
    }

    /// The PXB device whose root bus `bus` is (`bus->parent_dev` of an extra root bus).
    fn pxb_of_root_bus(&self, bus: BusIdx) -> Option<FnIdx> {
        let b = self.topology.buses.get(bus)?;
        if !b.is_root {
            return None;
        }
        self.topology.host_bridges.get(b.host_bridge)?.expander
    }

    /// hw/pci/pci.c do_pci_register_device: extra root buses take bridges only; the devfn.
    fn register_checks(&mut self, device: &Device, bus: BusIdx, node: &str) -> Option<u8> {
        let driver = device.driver;
        if let Some(pxb) = self.pxb_of_root_bus(bus) {
            if !driver.is_pci_bridge() {
                let parent = self
                    .topology
                    .functions
                    .get(pxb)
                    .map(|f| f.driver.clone())
                    .unwrap_or_default();
                self.error(
                    "pxb-bridges-only",
                    format!("PCI: Only PCI/PCIe bridges can be plugged into {parent}"),
                    node,
                );
                return None;
            }
        }
        match device.addr {
            Some(addr) => {
                if addr.slot > 31 || addr.function > 7 {
                    self.error(
                        "invalid-addr",
                        format!(
                            "Property '{}.addr' doesn't take value '{:x}.{:x}'",
                            driver.name(),
                            addr.slot,
                            addr.function
                        ),
                        node,
                    );
                    return None;
                }
                let devfn = addr.devfn();
                if let Some(other) = self.function_at(bus, devfn) {
                    let (other_driver, other_id) = self
                        .topology
                        .functions
                        .get(other)
                        .map(|f| {
                            (
                                f.driver.clone(),
                                f.id.clone().unwrap_or_else(|| "(null)".to_string()),
                            )
                        })
                        .unwrap_or_default();
                    self.error(
                        "devfn-in-use",
                        format!(
                            "PCI: slot {} function {} not available for {}, in use by {},id={}",
                            addr.slot,
                            addr.function,
                            driver.name(),
                            other_driver,
                            other_id
                        ),
                        node,
                    );
                    return None;
                }
                Some(devfn)
            }
            None => match self.first_free_slot(bus) {
                Some(devfn) => Some(devfn),
                None => {
                    self.error(
                        "no-free-slot",
                        format!(
                            "PCI: no slot/function available for {}, all in use or reserved",
                            driver.name()
                        ),
                        node,
                    );
                    None
                }
            },
        }
    }

    /// The drivers' own realize checks: PXBs (hw/pci-bridge/pci_expander_bridge.c) and
    /// virtio-iommu-pci (hw/virtio/virtio-iommu-pci.c).
    fn realize_checks(&mut self, p: &Placement, node: &str) -> bool {
        let Some(bus) = self.topology.buses.get(p.bus) else {
            return false;
        };
        let (express, is_root) = (bus.express, bus.is_root);
        match p.device.driver {
            Driver::Pxb | Driver::PxbPcie => {
                // pxb_dev_realize / pxb_pcie_dev_realize
                if p.device.driver == Driver::Pxb && express {
                    self.error(
                        "pxb-on-pcie-bus",
                        "pxb devices cannot reside on a PCIe bus".to_string(),
                        node,
                    );
                    return false;
                }
                if p.device.driver == Driver::PxbPcie && !express {
                    self.error(
                        "pxb-pcie-on-pci-bus",
                        "pxb-pcie devices cannot reside on a PCI bus".to_string(),
                        node,
                    );
                    return false;
                }
                // pxb_register_bus: `bus->parent_dev` must be NULL (a PXB root bus has one)
                if !is_root || self.pxb_of_root_bus(p.bus).is_some() {
                    self.error(
                        "pxb-not-on-root-bus",
                        "PXB devices can be attached only to root bus".to_string(),
                        node,
                    );
                    return false;
                }
                let bus_nr = p.device.props.bus_nr.unwrap_or(0);
                if self.child_bus_numbers(p.bus).contains(&bus_nr) {
                    self.error(
                        "bus-nr-in-use",
                        format!("Bus {bus_nr} is already in use"),
                        node,
                    );
                    return false;
                }
                true
            }
            Driver::VirtioIommuPci => {
                if !is_root {
                    self.error(
                        "virtio-iommu-not-on-root-bus",
                        "virtio-iommu-pci must be plugged on the root bus".to_string(),
                        node,
                    );
                    return false;
                }
                true
            }
            _ => true,
        }
    }

    /// Numbers of the buses in `bus->child` at realize time: every PXB root bus registered on
    /// it (its bus_nr) and every bridge's secondary bus directly below (still 0: the firmware
    /// has not run).
    fn child_bus_numbers(&self, bus: BusIdx) -> Vec<u8> {
        let mut numbers = Vec::new();
        for host in self.topology.host_bridges.iter().skip(1) {
            let on_bus = host
                .expander
                .and_then(|f| self.topology.functions.get(f))
                .is_some_and(|f| f.bus == bus);
            if on_bus {
                numbers.push(host.bus_nr);
            }
        }
        if let Some(b) = self.topology.buses.get(bus) {
            for &f in &b.devices {
                if self
                    .topology
                    .functions
                    .get(f)
                    .is_some_and(|x| x.secondary_bus.is_some())
                {
                    numbers.push(0);
                }
            }
        }
        numbers
    }

    /// hw/pci/pci.c pci_init_multifunction.
    fn multifunction_checks(&mut self, p: &Placement, node: &str) -> bool {
        let addr = PciAddr::from_devfn(p.devfn);
        if addr.function != 0 {
            let f0 = self.function_at(p.bus, addr.slot << 3);
            let f0_multi = f0.is_some_and(|f| self.multifunction.get(f).copied().unwrap_or(false));
            if f0.is_some() && !f0_multi {
                self.error(
                    "single-function-slot",
                    format!(
                        "PCI: single function device can't be populated in function {:x}.{:x}",
                        addr.slot, addr.function
                    ),
                    node,
                );
                return false;
            }
            return true;
        }
        if p.device.multifunction {
            return true;
        }
        for function in 1..8u8 {
            if self
                .function_at(p.bus, (addr.slot << 3) | function)
                .is_some()
            {
                self.error(
                    "single-function-slot",
                    format!(
                        "PCI: {:x}.0 indicates single function, but {:x}.{:x} is already populated.",
                        addr.slot, addr.slot, function
                    ),
                    node,
                );
                return false;
            }
        }
        true
    }

    /// The bus's hotplug handler: SHPC refuses slot 0 (hw/pci/shpc.c shpc_device_plug_cb).
    fn plug_checks(&mut self, p: &Placement, node: &str) -> bool {
        let addr = PciAddr::from_devfn(p.devfn);
        if self.hotplug.get(p.bus) == Some(&Hotplug::Shpc) && addr.slot == 0 {
            self.error(
                "shpc-slot-0",
                "Unsupported PCI slot 0 for standard hotplug controller. Valid slots are between 1 and 31."
                    .to_string(),
                node,
            );
            return false;
        }
        // Slot != 0 below a root / downstream port is accepted (10.x only warns); the
        // diagnostic for it lives in rules/ports.rs.
        true
    }

    /// Creates the function and whatever bus / host bridge it brings.
    fn create(&mut self, p: &Placement) {
        let device = p.device;
        let driver = device.driver;
        let parent_express = self.topology.buses.get(p.bus).is_some_and(|b| b.express);
        let id = (!device.id.is_empty()).then(|| device.id.clone());
        let f = self.push_function(PciFunction {
            id: id.clone(),
            driver: driver.name().to_string(),
            device_index: Some(p.index),
            bus: p.bus,
            devfn: p.devfn,
            secondary_bus: None,
            is_bridge: driver.is_pci_bridge(),
            express: driver.is_express() && parent_express,
            builtin: false,
            passthrough: driver.is_passthrough(),
        });
        if let Some(flag) = self.multifunction.get_mut(f) {
            *flag = device.multifunction;
        }
        match driver {
            Driver::PxbPcie => self.create_pxb_pcie(p, f),
            Driver::Pxb => self.create_pxb(p, f),
            _ if driver.is_pci_bridge() => {
                let host = self.host_of(p.bus);
                let express = driver.secondary_is_express().unwrap_or(false);
                let name = match &id {
                    Some(id) => id.clone(),
                    None => self.namer.auto_name(express),
                };
                let hotplug = self.secondary_hotplug(p.bus, device);
                let secondary = self.push_bus(name, express, false, host, Some(f), hotplug);
                if let Some(function) = self.topology.functions.get_mut(f) {
                    function.secondary_bus = Some(secondary);
                }
            }
            _ => {}
        }
    }

    fn host_of(&self, bus: BusIdx) -> HostIdx {
        self.topology.buses.get(bus).map_or(0, |b| b.host_bridge)
    }

    /// Who handles hotplug on the secondary bus of a bridge plugged into `parent`.
    fn secondary_hotplug(&self, parent: BusIdx, device: &Device) -> Hotplug {
        // hw/acpi/pcihp.c acpi_pcihp_device_plug_cb: ACPI takes over bridges plugged below it
        if self.hotplug.get(parent) == Some(&Hotplug::Acpi) {
            return Hotplug::Acpi;
        }
        let shpc_off = device
            .extra
            .iter()
            .any(|(k, v)| k == "shpc" && matches!(v.as_str(), "off" | "false" | "no" | "n"));
        match device.driver {
            Driver::PciBridge | Driver::PciePciBridge if !shpc_off => Hotplug::Shpc,
            _ => Hotplug::Other,
        }
    }

    /// `pxb-pcie`: a `pxb-host` and its PCIe root bus named by the id.
    fn create_pxb_pcie(&mut self, p: &Placement, f: FnIdx) {
        let host = self.push_pxb_host(p, f);
        let name = if p.device.id.is_empty() {
            self.namer.auto_pxb_pcie_name()
        } else {
            p.device.id.clone()
        };
        let root = self.push_bus(name, true, true, host, None, Hotplug::Other);
        if let Some(h) = self.topology.host_bridges.get_mut(host) {
            h.root_bus = root;
        }
    }

    /// Legacy `pxb`: a `pxb-host` with a conventional root bus `pxb-internal`, and on it an
    /// internal `pci-bridge` (shpc off, qdev id = the pxb's id) whose secondary bus is the one
    /// users plug into (pci_expander_bridge.c pxb_dev_realize_common).
    fn create_pxb(&mut self, p: &Placement, f: FnIdx) {
        let host = self.push_pxb_host(p, f);
        let root = self.push_bus(
            "pxb-internal".to_string(),
            false,
            true,
            host,
            None,
            Hotplug::Other,
        );
        if let Some(h) = self.topology.host_bridges.get_mut(host) {
            h.root_bus = root;
        }
        let id = (!p.device.id.is_empty()).then(|| p.device.id.clone());
        let bridge = self.push_function(PciFunction {
            id: id.clone(),
            driver: "pci-bridge".to_string(),
            device_index: Some(p.index),
            bus: root,
            devfn: 0,
            secondary_bus: None,
            is_bridge: true,
            express: false,
            builtin: true,
            passthrough: false,
        });
        // the internal bridge is unparented too
        self.unattached += 1;
        let name = match id {
            Some(id) => id,
            None => self.namer.auto_name(false),
        };
        let secondary = self.push_bus(name, false, false, host, Some(bridge), Hotplug::Other);
        if let Some(function) = self.topology.functions.get_mut(bridge) {
            function.secondary_bus = Some(secondary);
        }
    }

    fn push_pxb_host(&mut self, p: &Placement, f: FnIdx) -> HostIdx {
        let props = &p.device.props;
        let unattached = self.unattached;
        self.unattached += 1;
        self.topology.host_bridges.push(HostBridge {
            kind: HostBridgeKind::PxbHost,
            root_bus: 0,
            bypass_iommu: props.bypass_iommu.unwrap_or(false),
            bus_nr: props.bus_nr.unwrap_or(0),
            expander: Some(f),
            device_index: Some(p.index),
            unattached_index: (self.machine() == MachineType::Q35).then_some(unattached),
        });
        self.topology.host_bridges.len() - 1
    }
}
