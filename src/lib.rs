//! iommu-topo: design the PCI and vIOMMU topology of a QEMU VM.
//!
//! [`engine`] is pure Rust (built and tested natively); `components` is the Yew app (wasm only).

pub mod engine;
pub mod ui_model;

/// The native command-line tool's logic (not built for wasm).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod components;
