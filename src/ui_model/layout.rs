//! Canvas layout: a pure function from the resolved topology to box positions, one top-down
//! tree per root bus (the main host bridge first, then each PXB), plus the view-box maths for
//! pan, zoom and fit-to-view.
//!
//! Invariants: every function of the topology appears exactly once (a PXB's expander function
//! appears in the main tree as a small stub that points at its own tree); boxes never overlap
//! (a parent is centred over its children, subtrees sit side by side).

use crate::engine::topology::{BusIdx, FnIdx, Topology};
use crate::engine::Design;

/// Node width.
pub const NODE_W: f64 = 136.0;
/// Node height.
pub const NODE_H: f64 = 60.0;
/// Horizontal gap between sibling subtrees.
pub const GAP: f64 = 10.0;
/// Vertical distance between levels.
pub const ROW: f64 = 112.0;
/// Gap between trees.
pub const TREE_GAP: f64 = 56.0;
/// Distance from a node's bottom to its bus bar.
pub const BUS_DROP: f64 = 22.0;
/// Bus bar thickness.
pub const BUS_H: f64 = 14.0;

/// What a box stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeRole {
    /// A host bridge heading a tree: the main one (`pcie.0`/`pci.0`) or a PXB.
    HostBridge {
        /// Effective bypass of the host bridge.
        bypass: bool,
        /// True for the machine's main host bridge.
        main: bool,
    },
    /// A PCI function (bridge or endpoint).
    Function,
    /// A PXB's expander function on the main bus; its tree is drawn separately.
    ExpanderStub,
}

/// One box.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// The design node it selects: a device id, or the main bus name; `None` for built-ins.
    pub node_id: Option<String>,
    /// Role.
    pub role: NodeRole,
    /// The function index (for BDF and translation), if it is one.
    pub function: Option<FnIdx>,
    /// Driver / kind.
    pub kind: String,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
}

/// One bus bar (a drop target).
#[derive(Clone, Debug, PartialEq)]
pub struct BusBar {
    /// Bus name (`bus=`).
    pub name: String,
    /// Guest bus number.
    pub number: u8,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
}

/// A connector line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// Start x.
    pub x1: f64,
    /// Start y.
    pub y1: f64,
    /// End x.
    pub x2: f64,
    /// End y.
    pub y2: f64,
}

/// The whole picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Boxes.
    pub nodes: Vec<NodeBox>,
    /// Bus bars.
    pub buses: Vec<BusBar>,
    /// Lines.
    pub edges: Vec<Edge>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

struct Tree {
    node: NodeBox,
    bus: Option<BusIdx>,
    children: Vec<Tree>,
    width: f64,
}

fn build(topology: &Topology, node: NodeBox, bus: Option<BusIdx>, depth: usize) -> Tree {
    let mut children = Vec::new();
    if let Some(b) = bus.and_then(|b| topology.buses.get(b)) {
        if depth < 64 {
            for &f in &b.devices {
                children.push(function_tree(topology, f, depth + 1));
            }
        }
    }
    let span: f64 = children.iter().map(|c| c.width).sum::<f64>()
        + GAP * children.len().saturating_sub(1) as f64;
    Tree {
        node,
        bus,
        width: span.max(NODE_W),
        children,
    }
}

fn function_tree(topology: &Topology, f: FnIdx, depth: usize) -> Tree {
    let Some(func) = topology.functions.get(f) else {
        return build(
            topology,
            stub_box(None, NodeRole::Function, "?"),
            None,
            depth,
        );
    };
    let expander = topology.host_bridges.iter().any(|h| h.expander == Some(f));
    let role = if expander {
        NodeRole::ExpanderStub
    } else {
        NodeRole::Function
    };
    let node = NodeBox {
        node_id: if expander { None } else { func.id.clone() },
        role,
        function: Some(f),
        kind: func.driver.clone(),
        x: 0.0,
        y: 0.0,
    };
    let bus = if expander { None } else { func.secondary_bus };
    build(topology, node, bus, depth)
}

fn stub_box(node_id: Option<String>, role: NodeRole, kind: &str) -> NodeBox {
    NodeBox {
        node_id,
        role,
        function: None,
        kind: kind.to_string(),
        x: 0.0,
        y: 0.0,
    }
}

fn place(tree: Tree, left: f64, depth: usize, out: &mut Layout) {
    let y = depth as f64 * ROW;
    let x = left + (tree.width - NODE_W) / 2.0;
    let mut node = tree.node;
    node.x = x;
    node.y = y;
    let centre = x + NODE_W / 2.0;
    if let Some(bus) = tree.bus {
        let bar_y = y + NODE_H + BUS_DROP;
        let (bar_x, bar_w) = if tree.children.is_empty() {
            (x, NODE_W)
        } else {
            (left, tree.width)
        };
        out.edges.push(Edge {
            x1: centre,
            y1: y + NODE_H,
            x2: centre,
            y2: bar_y,
        });
        if let Some(b) = out_bus(bus, bar_x, bar_y, bar_w) {
            out.buses.push(b);
        }
        let mut child_left = left
            + (tree.width
                - tree.children.iter().map(|c| c.width).sum::<f64>()
                - GAP * tree.children.len().saturating_sub(1) as f64)
                / 2.0;
        for child in tree.children {
            let w = child.width;
            let cx = child_left + w / 2.0;
            out.edges.push(Edge {
                x1: cx,
                y1: bar_y + BUS_H,
                x2: cx,
                y2: (depth + 1) as f64 * ROW,
            });
            place(child, child_left, depth + 1, out);
            child_left += w + GAP;
        }
    }
    out.width = out.width.max(x + NODE_W);
    out.height = out.height.max(y + NODE_H + BUS_DROP + BUS_H);
    out.nodes.push(node);
}

