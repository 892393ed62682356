//! The QEMU command line: emitting it from a design ([`emit`]), importing a design from one
//! ([`import`]), shell quoting ([`to_shell_line`], [`to_shell_lines`]) and QEMU's own
//! option-parsing errors for values a design keeps verbatim ([`check`]).
//!
//! Invariants: `import(emit(d)) == d` for a canonical design (every PCI device with `bus` and
//! `addr`, devices already in [`dependency_order`], known properties only where the driver has
//! them); `import ∘ emit ∘ import == import`. The backends emit adds (drives, netdevs, NUMA
//! RAM, firmware) are recognised by import in exactly that form and folded away.

mod backends;
mod check;
mod emit;
mod import;
mod keyval;
mod options;
mod props;
mod shell;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use check::check;
pub use emit::{dependency_order, emit};
pub use import::{import, machine_type_of};
pub use props::retain_applicable;
pub use shell::{split_words, to_shell_line, to_shell_lines};
