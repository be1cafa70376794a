//! The report parser: decoded text in, typed records with exact spans out.
//!
//! Flow: fold the text into the matching view (`canon`), read metadata, build the
//! outline (sections, tasks, measures), then walk paragraphs → sentences → clauses and
//! run the quantity and project grammars where a trigger makes a record possible.
//! Canonical ranges are mapped back to the source once, and char offsets computed once.
//! Pure: no I/O, no global state; one report at a time.

pub mod canon;
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
pub mod places;
pub mod project_words;
pub mod projects;
pub mod quantities;
pub mod segment;
pub mod series;
pub mod spans;
pub mod tense_words;
pub mod unit_table;
pub mod wrap;

use std::ops::Range;
use tense_words::{chars, has, starts, words, T};

use crate::model::*;
use canon::Canon;
use cues::{Cues, WordSet};
use outline::Group;

pub use metadata::Hints;

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
        paragraphs(&mut b, &[]);
    } else {
        let mut ol = outline::outline(text);
        ol.settle_years(text, meta.year.map(|y| y.0));
        let section_ids = sections(&mut b, &ol);
        tasks(&mut b, &ol, &section_ids);
        paragraphs(
            &mut b,
            &ol.sections
                .iter()
                .map(|s| s.line.start..s.body.end)
                .zip(section_ids.iter().cloned())
                .collect::<Vec<_>>(),
        );
        records(&mut b, &ol, &section_ids, meta.year.map(|y| y.0));
        structure_diagnostics(&mut b, &ol);
    }
    for f in health::check(&b.out, text) {
        b.diag(f.severity, f.code, f.message, f.range);
    }
    finish(b)
}

fn sections(b: &mut Builder, ol: &outline::Outline) -> Vec<String> {
    let mut ids = Vec::new();
    for (k, s) in ol.sections.iter().enumerate() {
        let id = format!("{}-S{:02}", b.report_id, k + 1);
        let (span, text) = b.span(s.line.clone());
        let (body, _) = b.span(s.body.clone());
        let marker = s.marker.clone().map(|m| b.span(m).1);
        let heading = s.heading.clone().map(|h| b.span(h).1);
        b.out.sections.push(Section {
            section_id: id.clone(),
            report_id: b.report_id.to_string(),
            parent_id: None,
            level: 1,
            ordinal: s.ordinal,
            marker,
            heading,
            group: s.group.as_str().to_string(),
            span,
            text,
            body,
        });
        ids.push(id);
    }
    ids
}

fn tasks(b: &mut Builder, ol: &outline::Outline, section_ids: &[String]) {
    // Lost items become placeholder tasks so that the numbering stays whole.
    let mut all: Vec<(Option<&outline::OutTask>, Option<&outline::Gap>, u32)> = Vec::new();
    for t in &ol.tasks {
        all.push((Some(t), None, t.ordinal));
    }
    let _ = &mut all;
    let mut n = 0;
    for t in &ol.tasks {
        n += 1;
        let task_id = format!("{}-K{n:03}", b.report_id);
        let (span, text) = b.span(t.span.clone());
        let heading = t.heading.clone().map(|h| b.span(h));
        let (theme, focus) = match (&t.heading, &heading) {
            (Some(h), Some(_)) => {
                let htext = &b.canon.text[h.clone()];
                match outline::theme_focus(htext) {
                    Some((th, fo)) => (
                        Some(b.span(h.start + th.start..h.start + th.end).1),
                        Some(b.span(h.start + fo.start..h.start + fo.end).1),
                    ),
                    None => (None, None),
                }
            }
            _ => (None, None),
        };
        let measures = t
            .measures
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let (span, text) = b.span(m.clone());
                Measure {
                    ordinal: k as u32 + 1,
                    span,
                    text,
                }
            })
            .collect();
        let marker = t.marker.clone().map(|m| b.span(m).1).unwrap_or_default();
        let horizon = task_horizon(t, b.out.report.year);
        b.out.tasks.push(Task {
            task_id,
            report_id: b.report_id.to_string(),
            section_id: t.section.and_then(|s| section_ids.get(s).cloned()),
            group: t.group,
            horizon_start: horizon.map(|h| h.start),
            horizon_end: horizon.map(|h| h.end),
            ordinal: t.ordinal,
            marker,
            marker_present: true,
            heading: heading.as_ref().map(|h| h.1.clone()),
            heading_span: heading.map(|h| h.0),
            theme,
            focus,
            measures,
            span,
            text,
        });
    }
}

