//! Status tells the truth: a report whose records miss what its text plainly has is
//! `partial`, with a diagnostic that says what is missing (no sections; a plan part
//! without tasks; a target lead-in without headline targets; a long body without any
//! record).
//!
//! Reads the records already built and the matching view; it must not change records
//! or look for new ones.

use std::ops::Range;
use std::sync::OnceLock;

use super::grammar_table::{self, word_classes, Classes};

use crate::model::{DocKind, ParsedReport, Severity};

/// A finding about the records as a whole, with its canonical range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub range: Range<usize>,
}

word_classes! {
    /// The classes of `data/health_leads.tsv`.
    enum HealthClass {
        TargetLead = "target_lead",
    }
}

/// The embedded table of the lead-ins checked for headline targets.
pub const EMBEDDED_TSV: &str = include_str!("../../data/health_leads.tsv");

/// Lead-ins that open the year's target list (主要预期目标是: …).
fn target_leads() -> &'static [&'static str] {
    static T: OnceLock<Classes<HealthClass>> = OnceLock::new();
    grammar_table::embedded(&T, "health_leads.tsv", EMBEDDED_TSV).get(HealthClass::TargetLead)
}

/// A body shorter than this (in chars) may hold no record at all (a note, a fragment).
const MIN_BODY_CHARS: usize = 500;

/// Checks a parsed report against its text. `text` is the matching view.
pub fn check(r: &ParsedReport, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if r.report.doc_kind != DocKind::Report || text.trim().is_empty() {
        return out;
    }
    let warn = |code, message: &str, range: Range<usize>| Finding {
        severity: Severity::Warning,
        code,
        message: message.to_string(),
        range,
    };
    let records = r.sections.len()
        + r.tasks.len()
        + r.targets.len()
        + r.achievements.len()
        + r.projects.len();
    if records == 0 && text.chars().count() >= MIN_BODY_CHARS {
        out.push(warn(
            "no_records",
            "a body of hundreds of characters gave not one record: its layout was not understood",
            0..0,
        ));
        return out;
    }
    if r.sections.is_empty() {
        out.push(warn(
            "no_sections",
            "no numbered top-level parts (一、二、…) were found",
            0..0,
        ));
    }
    if r.sections.iter().any(|s| s.group == "plan") && r.tasks.is_empty() {
        out.push(warn(
            "no_tasks",
            "the report has a plan part but no numbered work items were found in it",
            0..0,
        ));
    }
    if !r.targets.iter().any(|t| t.headline) {
        if let Some(p) = lead_in(text) {
            out.push(warn(
                "no_headline_targets",
                "the text opens a list of the year's targets, but no headline target was read from it",
                p,
            ));
        }
    }
    out
}

/// The first target lead-in of the text.
fn lead_in(text: &str) -> Option<Range<usize>> {
    target_leads()
        .iter()
        .filter_map(|w| super::find::find(text, w).map(|p| p..p + w.len()))
        .min_by_key(|r| r.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let t = Classes::<HealthClass>::from_tsv("health_leads.tsv", EMBEDDED_TSV).unwrap();
        assert!(t.get(HealthClass::TargetLead).contains(&"主要预期目标是"));
    }
}
