//! The designer's state and pure logic, kept free of Yew and the DOM so native `cargo test`
//! covers it: invertible edit commands ([`command`]), the editor reducer ([`editor`]), the
//! canvas layout ([`layout`]), the pointer state machine ([`mode`]) and the presets
//! ([`presets`]). The Yew components (`crate::components`) only render this and send actions.

pub mod command;
pub mod editor;
pub mod edits;
pub mod layout;
pub mod mode;
pub mod presets;

pub use command::Command;
pub use editor::{Action, Editor, Notice, SharedReport};
