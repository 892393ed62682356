//! The SVG canvas: one tree per root bus from the pure layout, nodes coloured by translation,
//! bus bars as drop targets, bypass switches on host bridges, pan/zoom/fit.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::ui_model::SharedReport;

use super::palette::glyph;
use super::DragUi;
use crate::engine::TranslationKind;
use crate::ui_model::layout::{Layout, NodeBox, NodeRole, ViewBox, BUS_H, NODE_H, NODE_W};
use crate::ui_model::Action;

/// Props of [`Canvas`].
#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    /// Ref to the `<svg>` (for its size).
    pub svg_ref: NodeRef,
    /// Positions.
    pub layout: Rc<Layout>,
    /// The engine's report.
    pub report: SharedReport,
    /// Selected node.
    pub selected: Option<String>,
    /// Drag feedback.
    pub drag: DragUi,
    /// Visible rectangle.
    pub view_box: ViewBox,
    /// Pointer pressed on a node: (id, x, y, movable).
    pub onnodepress: Callback<(String, f64, f64, bool)>,
    /// Pointer pressed on the background: (x, y).
    pub onbackgroundpress: Callback<(f64, f64)>,
    /// Zoom: (factor, fx, fy).
    pub onzoom: Callback<(f64, f64, f64)>,
    /// Fit to view.
    pub onfit: Callback<()>,
    /// Editor actions (bypass toggles).
    pub ondispatch: Callback<Action>,
}

/// CSS class and label of a translation.
pub fn translation_class(kind: TranslationKind) -> &'static str {
    match kind {
        TranslationKind::Iommu => "tr-iommu",
        TranslationKind::Bypass => "tr-bypass",
        TranslationKind::None => "tr-none",
    }
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn node_view(n: &NodeBox, props: &CanvasProps, has_iommu: bool) -> Html {
    let report = &props.report;
    let device = n.function.and_then(|f| report.devices.get(f));
    let (x, y) = (n.x, n.y);
    let translation = match (&n.role, device) {
        (NodeRole::HostBridge { bypass, .. }, _) => {
            if !has_iommu {
                TranslationKind::None
            } else if *bypass {
                TranslationKind::Bypass
            } else {
                TranslationKind::Iommu
            }
        }
        (_, Some(d)) => d.translation,
        _ => TranslationKind::None,
    };
    let selected = n.node_id.is_some() && n.node_id == props.selected;
    let builtin = device.is_some_and(|d| d.builtin);
    let risk = device.is_some_and(|d| d.passthrough && d.translation == TranslationKind::Bypass);
    let title = match &n.node_id {
        Some(id) => id.clone(),
        None => n.kind.clone(),
    };
    let bdf = match (&n.role, device) {
        (NodeRole::HostBridge { main: true, .. }, _) => "root bus 00".to_string(),
        (_, Some(d)) => d.bdf.clone(),
        _ => String::new(),
    };
    let stub = n.role == NodeRole::ExpanderStub;
    let movable = matches!(
        n.role,
        NodeRole::Function | NodeRole::HostBridge { main: false, .. }
    ) && !builtin
        && n.node_id.is_some();
    let onpointerdown = {
        let press = props.onnodepress.clone();
        let id = n.node_id.clone().or_else(|| {
            // A PXB stub selects its PXB.
            device.and_then(|d| d.id.clone())
        });
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            let on_action = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| el.closest("[data-action]").ok().flatten())
                .is_some();
            e.stop_propagation();
            if on_action {
                return;
            }
            if let Some(id) = &id {
                press.emit((
                    id.clone(),
                    f64::from(e.client_x()),
                    f64::from(e.client_y()),
                    movable,
                ));
            }
        })
    };
    let toggle = match &n.role {
        NodeRole::HostBridge { bypass, .. } => {
            let node = n.node_id.clone().unwrap_or_default();
            let onclick = props.ondispatch.reform(move |e: MouseEvent| {
                e.stop_propagation();
                Action::ToggleBypass(node.clone())
            });
            let on = *bypass;
            html! {
                <g class={classes!("bypass-switch", on.then_some("on"))} data-action="toggle-bypass"
                    data-state={if on { "on" } else { "off" }} {onclick}
                    transform={format!("translate({},{})", x + NODE_W - 66.0, y - 19.0)}>
                    <title>{ if on { "Bypasses the vIOMMU: click to translate" } else { "Translated by the vIOMMU: click to bypass" } }</title>
                    <rect class="track" x="0" y="0" width="64" height="16" rx="8" />
                    <circle class="knob" cx={if on { "56" } else { "8" }} cy="8" r="6" />
                    <text x={if on { "6" } else { "18" }} y="12">{ if on { "bypass" } else { "iommu" } }</text>
                </g>
            }
        }
        _ => html! {},
    };
    let classes = classes!(
        "node",
        translation_class(translation),
        selected.then_some("selected"),
        builtin.then_some("builtin"),
        stub.then_some("stub"),
        risk.then_some("risk"),
        matches!(n.role, NodeRole::HostBridge { .. }).then_some("host"),
    );
    let label = if stub {
        format!(
            "→ {} tree",
            device.and_then(|d| d.id.clone()).unwrap_or_default()
        )
    } else {
        short(&title, 13)
    };
    html! {
        <g class={classes} data-node-id={n.node_id.clone()} data-kind={n.kind.clone()}
            data-translation={translation_class(translation).trim_start_matches("tr-").to_string()}
            {onpointerdown}>
            <title>{ format!("{title} ({}) {bdf}", n.kind) }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={NODE_W.to_string()} height={NODE_H.to_string()} rx="7" />
            <text class="glyph" x={(x + 8.0).to_string()} y={(y + 22.0).to_string()}>{ glyph(&n.kind) }</text>
            <text class="label" x={(x + 28.0).to_string()} y={(y + 20.0).to_string()}>{ label }</text>
            <text class="kind" x={(x + 10.0).to_string()} y={(y + 38.0).to_string()}>{ short(&n.kind, 21) }</text>
            <text class="bdf" x={(x + 10.0).to_string()} y={(y + 53.0).to_string()}>{ bdf }</text>
            if risk {
                <g class="risk-marker" data-risk="">
                    <title>{ "Passthrough device bypasses the vIOMMU: real hardware can DMA to all guest memory" }</title>
                    <circle cx={(x + NODE_W - 12.0).to_string()} cy={(y + 46.0).to_string()} r="10" />
                    <text x={(x + NODE_W - 12.0).to_string()} y={(y + 51.0).to_string()} text-anchor="middle">{ "!" }</text>
                </g>
            }
            { toggle }
        </g>
    }
}

