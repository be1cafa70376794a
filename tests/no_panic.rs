//! Decode + parse never panic, and every record's `text` is exactly its source slice
//! (with char offsets that agree with the byte offsets) — on arbitrary bytes, on the real
//! corpora, and on real report text mutated with the markers the grammar keys on.
//!
//! This calls `gwr::decode::decode` and `gwr::parse::parse` directly, not
//! `pipeline::process`, which would hide a panic behind a failed report. It is the
//! stable-toolchain companion of the `cargo fuzz` target `fuzz/fuzz_targets/decode_parse.rs`.

use std::path::Path;
use std::sync::OnceLock;

use gwr::input::{self, ReadOptions};
use gwr::model::{ParsedReport, Span};
use gwr::parse::SourceInfo;
use proptest::prelude::*;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Markers and trigger words the outline and quantity grammars look for, plus layout
/// noise real inputs carry.
const MARKERS: &[&str] = &[
    "一、",
    "二、",
    "十、",
    "（一）",
    "（二）",
    "(三)",
    "一是",
    "二是",
    "九是",
    "1．",
    "2.",
    "１．",
    "%",
    "％",
    "亿元",
    "万元",
    "左右",
    "以上",
    "以内",
    "控制在",
    "增长",
    "下降",
    "翻一番",
    "力争",
    "确保",
    "十四五",
    "2025年",
    "\n",
    "\r\n",
    "\n\n",
    "\u{200B}",
    "\u{3000}",
    "\u{FEFF}",
    "１２３",
    "６．５",
    "5.5",
    "百分之",
    "。",
    "；",
    "：",
    "，",
    "个",
    "项",
    "各位代表：",
    "政府工作报告",
    "一、过去一年工作回顾",
    "**",
    "****",
    "\u{0}",
    "\u{FFFD}",
];

/// The seed(s) and every report of the real corpora, as raw bytes.
fn real_texts() -> &'static Vec<Vec<u8>> {
    static T: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut out = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Ok(rd) = std::fs::read_dir(SEEDS) {
            let mut seeds: Vec<String> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .map(|p| p.display().to_string())
                .collect();
            seeds.sort();
            args.extend(seeds);
        }
        for p in ["national_reports.jsonl", "provinces_2026", "cities_2024"] {
            let p = Path::new(CORPUS).join(p);
            if p.exists() {
                args.push(p.display().to_string());
            }
        }
        let (files, _) = input::discover(&args);
        for f in &files {
            input::read_units(f, &ReadOptions::default(), &mut |u| {
                if u.error.is_none() {
                    out.push(u.bytes)
                }
            });
        }
        assert!(!out.is_empty(), "no seed under {SEEDS}");
        out
    })
}

fn check_span(src: &str, what: &str, span: &Span, text: &str) -> Result<(), String> {
    let slice = src.get(span.byte_start..span.byte_end).ok_or_else(|| {
        format!(
            "{what}: span {}..{} is not a slice of the {}-byte text",
            span.byte_start,
            span.byte_end,
            src.len()
        )
    })?;
    if slice != text {
        return Err(format!("{what}: text {text:?} != source slice {slice:?}"));
    }
    let cs = src[..span.byte_start].chars().count();
    let ce = cs + slice.chars().count();
    if (span.char_start, span.char_end) != (cs, ce) {
        return Err(format!(
            "{what}: char span {}..{} but bytes {}..{} are chars {cs}..{ce}",
            span.char_start, span.char_end, span.byte_start, span.byte_end
        ));
    }
    Ok(())
}

