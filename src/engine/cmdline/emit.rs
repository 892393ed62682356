//! Design → QEMU argv: every option explicit (ids, `bus=`, `addr=`), devices in an order QEMU
//! accepts, and the backends each device needs so the line starts as it is.

use super::{backends, keyval, options, props};
use crate::engine::catalog::{Category, Driver};
use crate::engine::design::{Design, Device, KernelIrqchip, Machine};
use crate::engine::topology::Topology;

/// The QEMU argv for a design, binary first.
///
/// Order: binary, `-machine`, `-nodefaults`, `-vga none`, `-net none`, firmware, NUMA memory
/// and nodes, then each device (preceded by its backend) in [`dependency_order`], then the
/// design's `extra_args` verbatim. `bus=`/`addr=` come from the design when set, otherwise from
/// the resolved `topology` (QEMU's automatic choice made explicit).
pub fn emit(design: &Design, topology: &Topology) -> Vec<String> {
    let machine_type = design.machine.machine_type;
    let mut argv: Vec<String> = vec![machine_type.binary().to_string()];
    let mut push = |option: &str, arg: Option<String>| {
        argv.push(option.to_string());
        if let Some(arg) = arg {
            argv.push(arg);
        }
    };

    push("-machine", Some(machine_arg(&design.machine)));
    if design.nodefaults {
        push("-nodefaults", None);
    }
    if design.vga_none {
        push("-vga", Some("none".into()));
    }
    if design.net_none {
        push("-net", Some("none".into()));
    }
    let extra = &design.extra_args;
    let has_extra = |names: &[&str]| extra.iter().any(|w| names.contains(&w.as_str()));
    if !has_extra(&["-bios", "-pflash"]) {
        if let Some(firmware) = backends::emitted_firmware(design.firmware, machine_type) {
            push("-bios", Some(backends::bios_path(firmware).to_string()));
        }
    }

    // NUMA: QEMU 7.2 and 10.0 refuse `-numa node` without memory on q35/virt
    // ("total memory for NUMA nodes (0x0) should equal RAM size"), so every node gets a RAM
    // backend and the sizes add up to `-m`. A design that brings its own `-numa` keeps it.
    let nodes = usize::from(design.numa_nodes);
    if nodes > 0 && !has_extra(&["-numa"]) {
        let given_mib = extra
            .iter()
            .position(|w| w == "-m")
            .and_then(|i| extra.get(i + 1))
            .and_then(|arg| backends::parse_mem_mib(arg));
        let total = match given_mib {
            Some(total) => total,
            None => {
                let total = backends::MIB_PER_NODE * nodes as u64;
                push("-m", Some(format!("{total}M")));
                total
            }
        };
        for (node, size) in backends::node_sizes(total, nodes).into_iter().enumerate() {
            push(
                "-object",
                Some(format!(
                    "memory-backend-ram,id={},size={size}M",
                    backends::ram_id(node)
                )),
            );
        }
        for node in 0..nodes {
            push(
                "-numa",
                Some(format!(
                    "node,nodeid={node},memdev={}",
                    backends::ram_id(node)
                )),
            );
        }
    }

    // Verbatim `-device`s of drivers the catalogue lacks go with the other verbatim options at
    // the end, except one whose bus a known device sits on: that one must exist first.
    let groups = option_groups(extra);
    // Any -netdev makes QEMU drop its default NIC (softmmu/vl.c `default_net = 0`), so a NIC
    // gets a generated backend only when the design has no default NIC anyway; otherwise it
    // starts unconnected (QEMU warns `nic ... has no peer`) and the machine stays the same.
    let default_nic_gone = design.net_none
        || design.nodefaults
        || groups.iter().any(|g| {
            g.words.first().is_some_and(|w| w == "-netdev")
                || (g.words.first().is_some_and(|w| w == "-net")
                    && g.words
                        .get(1)
                        .is_some_and(|a| a != "nic" && !a.starts_with("nic,")))
        });
    let mut emitted = vec![false; groups.len()];
    for index in dependency_order(design) {
        let Some(device) = design.devices.get(index) else {
            continue;
        };
        if let Some(bus) = &device.bus {
            for g in bus_owner_chain(&groups, bus) {
                if !emitted[g] {
                    emitted[g] = true;
                    argv.extend(groups[g].words.iter().cloned());
                }
            }
        }
        let mut push = |option: &str, arg: Option<String>| {
            argv.push(option.to_string());
            if let Some(arg) = arg {
                argv.push(arg);
            }
        };
        let has = |key: &str| device.extra.iter().any(|(k, _)| k == key);
        if backends::needs_drive(device.driver) && !has("drive") {
            push("-drive", Some(backends::drive_arg(&device.id)));
        }
        let netdev = backends::is_nic(device.driver) && !has("netdev") && default_nic_gone;
        if netdev {
            push("-netdev", Some(backends::netdev_arg(&device.id)));
        }
        push("-device", Some(device_arg(device, topology, netdev)));
    }

    for (group, done) in groups.iter().zip(emitted) {
        if !done {
            argv.extend(group.words.iter().cloned());
        }
    }
    argv
}

