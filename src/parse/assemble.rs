//! Record assembly: turns the outline and the walk's findings into output rows, with
//! their ids, source spans and source texts. It must not decide what a passage means:
//! the outline, the walk and the grammars did that.

use std::ops::Range;

use super::outline::{self, Group, Outline};
use super::periods::Horizon;
use super::walk::{self, AchievementAt, TargetAt};
use super::{quantities, Builder};
use crate::model::*;

/// Section and task ids by their outline index.
pub(super) struct RowIds<'a> {
    pub sections: &'a [String],
    pub tasks: &'a [String],
}

impl RowIds<'_> {
    pub(super) fn section(&self, k: Option<usize>) -> Option<String> {
        k.and_then(|s| self.sections.get(s).cloned())
    }
    pub(super) fn task(&self, k: Option<usize>) -> Option<String> {
        k.and_then(|t| self.tasks.get(t).cloned())
    }
}

/// Where a figure sits and what it is for.
struct Placement {
    section: Option<usize>,
    task: Option<usize>,
    headline: bool,
    horizon: Horizon,
}

/// One section row per top-level part; returns their ids.
pub(super) fn sections(b: &mut Builder, ol: &Outline) -> Vec<String> {
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

/// One task row per numbered item of the outline's lists.
pub(super) fn tasks(b: &mut Builder, ol: &Outline, section_ids: &[String]) {
    for (k, t) in ol.tasks.iter().enumerate() {
        let task_id = format!("{}-K{:03}", b.report_id, k + 1);
        let (span, text) = b.span(t.span.clone());
        let heading = t.heading.clone().map(|h| b.span(h));
        let (theme, focus) = theme_focus(b, t.heading.as_ref());
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

/// A task heading's theme and focus (以…为…, …，…), as source text.
fn theme_focus(b: &Builder, heading: Option<&Range<usize>>) -> (Option<String>, Option<String>) {
    let Some(h) = heading else {
        return (None, None);
    };
    match outline::theme_focus(&b.canon.text[h.clone()]) {
        Some((th, fo)) => (
            Some(b.span(h.start + th.start..h.start + th.end).1),
            Some(b.span(h.start + fo.start..h.start + fo.end).1),
        ),
        None => (None, None),
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

/// One paragraph row per paragraph of the canonical text (`paras`), with the section it
/// opens in.
pub(super) fn paragraphs(
    b: &mut Builder,
    paras: &[Range<usize>],
    section_ranges: &[(Range<usize>, String)],
) {
    for (k, p) in paras.iter().cloned().enumerate() {
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

/// The explicit absences: the report's `declined_targets` and one diagnostic per
/// sentence that declines.
pub(super) fn declined(b: &mut Builder, sentences: Vec<Range<usize>>) {
    for d in sentences {
        let metric = walk::declined_metric(&b.canon.text[d.clone()]);
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
}

/// Target and achievement rows, numbered in text order.
pub(super) fn quantities(
    b: &mut Builder,
    targets: Vec<TargetAt>,
    achievements: Vec<AchievementAt>,
    ids: &RowIds,
) {
    for (k, t) in targets.into_iter().enumerate() {
        let at = Placement {
            section: t.section,
            task: t.task,
            headline: t.headline,
            horizon: t.horizon,
        };
        let q = quantity_row(
            b,
            &t.found,
            format!("{}-T{:04}", b.report_id, k + 1),
            ids,
            at,
        );
        b.out.targets.push(q);
    }
    for (k, a) in achievements.into_iter().enumerate() {
        let at = Placement {
            section: a.section,
            task: a.task,
            headline: false,
            horizon: a.period,
        };
        let q = quantity_row(
            b,
            &a.found,
            format!("{}-A{:04}", b.report_id, k + 1),
            ids,
            at,
        );
        b.out.achievements.push(q);
    }
}

fn quantity_row(
    b: &Builder,
    f: &quantities::MetricFigure,
    id: String,
    ids: &RowIds,
    at: Placement,
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
        section_id: ids.section(at.section),
        task_id: ids.task(at.task),
        headline: at.headline,
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
        horizon_start: at.horizon.0,
        horizon_end: at.horizon.1,
        span,
        text,
    }
}
