//! Structural diff (placeholder until implemented).
