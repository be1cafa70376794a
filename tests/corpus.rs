//! Corpus invariants: every report of `../shared/corpus/` (65 national JSONL lines with
//! the NPC resolutions among them, 15 provincial CSVs, 40 city texts), read in place.
//!
//! For every record of every report: the span is in bounds and its `text` is the exact
//! slice at both byte and char offsets; ids are unique; resolutions are recognised; every
//! report from 1978 on has tasks; a report that states headline targets has them; every
//! report has its panel keys (region, level, year). The record invariants (spans, ids,
//! `metric_raw` inside `text`, a status that is not `ok` when the outline is missing) run
//! over the 1,489 Markdown reports of `lawtext/` too.

use std::collections::HashSet;
use std::path::PathBuf;

use gwr::input::{self, ReadOptions};
use gwr::model::{DocKind, ParsedReport, Span, Status};
use gwr::pipeline::{self, DecodeOptions};

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))
}

fn all_reports() -> Vec<(Option<String>, ParsedReport)> {
    reports_of(&["national_reports.jsonl", "provinces_2026", "cities_2024"])
}

fn reports_of(dirs: &[&str]) -> Vec<(Option<String>, ParsedReport)> {
    let args: Vec<String> = dirs
        .iter()
        .map(|d| corpus().join(d).to_string_lossy().into_owned())
        .collect();
    let (files, _) = input::discover(&args);
    let mut out = Vec::new();
    for f in &files {
        input::read_units(f, &ReadOptions::default(), &mut |u| {
            let title = u.hints.title.clone();
            out.push((title, pipeline::process(&u, &DecodeOptions::default())));
        });
    }
    out
}

fn check_span(text: &str, chars: &[usize], span: &Span, got: &str, what: &str) {
    assert!(
        span.byte_start <= span.byte_end && span.byte_end <= text.len(),
        "{what}: {span:?} out of bounds"
    );
    assert_eq!(
        &text[span.byte_start..span.byte_end],
        got,
        "{what}: byte slice"
    );
    // chars[i] = byte offset of char i (plus the end).
    assert_eq!(
        chars.get(span.char_start),
        Some(&span.byte_start),
        "{what}: char_start {span:?}"
    );
    assert_eq!(
        chars.get(span.char_end),
        Some(&span.byte_end),
        "{what}: char_end {span:?}"
    );
}

/// Spans, ids and the indicator of every record of one report.
fn check_records(r: &ParsedReport, ids: &mut HashSet<String>) {
    let text = &r.report.text;
    let name = format!("{} #{:?}", r.report.source, r.report.member);
    let mut chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    chars.push(text.len());
    for s in &r.sections {
        check_span(text, &chars, &s.span, &s.text, &format!("{name} section"));
        assert!(
            ids.insert(s.section_id.clone()),
            "{name}: duplicate {}",
            s.section_id
        );
    }
    for t in &r.tasks {
        check_span(text, &chars, &t.span, &t.text, &format!("{name} task"));
        if let (Some(h), Some(hs)) = (&t.heading, &t.heading_span) {
            check_span(text, &chars, hs, h, &format!("{name} task heading"));
        }
        for m in &t.measures {
            check_span(text, &chars, &m.span, &m.text, &format!("{name} measure"));
        }
        assert!(
            ids.insert(t.task_id.clone()),
            "{name}: duplicate {}",
            t.task_id
        );
    }
    for q in r.targets.iter().chain(&r.achievements) {
        check_span(text, &chars, &q.span, &q.text, &format!("{name} quantity"));
        assert!(
            q.text.contains(&q.metric_raw),
            "{name}: metric_raw {:?} is not in text {:?}",
            q.metric_raw,
            q.text
        );
        assert!(ids.insert(q.id.clone()), "{name}: duplicate {}", q.id);
    }
    for p in &r.projects {
        check_span(text, &chars, &p.span, &p.text, &format!("{name} project"));
        assert!(
            ids.insert(p.project_id.clone()),
            "{name}: duplicate {}",
            p.project_id
        );
    }
    for d in &r.diagnostics {
        check_span(
            text,
            &chars,
            &d.span,
            &d.text,
            &format!("{name} diagnostic"),
        );
    }
    for p in &r.paragraphs {
        check_span(text, &chars, &p.span, &p.text, &format!("{name} paragraph"));
    }
}

