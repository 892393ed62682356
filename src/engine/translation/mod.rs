//! Effective DMA translation of every PCI function: which vIOMMU translates it, or whether it
//! bypasses (host bridge `bypass_iommu`), or whether there is no vIOMMU at all, and why.
//!
//! The walk is QEMU's `pci_device_iommu_address_space()` (7.2 hw/pci/pci.c; 10.x
//! `pci_device_get_iommu_bus_devfn()`, same result for every vIOMMU modelled here): go up from
//! the function's bus to the bus the vIOMMU hooked (`iommu_fn`), replacing the requester id by
//! an alias whenever a conventional bus is crossed, then ask `pci_bus_bypass_iommu()` of the
//! **aliased** bus — i.e. the host bridge of the aliased bus's root bus decides.

#[cfg(test)]
mod tests;

use super::catalog::Driver;
use super::design::{Design, MachineType};
use super::report::{Translation, TranslationKind};
use super::topology::{BusIdx, FnIdx, HostBridgeKind, Topology};

/// The machine's active vIOMMU.
struct Viommu {
    /// `intel-iommu`, `amd-iommu`, `virtio-iommu-pci` or `smmuv3`.
    name: String,
    /// The bus whose `iommu_fn` it set (`pci_setup_iommu`): the main root bus for the sysbus
    /// vIOMMUs and the machine SMMUv3, virtio-iommu-pci's own (root) bus.
    bus: BusIdx,
}

/// The vIOMMU that translates, if any: `-M virt,iommu=smmuv3`, else the first vIOMMU device the
/// machine accepts (intel/amd only on q35; virtio-iommu-pci only once placed on a root bus).
/// Conflicts between several are the rules' business; QEMU refuses them anyway.
fn find_viommu(design: &Design, topology: &Topology) -> Option<Viommu> {
    let machine = design.machine.machine_type;
    if machine == MachineType::Virt && design.machine.iommu_smmuv3 {
        return Some(Viommu {
            name: "smmuv3".to_string(),
            bus: 0,
        });
    }
    design
        .devices
        .iter()
        .enumerate()
        .find_map(|(index, device)| match device.driver {
            Driver::IntelIommu | Driver::AmdIommu if machine == MachineType::Q35 => Some(Viommu {
                name: device.driver.name().to_string(),
                bus: 0,
            }),
            Driver::VirtioIommuPci => topology
                .functions
                .iter()
                .find(|f| f.device_index == Some(index) && f.driver == device.driver.name())
                .map(|f| Viommu {
                    name: device.driver.name().to_string(),
                    bus: f.bus,
                }),
            _ => None,
        })
}

/// One [`Translation`] per function of `topology`, in the same order.
pub fn translate(design: &Design, topology: &Topology) -> Vec<Translation> {
    let viommu = find_viommu(design, topology);
    (0..topology.functions.len())
        .map(|f| translate_one(design, topology, viommu.as_ref(), f))
        .collect()
}

/// The requester-id walk of one function: (aliased bus, aliased devfn, bus where the walk
/// stopped, the device that stood in for the requester when the alias left the root bus).
struct Walk {
    alias_bus: BusIdx,
    stopped_at: BusIdx,
    /// Conventional buses crossed whose alias is a device on another bus (the alias holder).
    alias_holders: Vec<FnIdx>,
}

fn walk(topology: &Topology, f: FnIdx, iommu_bus: Option<BusIdx>) -> Walk {
    let start = topology.functions.get(f).map_or(0, |x| x.bus);
    let mut alias_bus = start;
    let mut bus = start;
    let mut alias_holders = Vec::new();
    // bounded: a bus's parent is always created before it, but never trust that blindly
    for _ in 0..=topology.buses.len() {
        if Some(bus) == iommu_bus {
            break;
        }
        let Some(parent) = topology.parent_device(bus) else {
            break;
        };
        let Some(parent_fn) = topology.functions.get(parent) else {
            break;
        };
        let parent_bus = parent_fn.bus;
        let conventional = topology.buses.get(bus).is_some_and(|b| !b.express);
        if conventional {
            if parent_fn.express && parent_fn.driver == Driver::PciePciBridge.name() {
                // a PCIe-to-PCI bridge takes ownership: (secondary bus, 00.0)
                alias_bus = bus;
            } else {
                alias_bus = parent_bus;
                alias_holders.push(parent);
            }
        }
        bus = parent_bus;
    }
    Walk {
        alias_bus,
        stopped_at: bus,
        alias_holders,
    }
}

