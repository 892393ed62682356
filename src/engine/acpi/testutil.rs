//! Hand-built topologies for the table builders' unit tests (independent of `resolve`).

use crate::engine::topology::{
    Bus, BusIdx, FnIdx, HostBridge, HostBridgeKind, HostIdx, PciFunction, Topology,
};

/// Builds a [`Topology`] piece by piece, with firmware bus numbers given explicitly.
pub struct TopoBuilder {
    /// The topology being built.
    pub t: Topology,
}

impl TopoBuilder {
    /// A main host bridge with its root bus 0 (`pcie.0`) and the given built-in functions.
    pub fn main(kind: HostBridgeKind, bypass: bool, builtins: &[(u8, &str)]) -> TopoBuilder {
        let mut b = TopoBuilder {
            t: Topology::default(),
        };
        b.t.host_bridges.push(HostBridge {
            kind,
            root_bus: 0,
            bypass_iommu: bypass,
            bus_nr: 0,
            expander: None,
            device_index: None,
            unattached_index: None,
        });
        b.t.buses.push(Bus {
            name: "pcie.0".into(),
            express: kind != HostBridgeKind::I440fxPcihost,
            is_root: true,
            host_bridge: 0,
            parent_bridge: None,
            number: 0,
            subordinate: 0,
            devices: Vec::new(),
        });
        for (devfn, driver) in builtins {
            b.func(0, *devfn, driver, false);
        }
        b
    }

    /// q35 with mch, ICH9-LPC, AHCI, SMBus (`-nodefaults`).
    pub fn q35(bypass: bool) -> TopoBuilder {
        TopoBuilder::main(
            HostBridgeKind::Q35Pcihost,
            bypass,
            &[
                (0x00, "mch"),
                (0xf8, "ICH9-LPC"),
                (0xfa, "ich9-ahci"),
                (0xfb, "ICH9 SMB"),
            ],
        )
    }

    /// An endpoint (or non-bridge) function.
    pub fn func(&mut self, bus: BusIdx, devfn: u8, driver: &str, express: bool) -> FnIdx {
        let idx = self.t.functions.len();
        self.t.functions.push(PciFunction {
            id: Some(format!("f{idx}")),
            driver: driver.into(),
            device_index: None,
            bus,
            devfn,
            secondary_bus: None,
            is_bridge: false,
            express,
            builtin: false,
            passthrough: false,
        });
        if let Some(b) = self.t.buses.get_mut(bus) {
            b.devices.push(idx);
            let fns = &self.t.functions;
            b.devices
                .sort_by_key(|f| fns.get(*f).map_or(0, |func| func.devfn));
        }
        idx
    }

    /// A bridge whose secondary bus got `sec`/`sub` from the firmware.
    pub fn bridge(
        &mut self,
        bus: BusIdx,
        devfn: u8,
        driver: &str,
        sec: u8,
        sub: u8,
        sec_express: bool,
    ) -> (FnIdx, BusIdx) {
        let express = driver != "pci-bridge";
        let f = self.func(bus, devfn, driver, express);
        let host = self.t.buses.get(bus).map_or(0, |b| b.host_bridge);
        let new_bus = self.t.buses.len();
        self.t.buses.push(Bus {
            name: format!("b{new_bus}"),
            express: sec_express,
            is_root: false,
            host_bridge: host,
            parent_bridge: Some(f),
            number: sec,
            subordinate: sub,
            devices: Vec::new(),
        });
        if let Some(func) = self.t.functions.get_mut(f) {
            func.is_bridge = true;
            func.secondary_bus = Some(new_bus);
        }
        (f, new_bus)
    }

    /// A `pxb-pcie` at `devfn` on the main bus with root bus `bus_nr`; `device_index` is its
    /// position in `Design::devices`.
    pub fn pxb(
        &mut self,
        devfn: u8,
        bus_nr: u8,
        bypass: bool,
        device_index: usize,
    ) -> (HostIdx, BusIdx) {
        let expander = self.func(0, devfn, "pxb-pcie", true);
        let host = self.t.host_bridges.len();
        let bus = self.t.buses.len();
        self.t.host_bridges.push(HostBridge {
            kind: HostBridgeKind::PxbHost,
            root_bus: bus,
            bypass_iommu: bypass,
            bus_nr,
            expander: Some(expander),
            device_index: Some(device_index),
            unattached_index: None,
        });
        self.t.buses.push(Bus {
            name: format!("pxb{bus_nr}"),
            express: true,
            is_root: true,
            host_bridge: host,
            parent_bridge: None,
            number: bus_nr,
            subordinate: bus_nr,
            devices: Vec::new(),
        });
        (host, bus)
    }
}

/// Parses a hex string (whitespace ignored) into bytes.
pub fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .map(|c| (c as char).to_digit(16).unwrap_or(0) as u8)
        .collect();
    digits
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}
