//! Which kind of numbered list a part or a list is — this year's key tasks, the five-year
//! plan's, the 民生实事 list, last year's review, the government's own construction — by
//! the words of its heading or lead-in, read from `data/list_groups.tsv`.
//!
//! Loaded and validated once from the embedded table. Pure functions over the matching
//! view of a heading or lead-in; this module does not find lists (that is
//! `parse::outline`'s job) and reads no figures.

use std::sync::OnceLock;

use super::grammar_table::{self, word_classes, Classes};
use crate::model::Group;

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/list_groups.tsv");

word_classes! {
    /// The word classes of `data/list_groups.tsv` (its header says what each means).
    pub enum GroupClass {
        SelfConstruction = "self_construction",
        Review = "review",
        PlanStrong = "plan_strong",
        Plan = "plan",
        FiveYear = "five_year",
        PlanName = "plan_name",
        PeriodWord = "period_word",
        ThisYear = "this_year",
        PlanOpener = "plan_opener",
        PlanLead = "plan_lead",
        Past = "past",
        Future = "future",
        Livelihood = "livelihood",
        WorkList = "work_list",
        YearMark = "year_mark",
    }
}

/// The embedded table, validated once (its unit test parses it).
fn words() -> &'static Classes<GroupClass> {
    static W: OnceLock<Classes<GroupClass>> = OnceLock::new();
    grammar_table::embedded(&W, "list_groups.tsv", EMBEDDED_TSV)
}

/// Does `s` contain a word of class `c`?
fn any(s: &str, c: GroupClass) -> bool {
    words().any_in(c, s)
}

/// Does `s` name the five-year period and not this year (今后五年, “十四五”时期主要目标任务,
/// but not “十四五”和2021年工作 or 2021年是“十四五”开局之年)?
pub fn names_five_years_only(s: &str) -> bool {
    (any(s, GroupClass::FiveYear) || any(s, GroupClass::PlanName) && any(s, GroupClass::PeriodWord))
        && !any(s, GroupClass::ThisYear)
}

/// Does `heading` name four-digit years (2014年, in the matching view every year is ASCII
/// digits) or five-year plans, all of them before `year`: a part that looks back on them
/// (2014年主要工作, 2020年和“十三五” in a 2015 or 2021 report, “十一五”时期的政府工作 in
/// 2011)?
pub fn names_past_years_only(heading: &str, year: i32) -> bool {
    let b = heading.as_bytes();
    // plan_period gives the latest plan the heading names.
    let plan = super::plan_period(heading);
    if plan.is_some_and(|(_, end)| end >= year) {
        return false;
    }
    let mut named = plan.is_some();
    for mark in words().get(GroupClass::YearMark) {
        for (at, _) in heading.match_indices(mark) {
            let digits = at.checked_sub(4).and_then(|s| b.get(s..at));
            let Some(d) = digits.filter(|d| d.iter().all(u8::is_ascii_digit)) else {
                continue;
            };
            if at > 4 && b[at - 5].is_ascii_digit() {
                continue;
            }
            let y = d.iter().fold(0, |y, &c| y * 10 + i32::from(c - b'0'));
            if y >= year {
                return false;
            }
            named = true;
        }
    }
    named
}

/// Does the paragraph `p` open this year's (or the five years') plan: 今年… , 新的一年…,
/// or a lead-in such as 今年政府工作的总体要求是?
pub fn opens_plan(p: &str) -> bool {
    words().prefix_of(GroupClass::PlanOpener, p).is_some() || any(p, GroupClass::PlanLead)
}

/// Does the paragraph `p` speak of the past (全年完成…, 预计…, 取得了)?
pub fn speaks_of_past(p: &str) -> bool {
    any(p, GroupClass::Past)
}

/// Does the paragraph `p` speak of the future (今年, 明年, 将继续)?
pub fn speaks_of_future(p: &str) -> bool {
    any(p, GroupClass::Future)
}

/// Does a heading look back (回顾, 成就, 完成情况)?
pub fn looks_back(heading: &str) -> bool {
    any(heading, GroupClass::Review)
}

/// Does `s` name the government's own construction (全面加强政府自身建设)?
pub fn names_self_construction(s: &str) -> bool {
    any(s, GroupClass::SelfConstruction)
}

/// Does `s` name a livelihood-projects list (十件民生实事, 为民办实事)?
pub fn names_livelihood(s: &str) -> bool {
    any(s, GroupClass::Livelihood)
}

/// Does a list lead-in name work items of the year (十件大事, 重点项目)?
pub fn names_work_list(s: &str) -> bool {
    any(s, GroupClass::WorkList)
}

