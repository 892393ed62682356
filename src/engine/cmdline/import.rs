//! QEMU command line (shell text) → design. Options the model knows become design fields;
//! everything else is kept verbatim (`extra_args`, or `extra` properties) so emit reproduces it.
//! The backends emit generates are recognised in exactly that form and folded away again.

use super::{backends, check, keyval, options, shell};
use crate::engine::catalog::Driver;
use crate::engine::design::{
    Design, Device, DeviceProps, KernelIrqchip, Machine, MachineType, QemuVersion,
};
use crate::engine::diagnostics::Diagnostic;

/// The machine type a `-machine` type name stands for (`q35`, `pc-q35-7.2`, `pc`,
/// `pc-i440fx-10.0`, `virt`, `virt-7.2`), or `None` for a type the model does not know.
pub fn machine_type_of(name: &str) -> Option<MachineType> {
    match name {
        "q35" => Some(MachineType::Q35),
        "pc" => Some(MachineType::Pc),
        "virt" => Some(MachineType::Virt),
        _ if name.starts_with("pc-q35-") => Some(MachineType::Q35),
        _ if name.starts_with("pc-i440fx-") => Some(MachineType::Pc),
        _ if name.starts_with("virt-") => Some(MachineType::Virt),
        _ => None,
    }
}

/// The QEMU version a versioned machine type names (`pc-q35-7.2` → 7.2).
fn version_of_type(name: &str) -> Option<QemuVersion> {
    let suffix = name.rsplit('-').next()?;
    if suffix == name {
        return None;
    }
    QemuVersion::parse(suffix)
}

/// One command-line option kept aside until we know whether it is one of our own backends.
#[derive(Debug)]
struct Held {
    /// The option and its argument, verbatim.
    words: Vec<String>,
    /// Folded back into the design (not re-emitted verbatim).
    consumed: bool,
}

/// The parser's state while walking the words.
#[derive(Default)]
struct Importer {
    design: Design,
    diagnostics: Vec<Diagnostic>,
    /// Every option that is not a design field, in order (verbatim unless consumed).
    held: Vec<Held>,
    /// `-drive`/`-netdev` of exactly the generated form: (held index, id).
    drives: Vec<(usize, String)>,
    netdevs: Vec<(usize, String)>,
    /// `-numa` options: (held index, canonical node id if of the generated form).
    numa: Vec<(usize, Option<usize>, bool)>,
    /// `-object memory-backend-ram,id=..,size=<n>M`: (held index, id, MiB).
    ram_objects: Vec<(usize, String, u64)>,
    /// `-m`: (held index, argument).
    mem: Vec<(usize, String)>,
    /// `-bios` / pflash: (held index, image path, is `-bios`).
    firmware: Vec<(usize, String, bool)>,
    /// Devices given without `id=` (indexes into `design.devices`).
    unnamed: Vec<usize>,
    machine_seen: bool,
    arch: Option<String>,
    /// Every `-drive` argument with its `if=` (to spot implicit PCI functions).
    drive_interfaces: Vec<(String, Option<String>)>,
    /// `-nic ...` / `-net nic,...` arguments (each one a NIC QEMU places itself).
    nics: Vec<String>,
    /// `-netdev` and `-net <backend>` options (held indexes): any of them stops QEMU from
    /// creating its default NIC.
    net_backends: Vec<usize>,
}

/// Imports a QEMU command line (shell syntax: quotes, `\`-newline continuations, `#`
/// comments, an optional leading `qemu-system-*` word) into a design, with a diagnostic for
/// every part that could not be understood and QEMU's error for values QEMU refuses.
pub fn import(text: &str) -> (Design, Vec<Diagnostic>) {
    let mut imp = Importer::default();
    let words = match shell::split_words(text) {
        Ok(words) => words,
        Err(words) => {
            imp.diagnostics.push(Diagnostic::error(
                "shell-syntax",
                "unterminated quote or trailing backslash: the rest of the text was ignored",
                None,
            ));
            words
        }
    };
    imp.walk(words);
    imp.finish()
}

