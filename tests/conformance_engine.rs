//! Conformance of the engine with real QEMU 7.2 and 10.0 over the corpus in
//! `tests/conformance/`: accept/reject and QEMU's error text, every function's guest BDF after
//! firmware and its DMA translation, and the engine's own emitted command line (QEMU must
//! accept it iff it accepts the original, and build the same functions at the same places).
//! The per-version agreement table goes to `test-artifacts/conformance-summary.txt`.
//!
//! Needs QEMU 7.2 in /usr/bin and 10.0 unpacked by `scripts/setup.sh` (a missing QEMU fails).
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::conformance::{self, assert_area, compare, emitted_runs, runs, summary};

fn comparison() -> &'static conformance::Comparison {
    static CMP: std::sync::OnceLock<conformance::Comparison> = std::sync::OnceLock::new();
    CMP.get_or_init(|| {
        let runs = runs();
        let cmp = compare(runs, Some(emitted_runs()));
        let text = summary(runs, Some(emitted_runs()), &cmp);
        println!("{text}");
        conformance::write_artifact("conformance-summary.txt", &text);
        cmp
    })
}

/// The corpus says what QEMU does: accept cases are accepted and reject cases refused, on
/// both versions (or as a case's `# expect-<version>:` line says), and every run is usable.
#[test]
fn corpus_matches_real_qemu() {
    let mut wrong = Vec::new();
    for run in runs() {
        if let Some(problem) = run.qemu.problem() {
            wrong.push(format!("{}: {problem}", run.label()));
        } else if run.qemu.accepted != run.case.expects_accept(run.version.as_str()) {
            wrong.push(format!(
                "{}: corpus expects {}, QEMU {} ({})",
                run.label(),
                if run.case.expects_accept(run.version.as_str()) {
                    "accept"
                } else {
                    "reject"
                },
                if run.qemu.accepted {
                    "accepted"
                } else {
                    "refused"
                },
                run.qemu.error.clone().unwrap_or_default()
            ));
        }
    }
    let accepted = runs().iter().filter(|r| r.qemu.accepted).count();
    assert!(accepted >= 120, "too few accepted runs: {accepted}");
    assert!(wrong.is_empty(), "corpus vs QEMU:\n{}", wrong.join("\n"));
}

/// The engine's `valid` equals QEMU's accept/reject.
#[test]
fn accept_reject() {
    assert_area(comparison(), "accept");
}

/// When both refuse, the engine's first error message is QEMU's (equal to, or contained in,
/// QEMU's first error line).
#[test]
fn error_messages() {
    assert_area(comparison(), "error");
}

/// Every function's guest bus:dev.fn after firmware (matched by qdev id; built-ins by
/// driver and slot), and the same set of functions.
#[test]
fn guest_bdfs() {
    assert_area(comparison(), "bdf");
}

/// Every function's DMA translation: `iommu` (bus-master address space is a vIOMMU region),
/// `bypass` (`system` while a vIOMMU exists) or `none` (no vIOMMU).
#[test]
fn translations() {
    assert_area(comparison(), "translation");
}

/// QEMU on the engine's emitted command line (without firmware) accepts it iff it accepted the
/// original, and builds the same functions (type, bus, slot, function, translation).
#[test]
fn emitted_command_line() {
    assert_area(comparison(), "emitted");
}
