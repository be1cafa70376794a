//! Headline targets stated inline: a report without a target list often gives the year's
//! GDP-growth target in one sentence of the plan part (今年全市地区生产总值增长8.5%左右；
//! 2008年力争生产总值增长10%以上). When no headline GDP-growth target came from a list,
//! the first such sentence's targets become the headline. Word classes live in
//! `data/inline_headline.tsv`. This module only flags records; it reads no figures.

use std::str::FromStr;
use std::sync::OnceLock;

use super::find;
use super::grammar_table::{self, Row, TableError};
use super::leads;
use super::metrics;
use super::quantities;
use super::TargetAt;

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/inline_headline.tsv");

/// The metric whose inline statement makes a headline sentence.
const ANCHOR_METRIC: &str = "gdp_growth";
/// The level metric of the anchor: its indicator as printed.
const GDP_METRIC: &str = "gdp";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    ThisYear,
    PlanVerb,
    NotThis,
}

impl FromStr for Class {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "this_year" => Class::ThisYear,
            "plan_verb" => Class::PlanVerb,
            "not_this" => Class::NotThis,
            _ => return Err(()),
        })
    }
}

/// The table's words by class.
#[derive(Debug)]
pub struct InlineWords {
    this_year: Vec<&'static str>,
    plan_verbs: Vec<&'static str>,
    not_this: Vec<&'static str>,
}

impl InlineWords {
    /// Validates and groups a table.
    pub fn from_tsv(tsv: &'static str) -> Result<InlineWords, TableError> {
        let rows: Vec<Row<Class>> = grammar_table::read("inline_headline.tsv", tsv)?;
        Ok(InlineWords {
            this_year: grammar_table::words(&rows, Class::ThisYear),
            plan_verbs: grammar_table::words(&rows, Class::PlanVerb),
            not_this: grammar_table::words(&rows, Class::NotThis),
        })
    }
}

fn words() -> &'static InlineWords {
    static W: OnceLock<InlineWords> = OnceLock::new();
    W.get_or_init(|| {
        InlineWords::from_tsv(EMBEDDED_TSV).unwrap_or_else(|e| panic!("embedded table: {e}"))
    })
}

/// Does this sentence state the plan year's headline figure?
fn is_headline_sentence(sentence: &str, year: i32) -> bool {
    let w = words();
    let any = |ws: &[&str]| ws.iter().any(|x| find::contains(sentence, x));
    let names_year = any(&w.this_year) || find::contains(sentence, &format!("{year}年"));
    (names_year || any(&w.plan_verbs)) && !any(&w.not_this)
}

fn is_anchor(t: &TargetAt, year: i32) -> bool {
    t.found
        .metric
        .as_ref()
        .is_some_and(|m| m.0 == ANCHOR_METRIC)
        && t.found.value.is_some()
        && t.horizon == (Some(year), Some(year))
}

/// Is the indicator of `t` the region's GDP itself (生产总值, 全市地区生产总值), not a part
/// of it (县域生产总值) or a ratio to it?
fn is_plain_gdp(text: &str, t: &TargetAt) -> bool {
    let Some(raw) = text.get(t.found.metric_raw.clone()) else {
        return false;
    };
    metrics::dictionary().find(raw).is_some_and(|(r, m)| {
        m.id == GDP_METRIC
            && r.end == raw.len()
            && super::spans::chars_within(&raw[..r.start], 0, 2)
    })
}

/// Years of a five-year list counted from the plan year (2011 → 2011–2015).
const FIVE_YEAR_SPAN: i32 = 4;

