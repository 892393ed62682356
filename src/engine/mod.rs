//! The engine: pure Rust, no web dependency. From a [`Design`] it predicts what real QEMU builds:
//! addresses, bus numbers, per-device DMA translation, ACPI tables, the command line, and
//! QEMU's errors. The app and the CLI are thin shells over [`analyze`].

pub mod acpi;
pub mod catalog;
pub mod cmdline;
pub mod design;
pub mod diagnostics;
pub mod firmware;
pub mod report;
pub mod resolve;
pub mod rules;
// Random designs for property tests (proptest is a native-only dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod testing;
pub mod topology;
pub mod translation;

pub use catalog::{Category, Driver};
pub use design::{Design, Device, Machine, MachineType, PciAddr, QemuVersion};
pub use diagnostics::{Diagnostic, Severity};
pub use report::{DeviceReport, Report, Translation, TranslationKind};

/// Analyses a design: every answer the engine has for it, with diagnostics. Never panics and
/// never refuses: a design QEMU would reject still gets a report (with `valid == false`).
pub fn analyze(design: &Design) -> Report {
    let (mut topology, mut diagnostics) = resolve::resolve(design);
    diagnostics.extend(firmware::number_buses(design, &mut topology));
    let translations = translation::translate(design, &topology);
    diagnostics.extend(cmdline::check(design));
    diagnostics.extend(rules::check(design, &topology, &translations));
    let (tables, acpi_diagnostics) = acpi::build(design, &topology);
    diagnostics.extend(acpi_diagnostics);

    let devices = report::device_reports(&topology, &translations);
    let command_line = cmdline::emit(design, &topology);
    Report {
        valid: !diagnostics.iter().any(|d| d.severity == Severity::Error),
        diagnostics,
        shell_command: cmdline::to_shell_line(&command_line),
        command_line,
        devices,
        acpi: tables
            .present()
            .into_iter()
            .map(|(sig, bytes)| (sig.to_string(), report::hex(bytes)))
            .collect(),
        topology,
        translations,
        tables,
    }
}
