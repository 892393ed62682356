//! The Yew app: renders the editor state ([`crate::ui_model`]) and sends it actions. Components
//! are dumb (props plus `on<verb>` callbacks); the one reducer is [`Store`]; pointer handling
//! runs through the pure [`crate::ui_model::mode::Mode`] state machine.

mod acpi_pane;
mod canvas;
mod inspector;
mod machine_bar;
mod palette;
mod panes;
mod platform;

use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::engine::Driver;
use crate::ui_model::edits;
use crate::ui_model::layout::{layout, Layout, ViewBox};
use crate::ui_model::mode::{Mode, MoveEffect, Release};
use crate::ui_model::presets::{self, PRESETS};
use crate::ui_model::{Action, Editor};

pub use canvas::Canvas;

/// The app's one reducer: the editor wrapped for `use_reducer`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Store(pub Editor);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        platform::mark("reduce-start");
        let mut editor = self.0.clone();
        editor.dispatch(action);
        platform::measure_since("reduce (analyze + diff)", "reduce-start");
        Rc::new(Store(editor))
    }
}

/// The localStorage key of the autosaved design.
pub const STORAGE_KEY: &str = "iommu-topo.design";

/// What the drag feedback shows (changes only when a drag starts, ends or changes target).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DragUi {
    /// What is being dragged (driver name or node id), if anything.
    pub label: Option<String>,
    /// The bus under the pointer.
    pub hover: Option<String>,
    /// The engine's verdict per bus (`Err` = why not); missing = not checked yet.
    pub verdicts: Rc<HashMap<String, Result<(), String>>>,
}

fn closest_attr(target: Option<web_sys::EventTarget>, attr: &str) -> Option<String> {
    let el = target?.dyn_into::<Element>().ok()?;
    let hit = el.closest(&format!("[{attr}]")).ok()??;
    hit.get_attribute(attr)
}

