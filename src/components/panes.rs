//! Output panes recomputed on every edit: the command line (one line or one option per line,
//! Copy), the devices table, the ACPI view and the diagnostics list.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::ui_model::SharedReport;

use crate::engine::acpi::diff::TableDiff;
use crate::engine::{cmdline, Severity};
use crate::ui_model::Action;

use super::acpi_pane::AcpiPane;
use super::canvas::translation_class;
use super::platform;

/// Props of [`CommandLine`].
#[derive(Properties, PartialEq)]
pub struct CommandLineProps {
    /// The engine's report.
    pub report: SharedReport,
    /// One option per line.
    pub multiline: bool,
    /// Toggle the format.
    pub ontoggle: Callback<()>,
}

/// The command line strip.
#[function_component(CommandLine)]
pub fn command_line(props: &CommandLineProps) -> Html {
    let copied = use_state(|| false);
    let one_line = props.report.shell_command.clone();
    let shown = if props.multiline {
        cmdline::to_shell_lines(&props.report.command_line)
    } else {
        one_line.clone()
    };
    let oncopy = {
        let copied = copied.clone();
        let text = one_line.clone();
        Callback::from(move |_| {
            platform::copy(&text);
            copied.set(true);
        })
    };
    {
        let copied = copied.clone();
        use_effect_with(one_line.clone(), move |_| copied.set(false));
    }
    html! {
        <div class="cmdline">
            <div class="cmdline-tools">
                <b>{ "QEMU command line" }</b>
                <label class="check"><input type="checkbox" data-field="multiline" checked={props.multiline}
                    onchange={props.ontoggle.reform(|_| ())} />{ "one option per line" }</label>
                <button data-action="copy-command" onclick={oncopy}>{ if *copied { "Copied ✓" } else { "Copy" } }</button>
            </div>
            <pre class="cmd-shown">{ shown }</pre>
            <code data-output="command-line" hidden=true>{ one_line }</code>
        </div>
    }
}

/// Props of [`Outputs`].
#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    /// Active tab.
    pub tab: String,
    /// Switch tab.
    pub ontab: Callback<String>,
    /// The engine's report.
    pub report: SharedReport,
    /// ACPI changes by the last edit.
    pub changes: Rc<Vec<TableDiff>>,
    /// Table hex before the last edit.
    pub previous_hex: Rc<BTreeMap<String, String>>,
    /// Selected node.
    pub selected: Option<String>,
    /// Editor actions.
    pub ondispatch: Callback<Action>,
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The tabbed output panes (all rendered; inactive ones hidden).
#[function_component(Outputs)]
pub fn outputs(props: &OutputsProps) -> Html {
    let report = &props.report;
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let tabs = [
        ("devices", format!("Devices ({})", report.devices.len())),
        ("acpi", format!("ACPI ({})", report.acpi.len())),
        (
            "diagnostics",
            format!(
                "Diagnostics ({}{})",
                report.diagnostics.len(),
                if errors > 0 {
                    format!(", {errors} errors")
                } else {
                    String::new()
                }
            ),
        ),
    ];
    html! {
        <div class="panes">
            <nav class="tabs">
                { for tabs.iter().map(|(key, label)| {
                    let k = key.to_string();
                    html! {
                        <button class={classes!("tab", (props.tab == *key).then_some("active"), (*key == "diagnostics" && errors > 0).then_some("has-errors"))}
                            data-tab={*key} onclick={props.ontab.reform(move |_| k.clone())}>{ label }</button>
                    }
                }) }
            </nav>
            <div class="pane" data-pane="devices" hidden={props.tab != "devices"}>
                <table class="devices">
                    <thead><tr><th>{ "id" }</th><th>{ "kind" }</th><th>{ "BDF" }</th><th>{ "translation" }</th><th>{ "reason" }</th></tr></thead>
                    <tbody>
                    { for report.devices.iter().map(|d| {
                        let key = d.id.clone().unwrap_or_else(|| d.driver.clone());
                        let tr = translation_class(d.translation).trim_start_matches("tr-");
                        let select = d.id.clone();
                        let onclick = props.ondispatch.reform(move |_| Action::Select(select.clone()));
                        html! {
                            <tr data-device-row={key.clone()} data-translation={tr} data-bdf={d.bdf.clone()}
                                class={classes!(translation_class(d.translation), d.builtin.then_some("builtin"), (d.id.is_some() && d.id == props.selected).then_some("selected"))} {onclick}>
                                <td>{ d.id.clone().unwrap_or_else(|| "(built-in)".into()) }</td>
                                <td>{ &d.driver }</td>
                                <td class="mono">{ &d.bdf }</td>
                                <td><span class={classes!("pill", translation_class(d.translation))}>{ tr }</span>
                                    if d.passthrough && tr == "bypass" { <span class="pill risk" title="real hardware doing unrestricted DMA">{ "⚠ unprotected" }</span> }</td>
                                <td class="reason-cell">{ &d.reason }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            </div>
            <div class="pane" data-pane="acpi" hidden={props.tab != "acpi"}>
                <AcpiPane report={report.clone()} changes={Rc::clone(&props.changes)} previous_hex={Rc::clone(&props.previous_hex)} />
            </div>
            <div class="pane" data-pane="diagnostics" hidden={props.tab != "diagnostics"}>
                if report.diagnostics.is_empty() {
                    <p class="hint">{ "No diagnostics: QEMU starts this design." }</p>
                }
                <ul class="diagnostics">
                    { for report.diagnostics.iter().map(|d| {
                        let node = d.node.clone();
                        let onclick = props.ondispatch.reform(move |_| Action::Select(node.clone()));
                        html! {
                            <li class={severity_name(d.severity)} data-diagnostic="" data-severity={severity_name(d.severity)}
                                data-code={d.code.clone()} data-node={d.node.clone()} {onclick}>
                                <b>{ severity_name(d.severity) }</b>
                                <code>{ &d.code }</code>
                                if let Some(n) = &d.node { <span class="node-ref">{ n }</span> }
                                <span class="msg">{ &d.message }</span>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </div>
    }
}
