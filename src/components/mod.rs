//! The Yew app: renders the engine's answers and sends it edits.

use yew::prelude::*;

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <main class="app">
            <h1>{ "iommu-topo" }</h1>
            <svg data-canvas="" width="800" height="500"></svg>
        </main>
    }
}
