//! gwr — Chinese government work reports (政府工作报告) as typed, source-grounded data.
//!
//! Layers, one direction of dependency: [`model`] (record types) ← [`parse`] (pure
//! grammar over `&str`) and [`decode`] (bytes → text) ← [`input`] and [`pipeline`]
//! (reading files and corpora, one report end to end) ← [`sink`] (Parquet/JSON tables)
//! ← [`convert`] and [`verify`] (the batch job and its checker) ← the `gwr` binary.

pub mod convert;
pub mod decode;
pub mod input;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod sink;
pub mod verify;
