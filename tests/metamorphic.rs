//! Metamorphic test: layout is layout. Every report of `../shared/corpus/` is parsed as
//! found and again after each of four layout changes that real collections make (all
//! line breaks removed; line breaks written as the four characters `\r\n`; converted to
//! Markdown with front matter, bold headings and blank lines; hard-wrapped at 38 chars).
//! The targets (as a multiset of metric, value, value_high, comparator, headline) and the
//! tasks (count and headings) must stay the same.
//!
//! Written escapes, Markdown and hard wrap meet the bar (same records for ≥ 95 % of the
//! reports, every exception listed in [`EXCEPTIONS`]). One does not yet, and the test
//! holds it at its measured floor so that it cannot slip back unseen:
//! - all line breaks removed: 82.3 % of the reports keep their targets and 42.4 % their
//!   tasks (82.0 % / 42.1 % before bold headings with their body on the same line; 81.2 % / 41.8 % before bold runs were told open from closed by their parity
//!   and 一、二、三产业 was no marker; 40.6 % tasks before the outline's heading series over a lead-in list and the first
//!   一是 item after a colon in a text that lost its breaks; 76.4 % / 41.4 % before the bold part headings of one-line layout and the
//!   outline's list items numbered like parts, see [`bar`]; 69.3 % / 41.3 % before the unnumbered part headings, indents, dates and
//!   task-list groups of 2026-12-02,
//!   47.1 % / 16.5 % before the heading ends of `data/heading_ends.tsv`; 5.7 %
//!   targets before the layout work). A heading that lost its line break ends where a
//!   year body, a marker, 各位代表, a body opener (坚持, 今年是) or after a heading tail
//!   (工作回顾, 取得新突破) shows it; most task headings have none of these: a heading
//!   without a stop (（一）加快转变经济发展方式，促进首都经济持续健康发展⏎充分发挥…) cannot
//!   be told from the body it runs into, so its heading, and the tense of a part whose
//!   heading is lost, differ.
//!
//! Hard wrap at 38 chars went from 78.0 % / 89.3 % to 99.9 % / 99.9 % with
//! `parse::wrap`: the wrap width is read from the line lengths, and a line of that width
//! continues its paragraph whatever its last char.

use std::collections::BTreeMap;

use gwr::model::ParsedReport;
use gwr::parse::{self, SourceInfo};
use rayon::prelude::*;

#[path = "common/layouts.rs"]
mod layouts;

/// Reports whose records change under a transformation that meets the bar, and why.
const EXCEPTIONS: &[(Transform, &str, &str)] = &[
    (
        Transform::EscapedBreaks,
        "lawtext/政府工作报告-其他地市/宁德市/2014.md",
        "tasks 2 → 6; cause not found yet (no backslash, table or list in the original; \
         two paragraphs of 1,500+ chars)",
    ),
    (
        Transform::EscapedBreaks,
        "lawtext/政府工作报告-其他地市/朝阳市/2018.md",
        "targets 106 → 102; cause not found yet (an HTML comment after the front matter)",
    ),
    (
        Transform::HardWrap38,
        "lawtext/政府工作报告-主要城市/广州市/2017.md",
        "targets 109 → 113, tasks 14 → 22: a table row longer than 38 chars is cut by the \
         wrap, and the cut row is no longer a table row (| 民生领域 | … is read as text)",
    ),
    (
        Transform::HardWrap38,
        "lawtext/政府工作报告-省自治区/内蒙古自治区/2001.md",
        "tasks 18 → 10: a paragraph of 190 chars (5 × 38) ends at the margin without the \
         blank line the text puts between paragraphs elsewhere, so it runs on into the next",
    ),
    (
        Transform::Markdown,
        "national_reports.jsonl#31",
        "targets 38 → 32: a heading split over two lines is set in bold on its first line \
         only, and the bold end breaks the heading where the original joins it",
    ),
    (
        Transform::Markdown,
        "national_reports.jsonl#63",
        "targets 137 → 141, tasks 6 → 4: as above (a bold half-heading)",
    ),
    (
        Transform::Markdown,
        "lawtext/政府工作报告-主要城市/沈阳市/2002.md",
        "a task heading split over two lines ((三)以发挥中心城市功能为重点，⏎…) is set in \
         bold on its first line only, and the bold end cuts the heading",
    ),
];

