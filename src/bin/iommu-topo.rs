//! The native `iommu-topo` command-line tool (see `docs/cli.md` and [`iommu_topo::cli`]).

use clap::Parser;

fn main() {
    let cli = iommu_topo::cli::Cli::parse();
    std::process::exit(iommu_topo::cli::run(cli));
}