fn label(topology: &Topology, f: FnIdx) -> String {
    let Some(func) = topology.functions.get(f) else {
        return "?".to_string();
    };
    let kind = match func.driver.as_str() {
        "pcie-root-port" => "root port",
        "x3130-upstream" => "switch upstream port",
        "xio3130-downstream" => "switch downstream port",
        "pci-bridge" if func.builtin => "internal pci-bridge of pxb",
        "pci-bridge" => "PCI bridge",
        "pcie-pci-bridge" => "PCIe-to-PCI bridge",
        other => other,
    };
    match &func.id {
        Some(id) => format!("{kind} `{id}`"),
        None if func.builtin => format!("{kind} (built-in, {})", topology.bdf(f)),
        None => format!("{kind} ({})", topology.bdf(f)),
    }
}

fn host_text(design: &Design, topology: &Topology, root: BusIdx) -> String {
    let Some(bus) = topology.buses.get(root) else {
        return "?".to_string();
    };
    let Some(host) = topology.host_bridges.get(bus.host_bridge) else {
        return format!("root bus `{}`", bus.name);
    };
    let flag = if host.bypass_iommu {
        "which has bypass_iommu=on"
    } else {
        "which does not bypass (bypass_iommu=off)"
    };
    match host.kind {
        HostBridgeKind::PxbHost => {
            let pxb = host
                .expander
                .map_or_else(|| "pxb".to_string(), |f| label(topology, f));
            format!("root bus `{}` of {pxb}, {flag}", bus.name)
        }
        kind => {
            let qom = match kind {
                HostBridgeKind::Q35Pcihost => "q35-pcihost",
                HostBridgeKind::I440fxPcihost => "i440FX-pcihost",
                _ => "gpex-pcihost",
            };
            let why = match design.machine.machine_type {
                MachineType::Pc if host.bypass_iommu => {
                    "bypass-iommu=on (set with -global i440FX-pcihost.bypass-iommu=on)".to_string()
                }
                MachineType::Pc => {
                    "which does not bypass (pc ignores default_bus_bypass_iommu)".to_string()
                }
                _ if host.bypass_iommu => "which has default_bus_bypass_iommu=on".to_string(),
                _ => "which does not bypass (default_bus_bypass_iommu=off)".to_string(),
            };
            format!(
                "root bus `{}` of the main host bridge {qom}, {why}",
                bus.name
            )
        }
    }
}

fn translate_one(
    design: &Design,
    topology: &Topology,
    viommu: Option<&Viommu>,
    f: FnIdx,
) -> Translation {
    let mut steps = vec![label(topology, f)];
    for bridge in topology.bridges_above(f) {
        steps.push(label(topology, bridge));
    }
    let own_bus = topology.functions.get(f).map_or(0, |x| x.bus);
    let own_root = topology.root_bus_of(own_bus);
    let w = walk(topology, f, viommu.map(|v| v.bus));
    let alias_root = topology.root_bus_of(w.alias_bus);
    if alias_root != own_root {
        // legacy pxb quirk: the conventional pxb root bus aliases requests to the pxb device
        let holder = w
            .alias_holders
            .last()
            .map_or_else(|| "?".to_string(), |&h| label(topology, h));
        let holder_bus = topology
            .buses
            .get(w.alias_bus)
            .map_or("?", |b| b.name.as_str());
        steps.push(format!(
            "{}, but its buses are conventional PCI: DMA carries the requester ID of {holder} on `{holder_bus}`",
            host_text(design, topology, own_root)
        ));
        steps.push(format!(
            "so {} decides for DMA (ACPI tables still follow the pxb's own flag)",
            host_text(design, topology, alias_root)
        ));
    } else {
        steps.push(host_text(design, topology, own_root));
    }
    if let Some(own) = topology.functions.get(f) {
        let own_pxb_bypass = topology
            .host_bridges
            .iter()
            .any(|h| h.expander == Some(f) && h.bypass_iommu);
        if own_pxb_bypass && own.secondary_bus.is_none() {
            steps.push(
                "its own bypass_iommu=on applies to the root bus it creates, not to the expander device itself"
                    .to_string(),
            );
        }
    }
    let bypass = topology
        .host_bridge_of(alias_root)
        .is_some_and(|h| h.bypass_iommu);
    let (kind, iommu) = match viommu {
        None => {
            steps.push("no vIOMMU in the machine: DMA goes straight to guest memory".to_string());
            (TranslationKind::None, None)
        }
        Some(v) if bypass => {
            steps.push(format!("bypasses {}", v.name));
            (TranslationKind::Bypass, Some(v.name.clone()))
        }
        Some(v) if w.stopped_at != v.bus => {
            steps.push(format!("not below the bus {} serves", v.name));
            (TranslationKind::Bypass, Some(v.name.clone()))
        }
        Some(v) => {
            steps.push(format!("translated by {}", v.name));
            (TranslationKind::Iommu, Some(v.name.clone()))
        }
    };
    Translation {
        kind,
        iommu,
        steps,
        root_bus: Some(alias_root),
    }
}
