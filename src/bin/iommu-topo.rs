//! The native `iommu-topo` command-line tool (see `docs/cli.md` and [`iommu_topo::cli`]).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use clap::Parser;
    let cli = iommu_topo::cli::Cli::parse();
    std::process::exit(iommu_topo::cli::run(cli));
}

/// The CLI is native only; this stub exists because cargo builds every binary of the package
/// for an integration test, also for the wasm32 browser tests (`tests/web_*.rs`).
#[cfg(target_arch = "wasm32")]
fn main() {}