// Bus bars carry their name and number; filled in by `layout` after placement.
fn out_bus(bus: BusIdx, x: f64, y: f64, w: f64) -> Option<BusBar> {
    Some(BusBar {
        name: bus.to_string(),
        number: 0,
        x,
        y,
        w,
    })
}

/// Lays out the topology: one tree per host bridge, side by side.
pub fn layout(design: &Design, topology: &Topology) -> Layout {
    let mut out = Layout::default();
    let mut left = 0.0;
    for host in &topology.host_bridges {
        let root = match host.expander {
            None => stub_box(
                Some(design.machine.machine_type.root_bus_name().to_string()),
                NodeRole::HostBridge {
                    bypass: host.bypass_iommu,
                    main: true,
                },
                "host-bridge",
            ),
            Some(f) => NodeBox {
                node_id: topology.functions.get(f).and_then(|x| x.id.clone()),
                role: NodeRole::HostBridge {
                    bypass: host.bypass_iommu,
                    main: false,
                },
                function: Some(f),
                kind: topology
                    .functions
                    .get(f)
                    .map_or("pxb-pcie".into(), |x| x.driver.clone()),
                x: 0.0,
                y: 0.0,
            },
        };
        let tree = build(topology, root, Some(host.root_bus), 0);
        let w = tree.width;
        place(tree, left, 0, &mut out);
        left += w + TREE_GAP;
    }
    for bar in &mut out.buses {
        let idx: usize = bar.name.parse().unwrap_or(usize::MAX);
        if let Some(b) = topology.buses.get(idx) {
            bar.name = b.name.clone();
            bar.number = b.number;
        }
    }
    out
}

/// The visible rectangle of the canvas in layout coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl ViewBox {
    /// A view box showing `layout` whole with a margin, keeping the canvas's aspect ratio.
    pub fn fit(layout: &Layout, canvas_w: f64, canvas_h: f64) -> ViewBox {
        let margin = 28.0;
        let (lw, lh) = (layout.width + 2.0 * margin, layout.height + 2.0 * margin);
        let aspect = if canvas_h > 0.0 {
            canvas_w / canvas_h
        } else {
            1.6
        };
        let (w, h) = if lw / lh > aspect {
            (lw, lw / aspect)
        } else {
            (lh * aspect, lh)
        };
        ViewBox {
            x: -margin - (w - lw) / 2.0,
            y: -margin,
            w,
            h,
        }
    }

    /// Moves the view by a pointer delta in screen pixels on a canvas `canvas_w` wide.
    pub fn pan(self, dx: f64, dy: f64, canvas_w: f64) -> ViewBox {
        let k = if canvas_w > 0.0 {
            self.w / canvas_w
        } else {
            1.0
        };
        ViewBox {
            x: self.x - dx * k,
            y: self.y - dy * k,
            ..self
        }
    }

    /// Zooms by `factor` (>1 zooms out) around the point at fraction (`fx`, `fy`) of the canvas.
    pub fn zoom(self, factor: f64, fx: f64, fy: f64) -> ViewBox {
        let factor = factor.clamp(0.2, 5.0);
        let (w, h) = (
            (self.w * factor).clamp(100.0, 50_000.0),
            (self.h * factor).clamp(60.0, 50_000.0),
        );
        ViewBox {
            x: self.x + (self.w - w) * fx,
            y: self.y + (self.h - h) * fy,
            w,
            h,
        }
    }

    /// The `viewBox` attribute.
    pub fn attr(self) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.w, self.h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, cmdline};

    fn overlaps(a: &NodeBox, b: &NodeBox) -> bool {
        a.x < b.x + NODE_W && b.x < a.x + NODE_W && a.y < b.y + NODE_H && b.y < a.y + NODE_H
    }

    #[test]
    fn every_function_once_no_overlap_one_tree_per_root() {
        for p in super::super::presets::PRESETS {
            let design = cmdline::import(p.command_line).0;
            let report = analyze(&design);
            let l = layout(&design, &report.topology);
            let mut seen: Vec<FnIdx> = l.nodes.iter().filter_map(|n| n.function).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), report.topology.functions.len(), "{}", p.name);
            let roots = l
                .nodes
                .iter()
                .filter(|n| matches!(n.role, NodeRole::HostBridge { .. }))
                .count();
            assert_eq!(roots, report.topology.host_bridges.len());
            for (i, a) in l.nodes.iter().enumerate() {
                for b in &l.nodes[i + 1..] {
                    assert!(!overlaps(a, b), "{}: {a:?} overlaps {b:?}", p.name);
                }
            }
            for bus in &report.topology.buses {
                assert!(
                    l.buses.iter().any(|b| b.name == bus.name),
                    "{}: no bar for {}",
                    p.name,
                    bus.name
                );
            }
        }
    }

    #[test]
    fn fit_contains_everything_and_zoom_keeps_the_focus() {
        let design = cmdline::import(super::super::presets::PRESETS[2].command_line).0;
        let report = analyze(&design);
        let l = layout(&design, &report.topology);
        let v = ViewBox::fit(&l, 800.0, 500.0);
        assert!(v.x <= 0.0 && v.y <= 0.0 && v.x + v.w >= l.width && v.y + v.h >= l.height);
        assert!((v.w / v.h - 1.6).abs() < 1e-9);
        let z = v.zoom(0.5, 0.5, 0.5);
        assert!((z.x + z.w / 2.0 - (v.x + v.w / 2.0)).abs() < 1e-9);
        let p = v.pan(80.0, 0.0, 800.0);
        assert!(p.x < v.x);
    }
}
