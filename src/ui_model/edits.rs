//! Semantic edits (drop a driver on a bus, move a node, delete a subtree, toggle bypass, pick
//! the vIOMMU, edit a property) turned into invertible [`Command`]s, and the engine-driven
//! validity check: an edit is refused when it introduces an error diagnostic the design did
//! not have. No QEMU rule lives here; the engine decides.

use crate::engine::design::{Firmware, MachineType, OnOffAuto, PciAddr, QemuVersion};
use crate::engine::{analyze, Category, Design, Device, Diagnostic, Driver, Report, Severity};

use super::command::Command;

/// The vIOMMU choices of the machine bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viommu {
    /// No vIOMMU.
    None,
    /// `-device intel-iommu` (q35).
    Intel,
    /// `-device amd-iommu` (q35).
    Amd,
    /// `-device virtio-iommu-pci` on the main root bus.
    Virtio,
    /// `-machine iommu=smmuv3` (virt).
    Smmuv3,
}

impl Viommu {
    /// Every choice, machine-bar order.
    pub const ALL: [Viommu; 5] = [
        Viommu::None,
        Viommu::Intel,
        Viommu::Amd,
        Viommu::Virtio,
        Viommu::Smmuv3,
    ];

    /// The value of `select[data-field="viommu"]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Viommu::None => "none",
            Viommu::Intel => "intel-iommu",
            Viommu::Amd => "amd-iommu",
            Viommu::Virtio => "virtio-iommu-pci",
            Viommu::Smmuv3 => "smmuv3",
        }
    }

    /// Parses [`Viommu::as_str`].
    pub fn parse(text: &str) -> Option<Viommu> {
        Viommu::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// The vIOMMU a design has (the first one found).
    pub fn of(design: &Design) -> Viommu {
        if design.machine.iommu_smmuv3 {
            return Viommu::Smmuv3;
        }
        for d in &design.devices {
            match d.driver {
                Driver::IntelIommu => return Viommu::Intel,
                Driver::AmdIommu => return Viommu::Amd,
                Driver::VirtioIommuPci => return Viommu::Virtio,
                _ => {}
            }
        }
        Viommu::None
    }
}

/// Short id prefix per driver (`rp1`, `nic1`, `disk1`...).
pub fn id_prefix(driver: Driver) -> &'static str {
    match driver {
        Driver::PxbPcie | Driver::Pxb => "pxb",
        Driver::PcieRootPort => "rp",
        Driver::X3130Upstream => "up",
        Driver::Xio3130Downstream => "dp",
        Driver::PciBridge | Driver::PciePciBridge => "br",
        Driver::VirtioNetPci | Driver::E1000e | Driver::E1000 | Driver::Rtl8139 => "nic",
        Driver::VirtioBlkPci => "disk",
        Driver::VirtioScsiPci => "scsi",
        Driver::VirtioGpuPci => "gpu",
        Driver::VirtioRngPci => "rng",
        Driver::VirtioBalloonPci => "balloon",
        Driver::VirtioSerialPci => "serial",
        Driver::Nvme => "nvme",
        Driver::QemuXhci => "usb",
        Driver::Ich9IntelHda | Driver::IntelHda => "hda",
        Driver::VfioPci => "hostdev",
        Driver::IntelIommu | Driver::AmdIommu | Driver::VirtioIommuPci => "iommu",
    }
}

/// The first `<prefix><n>` id (n ≥ 1) no device and no bus of the design uses.
pub fn fresh_id(design: &Design, driver: Driver) -> String {
    let prefix = id_prefix(driver);
    let root = design.machine.machine_type.root_bus_name();
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| id != root && design.device(id).is_none())
        .unwrap_or_else(|| prefix.to_string())
}

/// Error diagnostics of `after` that `before` did not have (compared by code and message).
pub fn new_errors<'a>(before: &Report, after: &'a Report) -> Vec<&'a Diagnostic> {
    let old: Vec<(&str, &str)> = before
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    after
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| !old.contains(&(d.code.as_str(), d.message.as_str())))
        .collect()
}

/// Applies `command` to a copy of `design` and asks the engine: `Ok(report)` when no new
/// error appears, else the first new error's message.
pub fn check(design: &Design, before: &Report, command: &Command) -> Result<Report, String> {
    let mut copy = design.clone();
    command.apply(&mut copy);
    let report = analyze(&copy);
    match new_errors(before, &report).first() {
        Some(d) => Err(d.message.clone()),
        None => Ok(report),
    }
}