/// The years a task is for: a five-year plan's years (or the five years from the plan
/// year when only 今后五年 names them), the plan year for plan and livelihood projects,
/// none for the other groups.
fn task_horizon(t: &outline::OutTask, year: Option<i32>) -> Option<outline::YearSpan> {
    match t.group {
        Group::FiveYearPlan => t.period.or(year.map(|y| outline::YearSpan {
            start: y,
            end: y + 4,
        })),
        Group::Plan | Group::LivelihoodProjects => {
            year.map(|y| outline::YearSpan { start: y, end: y })
        }
        _ => None,
    }
}

fn paragraphs(b: &mut Builder, section_ranges: &[(Range<usize>, String)]) {
    let paras = segment::paragraphs(&b.canon.text);
    for (k, p) in paras.into_iter().enumerate() {
        let section_id = section_ranges
            .iter()
            .find(|(r, _)| r.start <= p.start && p.start < r.end.max(r.start + 1))
            .map(|(_, id)| id.clone());
        let (span, text) = b.span(p);
        b.out.paragraphs.push(Paragraph {
            paragraph_id: format!("{}-P{:04}", b.report_id, k + 1),
            report_id: b.report_id.to_string(),
            section_id,
            ordinal: k as u32 + 1,
            span,
            text,
        });
    }
}

/// A year in Chinese numerals as reports write it, one form per way of writing 0
/// (1998 → 一九九八; 2006 → 二〇〇六, 二○○六, 二零零六).
fn cn_years(y: i32) -> Vec<String> {
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digits = y.to_string();
    let zeros: &[char] = if digits.contains('0') {
        &['〇', '○', '零']
    } else {
        &['〇']
    };
    zeros
        .iter()
        .map(|&zero| {
            digits
                .chars()
                .map(|d| match d.to_digit(10) {
                    Some(0) | None => zero,
                    Some(k) => DIGITS[k as usize - 1],
                })
                .collect()
        })
        .collect()
}

/// Does `s` speak of the next five years (今后五年, “十四五”时期 …)?
fn names_five_years(s: &str) -> bool {
    has(T::NextFiveYears, s)
        || has(T::NextFiveYearsDigits, s)
        || plan_period(s).is_some() && has(T::PeriodWord, s)
}

/// The year a review sentence opens with (2012年，在…国内生产总值增长7.8%): its figures are
/// that year's, whatever period the paragraph reviews.
fn sentence_year(stext: &str) -> Option<i32> {
    let stext = stext.trim_start();
    let (y, len) = metadata::year_prefix(stext)?;
    let rest = &stext[len..];
    (rest.starts_with(',') || rest.starts_with('，')).then_some(y)
}

/// The period of a figure in a sentence about year `y`: from the year after its
/// reference (比2002年增长65.5%: 2003–y), or the year itself.
fn year_figure_period(y: i32, reference: Option<&str>) -> (Option<i32>, Option<i32>) {
    let from = reference
        .and_then(|r| r.strip_suffix('年'))
        .and_then(|r| r.parse::<i32>().ok())
        .filter(|&r| r < y)
        .map_or(y, |r| r + 1);
    (Some(from), Some(y))
}