/// The share of reports that must keep their records, per transformation: 95 % where
/// the layout is recognised, the measured floor where it is not yet (see the top).
fn bar(t: Transform) -> (f64, f64) {
    match t {
        Transform::EscapedBreaks | Transform::Markdown | Transform::HardWrap38 => (0.95, 0.95),
        // Measured floor, not the 95 % (see the module comment): one-line 81.2 %
        // of the reports keep their targets, 40.6 % their tasks. The task floor went down
        // from 0.41 (41.4 %) with the outline's list items numbered like parts: items
        // under an unnumbered part heading (**2023年工作安排** ⏎ 一、…) are now the part's
        // tasks as found, where both layouts agreed before on the wrong reading (eight
        // top-level sections, no tasks: 云浮 2023); made one-line, some of those items'
        // headings run on into their bodies, the known weakness above, and the tasks
        // differ: 666 → 653 of 1,609 reports keep their tasks. Since then 82.3 % / 42.4 %,
        // 84.0 % / 43.1 % with the verb openers and plan-period bodies of
        // data/heading_ends.tsv, 85.0 % / 43.4 % with the bold heading after any char
        // and the verb part tails, 85.3 % / 43.4 % with the list_end words, 85.6 % /
        // 43.5 % when a bold heading's words no longer end it inside its body, 86.0 % /
        // 43.7 % with part-like numbered headings and numeral enumerations, 86.0 % /
        // 44.0 % with a break before 第一，… items; 86.0 % / 44.0 % after target lists
        // carried over item paragraphs (walk::Carry; 85.9 % before open items with a figure);
        // 87.3 % / 44.0 % after review parts told by their past years (2014年主要工作) and
        // the bold verb part headings (**全面加强政府自身建设**) of one-line layout;
        // 88.6 % / 43.9 % with plan stretches inside review parts
        // (outline::year_targets_start): in 包头 2015 the split falls after the
        // paragraphs of 一是…四是 as found but, with no breaks, the one paragraph holding
        // them is cut at the sentence of the targets, so made one-line they are plan tasks.
        Transform::OneLine => (0.88, 0.439),
    }
}

/// One report as decoded, with what the reader knows about it.
struct Original {
    name: String,
    text: String,
    info: SourceInfo,
}