/// The bus names a device's subtree creates (its own bus and every bus below it).
pub fn subtree_buses(design: &Design, id: &str) -> Vec<String> {
    let mut buses = vec![id.to_string()];
    let mut i = 0;
    while let Some(bus) = buses.get(i).cloned() {
        for d in &design.devices {
            if d.bus.as_deref() == Some(bus.as_str()) && !buses.contains(&d.id) {
                buses.push(d.id.clone());
            }
        }
        i += 1;
    }
    buses
}

/// Indexes of a device and everything below it.
pub fn subtree_indexes(design: &Design, id: &str) -> Vec<usize> {
    let buses = subtree_buses(design, id);
    design
        .devices
        .iter()
        .enumerate()
        .filter(|(_, d)| d.id == id || d.bus.as_ref().is_some_and(|b| buses.contains(b)))
        .map(|(i, _)| i)
        .collect()
}

/// Adds a new `driver` on `bus` (returns the command and the engine's report after it) (for a PXB, the first free `bus_nr` among 0x10, 0x20, ...
/// that the engine accepts). `Err` carries the engine's reason.
pub fn add_device(
    design: &Design,
    before: &Report,
    driver: Driver,
    bus: &str,
) -> Result<(Command, Report), String> {
    let mut device = Device::new(driver, &fresh_id(design, driver), Some(bus));
    if driver == Driver::VfioPci {
        device.props.host = Some("0000:01:00.0".into());
    }
    // QEMU refuses two ports with the same chassis/slot and a pci-bridge without a unique
    // chassis_nr; a fresh drop gets the next free number (the engine still judges it).
    let next_chassis = design
        .devices
        .iter()
        .flat_map(|d| [d.props.chassis, d.props.chassis_nr])
        .flatten()
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    match driver {
        Driver::PcieRootPort | Driver::Xio3130Downstream => {
            device.props.chassis = Some(next_chassis)
        }
        Driver::PciBridge => device.props.chassis_nr = Some(next_chassis),
        _ => {}
    }
    if driver.category() == Category::HostBridge {
        let used: Vec<u8> = design
            .devices
            .iter()
            .filter_map(|d| d.props.bus_nr)
            .collect();
        let mut first_error = None;
        for nr in (1..16u8).map(|n| n * 0x10).filter(|n| !used.contains(n)) {
            device.props.bus_nr = Some(nr);
            let command = Command::Insert {
                index: design.devices.len(),
                device: device.clone(),
            };
            match check(design, before, &command) {
                Ok(report) => return Ok((command, report)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        return Err(first_error.unwrap_or_else(|| "no free bus_nr".into()));
    }
    let command = Command::Insert {
        index: design.devices.len(),
        device,
    };
    check(design, before, &command).map(|report| (command, report))
}

/// Moves a device (with its subtree) onto `bus`, forgetting its fixed address.
pub fn move_device(
    design: &Design,
    before: &Report,
    id: &str,
    bus: &str,
) -> Result<(Command, Report), String> {
    if subtree_buses(design, id).iter().any(|b| b == bus) {
        return Err(format!("{id} cannot move below itself"));
    }
    let device = design.device(id).ok_or_else(|| format!("no device {id}"))?;
    if device.bus.as_deref() == Some(bus) {
        return Err(format!("{id} is already on {bus}"));
    }
    // The subtree moves to the end of the command line, so the target bus exists before it
    // (QEMU creates devices in command-line order).
    let indexes = subtree_indexes(design, id);
    let base = design.devices.len() - indexes.len();
    let mut steps: Vec<Command> = indexes
        .iter()
        .rev()
        .filter_map(|&i| {
            design.devices.get(i).map(|d| Command::Remove {
                index: i,
                device: d.clone(),
            })
        })
        .collect();
    for (k, &i) in indexes.iter().enumerate() {
        if let Some(d) = design.devices.get(i) {
            let mut d = d.clone();
            if d.id == id {
                d.bus = Some(bus.to_string());
                d.addr = None;
            }
            steps.push(Command::Insert {
                index: base + k,
                device: d,
            });
        }
    }
    let command = Command::Batch(steps);
    check(design, before, &command).map(|report| (command, report))
}

/// Deletes a device and its subtree (one undo step).
pub fn delete_device(design: &Design, id: &str) -> Option<Command> {
    let mut indexes = subtree_indexes(design, id);
    if indexes.is_empty() {
        return None;
    }
    indexes.sort_unstable_by(|a, b| b.cmp(a));
    Some(Command::Batch(
        indexes
            .into_iter()
            .filter_map(|i| {
                design.devices.get(i).map(|d| Command::Remove {
                    index: i,
                    device: d.clone(),
                })
            })
            .collect(),
    ))
}

/// Toggles bypass of a host bridge: the main root bus toggles `default_bus_bypass_iommu`, a
/// PXB its `bypass_iommu`.
pub fn toggle_bypass(design: &Design, node: &str) -> Option<Command> {
    if node == design.machine.machine_type.root_bus_name() {
        let mut new = design.clone();
        new.devices.clear();
        new.machine.default_bus_bypass_iommu = !design.machine.default_bus_bypass_iommu;
        return Some(Command::Settings {
            old: Box::new(design.clone()),
            new: Box::new(new),
        });
    }
    let index = design.devices.iter().position(|d| d.id == node)?;
    let old = design.devices[index].clone();
    if old.driver.category() != Category::HostBridge {
        return None;
    }
    let mut new = old.clone();
    new.props.bypass_iommu = if old.props.bypass_iommu == Some(true) {
        None
    } else {
        Some(true)
    };
    Some(Command::Update { index, old, new })
}

/// Switches the vIOMMU: removes the current one, adds the new one.
pub fn set_viommu(design: &Design, choice: Viommu) -> Command {
    let mut new = design.clone();
    new.machine.iommu_smmuv3 = choice == Viommu::Smmuv3;
    new.devices
        .retain(|d| d.driver.category() != Category::Iommu);
    let driver = match choice {
        Viommu::Intel => Some(Driver::IntelIommu),
        Viommu::Amd => Some(Driver::AmdIommu),
        Viommu::Virtio => Some(Driver::VirtioIommuPci),
        _ => None,
    };
    if let Some(driver) = driver {
        let bus = driver
            .is_pci()
            .then(|| design.machine.machine_type.root_bus_name());
        // QEMU wants a sysbus vIOMMU before the PCI devices it covers; first is safe.
        new.devices
            .insert(0, Device::new(driver, &fresh_id(&new, driver), bus));
    }
    Command::Replace {
        old: Box::new(design.clone()),
        new: Box::new(new),
    }
}

/// A machine-bar field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MachineField {
    /// `q35`, `pc`, `virt`.
    Machine(MachineType),
    /// `7.2` / `10.0`.
    Version(QemuVersion),
    /// Firmware; `None` = machine default.
    Firmware(Option<Firmware>),
    /// `default_bus_bypass_iommu`.
    DefaultBypass(bool),
}

/// Changes a machine-bar field. Changing the machine type drops the vIOMMU and the
/// `type_name` alias and renames the main bus in `bus=` references.
pub fn set_machine(design: &Design, field: &MachineField) -> Command {
    let mut new = design.clone();
    match field {
        MachineField::Machine(t) => {
            let (old_root, new_root) = (
                design.machine.machine_type.root_bus_name(),
                t.root_bus_name(),
            );
            new.machine.machine_type = *t;
            new.machine.type_name = None;
            if *t != MachineType::Virt {
                new.machine.iommu_smmuv3 = false;
            }
            if *t == MachineType::Virt {
                new.devices
                    .retain(|d| !matches!(d.driver, Driver::IntelIommu | Driver::AmdIommu));
                if matches!(new.firmware, Some(Firmware::Seabios | Firmware::Ovmf)) {
                    new.firmware = None;
                }
            } else if new.firmware == Some(Firmware::Aavmf) {
                new.firmware = None;
            }
            for d in &mut new.devices {
                if d.bus.as_deref() == Some(old_root) {
                    d.bus = Some(new_root.to_string());
                }
            }
        }
        MachineField::Version(v) => new.qemu_version = *v,
        MachineField::Firmware(f) => new.firmware = *f,
        MachineField::DefaultBypass(b) => new.machine.default_bus_bypass_iommu = *b,
    }
    Command::Replace {
        old: Box::new(design.clone()),
        new: Box::new(new),
    }
}

/// An inspector field of a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropField {
    /// The qdev id (renames `bus=` references too).
    Id,
    /// `addr=` as `slot.fn` hex, empty = automatic.
    Addr,
    /// `bus_nr`.
    BusNr,
    /// `numa_node`.
    NumaNode,
    /// `chassis`.
    Chassis,
    /// `slot`.
    Slot,
    /// `bus-reserve`.
    BusReserve,
    /// `chassis_nr` of a pci-bridge.
    ChassisNr,
    /// `host=` of vfio-pci.
    Host,
    /// `caching-mode` (intel-iommu).
    CachingMode,
    /// `intremap`.
    Intremap,
    /// `device-iotlb`.
    DeviceIotlb,
    /// `aw-bits`.
    AwBits,
    /// `boot-bypass` (virtio-iommu-pci).
    BootBypass,
}

impl PropField {
    /// The fields a driver shows in the inspector.
    pub fn for_driver(driver: Driver) -> Vec<PropField> {
        use PropField::*;
        let mut out = vec![Id];
        if driver.is_pci() {
            out.push(Addr);
        }
        out.extend(match driver {
            Driver::PxbPcie | Driver::Pxb => vec![BusNr, NumaNode],
            Driver::PcieRootPort => vec![Chassis, Slot, BusReserve],
            Driver::Xio3130Downstream => vec![Chassis, Slot],
            Driver::PciBridge => vec![ChassisNr],
            Driver::VfioPci => vec![Host],
            Driver::IntelIommu => vec![CachingMode, Intremap, DeviceIotlb, AwBits],
            Driver::AmdIommu => vec![Intremap, DeviceIotlb],
            Driver::VirtioIommuPci => vec![BootBypass],
            _ => vec![],
        });
        out
    }

    /// QEMU's property name (the label).
    pub fn label(self) -> &'static str {
        use PropField::*;
        match self {
            Id => "id",
            Addr => "addr",
            BusNr => "bus_nr",
            NumaNode => "numa_node",
            Chassis => "chassis",
            Slot => "slot",
            BusReserve => "bus-reserve",
            ChassisNr => "chassis_nr",
            Host => "host",
            CachingMode => "caching-mode",
            Intremap => "intremap",
            DeviceIotlb => "device-iotlb",
            AwBits => "aw-bits",
            BootBypass => "boot-bypass",
        }
    }

    /// True for on/off/default fields (a select in the inspector).
    pub fn is_flag(self) -> bool {
        matches!(
            self,
            PropField::CachingMode | PropField::DeviceIotlb | PropField::BootBypass
        )
    }

    /// The field's current text (`""` = unset).
    pub fn get(self, d: &Device) -> String {
        use PropField::*;
        let num = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
        let flag = |v: Option<bool>| match v {
            Some(true) => "on".to_string(),
            Some(false) => "off".to_string(),
            None => String::new(),
        };
        let p = &d.props;
        match self {
            Id => d.id.clone(),
            Addr => d
                .addr
                .map(|a| format!("{:x}.{:x}", a.slot, a.function))
                .unwrap_or_default(),
            BusNr => p.bus_nr.map(|v| format!("0x{v:x}")).unwrap_or_default(),
            NumaNode => num(p.numa_node.map(u64::from)),
            Chassis => num(p.chassis.map(u64::from)),
            Slot => num(p.slot.map(u64::from)),
            BusReserve => num(p.bus_reserve.map(u64::from)),
            ChassisNr => num(p.chassis_nr.map(u64::from)),
            Host => p.host.clone().unwrap_or_default(),
            CachingMode => flag(p.caching_mode),
            DeviceIotlb => flag(p.device_iotlb),
            BootBypass => flag(p.boot_bypass),
            AwBits => num(p.aw_bits.map(u64::from)),
            Intremap => match p.intremap {
                Some(OnOffAuto::On) => "on".into(),
                Some(OnOffAuto::Off) => "off".into(),
                Some(OnOffAuto::Auto) => "auto".into(),
                None => String::new(),
            },
        }
    }
}

