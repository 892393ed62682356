//! Every designer preset against real QEMU 7.2 and 10.0: the preset's command line is imported,
//! analysed (the engine must find no error) and the engine's emitted command line is started
//! with the conformance harness (`-S`, no firmware, QMP; see tests/support/qemu). QEMU must
//! accept it.
//!
//! No host device exists here, so a `vfio-pci` is replaced by an emulated stand-in (`e1000e`,
//! same bus and address, `host=` dropped) before emitting: this checks the topology QEMU
//! builds around it, not VFIO itself.
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use iommu_topo::engine::{analyze, cmdline, Driver, Severity};
use iommu_topo::ui_model::presets::PRESETS;
use support::conformance::run_qemu;
use support::qemu::{Mode, Version};

#[test]
fn every_preset_starts_in_real_qemu() {
    let mut failures = Vec::new();
    for preset in PRESETS {
        let (mut design, _) = cmdline::import(preset.command_line);
        let report = analyze(&design);
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        assert!(
            errors.is_empty(),
            "{}: engine errors {errors:?}",
            preset.name
        );
        for d in &mut design.devices {
            if d.driver == Driver::VfioPci {
                d.driver = Driver::E1000e;
                d.props.host = None;
            }
        }
        let argv = analyze(&design).command_line;
        for version in [Version::V7_2, Version::V10_0] {
            let outcome = run_qemu(version, &argv, Mode::NoFirmware);
            if let Some(problem) = &outcome.harness_error {
                if problem.contains("not installed") || problem.contains("not found") {
                    eprintln!("skip {} on {version:?}: {problem}", preset.name);
                    continue;
                }
            }
            if !outcome.accepted {
                failures.push(format!(
                    "{} on {version:?}: {:?} {:?}\n  {}",
                    preset.name,
                    outcome.error,
                    outcome.harness_error,
                    argv.join(" ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
