//! Entry point of the browser app (built for wasm32 by Trunk).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<iommu_topo::components::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("iommu-topo-web is the browser app: run `trunk serve` (see README.md), or use the `iommu-topo` CLI.");
}
