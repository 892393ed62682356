//! Rules through the whole pipeline (`analyze`): a design in, diagnostics out. Errors carry
//! QEMU's exact text, checked against real QEMU 7.2 and 10.0 (see docs/diagnostics.md).
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

mod engine {
    pub use iommu_topo::engine::*;
}

#[path = "../src/engine/rules/testkit.rs"]
mod testkit;

use iommu_topo::engine::diagnostics::Severity::{Error, Warning};
use iommu_topo::engine::{analyze, rules, Severity};
use testkit::Case;

/// Runs cases through `analyze`; strict about the rules' own codes only, so other modules'
/// diagnostics (resolve, firmware, ACPI) do not make these tests depend on them.
fn run(cases: &[Case]) {
    testkit::run_cases(
        cases,
        |design| analyze(design).diagnostics,
        |code| rules::CODES.contains(&code),
    );
}

#[test]
fn qemu_refuses() {
    run(&[
        Case {
            name: "intel-iommu on pc",
            version: "10.0",
            machine: "pc",
            devices: &["intel-iommu,id=iommu"],
            expect: &[(
                Error,
                "viommu-needs-q35",
                "Parameter 'driver' expects a dynamic sysbus device type for the machine",
            )],
        },
        Case {
            name: "smmuv3 on q35 (7.2 machine type name)",
            version: "7.2",
            machine: "q35,iommu=smmuv3",
            devices: &[],
            expect: &[(
                Error,
                "smmuv3-needs-virt",
                "Property 'pc-q35-7.2-machine.iommu' not found",
            )],
        },
        Case {
            name: "virt with iommu=smmuv3 and virtio-iommu-pci",
            version: "10.0",
            machine: "virt,iommu=smmuv3",
            devices: &["virtio-iommu-pci,id=v,bus=pcie.0"],
            expect: &[(
                Error,
                "virt-multiple-iommus",
                "virt machine does not support multiple IOMMUs",
            )],
        },
        Case {
            name: "two root ports without chassis",
            version: "7.2",
            machine: "q35",
            devices: &[
                "pcie-root-port,id=rp1,bus=pcie.0",
                "pcie-root-port,id=rp2,bus=pcie.0",
            ],
            expect: &[(
                Error,
                "chassis-slot-in-use",
                "Can't add chassis slot, error -16",
            )],
        },
        Case {
            name: "pxb numa node without -numa",
            version: "10.0",
            machine: "q35",
            devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=1"],
            expect: &[(Error, "illegal-numa-node", "Illegal numa node 1")],
        },
    ]);
}

#[test]
fn qemu_accepts_but_users_regret() {
    run(&[
        Case {
            name: "bypass everything under amd-iommu",
            version: "7.2",
            machine: "q35,default_bus_bypass_iommu=on,kernel-irqchip=split",
            devices: &["amd-iommu,id=amd,intremap=on", "e1000e,id=net1,bus=pcie.0"],
            expect: &[
                (Warning, "all-buses-bypass", "IVRS"),
                (Warning, "bypass-dma-unrestricted", "under pcie.0"),
            ],
        },
        Case {
            name: "passthrough on a bypassed root bus",
            version: "10.0",
            machine: "q35",
            devices: &[
                "virtio-iommu-pci,id=viommu,bus=pcie.0",
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x20,bypass_iommu=on",
                "pcie-root-port,id=rp1,bus=pxb1,chassis=1",
                "vfio-pci,id=gpu,bus=rp1,host=0000:3b:00.0",
            ],
            expect: &[(Warning, "passthrough-bypasses-iommu", "SECURITY")],
        },
        Case {
            name: "a PXB without bus_nr gets bus 0 (needs resolve's topology)",
            version: "7.2",
            machine: "q35",
            devices: &[
                "pxb-pcie,id=pxb1,bus=pcie.0",
                "pcie-root-port,id=rp1,bus=pxb1,chassis=1",
            ],
            expect: &[(Warning, "pxb-bus-nr-zero", "'pxb1' has no bus_nr")],
        },
    ]);
}

/// Designs with nothing to regret: the whole pipeline reports no error and no warning.
#[test]
fn clean_designs_have_no_warnings() {
    let clean = [
        testkit::design(
            "10.0",
            "q35,kernel-irqchip=split",
            &[
                "intel-iommu,id=iommu,intremap=on,caching-mode=on",
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                "virtio-net-pci,id=net0,bus=rp1",
            ],
        ),
        testkit::design(
            "7.2",
            "q35",
            &[
                "virtio-iommu-pci,id=viommu,bus=pcie.0",
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10",
                "pcie-root-port,id=rp1,bus=pxb1,chassis=1",
                "nvme,id=disk,bus=rp1",
            ],
        ),
        testkit::design(
            "10.0",
            "virt,iommu=smmuv3",
            &[
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                "virtio-blk-pci,id=disk,bus=rp1",
            ],
        ),
        testkit::design("7.2", "pc", &["e1000,id=net0,bus=pci.0"]),
    ];
    for design in &clean {
        let report = analyze(design);
        let bad: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{design:?}: {bad:#?}");
    }
}