/// The canvas.
#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let layout = &props.layout;
    let has_iommu = props
        .report
        .devices
        .iter()
        .any(|d| d.translation != TranslationKind::None);
    let onpointerdown = {
        let press = props.onbackgroundpress.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() == 0 {
                press.emit((f64::from(e.client_x()), f64::from(e.client_y())));
            }
        })
    };
    let onwheel = {
        let zoom = props.onzoom.clone();
        let svg = props.svg_ref.clone();
        Callback::from(move |e: WheelEvent| {
            let (fx, fy) = svg.cast::<Element>().map_or((0.5, 0.5), |el| {
                let r = el.get_bounding_client_rect();
                (
                    ((f64::from(e.client_x()) - r.left()) / r.width().max(1.0)).clamp(0.0, 1.0),
                    ((f64::from(e.client_y()) - r.top()) / r.height().max(1.0)).clamp(0.0, 1.0),
                )
            });
            let factor = if e.delta_y() > 0.0 { 1.15 } else { 1.0 / 1.15 };
            zoom.emit((factor, fx, fy));
        })
    };
    let dragging = props.drag.label.is_some();
    let zoom_in = props.onzoom.reform(|_: MouseEvent| (1.0 / 1.25, 0.5, 0.5));
    let zoom_out = props.onzoom.reform(|_: MouseEvent| (1.25, 0.5, 0.5));
    html! {
        <div class={classes!("canvas-wrap", dragging.then_some("dragging"))}>
            <div class="canvas-bar">
                <div class="canvas-tools">
                <button data-action="zoom-in" onclick={zoom_in} title="Zoom in">{ "+" }</button>
                <button data-action="zoom-out" onclick={zoom_out} title="Zoom out">{ "−" }</button>
                <button data-action="fit" onclick={props.onfit.reform(|_| ())} title="Fit to view">{ "Fit" }</button>
                </div>
                <div class="legend" data-legend="">
                <span class="sw tr-iommu"></span>{ "translated (iommu)" }
                <span class="sw tr-bypass"></span>{ "bypass" }
                <span class="sw tr-none"></span>{ "no vIOMMU" }
                <span class="sw risk"></span>{ "passthrough bypassing: DMA unprotected" }
                </div>
            </div>
            <svg data-canvas="" ref={props.svg_ref.clone()} viewBox={props.view_box.attr()}
                preserveAspectRatio="xMidYMid meet" {onpointerdown} {onwheel}>
                { for layout.edges.iter().map(|e| html! {
                    <line class="edge" x1={e.x1.to_string()} y1={e.y1.to_string()} x2={e.x2.to_string()} y2={e.y2.to_string()} />
                }) }
                { for layout.buses.iter().map(|b| {
                    let verdict = props.drag.verdicts.get(&b.name);
                    let hover = props.drag.hover.as_deref() == Some(b.name.as_str());
                    let state = match verdict {
                        Some(Ok(())) => Some("valid"),
                        Some(Err(_)) => Some("invalid"),
                        None => None,
                    };
                    let why = match verdict { Some(Err(e)) => e.clone(), _ => String::new() };
                    html! {
                        <g class={classes!("bus", dragging.then_some(state).flatten(), (dragging && hover).then_some("hover"))}
                            data-bus={b.name.clone()}>
                            <title>{ if why.is_empty() { format!("bus {} (drop here)", b.name) } else { why.clone() } }</title>
                            <rect x={b.x.to_string()} y={(b.y - 4.0).to_string()} width={b.w.to_string()} height={(BUS_H + 8.0).to_string()} class="hit" />
                            <rect x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()} height={BUS_H.to_string()} rx="4" class="bar" />
                            <text x={(b.x + 6.0).to_string()} y={(b.y + 11.0).to_string()}>{ format!("{} · bus 0x{:02x}", b.name, b.number) }</text>
                            if dragging && hover && !why.is_empty() {
                                <text class="why" x={(b.x + 6.0).to_string()} y={(b.y + 28.0).to_string()}>{ short(&why, 70) }</text>
                            }
                        </g>
                    }
                }) }
                { for layout.nodes.iter().map(|n| node_view(n, props, has_iommu)) }
            </svg>
        </div>
    }
}