/// One verbatim option with its argument, and the qdev id it creates if it is a `-device`.
struct OptionGroup {
    words: Vec<String>,
    device_id: Option<String>,
    device_bus: Option<String>,
}

/// Splits verbatim words into options (an option and, if it takes one, its argument).
fn option_groups(words: &[String]) -> Vec<OptionGroup> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let option = options::normalize(&words[i]);
        let takes = option.as_deref().is_some_and(options::takes_argument);
        let len = if takes && i + 1 < words.len() { 2 } else { 1 };
        let group_words: Vec<String> = words[i..i + len].to_vec();
        let (mut device_id, mut device_bus) = (None, None);
        if option.as_deref() == Some("-device") && len == 2 {
            for pair in keyval::split(&group_words[1]) {
                match (pair.key.as_str(), pair.value) {
                    ("id", Some(v)) => device_id = Some(v),
                    ("bus", Some(v)) => device_bus = Some(v),
                    _ => {}
                }
            }
        }
        groups.push(OptionGroup {
            words: group_words,
            device_id,
            device_bus,
        });
        i += len;
    }
    groups
}

/// The verbatim `-device` groups that must precede a device on `bus`: the group creating
/// `bus`, preceded by the groups its own bus needs (outermost first; cycles cut).
fn bus_owner_chain(groups: &[OptionGroup], bus: &str) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut wanted = Some(bus.to_string());
    while let Some(bus) = wanted.take() {
        let Some(g) = groups
            .iter()
            .position(|g| g.device_id.as_deref() == Some(bus.as_str()))
        else {
            break;
        };
        if chain.contains(&g) {
            break;
        }
        chain.push(g);
        wanted = groups[g].device_bus.clone();
    }
    chain.reverse();
    chain
}

/// The `-machine` argument: type (or its versioned alias), then known properties in QEMU
/// spelling (`default_bus_bypass_iommu` as docs/bypass-iommu.txt writes it), then unknown
/// ones verbatim.
fn machine_arg(machine: &Machine) -> String {
    let type_name = machine
        .type_name
        .as_deref()
        .filter(|name| super::import::machine_type_of(name) == Some(machine.machine_type))
        .unwrap_or(machine.machine_type.as_str());
    let mut pairs: Vec<(String, String)> = Vec::new();
    if machine.default_bus_bypass_iommu {
        pairs.push(("default_bus_bypass_iommu".into(), "on".into()));
    }
    if machine.iommu_smmuv3 {
        pairs.push(("iommu".into(), "smmuv3".into()));
    }
    if let Some(its) = machine.its {
        pairs.push(("its".into(), keyval::on_off(its).into()));
    }
    if let Some(irqchip) = machine.kernel_irqchip {
        let value = match irqchip {
            KernelIrqchip::On => "on",
            KernelIrqchip::Split => "split",
            KernelIrqchip::Off => "off",
        };
        pairs.push(("kernel-irqchip".into(), value.into()));
    }
    if let Some(accel) = &machine.accel {
        pairs.push(("accel".into(), accel.clone()));
    }
    pairs.extend(machine.extra.iter().cloned());
    keyval::join(Some(type_name), &pairs)
}

