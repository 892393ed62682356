//! Random designs for property tests (proptest strategies), shared by every engine module's
//! tests: [`any_design`] (anything the data model can hold, including nonsense a user or a
//! broken file may produce) and [`canonical_design`] (well-formed, the form `cmdline::import`
//! produces, so `import(emit(d)) == d`).

use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use super::catalog::Driver;
use super::cmdline;
use super::design::{
    Design, Device, DeviceProps, Firmware, KernelIrqchip, Machine, MachineType, OnOffAuto, PciAddr,
    QemuVersion,
};

/// One device before it is placed in a tree: the driver, which earlier bus to sit on (an index
/// into the buses that exist so far), and its own settings.
#[derive(Clone, Debug)]
struct RawDevice {
    driver: Driver,
    id_base: String,
    parent: usize,
    addr: Option<(u8, u8)>,
    multifunction: bool,
    props: DeviceProps,
    extra: Vec<(String, String)>,
}

fn on_off_auto() -> impl Strategy<Value = OnOffAuto> {
    prop_oneof![
        Just(OnOffAuto::On),
        Just(OnOffAuto::Off),
        Just(OnOffAuto::Auto)
    ]
}

/// Random known properties (not yet masked to the driver).
pub fn device_props() -> impl Strategy<Value = DeviceProps> {
    (
        (
            proptest::option::of(any::<u8>()),
            proptest::option::of(0u16..4),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<u8>()),
            proptest::option::of(0u16..300),
            proptest::option::of(0u32..8),
            proptest::option::of(any::<u8>()),
            proptest::option::of("0000:[0-9a-f]{2}:0[0-9]\\.[0-7]"),
        ),
        (
            proptest::option::of(on_off_auto()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(select(vec![39u8, 48, 52])),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (bus_nr, numa_node, bypass_iommu, chassis, slot, bus_reserve, chassis_nr, host),
                (intremap, caching_mode, device_iotlb, aw_bits, eim, xtsup, boot_bypass),
            )| DeviceProps {
                bus_nr,
                numa_node,
                bypass_iommu,
                chassis,
                slot,
                bus_reserve,
                chassis_nr,
                host,
                intremap,
                caching_mode,
                device_iotlb,
                aw_bits,
                eim,
                xtsup,
                boot_bypass,
            },
        )
}

/// Unknown device properties kept verbatim (unique keys the model does not know).
fn device_extra() -> impl Strategy<Value = Vec<(String, String)>> {
    subsequence(
        vec![
            "romfile",
            "rombar",
            "x-foo",
            "failover_pair_id",
            "ats",
            "vectors",
        ],
        0..3,
    )
    .prop_flat_map(|keys| {
        let n = keys.len();
        (
            Just(keys),
            proptest::collection::vec("[a-z0-9,=.]{0,6}", n..=n),
        )
    })
    .prop_map(|(keys, values)| keys.into_iter().map(str::to_string).zip(values).collect())
}

fn raw_device() -> impl Strategy<Value = RawDevice> {
    (
        select(Driver::ALL.to_vec()),
        "[a-z][a-z0-9_.-]{0,5}",
        any::<usize>(),
        proptest::option::of((0u8..32, prop_oneof![4 => Just(0u8), 1 => 1u8..8])),
        any::<bool>(),
        device_props(),
        device_extra(),
    )
        .prop_map(
            |(driver, id_base, parent, addr, multifunction, props, extra)| RawDevice {
                driver,
                id_base,
                parent,
                addr,
                multifunction,
                props,
                extra,
            },
        )
}

fn machine(canonical: bool) -> impl Strategy<Value = Machine> {
    (
        select(MachineType::ALL.to_vec()),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(select(vec![
            KernelIrqchip::On,
            KernelIrqchip::Split,
            KernelIrqchip::Off,
        ])),
        subsequence(vec!["hpet", "sata", "smbus", "graphics", "mem-merge"], 0..3),
        proptest::option::of(select(vec!["7.2", "10.0"])),
        proptest::option::of(select(vec!["kvm", "tcg", "kvm:tcg"])),
    )
        .prop_map(
            move |(machine_type, bypass, smmu, its, irqchip, extra, version, accel)| {
                let type_name = version.map(|v| match machine_type {
                    MachineType::Q35 => format!("pc-q35-{v}"),
                    MachineType::Pc => format!("pc-i440fx-{v}"),
                    MachineType::Virt => format!("virt-{v}"),
                });
                Machine {
                    machine_type,
                    default_bus_bypass_iommu: bypass,
                    iommu_smmuv3: smmu,
                    its,
                    kernel_irqchip: irqchip,
                    extra: extra
                        .into_iter()
                        .map(|k| (k.to_string(), if canonical { "off" } else { "1" }.into()))
                        .collect(),
                    type_name,
                    accel: accel.map(str::to_string),
                }
            },
        )
}