#[test]
fn every_record_of_the_real_corpora_holds_its_invariants() {
    let reports = all_reports();
    assert_eq!(reports.len(), 65 + 15 + 40, "reports read");
    let mut ids = HashSet::new();
    let mut n_records = 0usize;
    for (title, r) in &reports {
        let text = &r.report.text;
        let name = format!("{} #{:?}", r.report.source, r.report.member);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "internal_error"),
            "{name}: the parser failed"
        );
        assert!(
            ids.insert(r.report.report_id.clone()),
            "{name}: duplicate report id"
        );

        // Resolutions are recognised and not forced into reports.
        let is_resolution = title.as_deref().is_some_and(|t| t.contains("决议"));
        let want = if is_resolution {
            DocKind::Resolution
        } else {
            DocKind::Report
        };
        assert_eq!(r.report.doc_kind, want, "{name}: doc kind");
        if is_resolution {
            assert!(
                r.tasks.is_empty() && r.targets.is_empty(),
                "{name}: records from a resolution"
            );
            continue;
        }

        check_records(r, &mut ids);
        n_records += r.sections.len()
            + r.tasks.len()
            + r.targets.len()
            + r.achievements.len()
            + r.projects.len();

        // Panel keys.
        assert!(r.report.region.is_some(), "{name}: no region");
        assert!(r.report.admin_level.is_some(), "{name}: no admin level");
        let year = r.report.year.unwrap_or_else(|| panic!("{name}: no year"));
        if year >= 1978 {
            assert!(
                !r.tasks.is_empty(),
                "{name}: a report of {year} without tasks"
            );
        }
        if text.contains("主要预期目标") {
            assert!(
                r.targets.iter().any(|t| t.headline),
                "{name}: states headline targets, none found"
            );
        }
    }
    assert!(n_records > 10_000, "{n_records} records");
}

#[test]
fn corpus_metadata_is_read_from_text_fields_and_paths() {
    let reports = all_reports();
    let find = |src: &str, member: Option<u64>| {
        reports
            .iter()
            .map(|(_, r)| r)
            .find(|r| r.report.source.ends_with(src) && r.report.member == member)
            .unwrap_or_else(|| panic!("{src}"))
    };
    let n2024 = find("national_reports.jsonl", Some(1));
    assert_eq!(n2024.report.region.as_deref(), Some("全国"));
    assert_eq!(n2024.report.delivered_on.as_deref(), Some("2024-03-05"));
    assert_eq!(n2024.report.speaker.as_deref(), Some("李强"));
    assert_eq!(n2024.report.year, Some(2024));

    let bj = find("2026_北京市_政府工作报告.csv", Some(0));
    assert_eq!(
        (bj.report.region.as_deref(), bj.report.year),
        (Some("北京市"), Some(2026))
    );
    assert_eq!(bj.report.speaker.as_deref(), Some("殷勇"));

    // 吉林.txt is 吉林市 (the city), a prefecture, in the 2024 folder.
    let jl = find("吉林.txt", None);
    assert_eq!(jl.report.region.as_deref(), Some("吉林市"));
    assert_eq!(
        jl.report.admin_level.map(|l| l.as_str()),
        Some("prefecture")
    );
    assert_eq!(jl.report.year, Some(2024));
    // A bare 广州 is 广州市, not an autonomous prefecture.
    assert_eq!(
        find("广州.txt", None).report.region.as_deref(),
        Some("广州市")
    );
}

#[test]
fn every_record_of_the_markdown_collection_holds_its_invariants() {
    let reports = reports_of(&["lawtext"]);
    assert_eq!(reports.len(), 1489, "lawtext reports read");
    let mut ids = HashSet::new();
    let mut status = [0usize; 3];
    for (_, r) in &reports {
        let name = &r.report.source;
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "internal_error"),
            "{name}: the parser failed"
        );
        assert!(
            ids.insert(r.report.report_id.clone()),
            "{name}: duplicate report id"
        );
        check_records(r, &mut ids);
        // Front matter is layout: never a region, never the start of a paragraph.
        assert!(
            !r.report.region.as_deref().is_some_and(|g| g.contains(':')),
            "{name}: region {:?}",
            r.report.region
        );
        assert!(
            !r.paragraphs.iter().any(|p| p.text.starts_with("title:")),
            "{name}: the front matter is read as text"
        );
        // Status tells the truth: no outline, no `ok`.
        if r.sections.is_empty() || r.tasks.is_empty() && r.targets.is_empty() {
            assert_ne!(r.report.status, Status::Ok, "{name}: ok without an outline");
        }
        status[match r.report.status {
            Status::Ok => 0,
            Status::Partial => 1,
            Status::Failed => 2,
        }] += 1;
    }
    eprintln!(
        "lawtext: ok {}, partial {}, failed {}",
        status[0], status[1], status[2]
    );
    let with_sections = reports
        .iter()
        .filter(|(_, r)| !r.sections.is_empty())
        .count();
    assert!(
        with_sections * 100 >= reports.len() * 97,
        "{with_sections} of {} reports have sections",
        reports.len()
    );
}
