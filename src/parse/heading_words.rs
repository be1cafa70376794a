//! The words that show where a numbered heading ends and its body begins in a text that
//! lost its line breaks (`data/heading_ends.tsv`): body openers (坚持, 今年是), heading tails (工作回顾, 新突破), what
//! follows a year that opens a body, and the chars after which a heading goes on.
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
    }

    #[test]
    fn a_char_class_row_must_be_one_char() {
        let bad = "class\tword\njoiner\t和及\n";
        let e = HeadingWords::from_tsv(bad).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }
}
