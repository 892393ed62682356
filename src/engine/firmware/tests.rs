//! Firmware numbering as data. Expectations: SeaBIOS 1.16.2 and AAVMF 2022.11 booted on QEMU
//! 7.2, bus registers read back with QMP `query-pci` (notes §8.3 and runs of our own).

use super::number_buses;
use crate::engine::catalog::Driver;
use crate::engine::design::{Design, Device, MachineType};
use crate::engine::resolve::resolve;
use crate::engine::topology::Topology;

fn dev(driver: &str, id: &str, bus: &str) -> Device {
    Device::new(Driver::from_name(driver).expect("driver"), id, Some(bus))
}

fn port(id: &str, bus: &str, chassis: u8, reserve: Option<u32>) -> Device {
    let mut d = dev("pcie-root-port", id, bus);
    d.props.chassis = Some(chassis);
    d.props.bus_reserve = reserve;
    d
}

fn down(id: &str, bus: &str, chassis: u8, slot: u8) -> Device {
    let mut d = dev("xio3130-downstream", id, bus);
    d.props.chassis = Some(chassis);
    d.addr = Some(crate::engine::design::PciAddr { slot, function: 0 });
    d
}

fn pxb(id: &str, nr: u8) -> Device {
    let mut d = dev("pxb-pcie", id, "pcie.0");
    d.props.bus_nr = Some(nr);
    d
}

fn numbered(machine: MachineType, devices: Vec<Device>) -> (Topology, Vec<String>) {
    let mut d = Design {
        nodefaults: true,
        devices,
        ..Default::default()
    };
    d.machine.machine_type = machine;
    let (mut t, diags) = resolve(&d);
    assert!(diags.is_empty(), "{diags:?}");
    let fw = number_buses(&d, &mut t);
    (t, fw.into_iter().map(|x| x.code).collect())
}

/// `id sec/sub` of every bridge with an id.
fn regs(t: &Topology) -> Vec<String> {
    t.functions
        .iter()
        .filter_map(|f| {
            let s = t.buses.get(f.secondary_bus?)?;
            Some(format!(
                "{} {}/{}",
                f.id.as_deref()?,
                s.number,
                s.subordinate
            ))
        })
        .collect()
}

fn notes_layout() -> Vec<Device> {
    vec![
        port("r1", "pcie.0", 1, None),
        port("r2", "pcie.0", 2, None),
        dev("x3130-upstream", "up", "r2"),
        down("dn1", "up", 3, 0),
        down("dn2", "up", 4, 1),
        port("r3", "pcie.0", 5, Some(3)),
        dev("e1000e", "n3", "r3"),
        pxb("pxb", 16),
        port("r10", "pxb", 10, None),
        port("r11", "pxb", 11, None),
        {
            let mut b = dev("pci-bridge", "pb", "pcie.0");
            b.props.chassis_nr = Some(12);
            b
        },
    ]
}

#[test]
fn seabios_notes_layout() {
    let (t, diags) = numbered(MachineType::Q35, notes_layout());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        regs(&t),
        [
            "r1 1/1",
            "r2 2/5",
            "up 3/5",
            "dn1 4/4",
            "dn2 5/5",
            "r3 6/9",
            "r10 17/17",
            "r11 18/18",
            "pb 10/10"
        ]
    );
    // root buses as pci_bus_range sees them
    let pxb_root = t.bus_by_name("pxb").expect("pxb bus");
    assert_eq!(
        (t.buses[pxb_root].number, t.buses[pxb_root].subordinate),
        (16, 18)
    );
    assert_eq!(t.buses[0].subordinate, 10);
    let n3 = t.function_by_id("n3").expect("n3");
    assert_eq!(t.bdf(n3), "06:00.0");
}

#[test]
fn seabios_bus_reserve_trap() {
    // reserve=1 with a switch behind: SeaBIOS resets its counter to 1, r9 reuses bus 2
    let (t, diags) = numbered(
        MachineType::Q35,
        vec![
            port("r1", "pcie.0", 1, Some(1)),
            dev("x3130-upstream", "up", "r1"),
            down("dn1", "up", 3, 0),
            down("dn2", "up", 4, 1),
            port("r9", "pcie.0", 9, None),
        ],
    );
    let r = regs(&t);
    assert_eq!(&r[..2], ["r1 1/1", "up 2/4"]);
    assert_eq!(r[4], "r9 2/2");
    assert!(diags.contains(&"bus-number-collision".to_string()));
    // reserve=5 is large enough: 1/6, r9 at 7
    let (t, _) = numbered(
        MachineType::Q35,
        vec![
            port("r1", "pcie.0", 1, Some(5)),
            dev("x3130-upstream", "up", "r1"),
            down("dn1", "up", 3, 0),
            port("r9", "pcie.0", 9, None),
        ],
    );
    assert_eq!(regs(&t), ["r1 1/6", "up 2/3", "dn1 3/3", "r9 7/7"]);
    // reserve=0: subordinate 0 and the counter restarts
    let (t, _) = numbered(
        MachineType::Q35,
        vec![
            port("r1", "pcie.0", 1, Some(0)),
            dev("e1000e", "n", "r1"),
            port("r9", "pcie.0", 9, None),
        ],
    );
    assert_eq!(regs(&t), ["r1 1/0", "r9 1/1"]);
}