impl Importer {
    fn walk(&mut self, words: Vec<String>) {
        let mut words = words.into_iter().peekable();
        if let Some(first) = words.peek() {
            let name = first.rsplit('/').next().unwrap_or(first);
            if let Some(arch) = name.strip_prefix("qemu-system-") {
                self.arch = Some(arch.to_string());
                words.next();
            } else if name == "qemu-kvm" || name == "kvm" {
                self.arch = Some("x86_64".into());
                words.next();
            }
        }
        while let Some(word) = words.next() {
            let Some(option) = options::normalize(&word) else {
                self.diagnostics.push(Diagnostic::warning(
                    "unparsable-token",
                    format!(
                        "`{word}` is not an option (QEMU would take it as a disk image); kept verbatim"
                    ),
                    None,
                ));
                self.hold(vec![word]);
                continue;
            };
            if !options::takes_argument(&option) {
                self.flag(&option, word);
                continue;
            }
            let Some(arg) = words.next() else {
                self.diagnostics.push(Diagnostic::error(
                    "missing-argument",
                    format!("{option}: requires an argument"),
                    None,
                ));
                self.hold(vec![word]);
                continue;
            };
            self.option(&option, word, arg);
        }
    }

    fn hold(&mut self, words: Vec<String>) -> usize {
        self.held.push(Held {
            words,
            consumed: false,
        });
        self.held.len() - 1
    }

    fn flag(&mut self, option: &str, word: String) {
        match option {
            "-nodefaults" => self.design.nodefaults = true,
            "-enable-kvm" if self.design.machine.accel.is_none() => {
                self.design.machine.accel = Some("kvm".into());
            }
            _ => {
                self.hold(vec![word]);
            }
        }
    }

    fn option(&mut self, option: &str, word: String, arg: String) {
        match option {
            "-machine" | "-M" => self.machine(&arg),
            "-device" => self.device(word, arg),
            "-vga" if arg == "none" => self.design.vga_none = true,
            "-net" | "-nic" if arg == "none" => self.design.net_none = true,
            "-net" | "-nic" => {
                let creates_nic = option == "-nic" || arg == "nic" || arg.starts_with("nic,");
                if creates_nic {
                    self.nics.push(arg.clone());
                }
                let index = self.hold(vec![word, arg]);
                if !creates_nic {
                    self.net_backends.push(index);
                }
            }
            "-accel" if self.design.machine.accel.is_none() && !arg.contains([',', '=']) => {
                self.design.machine.accel = Some(arg);
            }
            "-drive" => {
                let pairs = keyval::split(&arg);
                let index = self.hold(vec![word, arg.clone()]);
                let get = |k: &str| value_of(&pairs, k);
                self.drive_interfaces
                    .push((arg.clone(), get("if").map(str::to_string)));
                if pairs.len() == 3 && get("if") == Some("none") && get("driver") == Some("null-co")
                {
                    if let Some(id) = get("id") {
                        self.drives.push((index, id.to_string()));
                    }
                }
                if get("if") == Some("pflash") {
                    if let Some(file) = get("file") {
                        self.firmware.push((index, file.to_string(), false));
                    }
                }
            }
            "-netdev" => {
                let pairs = keyval::split(&arg);
                let index = self.hold(vec![word, arg.clone()]);
                self.net_backends.push(index);
                if let [first, id] = pairs.as_slice() {
                    if first.key == "user" && first.value.is_none() && id.key == "id" {
                        if let Some(id) = &id.value {
                            self.netdevs.push((index, id.clone()));
                        }
                    }
                }
            }
            "-numa" => {
                let pairs = keyval::split(&arg);
                let index = self.hold(vec![word, arg.clone()]);
                let is_node = pairs
                    .first()
                    .is_some_and(|p| p.key == "node" && p.value.is_none())
                    || value_of(&pairs, "type") == Some("node");
                let canonical = match pairs.as_slice() {
                    [node, nodeid, memdev]
                        if node.key == "node"
                            && node.value.is_none()
                            && nodeid.key == "nodeid"
                            && memdev.key == "memdev" =>
                    {
                        nodeid
                            .value
                            .as_deref()
                            .and_then(|n| n.parse::<usize>().ok())
                            .filter(|&n| memdev.value.as_deref() == Some(&backends::ram_id(n)))
                    }
                    _ => None,
                };
                self.numa.push((index, canonical, is_node));
            }
            "-object" => {
                let pairs = keyval::split(&arg);
                let index = self.hold(vec![word, arg.clone()]);
                if let [kind, a, b] = pairs.as_slice() {
                    let (id, size) = if a.key == "id" { (a, b) } else { (b, a) };
                    if kind.key == "memory-backend-ram"
                        && kind.value.is_none()
                        && id.key == "id"
                        && size.key == "size"
                    {
                        let mib = size
                            .value
                            .as_deref()
                            .and_then(|s| s.strip_suffix('M'))
                            .and_then(|s| s.parse::<u64>().ok());
                        if let (Some(id), Some(mib)) = (&id.value, mib) {
                            self.ram_objects.push((index, id.clone(), mib));
                        }
                    }
                }
            }
            "-m" => {
                let index = self.hold(vec![word, arg.clone()]);
                self.mem.push((index, arg));
            }
            "-bios" => {
                let index = self.hold(vec![word, arg.clone()]);
                self.firmware.push((index, arg, true));
            }
            _ => {
                self.hold(vec![word, arg]);
            }
        }
    }

