//! The report parser: decoded text in, typed records with exact spans out.
//!
//! Flow: fold the text into the matching view (`canon`), read metadata, build the
//! outline (sections, tasks, measures), then walk paragraphs → sentences → clauses
//! (`walk`, with the years each passage speaks of from `periods`) and run the quantity
//! and project grammars where a trigger makes a record possible. `assemble` and
//! `project_rows` turn what was found into rows, `structure` adds the wholeness
//! diagnostics. Canonical ranges are mapped back to the source once, and char offsets
//! computed once. This module only orchestrates: no grammar of its own, no I/O, no
//! global state; one report at a time.

mod assemble;
pub mod canon;
pub mod collectives;
pub mod cues;
pub mod find;
pub mod fold;
pub mod grammar_table;
pub mod heading_words;
pub mod health;
pub mod inline_headline;
pub mod layout;
pub mod leads;
pub mod list_groups;
pub mod metadata;
pub mod metrics;
pub mod number;
pub mod outline;
mod periods;
pub mod places;
mod project_rows;
pub mod project_words;
pub mod projects;
pub mod quantities;
pub mod segment;
pub mod series;
pub mod spans;
mod structure;
pub mod tense_words;
pub mod unit_table;
mod walk;
pub mod wrap;

use std::ops::Range;

use crate::model::*;
use canon::Canon;
use outline::Group;

pub use metadata::Hints;
pub(crate) use periods::plan_period;
pub(crate) use walk::TargetAt;

/// What the caller knows about the input besides its text.
#[derive(Debug, Clone, Default)]
pub struct SourceInfo {
    pub report_id: String,
    pub source: String,
    pub member: Option<u64>,
    pub sha256: String,
    pub bytes: u64,
    pub encoding: String,
    pub from_html: bool,
    pub hints: Hints,
    pub source_meta: Option<String>,
    /// Findings of the decoder, to be reported with the parser's own.
    pub decode_issues: Vec<(Severity, String, String, Range<usize>)>,
}

/// Accumulates records with canonical ranges, then maps them to the source.
struct Builder<'a> {
    src: &'a str,
    canon: &'a Canon,
    report_id: &'a str,
    out: ParsedReport,
}

impl Builder<'_> {
    fn span(&self, r: Range<usize>) -> (Span, String) {
        let (s, e) = self.canon.to_source(r.start, r.end);
        let text = self.src.get(s..e).unwrap_or("").to_string();
        (Span::bytes(s, e), text)
    }

    fn diag(&mut self, severity: Severity, code: &str, message: String, r: Range<usize>) {
        let (span, text) = self.span(r);
        let n = self.out.diagnostics.len() + 1;
        self.out.diagnostics.push(Diagnostic {
            diagnostic_id: format!("{}-D{n:04}", self.report_id),
            report_id: self.report_id.to_string(),
            severity,
            code: code.to_string(),
            message,
            span,
            text,
        });
    }
}

/// A failed report: no text could be read. Only the report row and diagnostics.
pub fn failed(info: &SourceInfo, code: &str, message: &str) -> ParsedReport {
    let mut report = empty_report(info, "");
    report.status = Status::Failed;
    report.doc_kind = DocKind::Unknown;
    ParsedReport {
        report,
        sections: vec![],
        tasks: vec![],
        targets: vec![],
        achievements: vec![],
        projects: vec![],
        diagnostics: vec![Diagnostic {
            diagnostic_id: format!("{}-D0001", info.report_id),
            report_id: info.report_id.clone(),
            severity: Severity::Error,
            code: code.to_string(),
            message: message.to_string(),
            span: Span::default(),
            text: String::new(),
        }],
        paragraphs: vec![],
    }
}

fn empty_report(info: &SourceInfo, text: &str) -> Report {
    Report {
        report_id: info.report_id.clone(),
        source: info.source.clone(),
        member: info.member,
        sha256: info.sha256.clone(),
        bytes: info.bytes,
        chars: spans::count_chars(text) as u64,
        encoding: info.encoding.clone(),
        from_html: info.from_html,
        doc_kind: DocKind::Report,
        title: None,
        title_source: None,
        region: None,
        region_source: None,
        region_code: None,
        parent_code: None,
        admin_level: None,
        admin_level_source: None,
        year: None,
        year_source: None,
        delivered_on: None,
        delivered_on_source: None,
        speaker: None,
        speaker_source: None,
        declined_targets: vec![],
        status: Status::Ok,
        parser_version: PARSER_VERSION.to_string(),
        source_meta: info.source_meta.clone(),
        span: Span::bytes(0, text.len()),
        text: text.to_string(),
    }
}

