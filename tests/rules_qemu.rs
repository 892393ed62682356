//! The rules against real QEMU: each case's design is started with QEMU 7.2 or 10.0 (under
//! TCG, `-S`, no firmware). When the rules predict errors, QEMU must refuse with exactly the
//! first predicted message; when they predict none, QEMU must start. A missing binary skips
//! that version (with a note on stderr), so the test runs wherever QEMU is installed.
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

mod engine {
    pub use iommu_topo::engine::*;
}

#[path = "../src/engine/rules/testkit.rs"]
mod testkit;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use iommu_topo::engine::diagnostics::Severity::{Error, Warning};
use iommu_topo::engine::{analyze, rules, Severity};
use testkit::Case;

/// The binary and environment for a version / architecture, if installed.
fn qemu(version: &str, arm: bool) -> Option<Command> {
    let name = if arm {
        "qemu-system-aarch64"
    } else {
        "qemu-system-x86_64"
    };
    if version == "7.2" {
        let path = PathBuf::from("/usr/bin").join(name);
        return path.exists().then(|| Command::new(path));
    }
    let prefix = std::env::var_os("IOMMU_TOPO_QEMU10_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".qemu/10.0"));
    let path = prefix.join("usr/bin").join(name);
    if !path.exists() {
        return None;
    }
    let mut command = Command::new(path);
    command.arg("-L").arg(prefix.join("usr/share/qemu")).env(
        "QEMU_MODULE_DIR",
        prefix.join("usr/lib/x86_64-linux-gnu/qemu"),
    );
    Some(command)
}

/// QEMU arguments for a case (the test kit's pseudo keys become real options).
fn args(case: &Case) -> Vec<String> {
    let mut machine = Vec::new();
    let mut out = Vec::new();
    for part in case.machine.split(',') {
        match part.split_once('=') {
            Some(("numa", n)) => {
                let n: u32 = n.parse().expect("numa");
                out.push("-m".into());
                out.push(format!("{}M", 64 * n.max(1)));
                for i in 0..n {
                    out.push("-object".into());
                    out.push(format!("memory-backend-ram,id=numa{i},size=64M"));
                    out.push("-numa".into());
                    out.push(format!("node,memdev=numa{i}"));
                }
            }
            Some(("firmware", _)) => {}
            _ => machine.push(part),
        }
    }
    let mut all = vec!["-M".to_string(), machine.join(",")];
    all.extend(out);
    for device in case.devices {
        all.push("-device".into());
        all.push(device.to_string());
    }
    all
}

/// Runs QEMU on a case: `Ok(())` if it started, `Err(first error line)` if it refused.
fn run_qemu(mut command: Command, case: &Case, accel: &str) -> Result<(), String> {
    // A case that names its accelerator in -machine keeps it.
    if !case.machine.contains("accel=") {
        command.args(["-accel", accel]);
    }
    let mut child = command
        .args(["-display", "none", "-nodefaults", "-no-user-config"])
        .args(["-S", "-qmp", "stdio"])
        .args(args(case))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn qemu");
    if let Some(mut stdin) = child.stdin.take() {
        // Ignored when QEMU already exited.
        let _ = stdin.write_all(b"{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n");
    }
    let output = child.wait_with_output().expect("wait qemu");
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .map(str::trim)
        // Warnings, and QEMU 10.0 complaining about the system's 7.2 modules on error paths
        // when QEMU_MODULE_DIR is not honoured: not about the command line.
        .find(|l| {
            !l.is_empty()
                && !l.contains("warning:")
                && !l.contains("failed to initialize module:")
                && *l != "Only modules from the same build can be loaded."
        })
        .unwrap_or_default()
        .to_string();
    Err(line)
}

const CASES: &[Case] = &[
    Case {
        name: "intel-iommu on pc (7.2)",
        version: "7.2",
        machine: "pc",
        devices: &["intel-iommu,id=iommu"],
        expect: &[(
            Error,
            "viommu-needs-q35",
            "Parameter 'driver' expects a dynamic sysbus device type for the machine",
        )],
    },
    Case {
        name: "amd-iommu on pc (10.0)",
        version: "10.0",
        machine: "pc",
        devices: &["amd-iommu,id=iommu"],
        expect: &[(
            Error,
            "viommu-needs-q35",
            "Parameter 'driver' expects a dynamic sysbus device type for the machine",
        )],
    },
    Case {
        name: "intel-iommu on virt (7.2)",
        version: "7.2",
        machine: "virt",
        devices: &["intel-iommu,id=iommu"],
        expect: &[(
            Error,
            "viommu-not-on-arm",
            "'intel-iommu' is not a valid device model name",
        )],
    },
    Case {
        name: "amd-iommu on virt (10.0)",
        version: "10.0",
        machine: "virt",
        devices: &["amd-iommu,id=iommu"],
        expect: &[(
            Error,
            "viommu-not-on-arm",
            "'amd-iommu' is not a valid device model name",
        )],
    },
    Case {
        name: "intel + amd (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &["intel-iommu,id=a", "amd-iommu,id=b"],
        expect: &[(
            Error,
            "multiple-viommus",
            "QEMU does not support multiple vIOMMUs for x86 yet.",
        )],
    },
    Case {
        name: "virtio-iommu + intel (10.0)",
        version: "10.0",
        machine: "q35",
        devices: &["virtio-iommu-pci,id=v,bus=pcie.0", "intel-iommu,id=i"],
        expect: &[(
            Error,
            "multiple-viommus",
            "QEMU does not support multiple vIOMMUs for x86 yet.",
        )],
    },
    Case {
        name: "two virtio-iommu on pc (7.2)",
        version: "7.2",
        machine: "pc",
        devices: &[
            "virtio-iommu-pci,id=v1,bus=pci.0",
            "virtio-iommu-pci,id=v2,bus=pci.0",
        ],
        expect: &[(
            Error,
            "multiple-viommus",
            "QEMU does not support multiple vIOMMUs for x86 yet.",
        )],
    },
    Case {
        name: "smmuv3 + virtio-iommu (7.2)",
        version: "7.2",
        machine: "virt,iommu=smmuv3",
        devices: &["virtio-iommu-pci,id=v,bus=pcie.0"],
        expect: &[(
            Error,
            "virt-multiple-iommus",
            "virt machine does not support multiple IOMMUs",
        )],
    },
    Case {
        name: "two virtio-iommu on virt (10.0)",
        version: "10.0",
        machine: "virt",
        devices: &[
            "virtio-iommu-pci,id=v1,bus=pcie.0",
            "virtio-iommu-pci,id=v2,bus=pcie.0",
        ],
        expect: &[(
            Error,
            "virt-multiple-iommus",
            "virt machine does not support multiple IOMMUs",
        )],
    },
    Case {
        name: "smmuv3 on q35 (7.2)",
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
        name: "smmuv3 on q35 (10.0)",
        version: "10.0",
        machine: "q35,iommu=smmuv3",
        devices: &[],
        expect: &[(
            Error,
            "smmuv3-needs-virt",
            "Property 'pc-q35-10.0-machine.iommu' not found",
        )],
    },
    Case {
        name: "smmuv3 on pc (10.0)",
        version: "10.0",
        machine: "pc,iommu=smmuv3",
        devices: &[],
        expect: &[(
            Error,
            "smmuv3-needs-virt",
            "Property 'pc-i440fx-10.0-machine.iommu' not found",
        )],
    },
    Case {
        name: "its on q35 (7.2)",
        version: "7.2",
        machine: "q35,its=off",
        devices: &[],
        expect: &[(
            Error,
            "its-needs-virt",
            "Property 'pc-q35-7.2-machine.its' not found",
        )],
    },
    Case {
        name: "eim without intremap (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &["intel-iommu,id=i,intremap=off,eim=on"],
        expect: &[(
            Error,
            "eim-needs-intremap",
            "eim=on cannot be selected without intremap=on",
        )],
    },
    Case {
        name: "eim without intremap (10.0)",
        version: "10.0",
        machine: "q35",
        devices: &["intel-iommu,id=i,intremap=off,eim=on"],
        expect: &[(
            Error,
            "eim-needs-intremap",
            "eim=on cannot be selected without intremap=on",
        )],
    },
    Case {
        name: "eim under TCG (7.2)",
        version: "7.2",
        machine: "q35,kernel-irqchip=split",
        devices: &["intel-iommu,id=i,intremap=on,eim=on"],
        expect: &[(
            Error,
            "eim-needs-kvm",
            "eim=on requires accel=kvm,kernel-irqchip=split",
        )],
    },
    Case {
        name: "eim under TCG (10.0) starts",
        version: "10.0",
        machine: "q35,kernel-irqchip=split",
        devices: &["intel-iommu,id=i,intremap=on,eim=on"],
        expect: &[],
    },
    Case {
        name: "aw-bits 40 (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &["intel-iommu,id=i,aw-bits=40"],
        expect: &[(
            Error,
            "aw-bits-unsupported",
            "Supported values for aw-bits are: 39, 48",
        )],
    },
    Case {
        name: "aw-bits 64 (10.0)",
        version: "10.0",
        machine: "q35",
        devices: &["intel-iommu,id=i,aw-bits=64"],
        expect: &[(
            Error,
            "aw-bits-unsupported",
            "Legacy mode: supported values for aw-bits are: 39, 48",
        )],
    },
    Case {
        name: "xtsup (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &["amd-iommu,id=a,xtsup=on"],
        expect: &[(
            Error,
            "xtsup-needs-newer-qemu",
            "Property 'amd-iommu.xtsup' not found",
        )],
    },
    Case {
        name: "xtsup (10.0) starts",
        version: "10.0",
        machine: "q35",
        devices: &["amd-iommu,id=a,xtsup=on"],
        expect: &[],
    },
    Case {
        name: "numa node without -numa (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=0"],
        expect: &[(Error, "illegal-numa-node", "Illegal numa node 0")],
    },
    Case {
        name: "numa node beyond one node (10.0)",
        version: "10.0",
        machine: "q35,numa=1",
        devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=1"],
        expect: &[(Error, "illegal-numa-node", "Illegal numa node 1")],
    },
    Case {
        name: "numa node inside (virt, 10.0) starts",
        version: "10.0",
        machine: "virt,numa=2",
        devices: &["pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=1"],
        expect: &[],
    },
    Case {
        name: "legacy pxb numa node (7.2)",
        version: "7.2",
        machine: "pc",
        devices: &["pxb,id=pxb1,bus=pci.0,bus_nr=16,numa_node=0"],
        expect: &[(Error, "illegal-numa-node", "Illegal numa node 0")],
    },
    Case {
        name: "default chassis twice (7.2)",
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
        name: "downstream port on a root port's chassis (10.0)",
        version: "10.0",
        machine: "q35",
        devices: &[
            "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
            "x3130-upstream,id=up,bus=rp1",
            "xio3130-downstream,id=dn1,bus=up,chassis=1",
        ],
        expect: &[(
            Error,
            "chassis-slot-in-use",
            "Can't add chassis slot, error -16",
        )],
    },
    Case {
        name: "intremap=on with kernel-irqchip=on under TCG starts (7.2)",
        version: "7.2",
        machine: "q35,kernel-irqchip=on",
        devices: &["intel-iommu,id=i,intremap=on"],
        expect: &[(Warning, "intremap-needs-split-irqchip", "")],
    },
    Case {
        name: "intremap=on with kernel-irqchip=on under TCG starts (10.0)",
        version: "10.0",
        machine: "q35,kernel-irqchip=on",
        devices: &["amd-iommu,id=a,intremap=on"],
        expect: &[(Warning, "intremap-needs-split-irqchip", "")],
    },
    Case {
        name: "default bus bypass on pc starts (7.2)",
        version: "7.2",
        machine: "pc,default_bus_bypass_iommu=on",
        devices: &["virtio-iommu-pci,id=v,bus=pci.0"],
        expect: &[(Warning, "default-bus-bypass-ignored-on-pc", "")],
    },
    Case {
        name: "smmuv3 with its=off starts (10.0)",
        version: "10.0",
        machine: "virt,iommu=smmuv3,its=off",
        devices: &[],
        expect: &[(Warning, "smmuv3-its-off", "")],
    },
    Case {
        name: "legacy pxb bypass starts (10.0)",
        version: "10.0",
        machine: "pc",
        devices: &[
            "virtio-iommu-pci,id=v,bus=pci.0",
            "pxb,id=pxb1,bus=pci.0,bus_nr=16,bypass_iommu=on",
            "e1000,id=net0,bus=pxb1,addr=1.0",
        ],
        expect: &[(Warning, "legacy-pxb-bypass-translated", "")],
    },
    Case {
        name: "slot 1 below a root port starts (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &[
            "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
            "e1000e,id=net0,bus=rp1,addr=1.0",
        ],
        expect: &[(Warning, "slot-not-zero-below-port", "")],
    },
    Case {
        name: "everything bypassed under amd-iommu starts (10.0)",
        version: "10.0",
        machine: "q35,default_bus_bypass_iommu=on,kernel-irqchip=split",
        devices: &["amd-iommu,id=amd,intremap=on", "e1000e,id=net1,bus=pcie.0"],
        expect: &[
            (Warning, "all-buses-bypass", ""),
            (Warning, "bypass-dma-unrestricted", ""),
        ],
    },
];

