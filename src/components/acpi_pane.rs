//! The ACPI pane: each vIOMMU table decoded (structures and fields with meanings) beside its
//! annotated hex dump, with what the last edit changed highlighted (the engine's structural
//! diff for the decoded view, byte comparison for the hex).

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::ui_model::SharedReport;

use crate::engine::acpi::decode::{annotate, annotated_hex, decode, fields_with_paths, Structure};
use crate::engine::acpi::diff::{Change, TableDiff};

/// Props of [`AcpiPane`].
#[derive(Properties, PartialEq)]
pub struct AcpiPaneProps {
    /// The engine's report.
    pub report: SharedReport,
    /// Changes by the last edit.
    pub changes: Rc<Vec<TableDiff>>,
    /// Hex before the last edit.
    pub previous_hex: Rc<BTreeMap<String, String>>,
}

fn structure_view(s: &Structure, parent: &str, changes: &[Change]) -> Html {
    let path = if parent.is_empty() {
        s.key.clone()
    } else {
        format!("{parent} / {}", s.key)
    };
    let added = changes
        .iter()
        .any(|c| matches!(c, Change::Added { path: p, key, .. } if *p == parent && *key == s.key));
    html! {
        <details open=true class={classes!("acpi-struct", added.then_some("changed"))}>
            <summary><b>{ &s.name }</b>{ " " }<span class="meta">{ format!("@{:#x} len {}", s.offset, s.length) }</span>{ " — " }{ &s.summary }</summary>
            <table class="fields">
                { for s.fields.iter().map(|f| {
                    let changed = changes.iter().any(|c| matches!(c, Change::Changed { path: p, field, .. } if *p == path && *field == f.name));
                    html! {
                        <tr class={classes!(changed.then_some("changed"))}>
                            <td class="fname">{ &f.name }</td><td class="mono">{ &f.display }</td><td class="meaning">{ &f.meaning }</td>
                        </tr>
                    }
                }) }
            </table>
            { for s.children.iter().map(|c| structure_view(c, &path, changes)) }
        </details>
    }
}

fn change_text(c: &Change) -> String {
    match c {
        Change::Added { path, key, summary } => format!("+ {path} / {key}: {summary}"),
        Change::Removed { path, key, summary } => format!("− {path} / {key}: {summary}"),
        Change::Changed {
            path,
            field,
            old,
            new,
            ..
        } => format!("~ {path} / {field}: {old} → {new}"),
    }
}

/// The ACPI pane.
#[function_component(AcpiPane)]
pub fn acpi_pane(props: &AcpiPaneProps) -> Html {
    let report = &props.report;
    let present = report.tables.present();
    if present.is_empty() {
        return html! { <p class="hint">{ "No vIOMMU table: pick a vIOMMU in the machine bar." }</p> };
    }
    html! {
        <div class="acpi">
        { for present.into_iter().map(|(sig, bytes)| {
            let mut table = decode(bytes);
            annotate(&mut table, &report.topology);
            let hex = report.acpi.get(sig).cloned().unwrap_or_default();
            let prev = props.previous_hex.get(sig).map(|h| h.as_bytes().chunks(2).map(|c| c.to_vec()).collect::<Vec<_>>());
            let diff = props.changes.iter().find(|d| d.signature == sig);
            let changes: Vec<Change> = diff.map(|d| d.changes.clone()).unwrap_or_default();
            let appeared = diff.is_some_and(|d| d.right && !d.left);
            let fields = fields_with_paths(&table);
            let lines = annotated_hex(&table, bytes);
            html! {
                <section class="acpi-table" data-acpi-table={sig} data-hex={hex}>
                    <h3>{ format!("{sig} · {} bytes", bytes.len()) }
                        if appeared { <span class="pill changed">{ "new" }</span> }
                    </h3>
                    if !changes.is_empty() {
                        <div class="acpi-changes" data-acpi-changes={sig}>
                            <b>{ "Changed by the last edit:" }</b>
                            <ul>{ for changes.iter().map(|c| html! { <li>{ change_text(c) }</li> }) }</ul>
                        </div>
                    }
                    <div class="acpi-cols">
                        <div class="decoded">{ structure_view(&table.root, "", &changes) }</div>
                        <pre class="hex">
                        { for lines.iter().map(|line| html! {
                            <div class="hexline">
                                <span class="off">{ format!("{:04x} ", line.offset) }</span>
                                { for line.bytes.iter().enumerate().map(|(i, b)| {
                                    let at = line.offset + i;
                                    let text = format!("{b:02x}");
                                    let changed = prev.as_ref().is_some_and(|p| p.get(at).map(|o| o.as_slice()) != Some(text.as_bytes()));
                                    let title = line.field_of_byte.get(i).copied().flatten()
                                        .and_then(|f| fields.get(f)).map(|(p, f)| format!("{p} = {}", f.display)).unwrap_or_default();
                                    html! { <span class={classes!("byte", changed.then_some("changed"))} title={title}>{ text }{ " " }</span> }
                                }) }
                            </div>
                        }) }
                        </pre>
                    </div>
                </section>
            }
        }) }
        </div>
    }
}
