//! Browser tests of the designer (wasm stage of `scripts/test-all.sh`): the reducer applies and
//! undoes edits inside Yew, and the app renders the palette, the main bus node and the output
//! hooks.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use iommu_topo::components::{App, Store};
use iommu_topo::engine::{Driver, TranslationKind};
use iommu_topo::ui_model::Action;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn translation(store: &Store, id: &str) -> Option<TranslationKind> {
    store
        .0
        .report
        .devices
        .iter()
        .find(|d| d.id.as_deref() == Some(id))
        .map(|d| d.translation)
}

#[wasm_bindgen_test]
fn reducer_applies_and_undoes() {
    let mut s = Rc::new(Store::default());
    for a in [
        Action::Add {
            driver: Driver::PxbPcie,
            bus: "pcie.0".into(),
        },
        Action::Add {
            driver: Driver::PcieRootPort,
            bus: "pxb1".into(),
        },
        Action::Add {
            driver: Driver::VirtioNetPci,
            bus: "rp1".into(),
        },
        Action::ToggleBypass("pxb1".into()),
    ] {
        s = s.reduce(a);
    }
    assert_eq!(translation(&s, "nic1"), Some(TranslationKind::Bypass));
    s = s.reduce(Action::Undo);
    assert_eq!(translation(&s, "nic1"), Some(TranslationKind::Iommu));
    s = s.reduce(Action::Redo);
    assert_eq!(translation(&s, "nic1"), Some(TranslationKind::Bypass));
    let before = s.0.design.clone();
    s = s.reduce(Action::Add {
        driver: Driver::Nvme,
        bus: "pxb1".into(),
    });
    assert_eq!(s.0.design, before, "refused drop changed the design");
    assert!(s.0.notice.is_some());
}

#[wasm_bindgen_test]
async fn app_renders_palette_canvas_and_outputs() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item(iommu_topo::components::STORAGE_KEY);
    }
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let _app = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let q = |sel: &str| root.query_selector(sel).expect("selector").is_some();
    for d in Driver::ALL
        .iter()
        .filter(|d| d.category() != iommu_topo::engine::Category::Iommu)
    {
        assert!(
            q(&format!("[data-palette-item=\"{}\"]", d.name())),
            "palette lacks {}",
            d.name()
        );
    }
    assert!(q(
        "svg[data-canvas] [data-node-id=\"pcie.0\"] [data-action=\"toggle-bypass\"]"
    ));
    assert!(q("[data-bus=\"pcie.0\"]"));
    assert!(q("[data-output=\"command-line\"]"));
    assert!(q("[data-acpi-table=\"DMAR\"]"));
    assert!(q("select[data-field=\"viommu\"]"));
    // One click on the main bus's switch sets default_bus_bypass_iommu.
    let switch = root
        .query_selector("[data-node-id=\"pcie.0\"] [data-action=\"toggle-bypass\"]")
        .expect("selector")
        .expect("switch");
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
    switch.dispatch_event(&click).expect("dispatch");
    yew::scheduler::flush().await;
    let line = root
        .query_selector("[data-output=\"command-line\"]")
        .expect("selector")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(line.contains("default_bus_bypass_iommu=on"), "{line}");
}