const MORE: &[Case] = &[
    Case {
        name: "pxb-pcie without bus_nr starts (10.0)",
        version: "10.0",
        machine: "q35",
        devices: &[
            "pxb-pcie,id=pxb1,bus=pcie.0",
            "pcie-root-port,id=rp1,bus=pxb1,chassis=1",
        ],
        expect: &[(Warning, "pxb-bus-nr-zero", "")],
    },
    Case {
        name: "machine options fail before devices (7.2)",
        version: "7.2",
        machine: "q35,iommu=smmuv3",
        devices: &["intel-iommu,id=i,aw-bits=40"],
        expect: &[
            (
                Error,
                "smmuv3-needs-virt",
                "Property 'pc-q35-7.2-machine.iommu' not found",
            ),
            (
                Error,
                "aw-bits-unsupported",
                "Supported values for aw-bits are: 39, 48",
            ),
        ],
    },
    Case {
        name: "devices fail in command-line order (10.0)",
        version: "10.0",
        machine: "q35",
        devices: &[
            "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16,numa_node=2",
            "pcie-root-port,id=rp1,bus=pcie.0",
            "pcie-root-port,id=rp2,bus=pcie.0",
            "intel-iommu,id=i",
            "amd-iommu,id=a",
        ],
        expect: &[
            (Error, "illegal-numa-node", "Illegal numa node 2"),
            (
                Error,
                "chassis-slot-in-use",
                "Can't add chassis slot, error -16",
            ),
            (
                Error,
                "multiple-viommus",
                "QEMU does not support multiple vIOMMUs for x86 yet.",
            ),
        ],
    },
    Case {
        name: "the vIOMMU error comes first when it is first (7.2)",
        version: "7.2",
        machine: "q35",
        devices: &[
            "virtio-iommu-pci,id=v,bus=pcie.0",
            "intel-iommu,id=i,eim=on,intremap=off",
            "pcie-root-port,id=rp1,bus=pcie.0",
            "pcie-root-port,id=rp2,bus=pcie.0",
        ],
        expect: &[
            (
                Error,
                "multiple-viommus",
                "QEMU does not support multiple vIOMMUs for x86 yet.",
            ),
            (
                Error,
                "chassis-slot-in-use",
                "Can't add chassis slot, error -16",
            ),
        ],
    },
];