    /// `-machine`/`-M` (keys dash-normalised as QEMU's keyval does; repeated `-machine`
    /// options merge, later keys winning).
    fn machine(&mut self, arg: &str) {
        self.machine_seen = true;
        let pairs = keyval::split(arg);
        for (position, pair) in pairs.into_iter().enumerate() {
            let (key, value) = match pair.value {
                Some(value) => (pair.key, value),
                None if position == 0 => ("type".to_string(), pair.key),
                None => {
                    self.diagnostics.push(Diagnostic::error(
                        "machine-syntax",
                        format!("Expected '=' after parameter '{}'", pair.key),
                        Some("machine"),
                    ));
                    continue;
                }
            };
            let machine = &mut self.design.machine;
            let mut keep = false;
            match keyval::dashify(&key).as_str() {
                "type" => match machine_type_of(&value) {
                    Some(machine_type) => {
                        machine.machine_type = machine_type;
                        machine.type_name =
                            (value != machine_type.as_str()).then(|| value.clone());
                    }
                    None => self.diagnostics.push(Diagnostic::error(
                        "unsupported-machine",
                        format!(
                            "machine type '{value}' is not modelled by iommu-topo (q35, pc, virt and their versioned names are)"
                        ),
                        Some("machine"),
                    )),
                },
                "accel" => machine.accel = Some(value.clone()),
                "default-bus-bypass-iommu" => match keyval::parse_bool(&value) {
                    Some(b) => machine.default_bus_bypass_iommu = b,
                    None => keep = true,
                },
                "iommu" => match value.as_str() {
                    "smmuv3" => machine.iommu_smmuv3 = true,
                    "none" => machine.iommu_smmuv3 = false,
                    _ => keep = true,
                },
                "its" => match keyval::parse_bool(&value) {
                    Some(b) => machine.its = Some(b),
                    None => keep = true,
                },
                "kernel-irqchip" => match value.as_str() {
                    "on" => machine.kernel_irqchip = Some(KernelIrqchip::On),
                    "off" => machine.kernel_irqchip = Some(KernelIrqchip::Off),
                    "split" => machine.kernel_irqchip = Some(KernelIrqchip::Split),
                    _ => keep = true,
                },
                _ => keep = true,
            }
            if keep {
                set_pair(&mut machine.extra, key, value);
            }
        }
    }

    /// `-device driver,key=value,...`.
    fn device(&mut self, word: String, arg: String) {
        let pairs = keyval::split(&arg);
        let driver_name = pairs
            .first()
            .filter(|p| p.value.is_none())
            .map(|p| p.key.clone())
            .or_else(|| value_of(&pairs, "driver").map(str::to_string));
        let Some(driver) = driver_name.as_deref().and_then(Driver::from_name) else {
            let message = match &driver_name {
                Some(name) => format!(
                    "device driver '{name}' is not in iommu-topo's catalogue: kept verbatim, without address or translation prediction"
                ),
                None => "Parameter 'driver' is missing".to_string(),
            };
            let diagnostic = if driver_name.is_some() {
                Diagnostic::warning("unknown-driver", message, None)
            } else {
                Diagnostic::error("missing-driver", message, None)
            };
            self.diagnostics.push(diagnostic);
            self.hold(vec![word, arg]);
            return;
        };
        let mut device = Device {
            id: String::new(),
            driver,
            bus: None,
            addr: None,
            multifunction: false,
            props: DeviceProps::default(),
            extra: Vec::new(),
        };
        let mut has_id = false;
        for (position, pair) in pairs.into_iter().enumerate() {
            let (key, value) = match pair.value {
                Some(value) => (pair.key, value),
                None if position == 0 => continue,
                // QemuOpts reads a bare `key` as `key=on`.
                None => (pair.key, "on".to_string()),
            };
            let keep = match key.as_str() {
                "driver" => false,
                "id" => {
                    device.id = value.clone();
                    has_id = true;
                    false
                }
                "bus" => {
                    device.bus = Some(value.clone());
                    false
                }
                "addr" => match keyval::parse_pci_addr(&value) {
                    Some(addr) => {
                        device.addr = Some(addr);
                        false
                    }
                    None => true,
                },
                "multifunction" => match keyval::parse_bool(&value) {
                    Some(b) => {
                        device.multifunction = b;
                        false
                    }
                    None => true,
                },
                _ if super::props::applies(driver, &key) => {
                    !matches!(super::props::set(&mut device.props, &key, &value), Ok(true))
                }
                _ => true,
            };
            if keep {
                set_pair(&mut device.extra, key, value);
            }
        }
        if !has_id {
            self.unnamed.push(self.design.devices.len());
        }
        self.design.devices.push(device);
    }