/// The `-device` argument of one device.
fn device_arg(device: &Device, topology: &Topology, netdev: bool) -> String {
    let function = topology
        .function_by_id(&device.id)
        .and_then(|f| topology.functions.get(f));
    let mut pairs: Vec<(String, String)> = vec![("id".into(), device.id.clone())];
    let bus = device.bus.clone().or_else(|| {
        function
            .filter(|_| device.driver.is_pci())
            .and_then(|f| topology.buses.get(f.bus))
            .map(|b| b.name.clone())
    });
    if let Some(bus) = bus {
        pairs.push(("bus".into(), bus));
    }
    let addr = device.addr.or_else(|| {
        function
            .filter(|_| device.driver.is_pci())
            .map(|f| f.addr())
    });
    if let Some(addr) = addr {
        pairs.push(("addr".into(), keyval::format_pci_addr(addr)));
    }
    if device.multifunction {
        pairs.push(("multifunction".into(), "on".into()));
    }
    pairs.extend(props::emit(&device.props));
    let has = |key: &str| device.extra.iter().any(|(k, _)| k == key);
    if backends::needs_drive(device.driver) && !has("drive") {
        pairs.push(("drive".into(), backends::drive_id(&device.id)));
    }
    if device.driver == Driver::Nvme && !has("serial") {
        // `serial property not set` otherwise (hw/nvme/ctrl.c nvme_check_params).
        pairs.push(("serial".into(), device.id.clone()));
    }
    if netdev {
        pairs.push(("netdev".into(), backends::netdev_id(&device.id)));
    }
    pairs.extend(device.extra.iter().cloned());
    keyval::join(Some(device.driver.name()), &pairs)
}

