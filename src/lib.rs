//! gwr — Chinese government work reports (政府工作报告) as typed, source-grounded data.
//!
//! Layers, one direction of dependency: [`model`] (record types) ← [`parse`] (pure
//! grammar over `&str`) and [`decode`] (bytes → text) ← [`input`] and [`pipeline`]
//! (reading files and corpora, one report end to end) ← [`sink`] (Parquet/JSON tables)
//! ← [`convert`] and [`verify`] (the batch job and its checker) ← the `gwr` binary.
//! [`regions`] (names → GB/T 2260 codes) sits beside [`parse`]; [`panel`] reads a finished
//! output's tables and builds the targets × outcomes panel.

#[cfg(feature = "tables")]
pub mod convert;
pub mod decode;
pub mod input;
pub mod model;
#[cfg(feature = "tables")]
pub mod panel;
pub mod parse;
pub mod pipeline;
pub mod regions;
#[cfg(feature = "tables")]
pub mod sink;
#[cfg(feature = "tables")]
pub mod verify;