    fn finish(mut self) -> (Design, Vec<Diagnostic>) {
        self.machine_defaults();
        self.implicit_devices();
        self.name_unnamed_devices();
        self.fold_device_backends();
        self.default_nic();
        self.fold_numa();
        self.fold_firmware();
        let Importer {
            mut design,
            mut diagnostics,
            held,
            ..
        } = self;
        design.extra_args = held
            .into_iter()
            .filter(|h| !h.consumed)
            .flat_map(|h| h.words)
            .collect();
        if let Some(version) = design
            .machine
            .type_name
            .as_deref()
            .and_then(version_of_type)
        {
            design.qemu_version = version;
        }
        diagnostics.extend(check::check(&design));
        (design, diagnostics)
    }

    /// Without `-machine`, QEMU uses the binary's default machine: `pc` on x86_64; aarch64
    /// has none.
    fn machine_defaults(&mut self) {
        let aarch64 = self.arch.as_deref() == Some("aarch64");
        if !self.machine_seen {
            if aarch64 {
                self.design.machine.machine_type = MachineType::Virt;
                self.diagnostics.push(Diagnostic::error(
                    "no-machine",
                    "No machine specified, and there is no default",
                    Some("machine"),
                ));
            } else {
                self.design.machine = Machine {
                    machine_type: MachineType::Pc,
                    ..std::mem::take(&mut self.design.machine)
                };
                self.diagnostics.push(Diagnostic::info(
                    "default-machine",
                    "no -machine given: QEMU's default for qemu-system-x86_64 is `pc` (i440FX)",
                    Some("machine"),
                ));
            }
        }
        if let Some(arch) = &self.arch {
            let expected = self.design.machine.machine_type.binary();
            if expected != format!("qemu-system-{arch}") {
                self.diagnostics.push(Diagnostic::error(
                    "machine-arch-mismatch",
                    format!(
                        "machine type '{}' does not exist in qemu-system-{arch}",
                        self.design.machine.machine_type.as_str()
                    ),
                    Some("machine"),
                ));
            }
        }
    }

    /// Options that make QEMU create PCI functions the design does not model:
    /// `-drive if=virtio` (and `-drive` without `if=` on virt, whose default interface is
    /// virtio: hw/arm/virt.c `block_default_type = IF_VIRTIO`) add a `virtio-blk-pci`; every
    /// `-nic`/`-net nic` adds a NIC (without -nodefaults the first one takes the default NIC's
    /// place). QEMU gives them the first free slots, so the prediction may be off.
    fn implicit_devices(&mut self) {
        let virt = self.design.machine.machine_type == MachineType::Virt;
        for (arg, interface) in &self.drive_interfaces {
            let virtio = match interface.as_deref() {
                Some("virtio") => true,
                None => virt,
                _ => false,
            };
            if virtio {
                self.diagnostics.push(Diagnostic::warning(
                    "implicit-device",
                    format!(
                        "-drive {arg} creates a virtio-blk-pci function that QEMU places in the first free slot; iommu-topo does not model it (use -device virtio-blk-pci,drive=... instead)"
                    ),
                    None,
                ));
            }
        }
        // Without -nodefaults the first NIC takes the default NIC's place, which the engine
        // models as a built-in; with -nodefaults there is no built-in NIC to stand for it.
        let modelled = usize::from(!self.design.nodefaults);
        for arg in self.nics.iter().skip(modelled) {
            self.diagnostics.push(Diagnostic::warning(
                "implicit-device",
                format!(
                    "-nic/-net {arg} creates a NIC function that QEMU places in the first free slot; iommu-topo does not model it (use -netdev with -device instead)"
                ),
                None,
            ));
        }
    }

