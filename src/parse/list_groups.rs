//! Which kind of numbered list a part or a list is — this year's key tasks, the five-year
//! plan's, the 民生实事 list, last year's review, the government's own construction — by
//! the words of its heading or lead-in, read from `data/list_groups.tsv`.
//!
//! Loaded and validated once from the embedded table. Pure functions over the matching
//! view of a heading or lead-in; this module does not find lists (that is
//! `parse::outline`'s job) and reads no figures.

use std::str::FromStr;
use std::sync::OnceLock;

use super::find;
use super::grammar_table::{self, Row, TableError};
use crate::model::Group;

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/list_groups.tsv");

/// The word classes of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupClass {
    SelfConstruction,
    Review,
    PlanStrong,
    Plan,
    FiveYear,
    PlanName,
    PeriodWord,
    ThisYear,
    PlanOpener,
    PlanLead,
    Past,
    Future,
    Livelihood,
}

impl FromStr for GroupClass {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "self_construction" => GroupClass::SelfConstruction,
            "review" => GroupClass::Review,
            "plan_strong" => GroupClass::PlanStrong,
            "plan" => GroupClass::Plan,
            "five_year" => GroupClass::FiveYear,
            "plan_name" => GroupClass::PlanName,
            "period_word" => GroupClass::PeriodWord,
            "this_year" => GroupClass::ThisYear,
            "plan_opener" => GroupClass::PlanOpener,
            "plan_lead" => GroupClass::PlanLead,
            "past" => GroupClass::Past,
            "future" => GroupClass::Future,
            "livelihood" => GroupClass::Livelihood,
            _ => return Err(()),
        })
    }
}

/// The table's words by class.
#[derive(Debug)]
pub struct GroupWords {
    self_construction: Vec<&'static str>,
    review: Vec<&'static str>,
    plan_strong: Vec<&'static str>,
    plan: Vec<&'static str>,
    five_year: Vec<&'static str>,
    plan_name: Vec<&'static str>,
    period_word: Vec<&'static str>,
    this_year: Vec<&'static str>,
    plan_opener: Vec<&'static str>,
    plan_lead: Vec<&'static str>,
    past: Vec<&'static str>,
    future: Vec<&'static str>,
    livelihood: Vec<&'static str>,
}

impl GroupWords {
    /// Validates and groups a table.
    pub fn from_tsv(tsv: &'static str) -> Result<GroupWords, TableError> {
        let rows: Vec<Row<GroupClass>> = grammar_table::read("list_groups.tsv", tsv)?;
        let w = |c: GroupClass| grammar_table::words(&rows, c);
        Ok(GroupWords {
            self_construction: w(GroupClass::SelfConstruction),
            review: w(GroupClass::Review),
            plan_strong: w(GroupClass::PlanStrong),
            plan: w(GroupClass::Plan),
            five_year: w(GroupClass::FiveYear),
            plan_name: w(GroupClass::PlanName),
            period_word: w(GroupClass::PeriodWord),
            this_year: w(GroupClass::ThisYear),
            plan_opener: w(GroupClass::PlanOpener),
            plan_lead: w(GroupClass::PlanLead),
            past: w(GroupClass::Past),
            future: w(GroupClass::Future),
            livelihood: w(GroupClass::Livelihood),
        })
    }
}

/// The embedded table, validated once (its unit test parses it).
pub fn words() -> &'static GroupWords {
    static W: OnceLock<GroupWords> = OnceLock::new();
    W.get_or_init(|| {
        GroupWords::from_tsv(EMBEDDED_TSV).unwrap_or_else(|e| panic!("embedded table: {e}"))
    })
}

fn any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| find::contains(s, w))
}

/// Does `s` name the five-year period and not this year (今后五年, “十四五”时期主要目标任务,
/// but not “十四五”和2021年工作 or 2021年是“十四五”开局之年)?
pub fn names_five_years_only(s: &str) -> bool {
    let w = words();
    (any(s, &w.five_year) || any(s, &w.plan_name) && any(s, &w.period_word))
        && !any(s, &w.this_year)
}