/// The period a five-year plan name stands for: 十四五 → 2021–2025.
fn plan_period(s: &str) -> Option<(i32, i32)> {
    const PLANS: &[(&str, i32)] = &[
        ("十五五", 2026),
        ("十四五", 2021),
        ("十三五", 2016),
        ("十二五", 2011),
        ("十一五", 2006),
        ("“十五”", 2001),
        ("十五计划", 2001),
        ("九五", 1996),
        ("八五", 1991),
        ("七五", 1986),
        ("六五", 1981),
    ];
    // Every plan name has a 五: look around each 五 once instead of searching the text
    // for each name; the first name of the list that occurs wins, as before.
    let mut seen = 0u32;
    for p in find::find_iter(s, "五") {
        for (k, (name, _)) in PLANS.iter().enumerate() {
            let first_wu = name.find('五').unwrap_or(0);
            if p >= first_wu && s.get(p - first_wu..).is_some_and(|t| t.starts_with(name)) {
                seen |= 1 << k;
            }
        }
    }
    (seen != 0)
        .then(|| PLANS[seen.trailing_zeros() as usize].1)
        .map(|start| (start, start + 4))
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

/// Words of a paragraph about the past (review) …
static PAST_WORDS: WordSet = WordSet::from_table(|| words(T::Past));
/// … and about the future (plan), for paragraphs outside a classified part.
static FUTURE_WORDS: WordSet = WordSet::from_table(|| words(T::Future));
/// A clause with one of these explains a target list rather than stating an item.
static EXPLANATION_WORDS: WordSet = WordSet::from_table(|| words(T::Explanation));
/// A figure in a plan part with one of these is a fact or an estimate, not a target.
static NOT_PLANNED_WORDS: WordSet = WordSet::from_table(|| words(T::NotPlanned));

/// Does the sentence say that no number is set for a headline goal?
fn declines_target(s: &str) -> bool {
    has(T::Refuse, s) && has(T::DeclinedGoal, s)
}

/// The headline metric a declining sentence is about.
fn declined_metric(s: &str) -> &'static str {
    if has(T::DeclinedJobs, s) && !has(T::DeclinedNotJobs, s) {
        "new_urban_jobs"
    } else {
        "gdp_growth"
    }
}

/// First and last year of a figure.
type Horizon = (Option<i32>, Option<i32>);
/// A target with its section, task, headline flag, horizon and sentence.
pub(crate) struct TargetAt {
    pub found: quantities::Found,
    pub section: Option<usize>,
    pub task: Option<usize>,
    pub headline: bool,
    pub horizon: Horizon,
    /// The sentence it was read from (canonical range).
    pub sentence: Range<usize>,
}
/// An achievement with its section, task and period.
type AchievementAt = (quantities::Found, Option<usize>, Option<usize>, Horizon);

#[derive(Clone, Copy, PartialEq)]
enum Tense {
    Plan,
    Review,
}