fn check_report(src: &str, r: &ParsedReport) -> Result<(), String> {
    check_span(src, "report", &r.report.span, &r.report.text)?;
    for s in &r.sections {
        check_span(src, &s.section_id, &s.span, &s.text)?;
        let body = src
            .get(s.body.byte_start..s.body.byte_end)
            .ok_or(format!("{}: body span out of the text", s.section_id))?;
        check_span(src, &format!("{} body", s.section_id), &s.body, body)?;
    }
    for t in &r.tasks {
        check_span(src, &t.task_id, &t.span, &t.text)?;
        if let (Some(hs), Some(h)) = (&t.heading_span, &t.heading) {
            check_span(src, &format!("{} heading", t.task_id), hs, h)?;
        }
        for m in &t.measures {
            check_span(
                src,
                &format!("{} measure {}", t.task_id, m.ordinal),
                &m.span,
                &m.text,
            )?;
        }
    }
    for q in r.targets.iter().chain(&r.achievements) {
        check_span(src, &q.id, &q.span, &q.text)?;
    }
    for p in &r.projects {
        check_span(src, &p.project_id, &p.span, &p.text)?;
    }
    for d in &r.diagnostics {
        check_span(src, &d.diagnostic_id, &d.span, &d.text)?;
    }
    for p in &r.paragraphs {
        check_span(src, &p.paragraph_id, &p.span, &p.text)?;
    }
    Ok(())
}

/// Decode then parse (panics propagate), then check every span.
fn decode_parse(bytes: &[u8]) -> Result<(), String> {
    let Ok(d) = gwr::decode::decode(bytes, None, false) else {
        return Ok(());
    };
    let info = SourceInfo {
        report_id: "fuzz".into(),
        bytes: bytes.len() as u64,
        encoding: d.encoding.to_string(),
        from_html: d.from_html,
        ..SourceInfo::default()
    };
    let r = gwr::parse::parse(&d.text, &info);
    check_report(&d.text, &r)
}

#[test]
fn real_corpora_parse_without_panic_with_exact_spans() {
    for (k, b) in real_texts().iter().enumerate() {
        let r = std::panic::catch_unwind(|| decode_parse(b));
        match r {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("real report #{k}: {e}"),
            Err(_) => panic!("real report #{k} ({} bytes) made the parser panic", b.len()),
        }
    }
}

/// Found by the properties below: each once made the parser panic.
#[test]
fn known_crashers() {
    // quantities::figures stepped one byte into 百 when 百分之 had no number after it.
    // quantities::read_segment sliced begin > end (national report, 1980s).
    for case in [
        "百分之%",
        "有的增长了百分之几十",
        "百分之增长",
        "1979年在能源增长不到3%的情况下",
    ] {
        let r = std::panic::catch_unwind(|| decode_parse(case.as_bytes()));
        assert!(matches!(r, Ok(Ok(()))), "{case:?}: {r:?}");
    }
}

/// A mutation of real text: a random slice (any byte offsets) of a random report, then
/// marker insertions and byte flips at random positions.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let n = real_texts().len();
    (
        0..n,
        any::<prop::sample::Index>(),
        0usize..12_000,
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                0..MARKERS.len(),
                any::<bool>(),
            ),
            0..24,
        ),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
    )
        .prop_map(|(doc, start, len, inserts, flips)| {
            let src = &real_texts()[doc];
            let s = start.index(src.len().max(1)).min(src.len());
            let e = (s + len).min(src.len());
            let mut v = src[s..e].to_vec();
            for (at, m, snap) in inserts {
                let mut i = at.index(v.len() + 1);
                if snap {
                    // Mostly at char boundaries, as real edits are.
                    while i < v.len() && (v[i] & 0xC0) == 0x80 {
                        i += 1;
                    }
                }
                v.splice(i..i, MARKERS[m].bytes());
            }
            if !v.is_empty() {
                for (at, b) in flips {
                    let i = at.index(v.len());
                    v[i] = b;
                }
            }
            v
        })
}

/// Lines of markers and numbers only: dense in everything the grammar reacts to.
fn marker_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            (0..MARKERS.len()).prop_map(|m| MARKERS[m].to_string()),
            "[0-9０-９.．]{1,6}",
            "[\u{4e00}-\u{4e20}]{0,4}",
            Just("地区生产总值增长".to_string()),
            Just("城镇新增就业".to_string()),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        decode_parse(&bytes).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,600}") {
        decode_parse(s.as_bytes()).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn mutated_real_text(bytes in mutated()) {
        decode_parse(&bytes).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn markers_and_numbers(bytes in marker_soup()) {
        decode_parse(&bytes).map_err(TestCaseError::fail)?;
    }
}
