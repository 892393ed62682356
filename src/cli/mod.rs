//! The native `iommu-topo` command-line tool (contract: `docs/cli.md`): `report`, `import`,
//! `emit`. A thin shell over the engine: read input, call the engine, print.
//!
//! Exit status: 0 when something was printed (a report is printed for invalid designs too),
//! 2 for unreadable input (with a one-line error on stderr).

mod text;

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::engine::{self, cmdline, Design, Diagnostic, QemuVersion, Report, Severity};

/// Exit status for unreadable input.
pub const EXIT_UNREADABLE: i32 = 2;

/// Predicts what QEMU builds for a PCI / vIOMMU design: addresses, bus numbers, DMA
/// translation per device, ACPI tables, the command line and QEMU's errors.
#[derive(Debug, Parser)]
#[command(name = "iommu-topo", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report on a design file (JSON) or a QEMU command line.
    Report {
        /// What the input is; auto-detected when absent (`{` starts a design file).
        #[arg(long, value_enum)]
        from: Option<From>,
        /// Target QEMU version (overrides the design's).
        #[arg(long, value_parser = parse_version)]
        qemu: Option<QemuVersion>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Json)]
        output: Output,
        /// Input file, or `-` (the default) for standard input.
        file: Option<PathBuf>,
    },
    /// Convert a QEMU command line into a design file (JSON on standard output).
    Import {
        /// Target QEMU version to record in the design.
        #[arg(long, value_parser = parse_version)]
        qemu: Option<QemuVersion>,
        /// Input file, or `-` (the default) for standard input.
        file: Option<PathBuf>,
    },
    /// Print the QEMU command line of a design (or re-emit a QEMU command line).
    Emit {
        /// What the input is; auto-detected when absent.
        #[arg(long, value_enum)]
        from: Option<From>,
        /// One option per line with ` \` continuations instead of one line.
        #[arg(long)]
        multi_line: bool,
        /// Input file, or `-` (the default) for standard input.
        file: Option<PathBuf>,
    },
}

/// Input kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum From {
    /// A design file (JSON).
    Design,
    /// A QEMU command line (shell syntax).
    Qemu,
}

/// Output formats of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Output {
    /// One JSON object (the contract in docs/cli.md).
    Json,
    /// A readable report for people.
    Text,
}

fn parse_version(text: &str) -> Result<QemuVersion, String> {
    match text {
        "7.2" => Ok(QemuVersion::V7_2),
        "10.0" => Ok(QemuVersion::V10_0),
        _ => Err(format!("unsupported QEMU version '{text}' (7.2 or 10.0)")),
    }
}

/// Runs the tool on parsed arguments; returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    match execute(cli) {
        Ok(output) => {
            println!("{output}");
            0
        }
        Err(message) => {
            eprintln!("iommu-topo: error: {message}");
            EXIT_UNREADABLE
        }
    }
}

fn execute(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Report {
            from,
            qemu,
            output,
            file,
        } => {
            let (mut design, import_diagnostics) = read_design(file.as_ref(), from)?;
            if let Some(version) = qemu {
                design.qemu_version = version;
            }
            let report = report_with(&design, import_diagnostics);
            match output {
                Output::Json => serde_json::to_string_pretty(&report)
                    .map_err(|e| format!("cannot serialise the report: {e}")),
                Output::Text => Ok(text::render(&design, &report)),
            }
        }
        Command::Import { qemu, file } => {
            let (mut design, diagnostics) = read_design(file.as_ref(), Some(From::Qemu))?;
            if let Some(version) = qemu {
                design.qemu_version = version;
            }
            for d in &diagnostics {
                eprintln!("{}", text::diagnostic_line(d));
            }
            serde_json::to_string_pretty(&design)
                .map_err(|e| format!("cannot serialise the design: {e}"))
        }
        Command::Emit {
            from,
            multi_line,
            file,
        } => {
            let (design, _) = read_design(file.as_ref(), from)?;
            let argv = engine::analyze(&design).command_line;
            Ok(if multi_line {
                cmdline::to_shell_lines(&argv)
            } else {
                cmdline::to_shell_line(&argv)
            })
        }
    }
}

/// The engine's report, with the import's diagnostics first (duplicates dropped) and `valid`
/// recomputed over all of them.
pub fn report_with(design: &Design, import_diagnostics: Vec<Diagnostic>) -> Report {
    let mut report = engine::analyze(design);
    let mut diagnostics = import_diagnostics;
    for d in std::mem::take(&mut report.diagnostics) {
        if !diagnostics.contains(&d) {
            diagnostics.push(d);
        }
    }
    report.valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    report.diagnostics = diagnostics;
    report
}

/// Reads the input (file or stdin) and turns it into a design.
fn read_design(
    file: Option<&PathBuf>,
    from: Option<From>,
) -> Result<(Design, Vec<Diagnostic>), String> {
    let text = read_input(file)?;
    let kind = from.unwrap_or_else(|| {
        if text.trim_start().starts_with('{') {
            From::Design
        } else {
            From::Qemu
        }
    });
    match kind {
        From::Design => serde_json::from_str::<Design>(&text)
            .map(|d| (d, Vec::new()))
            .map_err(|e| format!("not a design file: {e}")),
        From::Qemu => {
            if text.trim().is_empty() {
                return Err("empty input: expected a QEMU command line".into());
            }
            Ok(cmdline::import(&text))
        }
    }
}

fn read_input(file: Option<&PathBuf>) -> Result<String, String> {
    match file {
        Some(path) if path.as_os_str() != "-" => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(text)
        }
    }
}
