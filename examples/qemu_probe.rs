//! Asks real QEMU what it builds for a command line and prints it as JSON (the conformance
//! harness in `tests/support/qemu`): accepted or QEMU's error, every PCI function with its
//! guest bus number and DMA translation, the DMAR/IVRS/IORT/VIOT bytes.
//!
//! ```text
//! cargo run --example qemu_probe -- [--qemu 7.2|10.0] [--no-firmware | --structure] -- qemu-system-x86_64 -M q35 ...
//! cargo run --example qemu_probe -- [--qemu 7.2|10.0] [--no-firmware | --structure] -f tests/conformance/accept/x.sh
//! ```
//! The run uses TCG, adds `-display none -no-user-config`, the harness's QMP/qtest sockets, and
//! stands an emulated e1000e in for `vfio-pci` (see `rewrites` in the output).

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/mod.rs"]
mod support;

#[cfg(not(target_arch = "wasm32"))]
use support::qemu::{run, Mode, Version};

#[cfg(not(target_arch = "wasm32"))]
fn usage() -> ! {
    eprintln!(
        "usage: qemu_probe [--qemu 7.2|10.0] [--no-firmware | --structure] (-f FILE | -- qemu-system-… ARGS…)"
    );
    std::process::exit(2)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut args = std::env::args().skip(1);
    let mut version = Version::V10_0;
    let mut mode = Mode::Firmware;
    let mut argv: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--qemu" => {
                version = args
                    .next()
                    .and_then(|v| Version::parse(&v))
                    .unwrap_or_else(|| usage())
            }
            "--no-firmware" => mode = Mode::NoFirmware,
            "--structure" => mode = Mode::Structure,
            "-f" => {
                let path = args.next().unwrap_or_else(|| usage());
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                    eprintln!("{path}: {e}");
                    std::process::exit(2)
                });
                argv =
                    shlex::split(&support::corpus::command_text(&text)).unwrap_or_else(|| usage());
            }
            "--" => argv = args.by_ref().collect(),
            _ => usage(),
        }
    }
    if argv.is_empty() {
        usage();
    }
    let outcome = run(version, &argv, mode);
    println!("{}", outcome.to_json());
    if outcome.harness_error.is_some() {
        std::process::exit(1);
    }
}

/// The harness drives QEMU over Unix sockets: there is nothing to probe from wasm32.
#[cfg(target_arch = "wasm32")]
fn main() {}
