//! Whole-report snapshots: the full output of `pipeline::process` for the seed and five
//! corpus reports of different levels and eras, pinned with insta. "Output identical" is
//! this test, not a claim: a change that moves any record of these reports shows here as a
//! snapshot diff, to accept (`cargo insta review`) with its reason in the commit message.
//!
//! Every record is one JSON line without its `text` (and the report without its whole
//! text): `text` is checked here to be the source slice at both offset kinds, so the span
//! pins it. `source` is shown relative to the corpus, and `parser_version` is dropped, so
//! the snapshots do not depend on the machine or on a version bump.

mod common;

use gwr::input::{self, ReadOptions, Unit};
use gwr::model::ParsedReport;
use gwr::pipeline::{self, DecodeOptions};
use serde_json::Value;

/// The reports, as (snapshot name, path below `../shared/`, member of a JSONL corpus).
const REPORTS: &[(&str, &str, Option<u64>)] = &[
    (
        "seed_city_liaoyuan_2021",
        "seeds/000_1b35902c2adaf4af.txt",
        None,
    ),
    ("national_1997", "corpus/national_reports.jsonl", Some(39)),
    (
        "province_shandong_1995",
        "corpus/lawtext/政府工作报告-省自治区/山东省/1995.md",
        None,
    ),
    (
        "big_city_changsha_2004",
        "corpus/lawtext/政府工作报告-主要城市/长沙市/2004.md",
        None,
    ),
    (
        "prefecture_yichun_2014",
        "corpus/lawtext/政府工作报告-其他地市/伊春市/2014.md",
        None,
    ),
    (
        "province_jiangxi_2026",
        "corpus/provinces_2026/2026_江西省_政府工作报告.csv",
        None,
    ),
    ("city_jilin_2024", "corpus/cities_2024/吉林.txt", None),
];

fn unit_of(full: &std::path::Path, member: Option<u64>) -> Unit {
    let (files, _) = input::discover(&[common::s(full).to_string()]);
    assert_eq!(files.len(), 1, "{full:?}: expected one input file");
    let mut found = None;
    input::read_units(&files[0], &ReadOptions::default(), &mut |u| {
        if member.is_none() || u.member == member {
            found.get_or_insert(u);
        }
    });
    found.unwrap_or_else(|| panic!("{full:?}: member {member:?} not found"))
}

/// Removes `text` fields (recursively) and the machine-dependent report fields.
fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("text");
            m.remove("parser_version");
            m.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

fn line(record: &impl serde::Serialize) -> String {
    let mut v = serde_json::to_value(record).expect("records serialise");
    strip(&mut v);
    v.to_string()
}

fn table<T: serde::Serialize>(out: &mut String, name: &str, rows: &[T]) {
    out.push_str(&format!("## {name} ({})\n", rows.len()));
    for r in rows {
        out.push_str(&line(r));
        out.push('\n');
    }
}

fn render(p: &ParsedReport, shown_source: &str) -> String {
    let mut report = p.report.clone();
    report.source = shown_source.to_string();
    let mut out = format!("## report\n{}\n", line(&report));
    table(&mut out, "sections", &p.sections);
    table(&mut out, "tasks", &p.tasks);
    table(&mut out, "targets", &p.targets);
    table(&mut out, "achievements", &p.achievements);
    table(&mut out, "projects", &p.projects);
    table(&mut out, "diagnostics", &p.diagnostics);
    table(&mut out, "paragraphs", &p.paragraphs);
    out
}

/// Every `text` of the report is its span's slice, by bytes and by chars.
fn assert_texts_are_slices(p: &ParsedReport, name: &str) {
    let src = &p.report.text;
    let chars: Vec<char> = src.chars().collect();
    let check = |span: &gwr::model::Span, text: &str, what: &str| {
        let by_bytes = src.get(span.byte_start..span.byte_end);
        assert_eq!(
            by_bytes,
            Some(text),
            "{name}: {what} text is not its byte slice"
        );
        let by_chars: String = chars[span.char_start..span.char_end].iter().collect();
        assert_eq!(by_chars, text, "{name}: {what} text is not its char slice");
    };
    p.sections
        .iter()
        .for_each(|s| check(&s.span, &s.text, "section"));
    for t in &p.tasks {
        check(&t.span, &t.text, "task");
        t.measures
            .iter()
            .for_each(|m| check(&m.span, &m.text, "measure"));
    }
    p.targets
        .iter()
        .for_each(|q| check(&q.span, &q.text, "target"));
    p.achievements
        .iter()
        .for_each(|q| check(&q.span, &q.text, "achievement"));
    p.projects
        .iter()
        .for_each(|r| check(&r.span, &r.text, "project"));
    p.paragraphs
        .iter()
        .for_each(|r| check(&r.span, &r.text, "paragraph"));
}

#[test]
fn whole_reports_are_pinned() {
    let root = common::manifest_dir();
    for &(name, path, member) in REPORTS {
        let full = if path.starts_with("seeds/") {
            root.join(path)
        } else {
            common::shared().join(path)
        };
        let unit = unit_of(&full, member);
        let parsed = pipeline::process(&unit, &DecodeOptions::default());
        assert!(
            !parsed.targets.is_empty() && !parsed.tasks.is_empty(),
            "{name}: a pinned report must have targets and tasks"
        );
        assert_texts_are_slices(&parsed, name);
        let shown = match member {
            Some(m) => format!("{path}#{m}"),
            None => path.to_string(),
        };
        insta::assert_snapshot!(name, render(&parsed, &shown));
    }
}