/// Parses one report's decoded text.
pub fn parse(src: &str, info: &SourceInfo) -> ParsedReport {
    let canon = Canon::new(src);
    let text = canon.text.as_str();
    let meta = metadata::read(text, canon.front_matter_title(), &info.hints);
    let report = report_row(info, src, &meta);
    let mut b = Builder {
        src,
        canon: &canon,
        report_id: &info.report_id,
        out: ParsedReport {
            report,
            sections: vec![],
            tasks: vec![],
            targets: vec![],
            achievements: vec![],
            projects: vec![],
            diagnostics: vec![],
            paragraphs: vec![],
        },
    };
    decode_diagnostics(&mut b, info);

    if text.trim().is_empty() {
        b.diag(
            Severity::Error,
            "empty_text",
            "the input has no text".into(),
            0..0,
        );
    } else if b.out.report.doc_kind == DocKind::Resolution {
        b.diag(
            Severity::Info,
            "not_a_report",
            "this document is an NPC resolution on a work report, not a report; no tasks or targets are extracted".into(),
            0..text.len(),
        );
        let paras = segment::paragraphs(text);
        assemble::paragraphs(&mut b, &paras, &[]);
    } else {
        // Split once: the outline, the paragraph rows and the clause walk read the same.
        let segs = segment::Segments::new(text);
        let ol = outline::outline(text, &segs, canon.breaks(), meta.year.map(|y| y.0));
        body_records(&mut b, &segs, &ol, meta.year.map(|y| y.0));
    }
    for f in health::check(&b.out, text) {
        b.diag(f.severity, f.code, f.message, f.range);
    }
    finish(b)
}

/// The report row: the input's facts and the metadata read from the text.
fn report_row(info: &SourceInfo, src: &str, meta: &metadata::Meta) -> Report {
    let mut report = empty_report(info, src);
    report.doc_kind = meta.doc_kind.unwrap_or(DocKind::Report);
    report.title = meta.title.as_ref().map(|t| t.0.clone());
    report.title_source = meta.title.as_ref().map(|t| t.1);
    report.region = meta.region.as_ref().map(|t| t.0.clone());
    report.region_source = meta.region.as_ref().map(|t| t.1);
    report.admin_level = meta.admin_level.map(|t| t.0);
    report.admin_level_source = meta.admin_level.map(|t| t.1);
    report.year = meta.year.map(|t| t.0);
    report.year_source = meta.year.map(|t| t.1);
    report.delivered_on = meta.delivered_on.as_ref().map(|t| t.0.clone());
    report.delivered_on_source = meta.delivered_on.as_ref().map(|t| t.1);
    report.speaker = meta.speaker.as_ref().map(|t| t.0.clone());
    report.speaker_source = meta.speaker.as_ref().map(|t| t.1);
    report
}

/// The decoder's findings, as diagnostics (their offsets are source offsets already).
fn decode_diagnostics(b: &mut Builder, info: &SourceInfo) {
    let src = b.src;
    for (sev, code, msg, r) in &info.decode_issues {
        // Decoder offsets are source offsets already.
        let n = b.out.diagnostics.len() + 1;
        let (s, e) = (r.start.min(src.len()), r.end.min(src.len()));
        let (s, e) = (
            spans::floor_char_boundary(src, s),
            spans::floor_char_boundary(src, e),
        );
        b.out.diagnostics.push(Diagnostic {
            diagnostic_id: format!("{}-D{n:04}", info.report_id),
            report_id: info.report_id.clone(),
            severity: *sev,
            code: code.clone(),
            message: msg.clone(),
            span: Span::bytes(s, e),
            text: src.get(s..e).unwrap_or("").to_string(),
        });
    }
}

/// The records of a report with an outline: sections, tasks, paragraphs, then the
/// clause walk's targets, achievements and projects, then the structure diagnostics.
fn body_records(
    b: &mut Builder,
    segs: &segment::Segments,
    ol: &outline::Outline,
    year: Option<i32>,
) {
    let section_ids = assemble::sections(b, ol);
    assemble::tasks(b, ol, &section_ids);
    let section_ranges: Vec<(Range<usize>, String)> = ol
        .sections
        .iter()
        .map(|s| s.line.start..s.body.end)
        .zip(section_ids.iter().cloned())
        .collect();
    let canon = b.canon;
    let text = canon.text.as_str();
    assemble::paragraphs(b, segs.paragraphs(), &section_ranges);
    let mut found = walk::collect(text, segs, ol, year);
    assemble::declined(b, std::mem::take(&mut found.declined));
    inline_headline::mark(text, year, &mut found.targets, &|s| {
        ol.sections.get(s).is_some_and(|x| {
            matches!(
                x.group,
                Group::Plan | Group::FiveYearPlan | Group::LivelihoodProjects
            )
        })
    });
    let task_ids: Vec<String> = b.out.tasks.iter().map(|t| t.task_id.clone()).collect();
    let ids = assemble::RowIds {
        sections: &section_ids,
        tasks: &task_ids,
    };
    assemble::quantities(b, found.targets, found.achievements, &ids);
    project_rows::push_all(b, found.projects, &ids);
    structure::diagnose(b, ol);
}