/// A headline list whose figures are annual averages (主要预期目标是：地区生产总值年均增长
/// 9%以上，…公共财政收入年均增长11%以上，…) is the five-year plan's, whatever its lead-in
/// says: a congress-year report states it before this year's list, often without a period
/// word the lead-in could see. Its annual-average targets, the other targets of a sentence
/// where they are the majority, and the figureless items of the sentences that continue
/// that list (森林覆盖率和蓄积量稳步提高) are no headline of the plan year; their horizon is
/// the five years from the plan year.
fn demote_five_year_lists(text: &str, year: i32, targets: &mut [TargetAt]) {
    let listed = |t: &TargetAt| t.headline && t.horizon == (Some(year), Some(year));
    let mut open = false;
    let mut i = 0;
    while i < targets.len() {
        let s = targets[i].sentence.clone();
        let n = targets[i..].iter().take_while(|t| t.sentence == s).count();
        let group = &mut targets[i..i + n];
        i += n;
        let (valued, averaged) = group
            .iter()
            .filter(|t| listed(t))
            .fold((0, 0), |(v, a), t| {
                let valued = t.found.value.is_some();
                (
                    v + usize::from(valued),
                    a + usize::from(is_averaged(text, t)),
                )
            });
        let continues = open
            && valued == 0
            && text
                .get(s.clone())
                .is_some_and(|st| leads::find_lead(st, Some(year)).is_none());
        let whole = 2 * averaged > valued || continues;
        open = whole && group.iter().any(&listed);
        for t in group.iter_mut().filter(|t| listed(t)) {
            if whole || is_averaged(text, t) {
                t.headline = false;
                t.horizon = (Some(year), Some(year + FIVE_YEAR_SPAN));
            }
        }
    }
}

/// A figure stated as an annual average (年均增长9%): 细颗粒物年均浓度 names an indicator.
fn is_averaged(text: &str, t: &TargetAt) -> bool {
    t.found.annual_average
        && t.found.value.is_some()
        && text
            .get(t.found.metric_raw.clone())
            .is_some_and(|raw| !quantities::words().any_in(quantities::W::AnnualAverage, raw))
}

/// Flags the targets of the first inline headline sentence when no list gave a headline
/// GDP-growth target. `text` is the matching view the sentence ranges point into. When no
/// sentence names the year or a plan verb, the first sentence of a plan part that states
/// the region's GDP growth for the plan year is the headline (生产总值增长8%，…: the 2014
/// plan part of a city report; 全市国内生产总值增长10%，地方财政收入…). `in_plan` says
/// whether a section is a plan part.
pub(crate) fn mark(
    text: &str,
    year: Option<i32>,
    targets: &mut [TargetAt],
    in_plan: &dyn Fn(usize) -> bool,
) {
    let Some(year) = year else { return };
    demote_five_year_lists(text, year, targets);
    if targets.iter().any(|t| t.headline && is_anchor(t, year)) {
        return;
    }
    let sentence_text = |t: &TargetAt| text.get(t.sentence.clone()).unwrap_or("");
    let cued = targets
        .iter()
        .filter(|t| is_anchor(t, year))
        .find(|t| is_headline_sentence(sentence_text(t), year));
    let plain = || {
        targets.iter().filter(|t| is_anchor(t, year)).find(|t| {
            t.section.is_some_and(in_plan)
                && is_plain_gdp(text, t)
                && !words()
                    .not_this
                    .iter()
                    .any(|x| find::contains(sentence_text(t), x))
        })
    };
    let Some(sentence) = cued.or_else(plain).map(|t| t.sentence.clone()) else {
        return;
    };
    for t in targets.iter_mut().filter(|t| t.sentence == sentence) {
        if t.horizon == (Some(year), Some(year)) {
            t.headline = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let w = InlineWords::from_tsv(EMBEDDED_TSV).unwrap();
        assert!(w.plan_verbs.contains(&"力争") && w.not_this.contains(&"年均"));
    }

    #[test]
    fn headline_sentences_of_real_reports() {
        for s in [
            "综合考虑各方面因素,今年全市地区生产总值增长8.5%左右。",
            "2008年力争生产总值增长10%以上;",
            "今年我省国内生产总值预期增长9%。",
            "初步安排国内生产总值增长9%。",
            "市委市政府把全市生产总值增长目标确定为6.5%左右。",
        ] {
            assert!(is_headline_sentence(s, 2008), "{s}");
        }
        for s in [
            "预计全年地区生产总值增长8%左右。",
            "“十四五”期间全市生产总值年均增长6.5%。",
            "一季度全市地区生产总值下降3%。",
            "全市地区生产总值增长8.2%。",
        ] {
            assert!(!is_headline_sentence(s, 2008), "{s}");
        }
    }
}
