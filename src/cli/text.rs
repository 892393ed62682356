//! `report --output text`: the report for people.

use crate::engine::acpi::decode;
use crate::engine::catalog::Category;
use crate::engine::design::Firmware;
use crate::engine::{cmdline, Design, Diagnostic, Report, Severity};

/// One diagnostic as a line: `error [code] node: message`.
pub fn diagnostic_line(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    match &d.node {
        Some(node) => format!("{severity} [{}] {node}: {}", d.code, d.message),
        None => format!("{severity} [{}] {}", d.code, d.message),
    }
}

/// The whole text report: machine, devices table, diagnostics, ACPI tables, command line.
pub fn render(design: &Design, report: &Report) -> String {
    let mut out = String::new();
    let machine = &design.machine;
    let iommus: Vec<&str> = design
        .devices
        .iter()
        .filter(|d| d.driver.category() == Category::Iommu)
        .map(|d| d.driver.name())
        .chain(machine.iommu_smmuv3.then_some("smmuv3 (iommu=smmuv3)"))
        .collect();
    let firmware = match design.effective_firmware() {
        Firmware::Seabios => "SeaBIOS",
        Firmware::Ovmf => "OVMF",
        Firmware::Aavmf => "AAVMF",
    };
    out.push_str(&format!(
        "Machine: {} (QEMU {}), firmware {firmware}\n",
        machine
            .type_name
            .as_deref()
            .unwrap_or(machine.machine_type.as_str()),
        design.qemu_version.as_str(),
    ));
    out.push_str(&format!(
        "vIOMMU: {}; main root bus {} {}\n",
        if iommus.is_empty() {
            "none".to_string()
        } else {
            iommus.join(", ")
        },
        machine.machine_type.root_bus_name(),
        if machine.default_bus_bypass_iommu {
            "bypasses it (default_bus_bypass_iommu=on)"
        } else {
            "goes through it"
        }
    ));
    out.push_str(&format!(
        "Valid: {}\n\n",
        if report.valid {
            "yes (QEMU starts)"
        } else {
            "no (QEMU refuses to start)"
        }
    ));

    out.push_str("Devices:\n");
    let rows: Vec<[String; 6]> = report
        .devices
        .iter()
        .map(|d| {
            [
                d.bdf.clone(),
                d.id.clone().unwrap_or_else(|| "-".into()),
                d.driver.clone(),
                d.root_bus.clone(),
                format!("{:?}", d.translation).to_lowercase(),
                d.reason.clone(),
            ]
        })
        .collect();
    let header = ["BDF", "ID", "DRIVER", "ROOT BUS", "TRANSLATION", "REASON"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    if rows.is_empty() {
        out.push_str("  (none)\n");
    } else {
        for row in std::iter::once(&header).chain(rows.iter()) {
            let cells: Vec<String> = row
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(i, (cell, w))| {
                    if i + 1 == row.len() {
                        cell.clone()
                    } else {
                        format!("{cell:<w$}")
                    }
                })
                .collect();
            out.push_str(&format!("  {}\n", cells.join("  ").trim_end()));
        }
    }

    out.push_str("\nDiagnostics:\n");
    if report.diagnostics.is_empty() {
        out.push_str("  (none)\n");
    }
    for d in &report.diagnostics {
        out.push_str(&format!("  {}\n", diagnostic_line(d)));
    }

    out.push_str("\nACPI tables:\n");
    out.push_str(&render_acpi(report));

    out.push_str("\nCommand line:\n");
    out.push_str(&cmdline::to_shell_lines(&report.command_line));
    out.push('\n');
    out
}

/// The ACPI section: each table the design gets, decoded field by field
/// (`acpi::decode::render_text`), then its bytes as the guest sees them in hex.
fn render_acpi(report: &Report) -> String {
    if report.acpi.is_empty() {
        return "  (no vIOMMU table)\n".to_string();
    }
    let mut out = String::new();
    for mut table in decode::decode_all(&report.tables) {
        decode::annotate(&mut table, &report.topology);
        for line in decode::render_text(&table).lines() {
            out.push_str(&format!("  {line}\n"));
        }
        out.push('\n');
    }
    for (signature, hex) in &report.acpi {
        out.push_str(&format!("  {signature} hex ({} bytes):\n", hex.len() / 2));
        for chunk in hex.as_bytes().chunks(32) {
            out.push_str(&format!("    {}\n", String::from_utf8_lossy(chunk)));
        }
    }
    out
}
