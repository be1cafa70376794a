//! The words record assembly reads for tense and horizon (`data/tense_words.tsv`): what
//! makes a paragraph review or plan, a figure this year's or the five-year plan's, and a
//! sentence an explicit declined target.
//!
//! Loaded and validated once from the embedded table. This module only holds the words
//! and answers presence tests on a given text; `parse` decides what they mean.

use std::sync::OnceLock;

use super::grammar_table::{self, word_classes, Classes};

word_classes! {
    /// The word classes of `data/tense_words.tsv` (its header says what each means).
    pub(crate) enum T {
        NextFiveYears = "next_five_years",
        NextFiveYearsDigits = "next_five_years_digits",
        PeriodWord = "period_word",
        SpanWord = "span_word",
        MainWord = "main_word",
        ThisYearStart = "this_year_start",
        ThisYearMention = "this_year_mention",
        Past = "past",
        Future = "future",
        Explanation = "explanation",
        NotPlanned = "not_planned",
        LastYear = "last_year",
        ThanLastYear = "than_last_year",
        ReviewFiveText = "review_five_text",
        ReviewFiveHeading = "review_five_heading",
        TargetNoun = "target_noun",
        OldPlanLead = "old_plan_lead",
        OldPlanMetric = "old_plan_metric",
        ItemDash = "item_dash",
        ItemEnd = "item_end",
        ListEnd = "list_end",
        Vision = "vision",
        VisionYear = "vision_year",
        TitleOpen = "title_open",
        TitleClose = "title_close",
        HorizonTo = "horizon_to",
        Refuse = "refuse",
        DeclinedGoal = "declined_goal",
        DeclinedJobs = "declined_jobs",
        DeclinedNotJobs = "declined_not_jobs",
    }
}

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/tense_words.tsv");

fn table() -> &'static Classes<T> {
    static C: OnceLock<Classes<T>> = OnceLock::new();
    grammar_table::embedded(&C, "tense_words.tsv", EMBEDDED_TSV)
}

/// The words of class `c`, in file order.
pub(crate) fn words(c: T) -> &'static [&'static str] {
    table().get(c)
}

/// The one-char words of class `c`.
pub(crate) fn chars(c: T) -> &'static [char] {
    table().chars(c)
}

/// Does `s` contain a word of class `c`?
pub(crate) fn has(c: T, s: &str) -> bool {
    table().any_in(c, s)
}

/// Does `s` start with a word of class `c`?
pub(crate) fn starts(c: T, s: &str) -> bool {
    words(c).iter().any(|w| s.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid_and_has_every_class() {
        let t = Classes::<T>::from_tsv("tense_words.tsv", EMBEDDED_TSV).expect("valid table");
        assert_eq!(
            t.get(T::OldPlanLead),
            ["今年计划要求", "今年计划", "计划要求"]
        );
        assert_eq!(chars(T::HorizonTo), ['到']);
        assert!(has(T::Refuse, "没有提出全年经济增速具体目标"));
        assert!(starts(T::ThisYearStart, "今年是"));
    }
}
