//! Effective DMA translation of every PCI function: which vIOMMU translates it, or whether it
//! bypasses (host bridge `bypass_iommu`), or whether there is no vIOMMU at all, and why.

use super::design::Design;
use super::report::Translation;
use super::topology::Topology;

/// One [`Translation`] per function of `topology`, in the same order.
pub fn translate(design: &Design, topology: &Topology) -> Vec<Translation> {
    let _ = (design, topology);
    Vec::new()
}
