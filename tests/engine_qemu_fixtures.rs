//! The engine against real QEMU: every fixture in `tests/data/engine_qemu72.json` was run on
//! Debian's QEMU 7.2.22 (SeaBIOS 1.16.2 boot on x86, AAVMF 2022.11 on virt; `-display none
//! -serial none -parallel none -m 512`), the x86 ones in `engine_qemu100.json` on QEMU 10.0.13
//! (same SeaBIOS): the first error QEMU printed, or every function's
//! guest BDF (QMP `query-pci` after the firmware) and DMA translation (`info mtree -o -D`
//! bus-master alias: `@system` = bypass or none, a vIOMMU region = iommu). `argv` shows the
//! command line that was run.
// Native only: it runs programs (QEMU, the CLI) or uses native-only crates; the wasm
// build of every test target (`wasm-pack test`) compiles it to nothing.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use iommu_topo::engine::{analyze, Design, Severity, TranslationKind};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    design: Design,
    argv: Vec<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    bdf: BTreeMap<String, String>,
    #[serde(default)]
    dma: BTreeMap<String, String>,
}

fn kind(k: TranslationKind) -> &'static str {
    match k {
        TranslationKind::Iommu => "iommu",
        TranslationKind::Bypass => "bypass",
        TranslationKind::None => "none",
    }
}

#[test]
fn engine_matches_qemu_7_2_runs() {
    check(include_str!("data/engine_qemu72.json"));
}

#[test]
fn engine_matches_qemu_10_0_runs() {
    check(include_str!("data/engine_qemu100.json"));
}

fn check(text: &str) {
    let fixtures: Vec<Fixture> = serde_json::from_str(text).expect("fixture file parses");
    assert!(fixtures.len() >= 50);
    let mut failures = Vec::new();
    for (i, fx) in fixtures.iter().enumerate() {
        let report = analyze(&fx.design);
        let first_error = report
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone());
        let cmd = fx.argv.join(" ");
        if let Some(expected) = &fx.error {
            if first_error.as_deref() != Some(expected.as_str()) {
                failures.push(format!(
                    "#{i} {cmd}\n  error: qemu {expected:?}, engine {first_error:?}"
                ));
            }
            continue;
        }
        if let Some(e) = first_error {
            failures.push(format!("#{i} {cmd}\n  QEMU accepted, engine says {e:?}"));
            continue;
        }
        // a legacy pxb's internal bridge carries the pxb's qdev id: skip those ids
        let pxb_ids: Vec<&str> = fx
            .design
            .devices
            .iter()
            .filter(|d| d.driver.name() == "pxb")
            .map(|d| d.id.as_str())
            .collect();
        for device in &report.devices {
            let Some(id) = device.id.as_deref() else {
                continue;
            };
            if pxb_ids.contains(&id) {
                continue;
            }
            if let Some(bdf) = fx.bdf.get(id) {
                if *bdf != device.bdf {
                    failures.push(format!(
                        "#{i} {cmd}\n  {id}: bdf qemu {bdf}, engine {}",
                        device.bdf
                    ));
                }
            }
            if let Some(dma) = fx.dma.get(id) {
                if dma != kind(device.translation) {
                    failures.push(format!(
                        "#{i} {cmd}\n  {id}: dma qemu {dma}, engine {}",
                        kind(device.translation)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