fn verdict(editor: &Editor, mode: &Mode, bus: &str) -> Result<(), String> {
    match mode {
        Mode::DraggingPalette { driver } => {
            edits::add_device(&editor.design, &editor.report, *driver, bus).map(|_| ())
        }
        Mode::DraggingNode { id } => {
            edits::move_device(&editor.design, &editor.report, id, bus).map(|_| ())
        }
        _ => Ok(()),
    }
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| Store(Editor::restore(platform::load_saved().as_deref())));
    let mode = use_mut_ref(Mode::default);
    let drag = use_state(DragUi::default);
    let view = use_state(|| None::<ViewBox>);
    let ghost = use_node_ref();
    let svg = use_node_ref();
    let multiline = use_state(|| false);
    let tab = use_state(|| "devices".to_string());
    // The canvas's rendered size, read after each render; a change re-fits (only before the
    // user pans or zooms), so the view box never moves under a drag.
    let canvas_size = use_state(|| (900.0, 520.0));
    {
        let svg = svg.clone();
        let canvas_size = canvas_size.clone();
        use_effect(move || {
            if let Some(el) = svg.cast::<Element>() {
                let size = platform::size_of(&el);
                let (w, h) = *canvas_size;
                if (size.0 - w).abs() > 1.0 || (size.1 - h).abs() > 1.0 {
                    canvas_size.set(size);
                }
            }
        });
    }

    let editor = &store.0;
    let layout: Rc<Layout> = {
        let report = editor.report.clone();
        let design = editor.design.clone();
        use_memo(editor.revision, move |_| layout(&design, &report.topology))
    };

    // Autosave on every design change; measure edit → render.
    {
        let store = store.clone();
        use_effect_with(editor.revision, move |_| {
            platform::measure_edit();
            // Serialise after the measurement: autosave is not part of the edit's latency.
            platform::save(&store.0.to_json());
        });
    }

    // Delete / Backspace deletes the selection; Ctrl+Z / Ctrl+Y undo and redo.
    {
        let store = store.clone();
        use_effect_with(store.0.selected.clone(), move |selected| {
            let selected = selected.clone();
            let listener = platform::on_keydown(move |key, ctrl| match (key.as_str(), ctrl) {
                ("Delete" | "Backspace", false) => {
                    if let Some(id) = &selected {
                        store.dispatch(Action::Delete(id.clone()));
                    }
                }
                ("z", true) => store.dispatch(Action::Undo),
                ("y", true) => store.dispatch(Action::Redo),
                _ => {}
            });
            move || drop(listener)
        });
    }

    let start_drag = {
        let mode = mode.clone();
        let drag = drag.clone();
        let store = store.clone();
        Rc::new(move |new_mode: Mode, label: String| {
            // Pre-check every bus when the design is small; large designs check on hover.
            let mut verdicts = HashMap::new();
            if store.0.report.topology.buses.len() <= 24 {
                for b in &store.0.report.topology.buses {
                    verdicts.insert(b.name.clone(), verdict(&store.0, &new_mode, &b.name));
                }
            }
            *mode.borrow_mut() = new_mode;
            drag.set(DragUi {
                label: Some(label),
                hover: None,
                verdicts: Rc::new(verdicts),
            });
        })
    };

    let on_palette_press = {
        let start_drag = start_drag.clone();
        Callback::from(move |driver: Driver| {
            start_drag(Mode::DraggingPalette { driver }, driver.name().to_string())
        })
    };

    let on_node_press = {
        let mode = mode.clone();
        Callback::from(move |(id, x, y, movable): (String, f64, f64, bool)| {
            *mode.borrow_mut() = Mode::PressingNode { id, x, y, movable };
        })
    };

    let on_background_press = {
        let mode = mode.clone();
        Callback::from(move |(x, y): (f64, f64)| {
            *mode.borrow_mut() = Mode::Panning { x, y };
        })
    };

    let onpointermove = {
        let mode = mode.clone();
        let drag = drag.clone();
        let store = store.clone();
        let ghost = ghost.clone();
        let svg = svg.clone();
        let view = view.clone();
        let layout = Rc::clone(&layout);
        let start_drag = start_drag.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let effect = mode.borrow_mut().moved(x, y);
            match effect {
                MoveEffect::Pan(dx, dy) => {
                    if let Some(el) = svg.cast::<Element>() {
                        let (w, h) = platform::size_of(&el);
                        let current = (*view).unwrap_or_else(|| ViewBox::fit(&layout, w, h));
                        let next = current.pan(dx, dy, w);
                        let _ = el.set_attribute("viewBox", &next.attr());
                        view.set(Some(next));
                    }
                    return;
                }
                MoveEffect::Changed => {
                    let current = mode.borrow().clone();
                    if let Mode::DraggingNode { id } = &current {
                        start_drag(current.clone(), id.clone());
                    }
                }
                MoveEffect::None => {}
            }
            if !mode.borrow().is_dragging() {
                return;
            }
            if let Some(g) = ghost.cast::<HtmlElement>() {
                let _ = g.set_attribute(
                    "style",
                    &format!("display:block;left:{}px;top:{}px", x + 12.0, y + 12.0),
                );
            }
            let hover = closest_attr(e.target(), "data-bus");
            if hover != drag.hover {
                let mut verdicts = (*drag.verdicts).clone();
                if let Some(bus) = &hover {
                    if !verdicts.contains_key(bus) {
                        verdicts.insert(bus.clone(), verdict(&store.0, &mode.borrow(), bus));
                    }
                }
                drag.set(DragUi {
                    label: drag.label.clone(),
                    hover,
                    verdicts: Rc::new(verdicts),
                });
            }
        })
    };

    let onpointerup = {
        let mode = mode.clone();
        let drag = drag.clone();
        let store = store.clone();
        let ghost = ghost.clone();
        Callback::from(move |e: PointerEvent| {
            let bus = closest_attr(e.target(), "data-bus");
            let release = mode.borrow_mut().released(bus.as_deref());
            if let Some(g) = ghost.cast::<HtmlElement>() {
                let _ = g.set_attribute("style", "display:none");
            }
            if drag.label.is_some() {
                drag.set(DragUi::default());
            }
            match release {
                Release::Add(driver, bus) => {
                    platform::mark_edit();
                    store.dispatch(Action::Add { driver, bus });
                }
                Release::Move(id, bus) => {
                    platform::mark_edit();
                    store.dispatch(Action::Move { id, bus });
                }
                Release::Select(id) => store.dispatch(Action::Select(Some(id))),
                Release::None => {}
            }
        })
    };

    let on_zoom = {
        let view = view.clone();
        let svg = svg.clone();
        let layout = Rc::clone(&layout);
        Callback::from(move |(factor, fx, fy): (f64, f64, f64)| {
            let (w, h) = svg
                .cast::<Element>()
                .map_or((900.0, 560.0), |el| platform::size_of(&el));
            let current = (*view).unwrap_or_else(|| ViewBox::fit(&layout, w, h));
            view.set(Some(current.zoom(factor, fx, fy)));
        })
    };
    let on_fit = {
        let view = view.clone();
        Callback::from(move |_| view.set(None))
    };

    // Stable callbacks (same identity across renders), so panes whose data did not change skip
    // re-rendering while a drag re-renders the canvas.
    let dispatch = use_callback(store.dispatcher(), |a: Action, d| {
        platform::mark_edit();
        d.dispatch(a)
    });
    let on_tab = use_callback(tab.setter(), |t: String, set| set.set(t));
    let on_multiline = use_callback((multiline.setter(), *multiline), |_: (), (set, m)| {
        set.set(!*m)
    });

    let canvas_size = *canvas_size;
    let view_box = (*view).unwrap_or_else(|| ViewBox::fit(&layout, canvas_size.0, canvas_size.1));
    let preset_info = editor.preset.as_deref().and_then(presets::find);

    html! {
        <div class="app" {onpointermove} {onpointerup}>
            <header class="topbar">
                <h1>{ "iommu-topo" }</h1>
                <machine_bar::MachineBar design={editor.design.clone()} ondispatch={dispatch.clone()} />
                <div class="history">
                    <button data-action="undo" disabled={editor.undo.is_empty()}
                        onclick={dispatch.reform(|_| Action::Undo)} title="Undo (Ctrl+Z)">{ "↶ Undo" }</button>
                    <button data-action="redo" disabled={editor.redo.is_empty()}
                        onclick={dispatch.reform(|_| Action::Redo)} title="Redo (Ctrl+Y)">{ "↷ Redo" }</button>
                </div>
            </header>
            <aside class="sidebar">
                <palette::Palette onpress={on_palette_press} />
                <section class="presets">
                    <h2>{ "Presets" }</h2>
                    { for PRESETS.iter().map(|p| {
                        let name = p.name.to_string();
                        html! {
                            <button class={classes!("preset", (editor.preset.as_deref() == Some(p.name)).then_some("active"))}
                                data-preset={p.name} title={p.explanation}
                                onclick={dispatch.reform(move |_| Action::LoadPreset(name.clone()))}>
                                <b>{ p.name }</b><span>{ p.title }</span>
                            </button>
                        }
                    }) }
                </section>
            </aside>
            <section class="centre">
                if let Some(n) = &editor.notice {
                    <div class={classes!("notice", n.error.then_some("error"))} data-notice="" role="alert">
                        <span>{ &n.text }</span>
                        <button onclick={dispatch.reform(|_| Action::Dismiss)} aria-label="dismiss">{ "×" }</button>
                    </div>
                }
                if let Some(p) = preset_info {
                    <div class="preset-info" data-preset-info={p.name}><b>{ p.title }{ ": " }</b>{ p.explanation }</div>
                }
                <Canvas
                    svg_ref={svg.clone()}
                    layout={Rc::clone(&layout)}
                    report={editor.report.clone()}
                    selected={editor.selected.clone()}
                    drag={(*drag).clone()}
                    view_box={view_box}
                    onnodepress={on_node_press}
                    onbackgroundpress={on_background_press}
                    onzoom={on_zoom}
                    onfit={on_fit}
                    ondispatch={dispatch.clone()}
                />
                <panes::CommandLine report={editor.report.clone()} multiline={*multiline}
                    ontoggle={on_multiline} />
            </section>
            <aside class="inspector-col">
                <inspector::Inspector
                    design={editor.design.clone()}
                    report={editor.report.clone()}
                    selected={editor.selected.clone()}
                    ondispatch={dispatch.clone()}
                />
            </aside>
            <section class="outputs">
                <panes::Outputs
                    tab={(*tab).clone()}
                    ontab={on_tab}
                    report={editor.report.clone()}
                    changes={Rc::clone(&editor.acpi_changes)}
                    previous_hex={Rc::clone(&editor.previous_hex)}
                    selected={editor.selected.clone()}
                    ondispatch={dispatch}
                />
            </section>
            <div class="ghost" ref={ghost} style="display:none">{ drag.label.clone().unwrap_or_default() }</div>
        </div>
    }
}
