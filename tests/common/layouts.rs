//! The corpus reader and the layout changes shared by the metamorphic test and the layout
//! examples (`examples/layout_diff.rs`, `examples/layout_records.rs`), which include this
//! file with `#[path]`. It reads the corpus in place and never writes.
#![allow(dead_code)]

use gwr::input::{self, ReadOptions};
use gwr::parse::SourceInfo;

/// The collections of `../shared/corpus`, as paths.
pub fn corpus_dirs() -> Vec<String> {
    [
        "national_reports.jsonl",
        "provinces_2026",
        "cities_2024",
        "lawtext",
    ]
    .iter()
    .map(|d| format!("{}/../shared/corpus/{d}", env!("CARGO_MANIFEST_DIR")))
    .collect()
}

/// One decoded report, named by its path below `corpus/` (and `#member`).
pub struct Doc {
    pub name: String,
    pub text: String,
    pub info: SourceInfo,
}

/// Every decodable report under `paths`, in discovery order.
pub fn read_docs(paths: &[String]) -> Vec<Doc> {
    let (files, _) = input::discover(paths);
    let mut out = Vec::new();
    for f in &files {
        input::read_units(f, &ReadOptions::default(), &mut |u| {
            let Ok(d) = gwr::decode::decode(&u.bytes, None, u.html_hint) else {
                return;
            };
            let info = SourceInfo {
                report_id: u.report_id(),
                source: u.source.clone(),
                member: u.member,
                hints: u.hints.clone(),
                ..Default::default()
            };
            let name = match u.member {
                Some(m) => format!("{}#{m}", u.source),
                None => u.source.clone(),
            };
            let name = name
                .split_once("/corpus/")
                .map_or(name.clone(), |(_, n)| n.to_string());
            out.push(Doc {
                name,
                text: d.text,
                info,
            });
        });
    }
    out
}

/// Every line break removed.
pub fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], "")
}

/// Every line hard-wrapped at `width` chars, PDF-style.
pub fn hard_wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for l in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        for (k, c) in l.chars().enumerate() {
            if k > 0 && k % width == 0 {
                out.push('\n');
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}