fn collision_devices(pxb_first: bool) -> Vec<Device> {
    let ports: Vec<Device> = (1..=4)
        .map(|i| port(&format!("r{i}"), "pcie.0", i, None))
        .collect();
    let p = vec![pxb("p", 3), port("pr", "p", 20, None)];
    if pxb_first {
        p.into_iter().chain(ports).collect()
    } else {
        ports.into_iter().chain(p).collect()
    }
}

#[test]
fn seabios_collision_depends_on_creation_order() {
    // pxb created first: pcie.0 ports get 1..4, the pxb's port stays 0/0
    let (t, diags) = numbered(MachineType::Q35, collision_devices(true));
    assert_eq!(regs(&t), ["pr 0/0", "r1 1/1", "r2 2/2", "r3 3/3", "r4 4/4"]);
    assert!(diags.contains(&"bus-number-collision".to_string()));
    // pxb created last: bus 3 routes to the pxb root, r3 spans it
    let (t, _) = numbered(MachineType::Q35, collision_devices(false));
    assert_eq!(regs(&t), ["r1 1/1", "r2 2/2", "r3 3/4", "r4 5/5", "pr 4/4"]);
}

#[test]
fn aavmf_apertures_and_padding() {
    // notes §8.3 on virt: pcie.0 port 1, pxb 0x10 port 0x11, pxb 0x20 port 0x21
    let (t, diags) = numbered(
        MachineType::Virt,
        vec![
            port("r1", "pcie.0", 1, None),
            pxb("p10", 0x10),
            port("r10", "p10", 2, None),
            pxb("p20", 0x20),
            port("r20", "p20", 3, None),
        ],
    );
    assert!(diags.is_empty());
    assert_eq!(regs(&t), ["r1 1/1", "r10 17/17", "r20 33/33"]);
    // collision: ports 3, 4 left unconfigured, the pxb's port gets 4
    let (t, diags) = numbered(MachineType::Virt, collision_devices(true));
    assert_eq!(regs(&t), ["pr 4/4", "r1 1/1", "r2 2/2", "r3 0/0", "r4 0/0"]);
    assert!(diags.contains(&"bus-number-collision".to_string()));
    // bus-reserve: subordinate >= secondary + N (3 over a switch → 1/4; 1 → what it used)
    let (t, _) = numbered(
        MachineType::Virt,
        vec![
            port("r1", "pcie.0", 1, Some(3)),
            dev("x3130-upstream", "up", "r1"),
            down("dn1", "up", 3, 0),
            port("r9", "pcie.0", 9, None),
        ],
    );
    assert_eq!(regs(&t), ["r1 1/4", "up 2/3", "dn1 3/3", "r9 5/5"]);
    let (t, _) = numbered(
        MachineType::Virt,
        vec![
            port("r1", "pcie.0", 1, Some(1)),
            dev("x3130-upstream", "up", "r1"),
            down("dn1", "up", 3, 0),
            down("dn2", "up", 4, 1),
            port("r9", "pcie.0", 9, None),
        ],
    );
    assert_eq!(
        regs(&t),
        ["r1 1/4", "up 2/4", "dn1 3/3", "dn2 4/4", "r9 5/5"]
    );
    // an empty pxb is not found by the probe: pcie.0's aperture runs up to the next one
    let mut e = pxb("e", 5);
    e.bus = Some("pcie.0".into());
    let (t, _) = numbered(
        MachineType::Virt,
        vec![
            port("r1", "pcie.0", 1, Some(0)),
            dev("virtio-net-pci", "n", "r1"),
            port("r9", "pcie.0", 9, None),
            e,
            pxb("p8", 8),
            port("r8", "p8", 30, Some(2)),
            port("r8b", "p8", 31, None),
        ],
    );
    assert_eq!(regs(&t), ["r1 1/1", "r9 2/2", "r8 9/11", "r8b 12/12"]);
}

#[test]
fn seabios_hangs_on_a_reset_counter_in_the_extra_root_sweep() {
    // QEMU 7.2 + SeaBIOS debug log: bus 5 is enumerated over and over, forever
    let mut p = pxb("p", 5);
    p.bus = Some("pcie.0".into());
    let (_, diags) = numbered(
        MachineType::Q35,
        vec![p, port("r", "p", 2, Some(0)), dev("e1000e", "n", "r")],
    );
    assert!(diags.contains(&"firmware-hang".to_string()), "{diags:?}");
}

#[test]
fn large_designs_finish() {
    // 6 pxb-pcie with 20 root ports each and 20 on pcie.0: no hang, no collision
    let mut devices = Vec::new();
    let mut chassis = 1u8;
    for i in 0..20 {
        devices.push(port(&format!("m{i}"), "pcie.0", chassis, None));
        chassis += 1;
    }
    for p in 0..6u8 {
        let id = format!("p{p}");
        devices.push(pxb(&id, 0x20 + p * 0x20));
        for i in 0..20 {
            devices.push(port(&format!("p{p}r{i}"), &id, chassis, None));
            chassis += 1;
        }
    }
    let (t, diags) = numbered(MachineType::Q35, devices);
    assert!(diags.is_empty(), "{diags:?}");
    let last = t.function_by_id("p5r19").expect("port");
    let bus = t.functions[last].secondary_bus.expect("bus");
    assert_eq!(t.buses[bus].number, 0xc0 + 20);
}
