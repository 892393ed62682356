//! The native `iommu-topo` command-line tool (see `docs/cli.md`).

fn main() {
    let design = iommu_topo::engine::Design::default();
    let report = iommu_topo::engine::analyze(&design);
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}
