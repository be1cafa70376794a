//! Helpers shared by the integration tests (each test binary includes this module).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `gwr` binary built for this test run.
pub fn gwr() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gwr"));
    // Parser panics are caught and recorded; keep their backtraces out of test logs.
    c.env("RUST_BACKTRACE", "0");
    c
}

/// Runs `gwr` with `args` (no stdin) and returns its output.
pub fn run(args: &[&str]) -> Output {
    gwr()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start the gwr binary")
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared folder next to the repository (read in place, never copied).
pub fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

pub fn corpus() -> PathBuf {
    shared().join("corpus")
}

pub fn seed() -> PathBuf {
    manifest_dir().join("seeds/000_1b35902c2adaf4af.txt")
}

pub fn seed_text() -> String {
    String::from_utf8(std::fs::read(seed()).unwrap()).expect("the seed is UTF-8")
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

pub fn stdout_str(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Slices `text` by code point offsets.
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Byte offset of every char index (plus the end), for fast char slicing of long texts.
pub struct CharIndex<'a> {
    text: &'a str,
    offsets: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        CharIndex { text, offsets }
    }
    /// The text between code points `start` and `end`, or None when out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        if start > end || end >= self.offsets.len() {
            return None;
        }
        self.text.get(self.offsets[start]..self.offsets[end])
    }
}

/// Asserts that a record's `text` equals the source at its byte and at its char span.
pub fn assert_span(what: &str, text: &str, idx: &CharIndex, rec: &str, span: [usize; 4]) {
    let [bs, be, cs, ce] = span;
    let by_bytes = text.get(bs..be);
    assert_eq!(
        by_bytes,
        Some(rec),
        "{what}: text differs from source[{bs}..{be}] (bytes)"
    );
    let by_chars = idx.slice(cs, ce);
    assert_eq!(
        by_chars,
        Some(rec),
        "{what}: text differs from source chars [{cs}..{ce}]"
    );
}

/// The source a gold file (`tests/gold/*.json`) annotates: a path in the repository, or a
/// corpus file of `../shared/corpus` and the member (JSONL line) inside it.
pub fn gold_source_path(gold: &serde_json::Value) -> (PathBuf, Option<u64>) {
    let src = &gold["source"];
    match src["path"].as_str() {
        Some(p) => (manifest_dir().join(p), None),
        None => (
            corpus().join(src["corpus"].as_str().expect("corpus")),
            src["member"].as_u64(),
        ),
    }
}

/// Parses the report a gold file annotates, read the way `gwr` reads its corpus (a CSV
/// corpus file holds one report, member 0).
pub fn parse_gold_source(gold: &serde_json::Value) -> gwr::model::ParsedReport {
    use gwr::input::{self, InputFile, ReadOptions};
    use gwr::pipeline::{self, DecodeOptions};
    let (path, member) = gold_source_path(gold);
    let is_csv = path.extension().is_some_and(|e| e == "csv");
    let mut found = None;
    input::read_units(
        &InputFile::Path(path.clone()),
        &ReadOptions::default(),
        &mut |u| {
            let want = if is_csv {
                u.member == Some(0)
            } else {
                u.member == member
            };
            if want && found.is_none() {
                found = Some(pipeline::process(&u, &DecodeOptions::default()));
            }
        },
    );
    found.unwrap_or_else(|| panic!("no report {member:?} in {}", path.display()))
}

/// Parses `text` as a report of plan year `year` (a path hint), with report id "t".
pub fn parse_with_year(text: &str, year: i32) -> gwr::model::ParsedReport {
    let info = gwr::parse::SourceInfo {
        report_id: "t".into(),
        hints: gwr::parse::metadata::Hints {
            year: Some(year),
            ..Default::default()
        },
        ..Default::default()
    };
    gwr::parse::parse(text, &info)
}