/// A DFA over a few short words for presence tests on short texts. No prefilter: in
/// Chinese UTF-8 every "rare byte" is common, and the plain DFA is faster. The concrete
/// `dfa::DFA` (searched through the `Automaton` trait) is used rather than the
/// `AhoCorasick` wrapper, which adds a `dyn` call and input checks to every search: a
/// small saving on millions of short searches (~0.5 % of a parse's instructions).
pub(crate) fn gate(words: &[&str]) -> Result<aho_corasick::dfa::DFA, aho_corasick::BuildError> {
    aho_corasick::dfa::DFA::builder()
        .prefilter(false)
        .build(words)
}

/// Maps every span to char offsets once, sets the status.
fn finish(b: Builder) -> ParsedReport {
    let src = b.src;
    let mut out = b.out;
    let mut idx = spans::CharOffsets::default();
    visit_spans(&mut out, &mut |s| idx.want(s));
    idx.resolve(src);
    visit_spans(&mut out, &mut |s| idx.fill(s));
    let worst = out.diagnostics.iter().map(|d| d.severity).max();
    out.report.status = match worst {
        Some(Severity::Error) if out.report.text.trim().is_empty() => Status::Failed,
        Some(Severity::Error) | Some(Severity::Warning) => Status::Partial,
        _ => Status::Ok,
    };
    out
}

fn visit_spans(r: &mut ParsedReport, f: &mut dyn FnMut(&mut Span)) {
    f(&mut r.report.span);
    for s in &mut r.sections {
        f(&mut s.span);
        f(&mut s.body);
    }
    for t in &mut r.tasks {
        f(&mut t.span);
        if let Some(h) = &mut t.heading_span {
            f(h);
        }
        for m in &mut t.measures {
            f(&mut m.span);
        }
    }
    for q in r.targets.iter_mut().chain(r.achievements.iter_mut()) {
        f(&mut q.span);
    }
    for p in &mut r.projects {
        f(&mut p.span);
    }
    for d in &mut r.diagnostics {
        f(&mut d.span);
    }
    for p in &mut r.paragraphs {
        f(&mut p.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Key = (Option<String>, Option<f64>, Comparator, Option<i32>, bool);

    fn key(r: &ParsedReport) -> Vec<Key> {
        r.targets
            .iter()
            .map(|t| {
                (
                    t.metric.clone(),
                    t.value,
                    t.comparator,
                    t.horizon_start,
                    t.headline,
                )
            })
            .collect()
    }

    #[test]
    fn traditional_characters_give_the_same_records() {
        let simp = "各位代表:\n一、2023年工作回顾\n全年地区生产总值增长5.2%。\n二、2024年工作安排\n今年经济社会发展的主要预期目标是:地区生产总值增长7%左右,城镇调查失业率控制在5.5%以内,粮食产量达到32亿斤。\n";
        let trad = "各位代表:\n一、2023年工作回顧\n全年地區生產總值增長5.2%。\n二、2024年工作安排\n今年經濟社會發展的主要預期目標是:地區生產總值增長7%左右,城鎮調查失業率控制在5.5%以內,糧食產量達到32億斤。\n";
        let info = SourceInfo::default();
        let (a, b) = (parse(simp, &info), parse(trad, &info));
        assert_eq!(key(&a), key(&b));
        assert_eq!(a.targets.len(), 3);
        assert_eq!(b.targets[0].metric.as_deref(), Some("gdp_growth"));
        // Text and spans stay the original characters.
        assert_eq!(b.targets[0].text, "地區生產總值增長7%左右");
        assert_eq!(b.targets[2].unit.as_deref(), Some("億斤"));
        assert_eq!(b.achievements.len(), a.achievements.len());
    }

    #[test]
    fn explicit_absence_of_a_gdp_target_is_recorded() {
        // The 2020 national report (delivered 2020-05-22), as printed.
        let text = "各位代表:\n一、2019年和今年以来工作回顾\n过去一年,经济运行总体平稳,国内生产总值增长6.1%。\n二、今年工作总体部署\n今年城镇新增就业900万人以上,城镇调查失业率6%左右。我们没有提出全年经济增速具体目标,主要因为全球疫情和经贸形势不确定性很大,我国发展面临一些难以预料的影响因素。\n";
        let info = SourceInfo {
            report_id: "t".into(),
            ..Default::default()
        };
        let r = parse(text, &info);
        assert_eq!(r.report.declined_targets, vec!["gdp_growth".to_string()]);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "declined_target")
            .expect("diagnostic");
        assert!(d.text.starts_with("我们没有提出全年经济增速具体目标"));
        assert!(r
            .targets
            .iter()
            .any(|t| t.metric.as_deref() == Some("new_urban_jobs") && t.value == Some(900.0)));
        assert!(!r
            .targets
            .iter()
            .any(|t| t.metric.as_deref() == Some("gdp_growth")));
    }
}
