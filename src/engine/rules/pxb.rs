//! PCI expander bridges and root-bus bypass settings: NUMA node, bypass with no vIOMMU, the
//! legacy-`pxb` quirk, and "everything bypasses".

use crate::engine::catalog::Driver;
use crate::engine::design::MachineType;
use crate::engine::diagnostics::Diagnostic;
use crate::engine::topology::HostBridgeKind;

use super::facts::{Facts, Root, Viommu};

/// `numa_node` value meaning "not assigned" (include/sysemu/numa.h NUMA_NODE_UNASSIGNED).
pub const NUMA_NODE_UNASSIGNED: u16 = 128;

/// Every PXB / root-bus bypass diagnostic.
pub fn check(facts: &Facts, out: &mut Vec<Diagnostic>) {
    numa(facts, out);
    bus_nr_zero(facts, out);
    bypass_without_viommu(facts, out);
    legacy_pxb_quirk(facts, out);
    all_buses_bypass(facts, out);
}

/// hw/pci-bridge/pci_expander_bridge.c pxb_dev_realize_common: a numa_node other than
/// "unassigned" must name an existing `-numa node`.
fn numa(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let nodes = u16::from(facts.design.numa_nodes);
    for (index, id) in facts.pxbs() {
        let Some(node) = facts
            .design
            .devices
            .get(index)
            .and_then(|d| d.props.numa_node)
        else {
            continue;
        };
        if node != NUMA_NODE_UNASSIGNED && node >= nodes {
            out.push(Diagnostic::error(
                "illegal-numa-node",
                format!("Illegal numa node {node}"),
                Some(id),
            ));
        }
    }
}

/// hw/pci-bridge/pci_expander_bridge.c: `bus_nr` defaults to 0 ("0 is not a legal PXB bus
/// number" says pxb_register_bus, but only a number already used by a child bus is refused,
/// and bridge secondary buses are still 0 at realize). A PXB created without `bus_nr` and
/// with nothing before it is accepted with the main root bus's number; `info pci` then lists
/// two 00:00.0. The firmware module reports the resulting collisions (`bus-number-collision`);
/// this says where the 0 came from when the user never wrote it.
fn bus_nr_zero(facts: &Facts, out: &mut Vec<Diagnostic>) {
    for host in &facts.topology.host_bridges {
        if host.kind != HostBridgeKind::PxbHost || host.bus_nr != 0 {
            continue;
        }
        let Some(device) = host.device_index.and_then(|i| facts.design.devices.get(i)) else {
            continue;
        };
        if device.props.bus_nr.is_some() {
            continue;
        }
        out.push(Diagnostic::warning(
            "pxb-bus-nr-zero",
            format!(
                "'{}' has no bus_nr, so QEMU gives it the default 0 — the number of {} itself. \
                 Give it a bus_nr above every bus the main hierarchy needs.",
                device.id,
                facts.machine().root_bus_name()
            ),
            Some(device.id.as_str()),
        ));
    }
}

/// docs/bypass-iommu.txt: "The bypass_iommu property is valid only when there is a virtual
/// iommu in the system".
fn bypass_without_viommu(facts: &Facts, out: &mut Vec<Diagnostic>) {
    if facts.viommu.is_some() {
        return;
    }
    let machine = &facts.design.machine;
    // On pc the machine flag is ignored anyway (machine.rs says so).
    if machine.default_bus_bypass_iommu && machine.machine_type != MachineType::Pc {
        out.push(Diagnostic::warning(
            "bypass-without-viommu",
            format!(
                "default_bus_bypass_iommu=on has no effect: the machine has no vIOMMU, so \
                 every device on {} already does untranslated DMA.",
                machine.machine_type.root_bus_name()
            ),
            Some("machine"),
        ));
    }
    for (index, id) in facts.pxbs() {
        if facts.root_bypass_in_tables(Root::Pxb(index)) {
            out.push(Diagnostic::warning(
                "bypass-without-viommu",
                format!(
                    "bypass_iommu=on on '{id}' has no effect: the machine has no vIOMMU, so \
                     every device already does untranslated DMA."
                ),
                Some(id),
            ));
        }
    }
}

/// hw/pci/pci.c pci_device_iommu_address_space: behind a legacy `pxb` the requester id is
/// aliased to the pxb's devfn on pci.0, so pci.0's flag decides DMA, while
/// hw/acpi/viot.c (and the other tables) follow the pxb host bridge's own flag.
fn legacy_pxb_quirk(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(viommu) = facts.viommu else {
        return;
    };
    for (index, id) in facts.pxbs() {
        let is_legacy = facts.design.devices.get(index).map(|d| d.driver) == Some(Driver::Pxb);
        let root = Root::Pxb(index);
        if is_legacy && facts.root_bypass_in_tables(root) && !facts.root_bypass_for_dma(root) {
            out.push(Diagnostic::warning(
                "legacy-pxb-bypass-translated",
                format!(
                    "bypass_iommu=on on the legacy pxb '{id}' does not bypass: its bus is \
                     conventional PCI, so QEMU aliases every device behind it to the pxb's own \
                     address on {main} and decides by {main}'s flag. The {table} table omits \
                     the pxb's buses, yet their DMA is still translated by {iommu} — table and \
                     DMA disagree.",
                    main = facts.machine().root_bus_name(),
                    table = viommu.table(),
                    iommu = viommu.name(),
                ),
                Some(id),
            ));
        }
    }
}

