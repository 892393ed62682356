//! The inspector: the selected node's properties edited in place, the engine's diagnostics for
//! that node beside them, and its translation reason chain.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui_model::SharedReport;

use crate::engine::{Design, Severity};
use crate::ui_model::edits::PropField;
use crate::ui_model::Action;

use super::canvas::translation_class;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The design.
    pub design: Design,
    /// The engine's report.
    pub report: SharedReport,
    /// The selected node.
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

/// The inspector.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let Some(sel) = props.selected.clone() else {
        return html! {
            <section class="inspector" data-inspector="">
                <h2>{ "Inspector" }</h2>
                <p class="hint">{ "Click a node to inspect it. Drag nodes onto another bus to move them; Delete removes a node and everything below it." }</p>
            </section>
        };
    };
    let report = &props.report;
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.node.as_deref() == Some(sel.as_str()))
        .collect();
    let device = props.design.device(&sel);
    let translation = report
        .topology
        .function_by_id(&sel)
        .and_then(|f| report.translations.get(f).zip(report.devices.get(f)));
    let fields = device.map(|dev| {
        PropField::for_driver(dev.driver)
            .into_iter()
            .map(|f| {
                let id = dev.id.clone();
                let value = f.get(dev);
                let ondispatch = props.ondispatch.clone();
                let onchange = Callback::from(move |e: Event| {
                    let v = e.target_unchecked_into::<HtmlInputElement>().value();
                    ondispatch.emit(Action::SetProp { id: id.clone(), field: f, value: v });
                });
                let hint = if f.is_flag() { "on / off / empty = default" } else { "empty = QEMU default" };
                html! {
                    <label class="field">
                        <span>{ f.label() }</span>
                        <input key={format!("{}-{}-{value}", dev.id, f.label())} data-prop={f.label()} value={value.clone()} placeholder={hint} {onchange} />
                    </label>
                }
            })
            .collect::<Html>()
    });
    let ondelete = {
        let id = sel.clone();
        props.ondispatch.reform(move |_| Action::Delete(id.clone()))
    };
    html! {
        <section class="inspector" data-inspector={sel.clone()}>
            <h2>{ "Inspector" }</h2>
            <div class="insp-head">
                <b>{ &sel }</b>
                if let Some(dev) = device {
                    <span class="kind">{ dev.driver.name() }</span>
                }
            </div>
            if let Some(dev) = device {
                <p class="desc">{ dev.driver.description() }</p>
                if let Some(bus) = &dev.bus { <p class="meta">{ format!("on bus {bus}") }</p> }
            } else {
                <p class="desc">{ "The machine's main host bridge and root bus. Its bypass switch sets -machine default_bus_bypass_iommu." }</p>
            }
            { fields.unwrap_or_default() }
            if let Some((t, d)) = translation {
                <div class={classes!("reason", translation_class(t.kind))} data-reason="">
                    <h3>{ format!("Translation: {:?} · {}", t.kind, d.bdf).to_lowercase() }</h3>
                    <ol>{ for t.steps.iter().map(|s| html! { <li>{ s }</li> }) }</ol>
                </div>
            }
            if !diagnostics.is_empty() {
                <ul class="node-diags">
                    { for diagnostics.iter().map(|d| html! {
                        <li class={severity_name(d.severity)} data-node-diagnostic={d.code.clone()}>
                            <b>{ severity_name(d.severity) }</b>{ " " }{ &d.message }
                        </li>
                    }) }
                </ul>
            }
            if device.is_some() {
                <button class="danger" data-action="delete" onclick={ondelete}>{ "Delete (with subtree)" }</button>
            }
        </section>
    }
}