    /// Gives every device without `id=` a deterministic id (`<driver>-<n>`) and rewrites
    /// `bus=` references to the automatic bus names QEMU would have given its secondary bus
    /// (`pcie.N`, `pci.N`, `pxb-pcie-bus.N`: hw/core/bus.c `qbus_init`, one counter per bus type).
    fn name_unnamed_devices(&mut self) {
        let root_bus = self.design.machine.machine_type.root_bus_name();
        let mut counters: Vec<(&'static str, usize)> = Vec::new();
        let mut renames: Vec<(String, String)> = Vec::new();
        for &index in &self.unnamed {
            let Some(driver) = self.design.devices.get(index).map(|d| d.driver) else {
                continue;
            };
            let mut n = 0;
            let id = loop {
                let candidate = format!("{}-{n}", driver.name());
                if !self.design.devices.iter().any(|d| d.id == candidate) {
                    break candidate;
                }
                n += 1;
            };
            if let Some(prefix) = auto_bus_prefix(driver) {
                let counter = match counters.iter_mut().find(|(p, _)| *p == prefix) {
                    Some((_, c)) => c,
                    None => {
                        counters.push((prefix, 0));
                        match counters.last_mut() {
                            Some((_, c)) => c,
                            None => continue,
                        }
                    }
                };
                let auto = format!("{prefix}.{counter}");
                *counter += 1;
                if auto != root_bus {
                    renames.push((auto, id.clone()));
                }
            }
            if let Some(device) = self.design.devices.get_mut(index) {
                device.id = id;
            }
        }
        for device in &mut self.design.devices {
            if let Some(bus) = &device.bus {
                if let Some((_, id)) = renames.iter().find(|(auto, _)| auto == bus) {
                    device.bus = Some(id.clone());
                }
            }
        }
    }

    /// Folds the generated `-drive`/`-netdev`/`serial=` of each device back into it.
    fn fold_device_backends(&mut self) {
        let devices = &mut self.design.devices;
        let references = |devices: &[Device], key: &str, value: &str| {
            devices
                .iter()
                .flat_map(|d| &d.extra)
                .filter(|(k, v)| k == key && v == value)
                .count()
        };
        for i in 0..devices.len() {
            let Some(id) = devices.get(i).map(|d| d.id.clone()) else {
                continue;
            };
            let driver = devices[i].driver;
            if backends::needs_drive(driver) {
                let wanted = backends::drive_id(&id);
                if let Some((held, _)) = self.drives.iter().find(|(_, d)| *d == wanted) {
                    let owned = devices[i]
                        .extra
                        .iter()
                        .any(|(k, v)| k == "drive" && *v == wanted);
                    if owned
                        && references(devices, "drive", &wanted) == 1
                        && !self.held[*held].consumed
                    {
                        self.held[*held].consumed = true;
                        devices[i].extra.retain(|(k, _)| k != "drive");
                    }
                }
            }
            if backends::is_nic(driver) {
                let wanted = backends::netdev_id(&id);
                if let Some((held, _)) = self.netdevs.iter().find(|(_, d)| *d == wanted) {
                    let owned = devices[i]
                        .extra
                        .iter()
                        .any(|(k, v)| k == "netdev" && *v == wanted);
                    if owned
                        && references(devices, "netdev", &wanted) == 1
                        && !self.held[*held].consumed
                    {
                        self.held[*held].consumed = true;
                        devices[i].extra.retain(|(k, _)| k != "netdev");
                    }
                }
            }
            if driver == Driver::Nvme {
                devices[i]
                    .extra
                    .retain(|(k, v)| !(k == "serial" && *v == id));
            }
        }
    }

    /// QEMU creates its default NIC only when the command line has no `-netdev`, `-net` or
    /// `-nic` at all (softmmu/vl.c: each of those options clears `default_net`; run on 7.2 and
    /// 10.0: `-M q35 -netdev user,id=x` has no 00:02.0). A `-nic`/`-net nic` takes the default
    /// NIC's slot, so only backends without one mean "no built-in NIC". The netdevs emit
    /// generates are folded away before this (emit adds them only when there is no default NIC).
    fn default_nic(&mut self) {
        let verbatim_backend = self
            .net_backends
            .iter()
            .any(|&h| self.held.get(h).is_some_and(|h| !h.consumed));
        if verbatim_backend
            && self.nics.is_empty()
            && !self.design.nodefaults
            && !self.design.net_none
        {
            self.design.net_none = true;
            self.diagnostics.push(Diagnostic::info(
                "default-nic-dropped",
                "the command line has -netdev/-net, so QEMU creates no default NIC (recorded as -net none)",
                Some("machine"),
            ));
        }
    }

    /// `-numa node` count; the generated RAM backends, `-numa` and `-m` fold away when every
    /// `-numa` option has exactly the generated form.
    fn fold_numa(&mut self) {
        let nodes = self.numa.iter().filter(|(_, _, is_node)| *is_node).count();
        self.design.numa_nodes = u8::try_from(nodes).unwrap_or(u8::MAX);
        if nodes == 0 {
            return;
        }
        let all_canonical = self
            .numa
            .iter()
            .enumerate()
            .all(|(position, (_, canonical, _))| *canonical == Some(position));
        let objects: Vec<Option<&(usize, String, u64)>> = (0..nodes)
            .map(|n| {
                let id = backends::ram_id(n);
                self.ram_objects.iter().find(|(_, oid, _)| *oid == id)
            })
            .collect();
        if !all_canonical || objects.iter().any(Option::is_none) {
            return;
        }
        let sizes: Vec<u64> = objects.iter().flatten().map(|(_, _, mib)| *mib).collect();
        let held_objects: Vec<usize> = objects.iter().flatten().map(|(h, _, _)| *h).collect();
        let default_total = backends::MIB_PER_NODE * nodes as u64;
        let fold_mem = match self.mem.as_slice() {
            // Without `-m` QEMU has 128 MiB of RAM; only one default-sized node adds up.
            [] => sizes == [backends::MIB_PER_NODE],
            [(held, arg)] => {
                if *arg == format!("{default_total}M")
                    && sizes.iter().all(|&s| s == backends::MIB_PER_NODE)
                {
                    self.held[*held].consumed = true;
                    true
                } else {
                    backends::parse_mem_mib(arg)
                        .is_some_and(|total| backends::node_sizes(total, nodes) == sizes)
                }
            }
            _ => false,
        };
        if !fold_mem {
            return;
        }
        for (held, _, _) in &self.numa {
            self.held[*held].consumed = true;
        }
        for held in held_objects {
            self.held[held].consumed = true;
        }
    }

    /// The firmware from `-bios`/pflash; the exact image emit generates folds away (on virt,
    /// AAVMF is what emit adds anyway).
    fn fold_firmware(&mut self) {
        let Some((held, path, is_bios)) = self.firmware.last().cloned() else {
            return;
        };
        let Some(firmware) = backends::firmware_of_path(&path) else {
            return;
        };
        let machine_type = self.design.machine.machine_type;
        let canonical = is_bios
            && self.firmware.len() == 1
            && path == backends::bios_path(firmware)
            && backends::emitted_firmware(Some(firmware), machine_type) == Some(firmware);
        if canonical {
            self.held[held].consumed = true;
            self.design.firmware = match backends::emitted_firmware(None, machine_type) {
                Some(default) if default == firmware => None,
                _ => Some(firmware),
            };
        } else {
            self.design.firmware = Some(firmware);
        }
    }
}

/// The prefix of the automatic name QEMU gives the bus a device creates when the device has
/// no id (the lower-cased bus type name).
fn auto_bus_prefix(driver: Driver) -> Option<&'static str> {
    match driver {
        Driver::PcieRootPort | Driver::X3130Upstream | Driver::Xio3130Downstream => Some("pcie"),
        Driver::PciBridge | Driver::PciePciBridge | Driver::Pxb => Some("pci"),
        Driver::PxbPcie => Some("pxb-pcie-bus"),
        _ => None,
    }
}

fn value_of<'a>(pairs: &'a [keyval::Pair], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|p| p.key == key)
        .and_then(|p| p.value.as_deref())
}

/// Sets `key` in a verbatim property list (a repeated key replaces the earlier value, as QEMU
/// keeps the last one).
fn set_pair(list: &mut Vec<(String, String)>, key: String, value: String) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => list.push((key, value)),
    }
}
