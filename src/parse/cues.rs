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

/// Project head nouns: the trigger of the project grammar (`projects` gates on them too).
pub const PROJECT_HEAD_WORDS: &[&str] = &["项目", "工程", "基地", "园"];

const GROUPS: &[(&[&str], Cues)] = &[
    (&["目标", "指标", "预期", "期间", "时期"], Cues::TARGET),
    (&["计划"], Cues::PLAN),
    (&["百分之", "清零", "翻一番", "翻两番"], Cues::FIGURE_WORD),
    (PROJECT_HEAD_WORDS, Cues::PROJECT_HEAD),
];

/// One automaton over every trigger word, and the trigger of each pattern.
fn automaton() -> &'static (DFA, Vec<Cues>) {
    static AC: OnceLock<(DFA, Vec<Cues>)> = OnceLock::new();
    AC.get_or_init(|| {
        let (words, cues): (Vec<&str>, Vec<Cues>) = GROUPS
            .iter()
            .flat_map(|(ws, c)| ws.iter().map(move |w| (*w, *c)))
            .unzip();
        let ac =
            super::gate(&words).unwrap_or_else(|e| panic!("cue automaton over static words: {e}"));
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
    words: &'static [&'static str],
    automaton: OnceLock<DFA>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            automaton: OnceLock::new(),
        }
    }

    /// Whether any of the words occurs in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        self.automaton
            .get_or_init(|| {
                super::gate(self.words)
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
