//! Lead-ins of headline target lists (主要预期目标是：, 预期性指标是：, 主要预期经济指标定
//!为：, 总体目标是：) and the period a list is for, read from `data/target_leads.tsv`.
//!
//! A lead-in is a noun (目标, 指标) with a qualifier (主要, 预期, 总体, …) among the few
//! characters before it, then optional fillers (和约束指标的建议), then a copula (是, 为,
//! 建议为, …) or a colon. Its scope is the nearest year word before it: 今年 / the plan
//! year (this year's list) against 今后五年 / 十四五 (a five-year list). Pure functions over
//! the matching view; this module does not read the list items.

use std::str::FromStr;
use std::sync::OnceLock;

use super::find;
use super::grammar_table::{self, Row, TableError};

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/target_leads.tsv");

/// Characters before the noun searched for a qualifier.
const QUALIFIER_WINDOW_CHARS: usize = 8;
/// Characters before the lead-in searched for a scope word.
const SCOPE_WINDOW_CHARS: usize = 40;

/// The word classes of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadClass {
    Noun,
    Qualifier,
    Filler,
    Copula,
    FiveYear,
    ThisYear,
    NotLead,
    Prospective,
}

impl FromStr for LeadClass {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "noun" => LeadClass::Noun,
            "qualifier" => LeadClass::Qualifier,
            "filler" => LeadClass::Filler,
            "copula" => LeadClass::Copula,
            "five_year" => LeadClass::FiveYear,
            "this_year" => LeadClass::ThisYear,
            "not_lead" => LeadClass::NotLead,
            "prospective" => LeadClass::Prospective,
            _ => return Err(()),
        })
    }
}

/// The period a list is for, as its lead-in says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadScope {
    /// 今年 / 2024年 … 主要预期目标是
    ThisYear,
    /// 今后五年 / “十四五”时期 … 主要目标是
    FiveYear,
    /// Nothing near it says: the paragraph's context decides.
    Context,
}

/// A lead-in inside a sentence: byte offsets relative to the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    pub start: usize,
    pub end: usize,
    pub scope: LeadScope,
    /// The lead-in names a list of expected figures (主要预期目标, 预期性指标): a plan's
    /// list, even in a part whose plan heading was lost.
    pub prospective: bool,
}

/// The table's words by class, longest first where a prefix match is taken.
#[derive(Debug)]
pub struct LeadWords {
    nouns: Vec<&'static str>,
    qualifiers: Vec<&'static str>,
    fillers: Vec<&'static str>,
    copulas: Vec<&'static str>,
    five_year: Vec<&'static str>,
    this_year: Vec<&'static str>,
    not_lead: Vec<&'static str>,
    prospective: Vec<&'static str>,
}

impl LeadWords {
    /// Validates and groups a table.
    pub fn from_tsv(tsv: &'static str) -> Result<LeadWords, TableError> {
        let rows: Vec<Row<LeadClass>> = grammar_table::read("target_leads.tsv", tsv)?;
        let longest_first = |c: LeadClass| {
            let mut w = grammar_table::words(&rows, c);
            w.sort_by_key(|s| std::cmp::Reverse(s.len()));
            w
        };
        Ok(LeadWords {
            nouns: longest_first(LeadClass::Noun),
            qualifiers: longest_first(LeadClass::Qualifier),
            fillers: longest_first(LeadClass::Filler),
            copulas: longest_first(LeadClass::Copula),
            five_year: longest_first(LeadClass::FiveYear),
            this_year: longest_first(LeadClass::ThisYear),
            not_lead: longest_first(LeadClass::NotLead),
            prospective: longest_first(LeadClass::Prospective),
        })
    }
}

/// The embedded table, validated once (its unit test parses it).
pub fn words() -> &'static LeadWords {
    static W: OnceLock<LeadWords> = OnceLock::new();
    W.get_or_init(|| {
        LeadWords::from_tsv(EMBEDDED_TSV).unwrap_or_else(|e| panic!("embedded table: {e}"))
    })
}

/// The byte offset `n` chars before `pos` in `s` (or 0).
fn chars_back(s: &str, pos: usize, n: usize) -> usize {
    s[..pos]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn strip_any<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| s.strip_prefix(w))
}

/// The end of a lead-in whose noun ends at `after` (relative to `s`), if it opens a list.
fn lead_end(w: &LeadWords, s: &str, after: usize) -> Option<usize> {
    let mut rest = &s[after..];
    if w.not_lead.iter().any(|x| rest.starts_with(x)) {
        return None;
    }
    for _ in 0..3 {
        match strip_any(rest, &w.fillers) {
            Some(r) => rest = r,
            None => break,
        }
    }
    if let Some(r) = rest.strip_prefix(':') {
        return Some(s.len() - r.len());
    }
    let r = strip_any(rest, &w.copulas)?;
    let r = r
        .strip_prefix(':')
        .or_else(|| r.strip_prefix(','))
        .unwrap_or(r);
    Some(s.len() - r.len())
}

/// The scope given by the nearest year word before `start`: first among the few
/// characters before it, then, when those name no period, in all of `s` before it, where
/// only a this-year word after the last five-year word counts (完成今后五年的目标任务，今年
/// 至关重要。…主要预期目标是).
fn scope(w: &LeadWords, s: &str, start: usize, year: Option<i32>) -> LeadScope {
    let from = chars_back(s, start, SCOPE_WINDOW_CHARS);
    match nearest(w, &s[from..start], year) {
        LeadScope::Context => prefix_scope(&s[..start], year),
        scope => scope,
    }
}

