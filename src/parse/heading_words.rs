//! The words that show where a numbered heading ends and its body begins in a text that
//! lost its line breaks (`data/heading_ends.tsv`): body openers (坚持, 今年是), heading
//! tails (工作回顾, 新突破), what follows a year or a plan period that opens a body, the
//! chars after which a heading goes on, and the verbs that open a plan heading and its
//! body.
//!
//! Loaded and validated once from the embedded table. This module only holds the words;
//! `parse::layout` decides where a heading ends. It must not scan report text.

use std::sync::OnceLock;

use super::grammar_table::{self, word_classes, Row, TableError};

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/heading_ends.tsv");

word_classes! {
    /// The classes of `data/heading_ends.tsv`.
    pub enum HeadingClass {
        Opener = "opener",
        Tail = "tail",
        YearNext = "year_next",
        Joiner = "joiner",
        Subject = "subject",
        PartTail = "part_tail",
        PartStart = "part_start",
        PartNextNot = "part_next_not",
        PrefixJoiner = "prefix_joiner",
        PlanVerb = "plan_verb",
        VerbOpener = "verb_opener",
        PeriodSuffix = "period_suffix",
        VerbNextNot = "verb_next_not",
        VerbPrevNot = "verb_prev_not",
        VerbPartTail = "verb_part_tail",
        PartInnerNot = "part_inner_not",
        NumeralListNext = "numeral_list_next",
    }
}

/// The table, grouped by class.
#[derive(Debug, Clone)]
pub struct HeadingWords {
    pub openers: Vec<&'static str>,
    pub tails: Vec<&'static str>,
    pub year_next: Vec<char>,
    pub joiners: Vec<char>,
    pub subjects: Vec<char>,
    /// Words that end an unnumbered part heading (2002年工作回顾, 2003年工作安排).
    pub part_tails: Vec<&'static str>,
    /// Words that open an unnumbered part heading (过去五年…, “十四五”时期…).
    pub part_starts: Vec<&'static str>,
    /// Chars after a part tail that show the words are running text (工作安排是…).
    pub part_next_not: Vec<char>,
    /// Chars after which a heading goes on, though a body may open before them (第).
    pub prefix_joiners: Vec<char>,
    /// Words a plan heading, or a comma-separated part of one, opens with (加快, 全面).
    pub plan_verbs: Vec<&'static str>,
    /// Words that open a body after a heading part that opened with a plan verb (深入).
    pub verb_openers: Vec<&'static str>,
    /// What may follow a plan period that opens a body (“十四五”时期，…).
    pub period_suffixes: Vec<&'static str>,
    /// Chars after a verb opener that make it qualify a noun (完善的, 积极性).
    pub verb_next_not: Vec<char>,
    /// Chars after which a verb opener is the heading's own word (更大力度, 引向深入).
    pub verb_prev_not: Vec<char>,
    /// Words that end an unnumbered part heading opening with a plan verb (全面加强政府自身建设).
    pub verb_part_tails: Vec<&'static str>,
    /// Chars that no unnumbered part heading holds (是).
    pub part_inner_not: Vec<char>,
    /// Chars after 三、四 that make it an enumeration of numerals (月: 三、四月份).
    pub numeral_list_next: Vec<char>,
}

impl HeadingWords {
    /// Validates and groups a table (the char classes hold one char a row).
    pub fn from_tsv(tsv: &'static str) -> Result<HeadingWords, TableError> {
        let rows: Vec<Row<HeadingClass>> = grammar_table::read("heading_ends.tsv", tsv)?;
        let chars = |c: HeadingClass| -> Result<Vec<char>, TableError> {
            rows.iter()
                .filter(|r| r.class == c)
                .map(|r| {
                    let mut it = r.word.chars();
                    match (it.next(), it.next()) {
                        (Some(ch), None) => Ok(ch),
                        _ => Err(TableError {
                            table: "heading_ends.tsv",
                            line: r.line,
                            message: format!("{:?} must be one char", r.word),
                        }),
                    }
                })
                .collect()
        };
        Ok(HeadingWords {
            openers: grammar_table::words(&rows, HeadingClass::Opener),
            tails: grammar_table::words(&rows, HeadingClass::Tail),
            year_next: chars(HeadingClass::YearNext)?,
            joiners: chars(HeadingClass::Joiner)?,
            subjects: chars(HeadingClass::Subject)?,
            part_tails: grammar_table::words(&rows, HeadingClass::PartTail),
            part_starts: grammar_table::words(&rows, HeadingClass::PartStart),
            part_next_not: chars(HeadingClass::PartNextNot)?,
            prefix_joiners: chars(HeadingClass::PrefixJoiner)?,
            plan_verbs: grammar_table::words(&rows, HeadingClass::PlanVerb),
            verb_openers: grammar_table::words(&rows, HeadingClass::VerbOpener),
            period_suffixes: grammar_table::words(&rows, HeadingClass::PeriodSuffix),
            verb_next_not: chars(HeadingClass::VerbNextNot)?,
            verb_prev_not: chars(HeadingClass::VerbPrevNot)?,
            verb_part_tails: grammar_table::words(&rows, HeadingClass::VerbPartTail),
            part_inner_not: chars(HeadingClass::PartInnerNot)?,
            numeral_list_next: chars(HeadingClass::NumeralListNext)?,
        })
    }
}

/// The embedded table, validated once (its unit test parses it).
pub fn words() -> &'static HeadingWords {
    static W: OnceLock<HeadingWords> = OnceLock::new();
    W.get_or_init(|| {
        HeadingWords::from_tsv(EMBEDDED_TSV).unwrap_or_else(|e| panic!("embedded table: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let w = HeadingWords::from_tsv(EMBEDDED_TSV).unwrap();
        assert!(w.openers.contains(&"坚持"));
        assert!(w.tails.contains(&"回顾"));
        assert!(w.year_next.contains(&'是'));
        assert!(w.joiners.contains(&'和'));
        assert!(w.subjects.contains(&'们'));
        assert!(w.prefix_joiners.contains(&'第') && !w.joiners.contains(&'第'));
        assert!(w.plan_verbs.contains(&"加快") && w.verb_openers.contains(&"深入"));
        assert!(w.period_suffixes.contains(&"时期"));
    }

    #[test]
    fn a_char_class_row_must_be_one_char() {
        let bad = "class\tword\njoiner\t和及\n";
        let e = HeadingWords::from_tsv(bad).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }
}