/// A vIOMMU that manages nothing: every root bus bypasses.
fn all_buses_bypass(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(viommu) = facts.viommu else {
        return;
    };
    if !facts.root_bypass_for_dma(Root::Main) {
        return;
    }
    if facts
        .pxbs()
        .any(|(index, _)| !facts.root_bypass_for_dma(Root::Pxb(index)))
    {
        return;
    }
    let consequence = match viommu {
        // hw/i386/acpi-build.c build_amd_iommu: an empty IVHD entry list gets a type 0x01
        // "all devices" entry.
        Viommu::Amd { .. } => {
            "the IVRS then has no device entries, so QEMU writes the 'all devices' entry \
             (type 0x01): the guest believes every device is behind the AMD IOMMU although \
             none is translated"
        }
        // hw/i386/acpi-build.c build_dmar_q35: only the IOAPIC scope remains.
        Viommu::Intel { .. } => {
            "the DMAR's only scope is the IOAPIC: the vIOMMU translates nothing and remaps no \
             device interrupts"
        }
        // hw/acpi/viot.c: no PCI range node.
        Viommu::Virtio { .. } => "the VIOT describes no PCI range: virtio-iommu manages nothing",
        // hw/arm/virt-acpi-build.c build_iort: the root complex maps every RID to the ITS.
        Viommu::Smmuv3 => {
            "the IORT maps every requester ID straight to the ITS: the SMMUv3 manages nothing"
        }
    };
    out.push(Diagnostic::warning(
        "all-buses-bypass",
        format!(
            "{} is present but every root bus bypasses it: {consequence}.",
            viommu.name()
        ),
        Some("machine"),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Case;
    use crate::engine::diagnostics::Severity::{Error, Warning};

    const CASES: &[Case] = &[
        Case {
            name: "numa_node without -numa",
            version: "7.2",
            machine: "q35",
            devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=0"],
            expect: &[(Error, "illegal-numa-node", "Illegal numa node 0")],
        },
        Case {
            name: "numa_node beyond the nodes",
            version: "10.0",
            machine: "q35,numa=1",
            devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=1"],
            expect: &[(Error, "illegal-numa-node", "Illegal numa node 1")],
        },
        Case {
            name: "numa_node inside the nodes, and 128 (unassigned) are fine",
            version: "10.0",
            machine: "virt,numa=2",
            devices: &[
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=1",
                "pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=32,numa_node=128",
            ],
            expect: &[],
        },
        Case {
            name: "legacy pxb on pc",
            version: "7.2",
            machine: "pc",
            devices: &["pxb,id=pxb1,bus=pci.0,bus_nr=16,numa_node=3"],
            expect: &[(Error, "illegal-numa-node", "Illegal numa node 3")],
        },
        Case {
            name: "bypass with no vIOMMU",
            version: "10.0",
            machine: "q35,default_bus_bypass_iommu=on",
            devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,bypass_iommu=on"],
            expect: &[
                (
                    Warning,
                    "bypass-without-viommu",
                    "default_bus_bypass_iommu=on has no effect",
                ),
                (
                    Warning,
                    "bypass-without-viommu",
                    "bypass_iommu=on on 'pxb1' has no effect",
                ),
            ],
        },
        Case {
            name: "legacy pxb bypass on pc: tables omit it, DMA still translated",
            version: "7.2",
            machine: "pc",
            devices: &[
                "virtio-iommu-pci,id=v,bus=pci.0",
                "pxb,id=pxb1,bus=pci.0,bus_nr=16,bypass_iommu=on",
                "e1000,id=net0,bus=pxb1,addr=1.0",
            ],
            expect: &[(
                Warning,
                "legacy-pxb-bypass-translated",
                "still translated by virtio-iommu-pci",
            )],
        },
        Case {
            name: "amd-iommu with every root bus bypassed claims every device",
            version: "10.0",
            machine: "q35,default_bus_bypass_iommu=on",
            devices: &[
                "amd-iommu,id=a,intremap=off",
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,bypass_iommu=on",
            ],
            expect: &[(
                Warning,
                "all-buses-bypass",
                "'all devices' entry (type 0x01)",
            )],
        },
        Case {
            name: "smmuv3 with pcie.0 bypassed only",
            version: "7.2",
            machine: "virt,iommu=smmuv3,default_bus_bypass_iommu=on",
            devices: &[],
            expect: &[(
                Warning,
                "all-buses-bypass",
                "every requester ID straight to the ITS",
            )],
        },
        Case {
            name: "one PXB still translated: not all bypass",
            version: "10.0",
            machine: "q35,default_bus_bypass_iommu=on",
            devices: &[
                "virtio-iommu-pci,id=v,bus=pcie.0",
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16",
            ],
            expect: &[],
        },
    ];

    #[test]
    fn pxb_rules() {
        super::super::run_unit_cases(CASES);
    }
}