/// This year's list when a this-year word (今年, the plan year) comes after the last
/// five-year word of `prefix` (the text before a lead-in); otherwise the context decides.
pub fn prefix_scope(prefix: &str, year: Option<i32>) -> LeadScope {
    match nearest(words(), prefix, year) {
        LeadScope::ThisYear => LeadScope::ThisYear,
        _ => LeadScope::Context,
    }
}

/// The period named by the last year word of `window`.
fn nearest(w: &LeadWords, window: &str, year: Option<i32>) -> LeadScope {
    let last = |words: &[&str]| words.iter().filter_map(|x| window.rfind(x)).max();
    let plan_year = year.map(|y| format!("{y}年"));
    let this = last(&w.this_year).max(plan_year.as_deref().and_then(|y| window.rfind(y)));
    // 2021年是“十四五”开局之年, 经济社会发展的主要预期目标是: the sentence is about the year.
    let year_is = this.is_some_and(|t| {
        window[t..]
            .split(',')
            .next()
            .is_some_and(|c| c.contains("年是"))
    });
    if year_is {
        return LeadScope::ThisYear;
    }
    match (this, last(&w.five_year)) {
        (Some(t), Some(f)) if f > t => LeadScope::FiveYear,
        (Some(_), _) => LeadScope::ThisYear,
        (None, Some(_)) => LeadScope::FiveYear,
        (None, None) => LeadScope::Context,
    }
}

/// The first lead-in of a target list in `sentence` (matching view), if any.
pub fn find_lead(sentence: &str, year: Option<i32>) -> Option<Lead> {
    let w = words();
    let mut best: Option<Lead> = None;
    for noun in &w.nouns {
        for pos in find::find_iter(sentence, noun) {
            if best.is_some_and(|b| b.start <= pos) {
                break;
            }
            let from = chars_back(sentence, pos, QUALIFIER_WINDOW_CHARS);
            let Some(qualifier) = w
                .qualifiers
                .iter()
                .filter_map(|q| find::find(&sentence[from..pos], q))
                .min()
            else {
                continue;
            };
            if let Some(end) = lead_end(w, sentence, pos + noun.len()) {
                let start = from + qualifier;
                let words = &sentence[start..end];
                best = Some(Lead {
                    start,
                    end,
                    scope: scope(w, sentence, start, year),
                    prospective: w.prospective.iter().any(|p| find::contains(words, p)),
                });
                break;
            }
        }
    }
    best
}

/// Does paragraph `p` state this year's target list (今年全省经济社会发展的主要预期目标
/// 是:…)? Its lead-in is for this year, or looks ahead where no year word settles it.
pub fn opens_year_targets(p: &str, year: Option<i32>) -> bool {
    find_lead(p, year).is_some_and(|l| {
        l.scope == LeadScope::ThisYear || l.scope == LeadScope::Context && l.prospective
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(s: &str) -> Option<(String, LeadScope)> {
        find_lead(s, Some(2012)).map(|l| (s[l.start..l.end].to_string(), l.scope))
    }

    #[test]
    fn embedded_table_is_valid() {
        let w = LeadWords::from_tsv(EMBEDDED_TSV).unwrap();
        assert!(w.nouns.contains(&"目标") && w.copulas.contains(&"建议为"));
    }

    #[test]
    fn lead_ins_of_real_reports() {
        use LeadScope::*;
        let cases = [
            // 武汉 2003, 沈阳 2004, 厦门 2009, 南京 2015, 河南 2009, 武汉 2008
            (
                "今年全市经济社会发展的主要预期目标是:国内生产总值增长12%",
                ThisYear,
            ),
            (
                "今年全市经济和社会发展的主要预期指标是:国内生产总值增长12.5%",
                ThisYear,
            ),
            ("2012年主要预期目标建议为:地区生产总值增长11%左右", ThisYear),
            (
                "今年经济社会发展的预期性指标是:地区生产总值增长9.5%左右",
                ThisYear,
            ),
            (
                "今年经济社会发展的主要目标:全省生产总值增长10%左右",
                ThisYear,
            ),
            (
                "对今年经济社会发展主要预期目标和约束指标的建议是:生产总增长13%",
                ThisYear,
            ),
            (
                "今后五年经济社会发展的主要目标是:国内生产总值年均增长12%以上",
                FiveYear,
            ),
            (
                "“十四五”时期经济社会发展的主要目标是:到二〇二五年",
                FiveYear,
            ),
            ("经济社会发展的主要预期目标是:地区生产总值增长8%", Context),
            (
                "2012年是“十二五”承上启下之年,经济社会发展的主要预期目标是:",
                ThisYear,
            ),
        ];
        for (s, scope) in cases {
            let (text, got) = lead(s).unwrap_or_else(|| panic!("no lead in {s}"));
            assert_eq!(got, scope, "{s}");
            assert!(text.ends_with(':') || text.ends_with('是'), "{text}");
        }
    }

    #[test]
    fn not_lead_ins() {
        for s in [
            "多项主要指标增幅超过全省平均水平",
            "市十四届人大四次会议确定的目标任务全面完成",
            "确保实现全年目标",
            "我们的目标是建设美好家园",
        ] {
            assert_eq!(lead(s), None, "{s}");
        }
    }
}
