//! Browser test (wasm stage of `scripts/test-all.sh`): the Yew app mounts in Chromium and shows
//! the product name and the SVG canvas.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_with_product_name_and_canvas() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append the root");

    // Keep the handle alive for the whole test: dropping it unmounts the app.
    let _app = yew::Renderer::<iommu_topo::components::App>::with_root(root.clone()).render();
    // Yew renders asynchronously.
    yew::scheduler::flush().await;

    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("iommu-topo"),
        "product name missing in {text:?}"
    );
    assert!(
        root.query_selector("svg[data-canvas]")
            .expect("a valid selector")
            .is_some(),
        "no svg[data-canvas]"
    );
}