/// Does the paragraph `p` open this year's (or the five years') plan: 今年… , 新的一年…,
/// or a lead-in such as 今年政府工作的总体要求是?
pub fn opens_plan(p: &str) -> bool {
    let w = words();
    w.plan_opener.iter().any(|o| p.starts_with(o)) || any(p, &w.plan_lead)
}

/// Does the paragraph `p` speak of the past (全年完成…, 预计…, 取得了)?
pub fn speaks_of_past(p: &str) -> bool {
    any(p, &words().past)
}

/// Does the paragraph `p` speak of the future (今年, 明年, 将继续)?
pub fn speaks_of_future(p: &str) -> bool {
    any(p, &words().future)
}

/// Does a heading look back (回顾, 成就, 完成情况)?
pub fn looks_back(heading: &str) -> bool {
    any(heading, &words().review)
}

/// Does `s` name the government's own construction (全面加强政府自身建设)?
pub fn names_self_construction(s: &str) -> bool {
    any(s, &words().self_construction)
}

/// Does `s` name a livelihood-projects list (十件民生实事, 为民办实事)?
pub fn names_livelihood(s: &str) -> bool {
    any(s, &words().livelihood)
}

/// The group of a part by its heading (or, for a lost heading, by how its body opens).
pub fn classify_heading(heading: &str) -> Group {
    let w = words();
    let review = any(heading, &w.review);
    if any(heading, &w.self_construction) {
        Group::SelfConstruction
    } else if review && any(heading, &w.plan_strong) {
        // 发展成就和“十五五”时期主要目标任务: decided paragraph by paragraph.
        Group::Other
    } else if review {
        Group::Review
    } else if names_livelihood(heading) {
        Group::LivelihoodProjects
    } else if (any(heading, &w.five_year) || any(heading, &w.plan_name))
        && !any(heading, &w.this_year)
    {
        // A heading needs no period word: 二、“十一五”发展战略任务.
        Group::FiveYearPlan
    } else if any(heading, &w.plan) {
        Group::Plan
    } else {
        Group::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads() {
        let w = GroupWords::from_tsv(EMBEDDED_TSV).expect("data/list_groups.tsv");
        assert!(w.review.contains(&"回顾"));
        assert!(w.livelihood.contains(&"民生实事"));
        let e = GroupWords::from_tsv("class\tword\nreview\t回顾\nplans\t工作\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (3, "unknown class \"plans\""));
    }

    #[test]
    fn headings_of_real_reports() {
        // 安徽省 2021, 湖南省 2021, 伊春市 2014 (lawtext).
        assert_eq!(
            classify_heading("2020年工作和“十三五”时期发展回顾"),
            Group::Review
        );
        assert_eq!(
            classify_heading("“十四五”时期主要目标任务和重大举措"),
            Group::FiveYearPlan
        );
        assert_eq!(classify_heading("2021年重点工作"), Group::Plan);
        // 安徽省 2006.
        assert_eq!(
            classify_heading("“十一五”发展战略任务"),
            Group::FiveYearPlan
        );
        assert_eq!(classify_heading("2006年重点工作"), Group::Plan);
        assert_eq!(classify_heading("“十四五”和2021年工作"), Group::Plan);
        assert_eq!(
            classify_heading("加强政府自身建设"),
            Group::SelfConstruction
        );
        assert_eq!(
            classify_heading("2026年自治区民生实事"),
            Group::LivelihoodProjects
        );
        assert_eq!(
            classify_heading("发展成就和“十五五”时期主要目标任务"),
            Group::Other
        );
        assert!(!names_livelihood("坚持实事求是"));
        assert!(!names_five_years_only(
            "2021年是“十四五”开局之年,重点抓好以下工作:"
        ));
        // 长沙市 2004 (lawtext): the plan opens after the review items.
        assert!(opens_plan(
            "今年政府工作的总体要求是:深入贯彻落实党的十六大"
        ));
        assert!(speaks_of_past("全年完成国内生产总值928.2亿元(预计数,下同)"));
        assert!(!opens_plan("回顾过去的一年,我们清醒地看到"));
    }
}