/// Device indexes in an order QEMU accepts: a device after the device whose bus it names,
/// and `vfio-pci` after every vIOMMU (QEMU wants the vIOMMU first); otherwise design order.
///
/// Only unique ids count as parents (QEMU refuses duplicate ids anyway), and a design whose
/// constraints form a cycle (QEMU cannot build it either) keeps its order, so that ordering an
/// ordered design changes nothing. Moving a device changes QEMU's automatic addresses only for
/// devices without `addr=`, and emit writes `addr=` on every PCI device the topology knows.
pub fn dependency_order(design: &Design) -> Vec<usize> {
    let devices = &design.devices;
    let n = devices.len();
    let parent_of = |device: &Device| -> Option<usize> {
        let bus = device.bus.as_deref()?;
        let mut owners = devices.iter().enumerate().filter(|(_, d)| d.id == bus);
        match (owners.next(), owners.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    };
    let parents: Vec<Option<usize>> = devices.iter().map(parent_of).collect();
    let iommus: Vec<usize> = devices
        .iter()
        .enumerate()
        .filter(|(_, d)| d.driver.category() == Category::Iommu)
        .map(|(i, _)| i)
        .collect();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready = |i: usize| -> bool {
            let parent_ready = parents
                .get(i)
                .copied()
                .flatten()
                .is_none_or(|p| p == i || placed[p]);
            let vfio = devices.get(i).is_some_and(|d| d.driver == Driver::VfioPci);
            let iommu_ready = !vfio || iommus.iter().all(|&m| m == i || placed[m]);
            parent_ready && iommu_ready
        };
        let Some(next) = (0..n).find(|&i| !placed[i] && ready(i)) else {
            return (0..n).collect();
        };
        placed[next] = true;
        order.push(next);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::design::{DeviceProps, PciAddr};

    fn dev(driver: Driver, id: &str, bus: &str, slot: u8) -> Device {
        Device {
            addr: Some(PciAddr { slot, function: 0 }),
            ..Device::new(driver, id, Some(bus))
        }
    }

    #[test]
    fn emits_the_seed_q35_example() {
        let mut design = Design::default();
        design.machine.default_bus_bypass_iommu = true;
        design.machine.accel = Some("kvm".into());
        design.devices = vec![
            Device {
                props: DeviceProps {
                    bus_nr: Some(0x10),
                    ..Default::default()
                },
                ..dev(Driver::PxbPcie, "pci.10", "pcie.0", 3)
            },
            Device {
                props: DeviceProps {
                    bus_nr: Some(0x20),
                    bypass_iommu: Some(true),
                    ..Default::default()
                },
                ..dev(Driver::PxbPcie, "pci.20", "pcie.0", 4)
            },
            Device::new(Driver::IntelIommu, "iommu", None),
        ];
        let argv = emit(&design, &Topology::default());
        assert_eq!(
            argv,
            [
                "qemu-system-x86_64",
                "-machine",
                "q35,default_bus_bypass_iommu=on,accel=kvm",
                "-device",
                "pxb-pcie,id=pci.10,bus=pcie.0,addr=0x3,bus_nr=0x10",
                "-device",
                "pxb-pcie,id=pci.20,bus=pcie.0,addr=0x4,bus_nr=0x20,bypass_iommu=on",
                "-device",
                "intel-iommu,id=iommu",
            ]
        );
    }

    #[test]
    fn orders_parents_first_and_iommu_before_vfio() {
        let mut design = Design {
            devices: vec![
                dev(Driver::VfioPci, "vf", "rp", 0),
                dev(Driver::PcieRootPort, "rp", "pcie.0", 2),
                Device::new(Driver::IntelIommu, "iommu", None),
                dev(Driver::E1000e, "nic", "pcie.0", 3),
            ],
            ..Default::default()
        };
        assert_eq!(dependency_order(&design), vec![1, 2, 0, 3]);
        // A cycle keeps design order.
        design.devices = vec![
            dev(Driver::PcieRootPort, "c", "pcie.0", 0),
            dev(Driver::PcieRootPort, "a", "b", 0),
            dev(Driver::PcieRootPort, "b", "a", 0),
        ];
        assert_eq!(dependency_order(&design), vec![0, 1, 2]);
        // Duplicate ids are nobody's parent.
        design.devices = vec![
            dev(Driver::E1000e, "x", "a", 0),
            dev(Driver::PcieRootPort, "a", "pcie.0", 0),
            dev(Driver::PcieRootPort, "a", "pcie.0", 0),
        ];
        assert_eq!(dependency_order(&design), vec![0, 1, 2]);
    }

    #[test]
    fn puts_unknown_parent_devices_before_their_children() {
        let design = Design {
            devices: vec![dev(Driver::E1000e, "nic", "rp", 0)],
            nodefaults: true,
            extra_args: [
                "-m",
                "1G",
                "-device",
                "ioh3420,id=rp,bus=pcie.0,chassis=1",
                "-S",
            ]
            .map(String::from)
            .to_vec(),
            ..Default::default()
        };
        let argv = emit(&design, &Topology::default());
        assert_eq!(
            argv[4..],
            [
                "-device",
                "ioh3420,id=rp,bus=pcie.0,chassis=1",
                "-netdev",
                "user,id=net-nic",
                "-device",
                "e1000e,id=nic,bus=rp,addr=0x0,netdev=net-nic",
                "-m",
                "1G",
                "-S"
            ]
        );
    }

    #[test]
    fn nics_get_a_netdev_only_without_a_default_nic() {
        let mut design = Design {
            devices: vec![dev(Driver::E1000e, "nic", "pcie.0", 3)],
            ..Default::default()
        };
        let argv = emit(&design, &Topology::default());
        assert!(!argv.iter().any(|w| w == "-netdev"), "{argv:?}");
        assert_eq!(
            argv.last().map(String::as_str),
            Some("e1000e,id=nic,bus=pcie.0,addr=0x3")
        );
        design.net_none = true;
        let argv = emit(&design, &Topology::default());
        assert!(argv.iter().any(|w| w == "-netdev"), "{argv:?}");
    }

    #[test]
    fn adds_backends() {
        let design = Design {
            numa_nodes: 2,
            net_none: true,
            devices: vec![
                dev(Driver::Nvme, "nv", "pcie.0", 3),
                dev(Driver::VirtioNetPci, "net0", "pcie.0", 4),
            ],
            ..Default::default()
        };
        let line = super::super::to_shell_line(&emit(&design, &Topology::default()));
        assert_eq!(
            line,
            "qemu-system-x86_64 -machine q35 -net none -m 256M \
             -object memory-backend-ram,id=ram-node0,size=128M \
             -object memory-backend-ram,id=ram-node1,size=128M \
             -numa node,nodeid=0,memdev=ram-node0 -numa node,nodeid=1,memdev=ram-node1 \
             -drive if=none,id=drive-nv,driver=null-co \
             -device nvme,id=nv,bus=pcie.0,addr=0x3,drive=drive-nv,serial=nv \
             -netdev user,id=net-net0 \
             -device virtio-net-pci,id=net0,bus=pcie.0,addr=0x4,netdev=net-net0"
        );
    }
}
