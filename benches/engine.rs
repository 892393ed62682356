//! Benchmarks of `iommu_topo::engine::analyze`, the function the app calls on every edit.
//! Run with `cargo bench --bench engine` (see BENCHMARKS.md); not part of the test command.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use iommu_topo::engine::design::DeviceProps;
use iommu_topo::engine::{analyze, Design, Device, Driver, Machine, MachineType};

/// A q35 design with VT-d, one bypassing expander and a few endpoints (about ten functions).
fn small_design() -> Design {
    let mut intel = Device::new(Driver::IntelIommu, "viommu", None);
    intel.props.intremap = Some(iommu_topo::engine::design::OnOffAuto::On);
    let pxb = Device {
        props: DeviceProps {
            bus_nr: Some(0x20),
            bypass_iommu: Some(true),
            ..Default::default()
        },
        ..Device::new(Driver::PxbPcie, "pxb1", Some("pcie.0"))
    };
    Design {
        machine: Machine {
            machine_type: MachineType::Q35,
            kernel_irqchip: Some(iommu_topo::engine::design::KernelIrqchip::Split),
            ..Default::default()
        },
        devices: vec![
            intel,
            Device::new(Driver::VirtioNetPci, "net0", Some("pcie.0")),
            pxb,
            Device::new(Driver::PcieRootPort, "rp1", Some("pxb1")),
            Device::new(Driver::Nvme, "nvme1", Some("rp1")),
            Device::new(Driver::PcieRootPort, "rp2", Some("pcie.0")),
            Device::new(Driver::VfioPci, "gpu", Some("rp2")),
        ],
        ..Default::default()
    }
}

/// A q35 design with about 300 PCI functions: 4 expander bridges, each with 4 root ports, each
/// with a switch of 8 downstream ports holding one endpoint each, plus a few on the root bus.
fn large_design() -> Design {
    let mut devices = vec![Device::new(Driver::IntelIommu, "viommu", None)];
    for e in 0..6 {
        devices.push(Device::new(
            Driver::E1000e,
            &format!("root-nic{e}"),
            Some("pcie.0"),
        ));
    }
    for x in 0..4u8 {
        let pxb = format!("pxb{x}");
        devices.push(Device {
            props: DeviceProps {
                bus_nr: Some(0x20 + x * 0x30),
                bypass_iommu: Some(x % 2 == 1),
                ..Default::default()
            },
            ..Device::new(Driver::PxbPcie, &pxb, Some("pcie.0"))
        });
        for r in 0..4u8 {
            let rp = format!("{pxb}-rp{r}");
            devices.push(Device {
                props: DeviceProps {
                    chassis: Some(x * 8 + r + 1),
                    ..Default::default()
                },
                ..Device::new(Driver::PcieRootPort, &rp, Some(&pxb))
            });
            let up = format!("{rp}-up");
            devices.push(Device::new(Driver::X3130Upstream, &up, Some(&rp)));
            for d in 0..8u8 {
                let down = format!("{up}-down{d}");
                devices.push(Device {
                    props: DeviceProps {
                        chassis: Some(100 + x * 32 + r * 8 + d),
                        slot: Some(u16::from(d)),
                        ..Default::default()
                    },
                    ..Device::new(Driver::Xio3130Downstream, &down, Some(&up))
                });
                let driver = if d % 2 == 0 {
                    Driver::Nvme
                } else {
                    Driver::VirtioNetPci
                };
                devices.push(Device::new(driver, &format!("{down}-ep"), Some(&down)));
            }
        }
    }
    Design {
        machine: Machine {
            machine_type: MachineType::Q35,
            ..Default::default()
        },
        devices,
        ..Default::default()
    }
}

fn bench_analyze(c: &mut Criterion) {
    let small = small_design();
    let large = large_design();
    c.bench_function("analyze/small", |b| b.iter(|| analyze(black_box(&small))));
    c.bench_function("analyze/large-300", |b| {
        b.iter(|| analyze(black_box(&large)))
    });
}

criterion_group!(benches, bench_analyze);
criterion_main!(benches);