fn originals() -> Vec<Original> {
    layouts::read_docs(&layouts::corpus_dirs())
        .into_iter()
        .map(|d| Original {
            name: d.name,
            text: d.text,
            info: d.info,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Transform {
    OneLine,
    EscapedBreaks,
    Markdown,
    HardWrap38,
}

const TRANSFORMS: [Transform; 4] = [
    Transform::OneLine,
    Transform::EscapedBreaks,
    Transform::Markdown,
    Transform::HardWrap38,
];

/// A line that a Markdown converter would set in bold: a short numbered heading.
fn is_heading_line(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    if n == 0 || n > 40 || t.contains('。') || t.starts_with("**") {
        return false;
    }
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let mut it = t.chars();
    match it.next() {
        Some(c) if cn(c) => it.as_str().trim_start_matches(cn).starts_with('、'),
        Some('（') | Some('(') => {
            let r = it.as_str();
            let tail = r.trim_start_matches(cn);
            tail.len() < r.len() && (tail.starts_with('）') || tail.starts_with(')'))
        }
        _ => false,
    }
}

fn transform(t: Transform, text: &str, title: Option<&str>) -> String {
    let lines = || text.split('\n').map(|l| l.trim_end_matches('\r'));
    match t {
        Transform::OneLine => layouts::one_line(text),
        Transform::EscapedBreaks => lines().collect::<Vec<_>>().join("\\r\\n"),
        Transform::Markdown => {
            let mut out = String::with_capacity(text.len() * 2);
            if !text.starts_with("---") {
                out.push_str("---\ntitle: ");
                out.push_str(title.unwrap_or("政府工作报告"));
                out.push_str("\n---\n\n");
            }
            for l in lines() {
                if is_heading_line(l) {
                    out.push_str("**");
                    out.push_str(l.trim());
                    out.push_str("**");
                } else {
                    out.push_str(l);
                }
                out.push_str("\n\n");
            }
            out
        }
        Transform::HardWrap38 => layouts::hard_wrap(text, 38),
    }
}

type TargetKey = (Option<String>, Option<u64>, Option<u64>, String, bool);

fn targets(r: &ParsedReport) -> Vec<TargetKey> {
    let mut v: Vec<TargetKey> = r
        .targets
        .iter()
        .map(|t| {
            (
                t.metric.clone(),
                t.value.map(f64::to_bits),
                t.value_high.map(f64::to_bits),
                format!("{:?}", t.comparator),
                t.headline,
            )
        })
        .collect();
    v.sort();
    v
}

/// Task headings with layout characters taken out (a bold heading keeps its `**` in
/// the source slice, a wrapped one its line break).
fn tasks(r: &ParsedReport) -> Vec<String> {
    r.tasks
        .iter()
        .map(|t| {
            t.heading
                .as_deref()
                .unwrap_or("")
                .replace("\\r\\n", "")
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{3000}')
                .collect()
        })
        .collect()
}

/// What changed for one report under one transformation.
#[derive(Debug, Default)]
struct Outcome {
    same_targets: bool,
    same_tasks: bool,
    targets: (usize, usize),
    tasks: (usize, usize),
}

fn compare(o: &Original, t: Transform, base: &ParsedReport) -> Outcome {
    let changed = transform(t, &o.text, base.report.title.as_deref());
    let r = parse::parse(&changed, &o.info);
    let (ta, tb) = (targets(base), targets(&r));
    let (ka, kb) = (tasks(base), tasks(&r));
    Outcome {
        same_targets: ta == tb,
        same_tasks: ka == kb,
        targets: (ta.len(), tb.len()),
        tasks: (ka.len(), kb.len()),
    }
}

#[test]
fn layout_changes_keep_the_records() {
    let reports = originals();
    assert!(
        reports.len() >= 1489 + 120,
        "{} reports read",
        reports.len()
    );
    let results: Vec<Vec<Outcome>> = reports
        .par_iter()
        .map(|o| {
            let base = parse::parse(&o.text, &o.info);
            TRANSFORMS.iter().map(|&t| compare(o, t, &base)).collect()
        })
        .collect();
    let mut summary: BTreeMap<Transform, (usize, usize)> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for (k, &t) in TRANSFORMS.iter().enumerate() {
        let mut shown = 0;
        for (o, res) in reports.iter().zip(&results) {
            let r = &res[k];
            let e = summary.entry(t).or_default();
            e.0 += usize::from(r.same_targets);
            e.1 += usize::from(r.same_tasks);
            if r.same_targets && r.same_tasks {
                continue;
            }
            if shown < 20 {
                shown += 1;
                eprintln!(
                    "{t:?} {}: targets {:?} tasks {:?}",
                    o.name, r.targets, r.tasks
                );
            }
            let strict = bar(t).0 >= 0.95;
            if strict && !EXCEPTIONS.iter().any(|x| x.0 == t && x.1 == o.name) {
                unexplained.push(format!("{t:?} {}", o.name));
            }
        }
    }
    let n = reports.len() as f64;
    for (t, (st, sk)) in &summary {
        let (a, b) = (*st as f64 / n, *sk as f64 / n);
        eprintln!(
            "{t:?}: same targets {:.1} %, same tasks {:.1} % of {n}",
            100.0 * a,
            100.0 * b
        );
        let (want_a, want_b) = bar(*t);
        assert!(a >= want_a, "{t:?}: same targets for {:.1} %", 100.0 * a);
        assert!(b >= want_b, "{t:?}: same tasks for {:.1} %", 100.0 * b);
    }
    assert!(
        unexplained.is_empty(),
        "records changed, not listed in EXCEPTIONS: {unexplained:#?}"
    );
}