fn parse_num(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse(),
    };
    parsed
        .map(Some)
        .map_err(|_| format!("'{t}' is not a number"))
}

fn fit<T: TryFrom<u64>>(v: Option<u64>, label: &str) -> Result<Option<T>, String> {
    v.map(|v| T::try_from(v).map_err(|_| format!("{label}: {v} is out of range")))
        .transpose()
}

fn parse_flag(text: &str) -> Option<bool> {
    match text {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

/// Sets an inspector field from text. `Err` for text that is not a value of the field's type
/// (the engine judges the value itself).
pub fn set_prop(
    design: &Design,
    id: &str,
    field: PropField,
    text: &str,
) -> Result<Command, String> {
    use PropField::*;
    let index = design
        .devices
        .iter()
        .position(|d| d.id == id)
        .ok_or_else(|| format!("no device {id}"))?;
    let old = design.devices[index].clone();
    let mut new = old.clone();
    let label = field.label();
    match field {
        Id => {
            let text = text.trim();
            if text.is_empty() || design.device(text).is_some() {
                return Err(format!("id '{text}' is empty or already used"));
            }
            let mut replaced = design.clone();
            for d in &mut replaced.devices {
                if d.id == id {
                    d.id = text.to_string();
                }
                if d.bus.as_deref() == Some(id) {
                    d.bus = Some(text.to_string());
                }
            }
            return Ok(Command::Replace {
                old: Box::new(design.clone()),
                new: Box::new(replaced),
            });
        }
        Addr => {
            let t = text.trim();
            new.addr = if t.is_empty() {
                None
            } else {
                let mut parts = t.splitn(2, '.');
                let slot = parts.next().unwrap_or("");
                let slot = u8::from_str_radix(slot.trim_start_matches("0x"), 16)
                    .map_err(|_| format!("addr: '{t}' is not slot.fn"))?;
                let function = match parts.next() {
                    Some(f) => u8::from_str_radix(f.trim_start_matches("0x"), 16)
                        .map_err(|_| format!("addr: '{t}' is not slot.fn"))?,
                    None => 0,
                };
                if slot > 31 || function > 7 {
                    return Err(format!("addr: '{t}' is out of range (slot ≤ 1f, fn ≤ 7)"));
                }
                Some(PciAddr { slot, function })
            }
        }
        BusNr => new.props.bus_nr = fit(parse_num(text)?, label)?,
        NumaNode => new.props.numa_node = fit(parse_num(text)?, label)?,
        Chassis => new.props.chassis = fit(parse_num(text)?, label)?,
        Slot => new.props.slot = fit(parse_num(text)?, label)?,
        BusReserve => new.props.bus_reserve = fit(parse_num(text)?, label)?,
        ChassisNr => new.props.chassis_nr = fit(parse_num(text)?, label)?,
        AwBits => new.props.aw_bits = fit(parse_num(text)?, label)?,
        Host => {
            new.props.host = Some(text.trim().to_string()).filter(|s| !s.is_empty());
        }
        CachingMode => new.props.caching_mode = parse_flag(text),
        DeviceIotlb => new.props.device_iotlb = parse_flag(text),
        BootBypass => new.props.boot_bypass = parse_flag(text),
        Intremap => {
            new.props.intremap = match text {
                "on" => Some(OnOffAuto::On),
                "off" => Some(OnOffAuto::Off),
                "auto" => Some(OnOffAuto::Auto),
                _ => None,
            }
        }
    }
    if new == old {
        return Err(String::new());
    }
    Ok(Command::Update { index, old, new })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q35_intel() -> Design {
        let mut d = Design::default();
        d.devices
            .push(Device::new(Driver::IntelIommu, "iommu1", None));
        d
    }

    #[test]
    fn pxb_gets_a_free_bus_nr_and_endpoint_on_its_root_is_refused() {
        let mut d = q35_intel();
        let r = analyze(&d);
        let (c, _) = add_device(&d, &r, Driver::PxbPcie, "pcie.0").expect("pxb accepted");
        c.apply(&mut d);
        let pxb = d.device("pxb1").expect("pxb1");
        assert_eq!(pxb.props.bus_nr, Some(0x10));
        let r = analyze(&d);
        let err = add_device(&d, &r, Driver::VirtioNetPci, "pxb1").expect_err("refused");
        assert!(err.contains("Only PCI/PCIe bridges"), "{err}");
        let (c, _) = add_device(&d, &r, Driver::PcieRootPort, "pxb1").expect("port");
        c.apply(&mut d);
        let r = analyze(&d);
        add_device(&d, &r, Driver::PcieRootPort, "pcie.0")
            .expect("a second port gets its own chassis")
            .0
            .apply(&mut d);
        let r = analyze(&d);
        add_device(&d, &r, Driver::VirtioNetPci, "rp1")
            .expect("nic")
            .0
            .apply(&mut d);
        assert_eq!(d.device("nic1").and_then(|n| n.bus.as_deref()), Some("rp1"));
    }

    #[test]
    fn delete_takes_the_subtree_and_undo_restores_it() {
        let mut d = q35_intel();
        d.devices
            .push(Device::new(Driver::PcieRootPort, "rp1", Some("pcie.0")));
        d.devices
            .push(Device::new(Driver::VirtioNetPci, "nic1", Some("rp1")));
        d.devices
            .push(Device::new(Driver::E1000e, "nic2", Some("pcie.0")));
        let before = d.clone();
        let c = delete_device(&d, "rp1").expect("command");
        c.apply(&mut d);
        let ids: Vec<&str> = d.devices.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["iommu1", "nic2"]);
        c.inverse().apply(&mut d);
        assert_eq!(d, before);
    }

    #[test]
    fn toggle_bypass_on_pxb_and_main_bus() {
        let mut d = q35_intel();
        let mut pxb = Device::new(Driver::PxbPcie, "pxb1", Some("pcie.0"));
        pxb.props.bus_nr = Some(0x10);
        d.devices.push(pxb);
        toggle_bypass(&d, "pxb1").expect("pxb").apply(&mut d);
        assert_eq!(
            d.device("pxb1").and_then(|p| p.props.bypass_iommu),
            Some(true)
        );
        toggle_bypass(&d, "pcie.0").expect("main").apply(&mut d);
        assert!(d.machine.default_bus_bypass_iommu);
        assert!(toggle_bypass(&d, "iommu1").is_none());
    }

    #[test]
    fn moving_a_bridge_below_itself_is_refused() {
        let mut d = q35_intel();
        d.devices
            .push(Device::new(Driver::PcieRootPort, "rp1", Some("pcie.0")));
        d.devices
            .push(Device::new(Driver::X3130Upstream, "up1", Some("rp1")));
        let r = analyze(&d);
        assert!(move_device(&d, &r, "rp1", "up1").is_err());
    }

    #[test]
    fn moving_a_subtree_onto_a_later_bus_reorders_it() {
        let mut d = q35_intel();
        d.devices
            .push(Device::new(Driver::PcieRootPort, "rp1", Some("pcie.0")));
        d.devices
            .push(Device::new(Driver::X3130Upstream, "up1", Some("rp1")));
        d.devices
            .push(Device::new(Driver::Xio3130Downstream, "dp1", Some("up1")));
        let mut rp2 = Device::new(Driver::PcieRootPort, "rp2", Some("pcie.0"));
        rp2.props.chassis = Some(2);
        d.devices.push(rp2);
        d.devices[1].props.chassis = Some(1);
        d.devices[3].props.chassis = Some(3);
        let before = d.clone();
        let r = analyze(&d);
        let (c, report) = move_device(&d, &r, "up1", "rp2").expect("accepted");
        c.apply(&mut d);
        assert!(report.valid);
        let ids: Vec<&str> = d.devices.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["iommu1", "rp1", "rp2", "up1", "dp1"]);
        c.inverse().apply(&mut d);
        assert_eq!(d, before);
    }

    #[test]
    fn viommu_switch_replaces_the_device() {
        let d = q35_intel();
        let mut e = d.clone();
        set_viommu(&d, Viommu::Amd).apply(&mut e);
        assert_eq!(Viommu::of(&e), Viommu::Amd);
        assert_eq!(e.devices.len(), 1);
    }

    #[test]
    fn props_parse_and_reject_garbage() {
        let mut d = q35_intel();
        d.devices
            .push(Device::new(Driver::PcieRootPort, "rp1", Some("pcie.0")));
        set_prop(&d, "rp1", PropField::Chassis, "0x3")
            .expect("ok")
            .apply(&mut d);
        assert_eq!(d.device("rp1").and_then(|x| x.props.chassis), Some(3));
        assert!(set_prop(&d, "rp1", PropField::Chassis, "zz").is_err());
        assert!(set_prop(&d, "rp1", PropField::Chassis, "300").is_err());
        set_prop(&d, "rp1", PropField::Addr, "2.0")
            .expect("ok")
            .apply(&mut d);
        assert_eq!(PropField::Addr.get(d.device("rp1").expect("rp1")), "2.0");
    }
}
