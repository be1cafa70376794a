//! Trigger words of the record grammar, found in one automaton pass per sentence.
//!
//! The grammar runs only where a trigger makes a record possible. Instead of one search
//! per word list per clause, one overlapping Aho-Corasick pass over a sentence yields
//! every trigger with its position; a clause's triggers are then the events inside its
//! range. This module knows which words trigger which grammar, not what they mean.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::Input;

use super::grammar_table::{self, word_classes, Classes};

/// A set of triggers (bit flags).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u8);

impl Cues {
    /// A target list lead-in, a horizon or a declined target may follow.
    pub const TARGET: Cues = Cues(1);
    /// An older plan's headline statement (今年计划…).
    pub const PLAN: Cues = Cues(2);
    /// A figure written in words (百分之七, 清零, 翻一番).
    pub const FIGURE_WORD: Cues = Cues(4);
    /// A project head noun (项目, 工程, 基地, …园).
    pub const PROJECT_HEAD: Cues = Cues(8);

    pub fn has(self, c: Cues) -> bool {
        self.0 & c.0 != 0
    }
}

impl std::ops::BitOrAssign for Cues {
    fn bitor_assign(&mut self, rhs: Cues) {
        self.0 |= rhs.0;
    }
}

word_classes! {
    /// The word classes of `data/cues.tsv`.
    enum CueClass {
        Target = "target",
        Plan = "plan",
    }
}

/// The embedded table of the target and plan triggers.
pub const EMBEDDED_TSV: &str = include_str!("../../data/cues.tsv");

fn table() -> &'static Classes<CueClass> {
    static T: OnceLock<Classes<CueClass>> = OnceLock::new();
    grammar_table::embedded(&T, "cues.tsv", EMBEDDED_TSV)
}

/// Project head cue words: the trigger of the project grammar (`projects` gates on them
/// too), from `data/projects.tsv`.
pub fn project_head_words() -> &'static [&'static str] {
    &super::project_words::words().words.cues
}

/// Every trigger word with its trigger, in pattern order: the target and plan words of
/// `data/cues.tsv`, the figure words (百分之 and the quantity grammar's 清零, 翻一番) and
/// the project head cues.
fn groups() -> Vec<(&'static str, Cues)> {
    let t = table();
    let tagged = |ws: &'static [&'static str], c: Cues| ws.iter().map(move |w| (*w, c));
    tagged(t.get(CueClass::Target), Cues::TARGET)
        .chain(tagged(t.get(CueClass::Plan), Cues::PLAN))
        .chain(std::iter::once((
            super::number::percent_word(),
            Cues::FIGURE_WORD,
        )))
        .chain(super::quantities::figure_words().map(|w| (w, Cues::FIGURE_WORD)))
        .chain(tagged(project_head_words(), Cues::PROJECT_HEAD))
        .collect()
}

/// One automaton over every trigger word, and the trigger of each pattern.
fn automaton() -> &'static (DFA, Vec<Cues>) {
    static AC: OnceLock<(DFA, Vec<Cues>)> = OnceLock::new();
    AC.get_or_init(|| {
        let (words, cues): (Vec<&str>, Vec<Cues>) = groups().into_iter().unzip();
        let ac = super::gate(&words)
            .unwrap_or_else(|e| panic!("cue automaton over the tables' words: {e}"));
        (ac, cues)
    })
}

/// The triggers of one sentence, by position.
#[derive(Debug, Default)]
pub struct SentenceCues {
    /// (byte offset in the text, trigger), in text order.
    events: Vec<(usize, Cues)>,
    all: Cues,
}

impl SentenceCues {
    /// Scans `text[range]` once.
    pub fn scan(text: &str, range: Range<usize>) -> SentenceCues {
        let mut out = SentenceCues::default();
        let Some(s) = text.get(range.clone()) else {
            return out;
        };
        let (ac, cues) = automaton();
        // An unanchored standard DFA always supports overlapping search: no error.
        let Ok(matches) = ac.try_find_overlapping_iter(Input::new(s)) else {
            return out;
        };
        for m in matches {
            let cue = cues[m.pattern().as_usize()];
            out.events.push((range.start + m.start(), cue));
            out.all |= cue;
        }
        out
    }

    /// Every trigger of the sentence.
    pub fn all(&self) -> Cues {
        self.all
    }

    /// The triggers that start inside `range` (a clause of the sentence).
    pub fn within(&self, range: &Range<usize>) -> Cues {
        let from = self.events.partition_point(|(p, _)| *p < range.start);
        let mut cues = Cues::default();
        for (p, c) in &self.events[from..] {
            if *p >= range.end {
                break;
            }
            cues |= *c;
        }
        cues
    }
}

/// A fixed list of words asked "does any occur in this text?": one automaton pass
/// instead of one search per word. Built on first use.
pub struct WordSet {
    words: Words,
    automaton: OnceLock<DFA>,
}

/// Where a [`WordSet`]'s words come from.
enum Words {
    Fixed(&'static [&'static str]),
    /// A class of a data table, read on first use.
    Table(fn() -> &'static [&'static str]),
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words: Words::Fixed(words),
            automaton: OnceLock::new(),
        }
    }

    /// A set over words read from a data table on first use.
    pub const fn from_table(words: fn() -> &'static [&'static str]) -> WordSet {
        WordSet {
            words: Words::Table(words),
            automaton: OnceLock::new(),
        }
    }

    /// Whether any of the words occurs in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        self.automaton
            .get_or_init(|| {
                let words = match &self.words {
                    Words::Fixed(w) => w,
                    Words::Table(f) => f(),
                };
                super::gate(words)
                    .unwrap_or_else(|e| panic!("word automaton over static words: {e}"))
            })
            .try_find(&Input::new(text).earliest(true))
            .is_ok_and(|m| m.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let t = Classes::<CueClass>::from_tsv("cues.tsv", EMBEDDED_TSV).unwrap();
        assert!(t.get(CueClass::Target).contains(&"目标"));
        let g = groups();
        assert!(
            g.contains(&("百分之", Cues::FIGURE_WORD)) && g.contains(&("园", Cues::PROJECT_HEAD))
        );
    }

    #[test]
    fn word_sets() {
        static PAST: WordSet = WordSet::new(&["过去", "去年", "取得了"]);
        assert!(PAST.any_in("过去一年,全市经济运行稳中有进"));
        assert!(PAST.any_in("去年"));
        assert!(!PAST.any_in("今年主要预期目标是"));
        assert!(!PAST.any_in(""));
    }

    #[test]
    fn a_sentence_and_its_clauses() {
        let t = "今年主要预期目标是:地区生产总值增长百分之七,实施重点项目120个。";
        let sc = SentenceCues::scan(t, 0..t.len());
        assert!(sc.all().has(Cues::TARGET));
        assert!(!sc.all().has(Cues::PLAN));
        let first = 0..t.find(':').unwrap_or(0);
        assert_eq!(sc.within(&first), Cues::TARGET);
        let c2 = t.find("地区").unwrap_or(0)..t.find(",实施").unwrap_or(0);
        assert_eq!(sc.within(&c2), Cues::FIGURE_WORD);
        let c3 = t.find("实施").unwrap_or(0)..t.len();
        assert_eq!(sc.within(&c3), Cues::PROJECT_HEAD);
    }
}