/// Does a numbered heading name a kind of part for certain (2023年工作回顾, 2024年工作安排,
/// 加强政府自身建设, “十四五”时期主要目标任务), and not just work (老旧小区整治和加装电梯工作,
/// an item of a 民生实事 list)?
pub fn names_part(heading: &str) -> bool {
    match classify_heading(heading) {
        Group::Review | Group::SelfConstruction | Group::FiveYearPlan => true,
        Group::Plan => any(heading, GroupClass::PlanStrong),
        Group::LivelihoodProjects | Group::Other => false,
    }
}

/// The group of a part by its heading (or, for a lost heading, by how its body opens).
pub fn classify_heading(heading: &str) -> Group {
    let review = any(heading, GroupClass::Review);
    if any(heading, GroupClass::SelfConstruction) {
        Group::SelfConstruction
    } else if review && any(heading, GroupClass::PlanStrong) {
        // The phrase's head comes last: 目标任务执行情况 is review, 发展成就和“十五五”时期
        // 主要目标任务 is decided paragraph by paragraph.
        let w = words();
        let review_last =
            w.last_end(GroupClass::Review, heading) > w.last_end(GroupClass::PlanStrong, heading);
        if review_last {
            Group::Review
        } else {
            Group::Other
        }
    } else if review {
        Group::Review
    } else if names_livelihood(heading) {
        Group::LivelihoodProjects
    } else if (any(heading, GroupClass::FiveYear) || any(heading, GroupClass::PlanName))
        && !any(heading, GroupClass::ThisYear)
    {
        // A heading needs no period word: 二、“十一五”发展战略任务.
        Group::FiveYearPlan
    } else if any(heading, GroupClass::Plan) {
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
        let w = Classes::<GroupClass>::from_tsv("list_groups.tsv", EMBEDDED_TSV)
            .expect("data/list_groups.tsv");
        assert!(w.get(GroupClass::Review).contains(&"回顾"));
        assert!(w.get(GroupClass::Livelihood).contains(&"民生实事"));
        let e = Classes::<GroupClass>::from_tsv("t", "class\tword\nreview\t回顾\nplans\t工作\n")
            .unwrap_err();
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
        // 陕西省 2012, 楚雄州 2022: the review word is the head of the phrase.
        assert_eq!(
            classify_heading("四次会议确定的目标任务执行情况"),
            Group::Review
        );
        assert_eq!(
            classify_heading("克难奋进，十二届州人民政府各项目标任务圆满完成"),
            Group::Review
        );
        assert_eq!(
            classify_heading("“十四五”发展成就和“十五五”时期主要目标任务"),
            Group::Other
        );
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
        // 眉山市 2022 (lawtext): a short work list before the heading list of tasks.
        assert!(names_work_list("今年要全力抓好十件大事："));
        assert!(!names_work_list("工作中重点把握以下五点："));
        // 济南 2018: an item of the 为民办18件实事 annex is no part.
        assert!(!names_part("老旧小区整治和加装电梯工作"));
        assert!(names_part("2018年工作安排"));
        assert!(!names_five_years_only(
            "2021年是“十四五”开局之年,重点抓好以下工作:"
        ));
        // 长沙市 2004 (lawtext): the plan opens after the review items.
        assert!(opens_plan(
            "今年政府工作的总体要求是:深入贯彻落实党的十六大"
        ));
        assert!(speaks_of_past("全年完成国内生产总值928.2亿元(预计数,下同)"));
        assert!(!opens_plan("回顾过去的一年,我们清醒地看到"));
        // 杭州市 2015, 厦门市 2021 (lawtext).
        assert!(names_past_years_only("2014年主要工作", 2015));
        assert!(names_past_years_only("2020年和“十三五”", 2021));
        assert!(!names_past_years_only("2015年主要工作", 2015));
        assert!(!names_past_years_only(
            "2014年工作回顾和2015年工作安排",
            2015
        ));
        assert!(!names_past_years_only("“十四五”时期主要目标任务", 2021));
        assert!(!names_past_years_only("12014年", 2021));
        // 烟台市 2011, 福建省 2006, 宁波市 2011 (lawtext).
        assert!(names_past_years_only("“十一五”时期的政府工作", 2011));
        assert!(names_past_years_only("“十五”目标任务胜利完成", 2006));
        assert!(!names_past_years_only(
            "关于“十二五”规划纲要（草案）的说明",
            2011
        ));
        assert!(!names_past_years_only("“十一五”回顾和“十二五”展望", 2011));
    }
}
