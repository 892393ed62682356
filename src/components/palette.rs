//! The palette: every host bridge, bridge and endpoint driver, grouped by category, each with
//! a glyph and its description. Pressing an item starts a palette drag.

use yew::prelude::*;

use crate::engine::{Category, Driver};

/// A short glyph for a driver (drawn in the palette and on canvas nodes).
pub fn glyph(driver: &str) -> &'static str {
    match driver {
        "pxb-pcie" | "pxb" => "⊞",
        "pcie-root-port" => "⊤",
        "x3130-upstream" => "⤒",
        "xio3130-downstream" => "⤓",
        "pci-bridge" | "pcie-pci-bridge" => "⇋",
        "virtio-net-pci" | "e1000e" | "e1000" | "rtl8139" => "⇄",
        "virtio-blk-pci" | "nvme" | "virtio-scsi-pci" => "▤",
        "vfio-pci" => "⚡",
        "virtio-gpu-pci" => "▣",
        "qemu-xhci" => "⌁",
        "ich9-intel-hda" | "intel-hda" => "♪",
        "virtio-iommu-pci" | "AMDVI-PCI" => "⛨",
        "host-bridge" => "⌂",
        _ => "●",
    }
}

/// Heading of a category.
pub fn category_title(c: Category) -> &'static str {
    match c {
        Category::HostBridge => "Host bridges",
        Category::Bridge => "Bridges & ports",
        Category::Endpoint => "Endpoints",
        Category::Iommu => "vIOMMUs",
    }
}

/// Props of [`Palette`].
#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    /// A driver was pressed (drag starts).
    pub onpress: Callback<Driver>,
}

/// The palette.
#[function_component(Palette)]
pub fn palette(props: &PaletteProps) -> Html {
    let groups = [Category::HostBridge, Category::Bridge, Category::Endpoint];
    html! {
        <section class="palette" data-palette="">
            <h2>{ "Palette" }</h2>
            <p class="hint">{ "Drag onto a bus." }</p>
            { for groups.into_iter().map(|cat| html! {
                <div class="palette-group">
                    <h3>{ category_title(cat) }</h3>
                    { for Driver::ALL.iter().copied().filter(|d| d.category() == cat).map(|d| {
                        let onpress = props.onpress.clone();
                        let onpointerdown = Callback::from(move |e: PointerEvent| {
                            if e.button() == 0 {
                                e.prevent_default();
                                onpress.emit(d);
                            }
                        });
                        html! {
                            <div class={classes!("palette-item", format!("cat-{cat:?}").to_lowercase())}
                                data-palette-item={d.name()} title={d.description()} {onpointerdown}>
                                <span class="glyph">{ glyph(d.name()) }</span>
                                <span class="name">{ d.name() }</span>
                            </div>
                        }
                    }) }
                </div>
            }) }
        </section>
    }
}