#[test]
fn rules_agree_with_real_qemu() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in CASES.iter().chain(MORE) {
        let arm = case.machine.starts_with("virt");
        let Some(command) = qemu(case.version, arm) else {
            eprintln!("skipped (no QEMU {}): {}", case.version, case.name);
            continue;
        };
        ran += 1;
        let report = analyze(&case.design());
        let predicted: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && rules::CODES.contains(&d.code.as_str()))
            .map(|d| d.message.as_str())
            .collect();
        let expected_errors: Vec<&str> = case
            .expect
            .iter()
            .filter(|e| e.0 == Error)
            .map(|e| e.2)
            .collect();
        if predicted != expected_errors {
            failures.push(format!("{}: rules said {predicted:?}", case.name));
        }
        match run_qemu(command, case, "tcg") {
            Ok(()) if !expected_errors.is_empty() => failures.push(format!(
                "{}: QEMU started, expected {expected_errors:?}",
                case.name
            )),
            // QEMU stops at its first error: the rules list that one first.
            Err(line) if !expected_errors.first().is_some_and(|m| line.ends_with(m)) => failures
                .push(format!(
                    "{}: QEMU said {line:?}, expected {expected_errors:?}",
                    case.name
                )),
            _ => {}
        }
    }
    eprintln!("{ran} cases run on real QEMU");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The warnings that say "under KVM QEMU refuses with X": with `-accel kvm` (when this host
/// has a usable /dev/kvm) QEMU must refuse with exactly X, while under TCG it starts.
#[test]
fn kvm_differences_are_real() {
    let kvm = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/kvm")
        .is_ok();
    if !kvm {
        eprintln!("skipped: no usable /dev/kvm");
        return;
    }
    const IR: &str =
        "Interrupt Remapping cannot work with kernel-irqchip=on, please use 'split|off'.";
    const EIM: &str = "eim=on cannot be selected without intremap=on";
    let cases: &[(Case, &str)] = &[
        (
            Case {
                name: "intremap=on, default irqchip (7.2)",
                version: "7.2",
                machine: "q35",
                devices: &["intel-iommu,id=i,intremap=on"],
                expect: &[(Warning, "intremap-needs-split-irqchip", IR)],
            },
            IR,
        ),
        (
            Case {
                name: "amd intremap=on, kernel-irqchip=on (10.0)",
                version: "10.0",
                machine: "q35,kernel-irqchip=on",
                devices: &["amd-iommu,id=a,intremap=on"],
                expect: &[(Warning, "intremap-needs-split-irqchip", IR)],
            },
            IR,
        ),
        (
            Case {
                name: "eim with intremap auto (10.0)",
                version: "10.0",
                machine: "q35",
                devices: &["intel-iommu,id=i,eim=on"],
                expect: &[(Warning, "eim-needs-split-irqchip", EIM)],
            },
            EIM,
        ),
    ];
    let mut failures = Vec::new();
    // With accel=kvm in the design the rules predict QEMU's error itself.
    let kvm_designs = [
        Case {
            name: "accel=kvm, intremap=on, default irqchip (10.0)",
            version: "10.0",
            machine: "q35,accel=kvm",
            devices: &["intel-iommu,id=i,intremap=on"],
            expect: &[(Error, "intremap-kernel-irqchip", IR)],
        },
        Case {
            name: "accel=kvm, eim with intremap auto (7.2)",
            version: "7.2",
            machine: "q35,accel=kvm",
            devices: &["intel-iommu,id=i,eim=on"],
            expect: &[(Error, "eim-needs-intremap", EIM)],
        },
        Case {
            name: "accel=kvm, eim without split irqchip (7.2)",
            version: "7.2",
            machine: "q35,accel=kvm,kernel-irqchip=off",
            devices: &["intel-iommu,id=i,intremap=on,eim=on"],
            expect: &[(
                Error,
                "eim-needs-kvm",
                "eim=on requires accel=kvm,kernel-irqchip=split",
            )],
        },
        Case {
            name: "accel=kvm, split irqchip, eim (7.2) starts",
            version: "7.2",
            machine: "q35,accel=kvm,kernel-irqchip=split",
            devices: &["intel-iommu,id=i,intremap=on,eim=on"],
            expect: &[],
        },
    ];
    for case in &kvm_designs {
        let Some(command) = qemu(case.version, false) else {
            continue;
        };
        testkit::run_cases(
            std::slice::from_ref(case),
            |design| analyze(design).diagnostics,
            |code| rules::CODES.contains(&code),
        );
        let first = case.expect.iter().find(|e| e.0 == Error).map(|e| e.2);
        match (run_qemu(command, case, "kvm"), first) {
            (Ok(()), None) => {}
            (Err(line), Some(m)) if line.ends_with(m) => {}
            (got, _) => failures.push(format!("{}: KVM gave {got:?}", case.name)),
        }
    }
    for (case, kvm_error) in cases {
        let Some(command) = qemu(case.version, false) else {
            continue;
        };
        testkit::run_cases(
            std::slice::from_ref(case),
            |design| analyze(design).diagnostics,
            |code| rules::CODES.contains(&code),
        );
        match run_qemu(command, case, "kvm") {
            Err(line) if line.ends_with(kvm_error) => {}
            other => failures.push(format!("{}: KVM gave {other:?}", case.name)),
        }
        if let Some(command) = qemu(case.version, false) {
            if let Err(line) = run_qemu(command, case, "tcg") {
                failures.push(format!("{}: TCG refused: {line}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