/// Whole options kept verbatim in `extra_args`.
fn extra_args(with_mem: bool) -> impl Strategy<Value = Vec<String>> {
    let mut pool: Vec<Vec<&'static str>> = vec![
        vec!["-smp", "2"],
        vec!["-S"],
        vec!["-no-user-config"],
        vec!["-name", "vm,debug-threads=on"],
        vec!["-serial", "none"],
        vec!["-global", "ICH9-LPC.disable_s3=1"],
        vec!["-device", "ich9-usb-ehci1,id=usb"],
        vec!["-rtc", "base=utc"],
    ];
    if with_mem {
        pool.push(vec!["-m", "512M"]);
    }
    subsequence(pool, 0..4)
        .prop_map(|options| options.into_iter().flatten().map(str::to_string).collect())
}

fn firmware() -> impl Strategy<Value = Option<Firmware>> {
    proptest::option::of(select(vec![
        Firmware::Seabios,
        Firmware::Ovmf,
        Firmware::Aavmf,
    ]))
}

/// Assembles raw devices into a design: each device's bus is the main root bus or the bus of
/// an earlier bus-creating device (canonical), or anything at all (not canonical).
fn assemble(
    machine: Machine,
    flags: (bool, bool, bool, u8),
    firmware: Option<Firmware>,
    raws: Vec<RawDevice>,
    extra_args: Vec<String>,
    canonical: bool,
) -> Design {
    let (nodefaults, vga_none, net_none, numa_nodes) = flags;
    let root = machine.machine_type.root_bus_name().to_string();
    let mut buses: Vec<String> = vec![root];
    if !canonical {
        buses.push("pci.0".into());
        buses.push("nowhere".into());
    }
    let mut devices: Vec<Device> = Vec::new();
    for (index, raw) in raws.into_iter().enumerate() {
        let id = if canonical {
            format!("{}-{index}", raw.id_base)
        } else {
            // Duplicates and malformed ids on purpose.
            format!("{}{}", raw.id_base, index % 3)
        };
        let pci = raw.driver.is_pci();
        let bus = (pci || !canonical).then(|| buses[raw.parent % buses.len()].clone());
        let addr = raw
            .addr
            .filter(|_| pci || !canonical)
            .map(|(slot, function)| PciAddr { slot, function })
            .or_else(|| {
                (canonical && pci).then_some(PciAddr {
                    slot: (index % 31) as u8 + 1,
                    function: 0,
                })
            });
        let props = if canonical {
            cmdline::retain_applicable(raw.driver, &raw.props)
        } else {
            raw.props
        };
        if raw.driver.secondary_is_express().is_some() || !canonical {
            buses.push(id.clone());
        }
        devices.push(Device {
            id,
            driver: raw.driver,
            bus,
            addr,
            multifunction: raw.multifunction && (pci || !canonical),
            props,
            extra: raw.extra,
        });
    }
    let qemu_version = machine
        .type_name
        .as_deref()
        .and_then(|name| name.rsplit('-').next())
        .and_then(QemuVersion::parse)
        .unwrap_or_default();
    let firmware = match (firmware, machine.machine_type) {
        (Some(Firmware::Aavmf), MachineType::Virt) if canonical => None,
        (f, _) => f,
    };
    let mut design = Design {
        qemu_version,
        machine,
        nodefaults,
        vga_none,
        net_none,
        numa_nodes,
        firmware,
        devices,
        extra_args,
    };
    if canonical {
        let order = cmdline::dependency_order(&design);
        let mut reordered = Vec::with_capacity(order.len());
        for i in order {
            if let Some(d) = design.devices.get(i) {
                reordered.push(d.clone());
            }
        }
        design.devices = reordered;
    }
    design
}

/// Any design the data model can hold: dangling buses, duplicate or malformed ids, properties
/// on drivers that lack them, bad verbatim values. For "never panics" tests.
pub fn any_design() -> impl Strategy<Value = Design> {
    (
        machine(false),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..5),
        firmware(),
        proptest::collection::vec(raw_device(), 0..24),
        extra_args(true),
    )
        .prop_map(|(machine, flags, firmware, raws, extra)| {
            assemble(machine, flags, firmware, raws, extra, false)
        })
}

/// A well-formed design in the form `cmdline::import` produces: unique ids, every PCI device
/// with `bus` (an existing bus) and `addr`, known properties only on drivers that have them,
/// devices in dependency order. `cmdline::import(emit(d)) == d` must hold for these.
pub fn canonical_design() -> impl Strategy<Value = Design> {
    (
        machine(true),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..4),
        firmware(),
        proptest::collection::vec(raw_device(), 0..16),
    )
        .prop_flat_map(|(machine, flags, firmware, raws)| {
            let with_mem = flags.3 == 0;
            (
                Just(machine),
                Just(flags),
                Just(firmware),
                Just(raws),
                extra_args(with_mem),
            )
        })
        .prop_map(|(machine, flags, firmware, raws, extra)| {
            assemble(machine, flags, firmware, raws, extra, true)
        })
}
