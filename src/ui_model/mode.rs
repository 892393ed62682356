//! The canvas pointer state machine: what a pointer press started, what a move does and what a
//! release means. Pure, so the drag rules are tested natively; the canvas component feeds it
//! pointer events and performs the returned effects.

use crate::engine::Driver;

/// Pointer distance (px) after which a press on a node becomes a drag.
pub const DRAG_THRESHOLD: f64 = 4.0;

/// What the pointer is doing.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Mode {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Dragging a palette driver.
    DraggingPalette {
        /// The driver.
        driver: Driver,
    },
    /// Pressed on a node, not moved far enough to drag yet (a click if released now).
    PressingNode {
        /// Node id.
        id: String,
        /// Press position.
        x: f64,
        /// Press position.
        y: f64,
        /// False for nodes that cannot move (host bridges of the main bus, built-ins).
        movable: bool,
    },
    /// Dragging an existing node.
    DraggingNode {
        /// Device id.
        id: String,
    },
    /// Panning the canvas.
    Panning {
        /// Last pointer position.
        x: f64,
        /// Last pointer position.
        y: f64,
    },
}

/// What a pointer move asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum MoveEffect {
    /// Nothing to do.
    None,
    /// Pan by a screen delta.
    Pan(f64, f64),
    /// The mode changed (re-render the ghost).
    Changed,
}

/// What a pointer release asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Release {
    /// Nothing.
    None,
    /// Add a driver on a bus.
    Add(Driver, String),
    /// Move a node onto a bus.
    Move(String, String),
    /// Select a node (a click).
    Select(String),
}

impl Mode {
    /// True while something is being dragged onto buses.
    pub fn is_dragging(&self) -> bool {
        matches!(
            self,
            Mode::DraggingPalette { .. } | Mode::DraggingNode { .. }
        )
    }

    /// The pointer moved to (`x`, `y`) (screen px).
    pub fn moved(&mut self, x: f64, y: f64) -> MoveEffect {
        match self {
            Mode::Panning { x: lx, y: ly } => {
                let (dx, dy) = (x - *lx, y - *ly);
                *lx = x;
                *ly = y;
                MoveEffect::Pan(dx, dy)
            }
            Mode::PressingNode {
                id,
                x: px,
                y: py,
                movable,
            } => {
                if *movable && ((x - *px).powi(2) + (y - *py).powi(2)).sqrt() > DRAG_THRESHOLD {
                    *self = Mode::DraggingNode { id: id.clone() };
                    MoveEffect::Changed
                } else {
                    MoveEffect::None
                }
            }
            _ => MoveEffect::None,
        }
    }

    /// The pointer was released over `bus` (the bus bar under it, if any). Back to idle.
    pub fn released(&mut self, bus: Option<&str>) -> Release {
        match (std::mem::take(self), bus) {
            (Mode::DraggingPalette { driver }, Some(b)) => Release::Add(driver, b.to_string()),
            (Mode::DraggingNode { id }, Some(b)) => Release::Move(id, b.to_string()),
            (Mode::PressingNode { id, .. }, _) => Release::Select(id),
            _ => Release::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn press_then_release_is_a_click_and_a_move_is_a_drag() {
        let mut m = Mode::PressingNode {
            id: "rp1".into(),
            x: 10.0,
            y: 10.0,
            movable: true,
        };
        assert_eq!(m.moved(11.0, 11.0), MoveEffect::None);
        assert_eq!(m.released(Some("pcie.0")), Release::Select("rp1".into()));
        assert_eq!(m, Mode::Idle);
        let mut m = Mode::PressingNode {
            id: "rp1".into(),
            x: 10.0,
            y: 10.0,
            movable: true,
        };
        assert_eq!(m.moved(40.0, 10.0), MoveEffect::Changed);
        assert!(m.is_dragging());
        assert_eq!(
            m.released(Some("pxb1")),
            Release::Move("rp1".into(), "pxb1".into())
        );
        let mut m = Mode::PressingNode {
            id: "pcie.0".into(),
            x: 0.0,
            y: 0.0,
            movable: false,
        };
        assert_eq!(m.moved(90.0, 0.0), MoveEffect::None);
    }

    #[test]
    fn palette_drop_off_a_bus_does_nothing_and_pan_reports_deltas() {
        let mut m = Mode::DraggingPalette {
            driver: Driver::Nvme,
        };
        assert_eq!(m.released(None), Release::None);
        let mut m = Mode::DraggingPalette {
            driver: Driver::Nvme,
        };
        assert_eq!(
            m.released(Some("rp1")),
            Release::Add(Driver::Nvme, "rp1".into())
        );
        let mut m = Mode::Panning { x: 5.0, y: 5.0 };
        assert_eq!(m.moved(8.0, 1.0), MoveEffect::Pan(3.0, -4.0));
    }
}
