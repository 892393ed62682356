//! Decoded view (placeholder until implemented).
