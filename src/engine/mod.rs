//! The engine: pure Rust, no web dependency. From a [`Design`] it predicts what real QEMU builds:
//! addresses, bus numbers, per-device DMA translation, ACPI tables, the command line, and
//! QEMU's errors. The app and the CLI are thin shells over [`analyze`].

pub mod acpi;
pub mod catalog;
pub mod cmdline;
pub mod design;
pub mod diagnostics;
pub mod report;
pub mod topology;

pub use catalog::{Category, Driver};
pub use design::{Design, Device, Machine, MachineType, PciAddr, QemuVersion};
pub use diagnostics::{Diagnostic, Severity};
pub use report::{Report, Translation, TranslationKind};

/// Analyses a design: every answer the engine has for it, with diagnostics. Never panics and
/// never refuses: a design QEMU would reject still gets a report (with `valid == false`).
pub fn analyze(design: &Design) -> Report {
    let diagnostics: Vec<Diagnostic> = Vec::new();
    let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    Report {
        valid,
        diagnostics,
        ..Report::default()
    }
    .with_command_line(design)
}

impl Report {
    fn with_command_line(mut self, design: &Design) -> Report {
        self.command_line = cmdline::emit(design);
        self.shell_command = cmdline::to_shell_line(&self.command_line);
        self
    }
}
