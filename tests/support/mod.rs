//! Test support shared by the integration tests (`mod support;`): the real-QEMU harness and
//! the conformance corpus reader.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

pub mod conformance;
pub mod corpus;
pub mod pool;
pub mod qemu;