fn records(b: &mut Builder, ol: &outline::Outline, section_ids: &[String], year: Option<i32>) {
    let text = b.canon.text.as_str();
    let paras = segment::paragraphs(text);
    // Sections and tasks are in text order: binary search, not a scan per clause.
    let section_of = |pos: usize| -> Option<usize> {
        let k = ol.sections.partition_point(|s| s.line.start <= pos);
        let s = ol.sections.get(k.checked_sub(1)?)?;
        (pos < s.body.end.max(s.line.end)).then_some(k - 1)
    };
    let task_of = |pos: usize| -> Option<usize> {
        let k = ol.tasks.partition_point(|t| t.span.start <= pos);
        let t = ol.tasks.get(k.checked_sub(1)?)?;
        (pos < t.span.end).then_some(k - 1)
    };
    // Horizon state in the plan part, period state in the review part.
    let mut five_year: Option<(i32, i32)> = None;
    let mut prev_para_five = false;
    let mut list_carries = false;
    let mut declined: Vec<Range<usize>> = Vec::new();
    let mut targets: Vec<TargetAt> = Vec::new();
    let mut achievements: Vec<AchievementAt> = Vec::new();
    let mut projects_found: Vec<(projects::Found, Option<usize>, Option<usize>)> = Vec::new();

    // The plan year as digits and in Chinese numerals (一九九八年是…, 二〇〇六年是…).
    let year_words: Vec<(String, String, String)> = year
        .map(|y| {
            std::iter::once(y.to_string())
                .chain(cn_years(y))
                .map(|y| (format!("{y}年"), format!("{y}年是"), format!("{y}年,")))
                .collect()
        })
        .unwrap_or_default();
    for p in paras.iter().filter(|p| p.start < ol.body_end) {
        let sec = section_of(p.start);
        // A stretch that reads as review although no heading says so (lost heading).
        let group = if ol.review_spans.iter().any(|r| r.contains(&p.start)) {
            Some(Group::Review)
        } else {
            sec.map(|s| ol.sections[s].group)
        };
        let ptext = &text[p.clone()];
        // A part whose plan heading was lost still states this year's list:
        // 今年全市经济和社会发展的主要预期指标是:… inside a review or self-construction part.
        let this_year_list = matches!(group, Some(Group::Review | Group::SelfConstruction))
            && has(T::TargetNoun, ptext)
            && leads::find_lead(ptext, year).is_some_and(|l| {
                l.scope == leads::LeadScope::ThisYear
                    || l.scope == leads::LeadScope::Context && l.prospective
            });
        if group == Some(Group::SelfConstruction) && !this_year_list {
            continue;
        }
        let tense = match group {
            _ if this_year_list => Tense::Plan,
            Some(Group::Review) => Tense::Review,
            Some(Group::Plan | Group::FiveYearPlan | Group::LivelihoodProjects) => Tense::Plan,
            _ => {
                // The future words are only asked about when a past word is there.
                if PAST_WORDS.any_in(ptext) && !FUTURE_WORDS.any_in(ptext) {
                    Tense::Review
                } else {
                    Tense::Plan
                }
            }
        };
        // Five-year context: set by a paragraph about the next five years, cleared by
        // one about this year.
        let mentions_year = year_words
            .iter()
            .any(|(this_year, this_year_is, this_year_comma)| {
                ptext.starts_with(this_year.as_str())
                    || find::contains(ptext, this_year_is)
                    || find::contains(ptext, this_year_comma)
            })
            || starts(T::ThisYearStart, ptext)
            || has(T::ThisYearMention, ptext);
        let mentions_five = has(T::NextFiveYears, ptext)
            || (plan_period(ptext).is_some()
                && has(T::PeriodWord, ptext)
                && has(T::MainWord, ptext)
                && !mentions_year);
        if tense == Tense::Plan {
            if mentions_year && !starts(T::NextFiveYears, ptext) {
                five_year = None;
            } else if mentions_five {
                five_year = plan_period(ptext).or(year.map(|y| (y, y + 4)));
            }
        }
        let mut para_five = five_year.is_some() || prev_para_five && starts(T::MainWord, ptext);
        let prev_para_five_intro = prev_para_five;
        prev_para_five = mentions_five;
        let review_period = if tense == Tense::Review {
            let sec_head = sec
                .and_then(|s| ol.sections[s].heading.clone())
                .map(|h| &text[h])
                .unwrap_or("");
            if has(T::ReviewFiveText, ptext) || has(T::ReviewFiveHeading, sec_head) {
                plan_period(ptext)
                    .or(year.map(|y| (y - 5, y - 1)))
                    .map(|(a, b)| (Some(a), Some(b)))
            } else {
                Some((year.map(|y| y - 1), year.map(|y| y - 1)))
            }
        } else {
            None
        };

        // A lead-in that ends its paragraph (主要预期目标是：⏎) opens a list in the next one.
        let mut in_list = std::mem::take(&mut list_carries);
        let mut first_sentence = true;
        for s in segment::sentences(text, p.clone()) {
            let stext = &text[s.clone()];
            // One automaton pass finds every trigger of the sentence and its clauses.
            let sc = cues::SentenceCues::scan(text, s.clone());
            let cued = sc.all().has(Cues::TARGET);
            let lead = cued.then(|| leads::find_lead(stext, year)).flatten();
            // 完成今后五年的目标任务，今年至关重要。…主要预期目标是: the paragraph says which year.
            let lead = lead.map(|l| match l.scope {
                leads::LeadScope::Context => leads::Lead {
                    scope: leads::prefix_scope(&text[p.start..s.start], year),
                    ..l
                },
                _ => l,
            });
            // Older plans state the year's headline figures without a list lead-in:
            // 今年计划国内生产总值增长百分之九 (1994), 今年计划要求…国民生产总值增长百分之六 (1992).
            let lead = lead.or_else(|| {
                if !sc.all().has(Cues::PLAN) {
                    return None;
                }
                let macro_metric = has(T::OldPlanMetric, stext);
                words(T::OldPlanLead)
                    .iter()
                    .find_map(|l| {
                        find::find(stext, l).map(|p| leads::Lead {
                            start: p,
                            end: p + l.len(),
                            scope: leads::LeadScope::ThisYear,
                            prospective: false,
                        })
                    })
                    .filter(|_| macro_metric && tense == Tense::Plan)
            });
            // A lead-in says which period its list is for: this year's list ends a
            // five-year context, a five-year list opens one.
            match lead.map(|l| l.scope) {
                Some(leads::LeadScope::ThisYear) => {
                    five_year = None;
                    para_five = false;
                }
                // A list whose lead-in names no period, after a five-year list and not
                // right after a paragraph about the five years, is this year's.
                Some(leads::LeadScope::Context)
                    if five_year.is_some()
                        && !prev_para_five_intro
                        && !names_five_years(&text[p.start..s.start]) =>
                {
                    five_year = None;
                    para_five = false;
                }
                Some(leads::LeadScope::FiveYear) if tense == Tense::Plan => {
                    five_year = plan_period(stext)
                        .or(plan_period(ptext))
                        .or(year.map(|y| (y, y + 4)));
                    para_five = true;
                }
                _ => {}
            }
            let list_continues = in_list && {
                let first = segment::clauses(text, s.clone()).into_iter().next();
                first.is_some_and(|c| {
                    let ct = &text[c];
                    metrics::dictionary().find(ct).is_some()
                        || ct.chars().any(|ch| ch.is_ascii_digit())
                }) && !has(T::ListEnd, stext)
                    && outline::parse_marker(stext).is_none()
            };
            in_list = lead.is_some() || list_continues || (first_sentence && in_list);
            first_sentence = false;
            if lead.is_some_and(|l| l.end >= stext.len()) && s.end == p.end {
                list_carries = true;
            }
            // One automaton pass (above) says whether any sentence-level cue can apply.
            let sentence_horizon = if !cued {
                None
            } else if has(T::Vision, stext) {
                words(T::VisionYear)
                    .iter()
                    .find_map(|v| find::find(stext, v))
                    .and_then(|p| stext.get(p.saturating_sub(4)..p))
                    .and_then(|y| y.parse::<i32>().ok())
                    .map(|y| (y, y))
            } else if has(T::SpanWord, stext) {
                // “十五”期间年均经济增长速度预期目标为7%左右.
                plan_period(stext).filter(|&(a, _)| year.is_none_or(|y| a <= y + 1))
            } else {
                None
            };
            // Explicit absence: 没有提出全年经济增速具体目标 (national report 2020).
            if cued && tense == Tense::Plan && declines_target(stext) {
                declined.push(s.clone());
            }
            // No clause of a sentence without a digit, a figure word or a project noun
            // can hold a record outside a target list: skip the clause grammar.
            let triggered = in_list
                || sc.all().has(Cues::FIGURE_WORD)
                || sc.all().has(Cues::PROJECT_HEAD)
                || stext.bytes().any(|x| x.is_ascii_digit());
            if !triggered {
                continue;
            }
            let mut clause_horizon: Option<(i32, i32)> = None;
            let mut last_found: Option<quantities::Found> = None;
            // The last project of this sentence, while the clauses after it may add to it.
            let mut follow: Option<usize> = None;
            for c in segment::clauses(text, s.clone()) {
                let ct = &text[c.clone()];
                // The list lead-in itself is not an item.
                if let Some(l) = lead {
                    let lead_end = s.start + l.end;
                    if c.end <= lead_end {
                        continue;
                    }
                }
                // 到2025年 sets the horizon of the clauses after it.
                if let Some(y) = ct
                    .strip_prefix(chars(T::HorizonTo))
                    .and_then(|r| r.get(..4))
                    .and_then(|y| y.parse::<i32>().ok())
                {
                    if spans::chars_within(ct, 0, 8) {
                        clause_horizon = Some((y, y));
                        continue;
                    }
                }
                let task = task_of(c.start);
                // Projects (a measure heading names a line of work, not a project).
                let is_measure = task.is_some_and(|t| {
                    ol.tasks[t]
                        .measures
                        .iter()
                        .any(|m| m.start <= c.start && c.end <= m.end)
                });
                let clause_cues = sc.within(&c);
                let mut project = if clause_cues.has(Cues::PROJECT_HEAD) {
                    projects::read_triggered(text, c.clone())
                } else {
                    Vec::new()
                };
                // A measure heading names a line of work (推进产业基地和特色园区建设), unless
                // it states concrete works: a status (加速推进…项目), a count, or named
                // 工程 (抓好农村公路通达和洞庭湖区畅通工程建设).
                if is_measure {
                    project.retain(|f| {
                        f.status.is_some() || f.count.is_some() || projects::names_works(text, f)
                    });
                }
                if !project.is_empty() {
                    for mut pf in project {
                        // Only a clause right after a project shares its verb.
                        pf.verbless &= follow.is_some();
                        projects_found.push((pf, sec, task));
                    }
                    follow = projects_found.len().checked_sub(1);
                    continue;
                }
                if let Some(i) = follow {
                    match projects::read_follow_up(text, c.clone(), &mut projects_found[i].0) {
                        projects::FollowUp::Attribute => {}
                        projects::FollowUp::Subset(pf) => {
                            projects_found.push((*pf, sec, task));
                            follow = projects_found.len().checked_sub(1);
                        }
                        projects::FollowUp::Nothing => follow = None,
                    }
                }
                let has_trigger =
                    clause_cues.has(Cues::FIGURE_WORD) || ct.bytes().any(|x| x.is_ascii_digit());
                if !has_trigger && !in_list || metadata::is_delivery_clause(ct) {
                    continue;
                }
                let mut found =
                    quantities::read_clause(text, c.clone(), in_list, last_found.as_ref());
                // A list's explanations are not items (也考虑了经济增长潜力和支撑条件).
                found.retain(|f| f.value.is_some() || !EXPLANATION_WORDS.any_in(ct));
                if let Some(f) = found.iter().rev().find(|f| !f.metric_raw.is_empty()) {
                    last_found = Some(f.clone());
                }
                for f in found {
                    match tense {
                        Tense::Plan => {
                            if !in_list && NOT_PLANNED_WORDS.any_in(ct)
                                || !in_list && has(T::LastYear, ct) && !has(T::ThanLastYear, ct)
                            {
                                continue;
                            }
                            let h = f
                                .horizon_year
                                .map(|y| (y, y))
                                .or(sentence_horizon)
                                .or(clause_horizon)
                                .or(if para_five {
                                    five_year.or(year.map(|y| (y, y + 4)))
                                } else {
                                    None
                                })
                                .or(year.map(|y| (y, y)));
                            let headline =
                                in_list && h.is_some_and(|(a, z)| a == z && Some(a) == year);
                            targets.push(TargetAt {
                                found: f,
                                section: sec,
                                task,
                                headline,
                                horizon: (h.map(|x| x.0), h.map(|x| x.1)),
                                sentence: s.clone(),
                            });
                        }
                        Tense::Review => {
                            if f.value.is_none() || f.metric_raw.is_empty() {
                                continue;
                            }
                            // An annual average (年均增长) stays the paragraph's.
                            let period = sentence_year(stext)
                                .filter(|&y| !f.annual_average && year.is_none_or(|ry| y < ry))
                                .map(|y| year_figure_period(y, f.reference.as_deref()))
                                .or(review_period)
                                .unwrap_or((None, None));
                            achievements.push((f, sec, task, period));
                        }
                    }
                }
            }
        }
    }

    for d in declined {
        let metric = declined_metric(&text[d.clone()]);
        if !b.out.report.declined_targets.iter().any(|m| m == metric) {
            b.out.report.declined_targets.push(metric.to_string());
        }
        b.diag(
            Severity::Info,
            "declined_target",
            format!("the report states that it sets no number for {metric}: an explicit absence, not a parse miss"),
            d,
        );
    }
    let task_ids: Vec<String> = b.out.tasks.iter().map(|t| t.task_id.clone()).collect();
    inline_headline::mark(text, year, &mut targets, &|s| {
        ol.sections.get(s).is_some_and(|x| {
            matches!(
                x.group,
                Group::Plan | Group::FiveYearPlan | Group::LivelihoodProjects
            )
        })
    });
    for (k, t) in targets.into_iter().enumerate() {
        let q = quantity_record(
            b,
            &t.found,
            format!("{}-T{:04}", b.report_id, k + 1),
            t.section,
            t.task,
            section_ids,
            &task_ids,
            t.headline,
            t.horizon,
        );
        b.out.targets.push(q);
    }
    for (k, (f, sec, task, h)) in achievements.into_iter().enumerate() {
        let q = quantity_record(
            b,
            &f,
            format!("{}-A{:04}", b.report_id, k + 1),
            sec,
            task,
            section_ids,
            &task_ids,
            false,
            h,
        );
        b.out.achievements.push(q);
    }
    let mut last_parent: Option<String> = None;
    let mut last_status: Option<(Option<ProjectStatus>, Option<String>)> = None;
    for (k, (f, sec, task)) in projects_found.into_iter().enumerate() {
        let id = format!("{}-J{:04}", b.report_id, k + 1);
        let (span, text) = b.span(f.clause.clone());
        let names = f.names.iter().map(|r| b.span(r.clone()).1).collect();
        let head = f.head.clone().map(|h| b.span(h).1);
        let (status, status_raw) = if f.verbless {
            last_status.clone().unwrap_or((None, None))
        } else {
            (f.status, f.status_raw.clone())
        };
        let part_of = if f.subset { last_parent.clone() } else { None };
        if !f.subset {
            last_parent = Some(id.clone());
        }
        // In a 其中 list the later clauses share the first clause's verb, not the subset's.
        if !f.subset {
            last_status = Some((status, status_raw.clone()));
        }
        let yi = number::Decimal {
            mantissa: 1,
            scale: 8,
        };
        let inv = f.investment.as_ref();
        b.out.projects.push(Project {
            project_id: id,
            report_id: b.report_id.to_string(),
            section_id: sec.and_then(|s| section_ids.get(s).cloned()),
            task_id: task.and_then(|t| task_ids.get(t).cloned()),
            names,
            head,
            category: f.category.clone(),
            count: f.count,
            investment_value: inv.map(|i| i.value.to_f64()),
            investment_unit: inv.map(|i| i.unit.clone()),
            investment_yi_yuan: inv
                .and_then(|i| i.base)
                .and_then(|x| x.mul(yi))
                .map(|x| x.to_f64()),
            investment_basis: inv.map(|i| i.basis),
            size_value: f.size.as_ref().map(|s| s.value.to_f64()),
            size_unit: f.size.as_ref().map(|s| s.unit.clone()),
            status,
            status_raw,
            part_of,
            span,
            text,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn quantity_record(
    b: &Builder,
    f: &quantities::Found,
    id: String,
    sec: Option<usize>,
    task: Option<usize>,
    section_ids: &[String],
    task_ids: &[String],
    headline: bool,
    h: (Option<i32>, Option<i32>),
) -> Quantity {
    // A figure that takes the indicator of the figure before it (…成交金额…,比底价高出
    // 12.1%) is shown from that indicator on: `metric_raw` is always inside `text`.
    let m = &f.metric_raw;
    let clause = if m.is_empty() {
        f.clause.clone()
    } else {
        m.start.min(f.clause.start)..m.end.max(f.clause.end)
    };
    let (span, text) = b.span(clause);
    let metric_raw = b.span(f.metric_raw.clone()).1;
    Quantity {
        id,
        report_id: b.report_id.to_string(),
        section_id: sec.and_then(|s| section_ids.get(s).cloned()),
        task_id: task.and_then(|t| task_ids.get(t).cloned()),
        headline,
        metric_raw,
        metric: f.metric.as_ref().map(|m| m.0.clone()),
        metric_label: f.metric.as_ref().map(|m| m.1.clone()),
        kind: f.kind,
        value: f.value.map(|v| v.to_f64()),
        value_high: f.value_high.map(|v| v.to_f64()),
        value_text: f.value.map(|v| v.to_string()),
        // The unit as printed (億斤 stays 億斤), not as folded.
        unit: match &f.unit_range {
            Some(r) => Some(b.span(r.clone()).1).filter(|u| !u.is_empty()),
            None => f.unit.clone(),
        },
        unit_base: f.unit_base.clone(),
        value_base: f.value_base.map(|v| v.to_f64()),
        value_high_base: f.value_high_base.map(|v| v.to_f64()),
        comparator: f.comparator,
        comparator_raw: f.comparator_raw.clone(),
        qualifier: f.qualifier.clone(),
        reference: f.reference.clone(),
        annual_average: f.annual_average,
        horizon_start: h.0,
        horizon_end: h.1,
        span,
        text,
    }
}

fn structure_diagnostics(b: &mut Builder, ol: &outline::Outline) {
    let canon = b.canon;
    let text = canon.text.as_str();
    for g in &ol.gaps {
        let names: Vec<String> = g.missing.iter().map(|&m| g.kind.render(m)).collect();
        b.diag(
            Severity::Warning,
            "sequence_gap",
            format!(
                "numbered item {} is missing between {} and {}; its text is inside the span of {}",
                names.join("、"),
                g.kind.render(g.after),
                g.kind.render(g.before),
                g.kind.render(g.after)
            ),
            g.region.clone(),
        );
    }
    let head: String = text.chars().take(300).collect();
    if let Some(p) = find::find(&head, "上接第") {
        let end = head[p..]
            .find([')', '）'])
            .map_or(p + "上接第".len(), |e| p + e + 1);
        let start = if p > 0 && head[..p].ends_with('(') {
            p - 1
        } else {
            p
        };
        b.diag(
            Severity::Warning,
            "truncated_start",
            "the text is a newspaper continuation (上接…版): its beginning is not in the input"
                .into(),
            start..end,
        );
    } else if ol.first_top_ordinal.is_some_and(|o| o > 1) {
        b.diag(
            Severity::Warning,
            "truncated_start",
            "the first top-level heading is not 一、: the beginning of the report is missing"
                .into(),
            0..0,
        );
    }
    // memmem: a whole-text search, where its SIMD pair filter pays for its setup.
    let fffd = "\u{fffd}".as_bytes();
    let replacement = memchr::memmem::find_iter(text.as_bytes(), fffd).count();
    if replacement > 0 {
        let p = memchr::memmem::find(text.as_bytes(), fffd).unwrap_or(0);
        b.diag(
            Severity::Warning,
            "replacement_characters",
            format!("{replacement} undecodable characters (U+FFFD) in the text"),
            p..p + 3,
        );
    }
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

    #[test]
    fn a_review_sentence_that_opens_with_a_year_is_about_that_year() {
        // National report 2013 and 2008.
        let s = "2012年，在世界各大经济体增长全面减速…，国内生产总值增长7.8%";
        assert_eq!(sentence_year(s), Some(2012));
        assert_eq!(year_figure_period(2012, None), (Some(2012), Some(2012)));
        let s = "　2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%";
        assert_eq!(sentence_year(s), Some(2007));
        assert_eq!(
            year_figure_period(2007, Some("2002年")),
            (Some(2003), Some(2007))
        );
        assert_eq!(sentence_year("2012年以来，经济增长"), None);
    }

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
