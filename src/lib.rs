//! gwr — Chinese government work reports (政府工作报告) as typed, source-grounded data.
//!
//! Layers, one direction of dependency: [`model`] (record types) ← [`parse`] (pure
//! grammar over `&str`) and [`decode`] (bytes → text) ← [`input`] and [`pipeline`]
//! (reading files and corpora, one report end to end) ← [`sink`] (Parquet/JSON tables)
//! ← [`convert`] and [`verify`] (the batch job and its checker) ← the `gwr` binary.

#[cfg(feature = "tables")]
pub mod convert;
pub mod decode;
pub mod input;
pub mod model;
pub mod parse;
pub mod pipeline;
#[cfg(feature = "tables")]
pub mod sink;
#[cfg(feature = "tables")]
pub mod verify;
