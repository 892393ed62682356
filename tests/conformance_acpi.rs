//! Conformance of the engine's vIOMMU ACPI tables with real QEMU 7.2 and 10.0 over the corpus
//! in `tests/conformance/`: for every case QEMU accepts, each of DMAR, IVRS, IORT and VIOT must
//! be present in the engine's report exactly when the guest gets it, with every byte equal
//! (QEMU's copy from fw_cfg after the firmware ran, checksum filled in as the firmware does).
//! The per-version agreement table goes to `test-artifacts/conformance-acpi-summary.txt`.
//!
//! Needs QEMU 7.2 in /usr/bin and 10.0 unpacked by `scripts/setup.sh` (a missing QEMU fails).
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::conformance::{self, assert_area, compare, runs, summary};

fn comparison() -> &'static conformance::Comparison {
    static CMP: std::sync::OnceLock<conformance::Comparison> = std::sync::OnceLock::new();
    CMP.get_or_init(|| {
        let runs = runs();
        let cmp = compare(runs, None);
        let text = summary(runs, None, &cmp);
        println!("{text}");
        conformance::write_artifact("conformance-acpi-summary.txt", &text);
        cmp
    })
}

/// Intel DMAR.
#[test]
fn dmar() {
    assert_area(comparison(), "DMAR");
}

/// AMD IVRS.
#[test]
fn ivrs() {
    assert_area(comparison(), "IVRS");
}

/// Arm IORT.
#[test]
fn iort() {
    assert_area(comparison(), "IORT");
}

/// virtio-iommu VIOT.
#[test]
fn viot() {
    assert_area(comparison(), "VIOT");
}
