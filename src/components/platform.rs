//! The few browser calls the app makes (localStorage, clipboard, performance marks, keyboard),
//! each failing quietly: a missing API must never panic the app.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

use super::STORAGE_KEY;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The autosaved design JSON, if any.
pub fn load_saved() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Autosaves the design JSON.
pub fn save(json: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, json);
    }
}

/// Writes text to the clipboard (fire and forget).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// `performance.mark(name)`.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// `performance.measure(name, start)` (ignored when the mark is missing).
pub fn measure_since(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}

/// Marks the start of an edit (`performance.mark("edit-start")`).
pub fn mark_edit() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("edit-start");
    }
}

/// After a render: measures `analyze+render` from the last `edit-start` mark, once.
pub fn measure_edit() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        if p.get_entries_by_name_with_entry_type("edit-start", "mark")
            .length()
            > 0
        {
            let _ = p.measure_with_start_mark("analyze+render", "edit-start");
            p.clear_marks_with_mark_name("edit-start");
        }
    }
}

/// The rendered size of an element (px), with a fallback before layout.
pub fn size_of(el: &Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    if r.width() > 10.0 && r.height() > 10.0 {
        (r.width(), r.height())
    } else {
        (900.0, 520.0)
    }
}

/// Listens to keydown outside form fields: `f(key, ctrl_or_meta)`.
pub fn on_keydown(f: impl Fn(String, bool) + 'static) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    Some(EventListener::new(&document, "keydown", move |e| {
        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if !in_field {
            f(e.key(), e.ctrl_key() || e.meta_key());
        }
    }))
}
