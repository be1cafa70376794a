//! The project grammar's word lists: `data/projects.tsv`, embedded at compile time,
//! parsed and checked once on first use.
//!
//! What it does: reads the rows (kind, word, value) into typed lists — head nouns, lead
//! and tail verbs with the status they give, adverbs, tails, rank words, umbrella and
//! not-project words, designation verbs, investment and size leads, the cue words of the
//! heads (the trigger of the project grammar, also used by `cues`) — and reports the
//! first bad line with its number. What it must not do: decide whether a clause is a
//! project (that is `projects`), do I/O, or panic on input text. The only panic is on
//! the embedded file, which the unit test parses.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::{InvestmentBasis, ProjectStatus};

/// The grammar as shipped in the crate.
pub const EMBEDDED_TSV: &str = include_str!("../../data/projects.tsv");

const HEADER: [&str; 3] = ["kind", "word", "value"];

/// A bad line of the file (1-based line number) or a file-level problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrammarError {
    #[error("projects.tsv line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("projects.tsv: {0}")]
    File(String),
}

/// A word with the status it gives (None: the verb says nothing about progress).
#[derive(Debug, Clone, Copy)]
pub struct Verb {
    pub word: &'static str,
    pub status: Option<ProjectStatus>,
}

/// The typed word lists. Verb lists are longest first, so a prefix scan takes the longest.
#[derive(Debug, Default)]
pub struct ProjectWords {
    pub heads: Vec<&'static str>,
    /// Heads whose count is a project count, never a target (N个…项目, 50亿元以上项目).
    pub counted_heads: Vec<&'static str>,
    /// The words every head contains: the trigger of the project grammar (项目, 园).
    pub cues: Vec<&'static str>,
    pub lead_verbs: Vec<Verb>,
    pub tail_verbs: Vec<Verb>,
    pub class_status: Vec<Verb>,
    pub adverbs: Vec<&'static str>,
    /// A scope or time word before the lead verb (全年, 全市): not part of the object.
    pub scopes: Vec<&'static str>,
    pub tails: Vec<&'static str>,
    pub ranks: Vec<&'static str>,
    pub umbrella: Vec<&'static str>,
    pub not_project: Vec<&'static str>,
    pub designation: Vec<&'static str>,
    pub invest_leads: Vec<(&'static str, InvestmentBasis)>,
    pub size_leads: Vec<&'static str>,
    /// The line of each head, for the check that it contains a cue.
    head_lines: Vec<usize>,
}

/// Automata over the lists asked "does any occur?" once per clause.
pub struct Compiled {
    pub words: ProjectWords,
    pub not_project: AhoCorasick,
    pub umbrella: AhoCorasick,
    /// Tail verbs, leftmost-longest (完成投资 before 完成).
    pub tail_verbs: AhoCorasick,
}

fn line_err(line: usize, message: impl Into<String>) -> GrammarError {
    GrammarError::Line {
        line,
        message: message.into(),
    }
}

fn status_of(line: usize, v: &str) -> Result<Option<ProjectStatus>, GrammarError> {
    if v == "-" {
        return Ok(None);
    }
    ProjectStatus::parse(v)
        .map(Some)
        .ok_or_else(|| line_err(line, format!("unknown status {v:?}")))
}

impl ProjectWords {
    /// Parses and checks a file in the `projects.tsv` format: the header line, exactly
    /// three tab-separated columns, a known kind, a non-empty word used once per kind, a
    /// status for verbs, a basis for investment leads and `-` everywhere else; every head
    /// contains one of the cue words that gate the project grammar.
    pub fn from_tsv(tsv: &'static str) -> Result<Self, GrammarError> {
        let mut w = ProjectWords::default();
        let mut seen_header = false;
        let mut seen: std::collections::HashSet<(&str, &str)> = Default::default();
        for (n, raw) in tsv.lines().enumerate() {
            let line = n + 1;
            let row = raw.strip_suffix('\r').unwrap_or(raw);
            if row.trim().is_empty() || row.starts_with('#') {
                continue;
            }
            let cols: Vec<&'static str> = row.split('\t').collect();
            if cols.len() != 3 {
                return Err(line_err(
                    line,
                    format!("expected 3 columns, found {}", cols.len()),
                ));
            }
            if !seen_header {
                if cols != HEADER {
                    return Err(line_err(line, "expected the header line kind, word, value"));
                }
                seen_header = true;
                continue;
            }
            let (kind, word, value) = (cols[0], cols[1], cols[2]);
            if word.trim().is_empty() || word.trim() != word {
                return Err(line_err(line, "empty word or surrounding spaces"));
            }
            if !seen.insert((kind, word)) {
                return Err(line_err(line, format!("{kind} {word:?} is listed twice")));
            }
            w.add(line, kind, word, value)?;
        }
        if !seen_header {
            return Err(GrammarError::File("no header line".into()));
        }
        w.check()?;
        Ok(w)
    }

    fn add(
        &mut self,
        line: usize,
        kind: &str,
        word: &'static str,
        value: &str,
    ) -> Result<(), GrammarError> {
        let plain = |list: &mut Vec<&'static str>| {
            if value != "-" {
                return Err(line_err(
                    line,
                    format!("{kind} takes value -, not {value:?}"),
                ));
            }
            list.push(word);
            Ok(())
        };
        match kind {
            "lead_verb" | "tail_verb" | "class_status" => {
                let v = Verb {
                    word,
                    status: status_of(line, value)?,
                };
                match kind {
                    "lead_verb" => self.lead_verbs.push(v),
                    "tail_verb" => self.tail_verbs.push(v),
                    _ => self.class_status.push(v),
                }
                Ok(())
            }
            "invest_lead" => {
                let b = InvestmentBasis::parse(value)
                    .filter(|b| *b != InvestmentBasis::Threshold)
                    .ok_or_else(|| line_err(line, format!("basis {value:?}: total or annual")))?;
                self.invest_leads.push((word, b));
                Ok(())
            }
            "head" => {
                match value {
                    "counted" => self.counted_heads.push(word),
                    "-" => {}
                    _ => {
                        return Err(line_err(
                            line,
                            format!("head takes value counted or -, not {value:?}"),
                        ))
                    }
                }
                self.head_lines.push(line);
                self.heads.push(word);
                Ok(())
            }
            "cue" => plain(&mut self.cues),
            "adverb" => plain(&mut self.adverbs),
            "scope" => plain(&mut self.scopes),
            "tail" => plain(&mut self.tails),
            "rank" => plain(&mut self.ranks),
            "umbrella" => plain(&mut self.umbrella),
            "not_project" => plain(&mut self.not_project),
            "designation" => plain(&mut self.designation),
            "size_lead" => plain(&mut self.size_leads),
            _ => Err(line_err(line, format!("unknown kind {kind:?}"))),
        }
    }

    fn check(&mut self) -> Result<(), GrammarError> {
        for (word, line) in self.heads.iter().zip(&self.head_lines) {
            if !self.cues.iter().any(|g| word.contains(g)) {
                return Err(line_err(
                    *line,
                    format!("head {word:?} contains no cue word"),
                ));
            }
        }
        for (name, empty) in [
            ("cue", self.cues.is_empty()),
            ("head", self.heads.is_empty()),
            ("lead_verb", self.lead_verbs.is_empty()),
            ("tail_verb", self.tail_verbs.is_empty()),
        ] {
            if empty {
                return Err(GrammarError::File(format!("no {name} rows")));
            }
        }
        let by_len = |a: &&str, b: &&str| b.len().cmp(&a.len());
        self.lead_verbs.sort_by(|a, b| by_len(&a.word, &b.word));
        self.adverbs.sort_by(by_len);
        self.scopes.sort_by(by_len);
        self.tails.sort_by(by_len);
        self.ranks.sort_by(by_len);
        Ok(())
    }
}

fn automaton(words: &[&str], kind: MatchKind) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(kind)
        .build(words)
        .unwrap_or_else(|e| panic!("project word automaton over the embedded words: {e}"))
}

/// The embedded grammar, parsed once.
pub fn words() -> &'static Compiled {
    static W: OnceLock<Compiled> = OnceLock::new();
    W.get_or_init(|| {
        let words = ProjectWords::from_tsv(EMBEDDED_TSV)
            .unwrap_or_else(|e| panic!("embedded data/projects.tsv: {e}"));
        let tails: Vec<&str> = words.tail_verbs.iter().map(|v| v.word).collect();
        Compiled {
            not_project: automaton(&words.not_project, MatchKind::Standard),
            umbrella: automaton(&words.umbrella, MatchKind::Standard),
            tail_verbs: automaton(&tails, MatchKind::LeftmostLongest),
            words,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_grammar_is_valid() {
        let w = ProjectWords::from_tsv(EMBEDDED_TSV).unwrap();
        assert!(w.heads.contains(&"项目") && w.heads.contains(&"工程"));
        let v = w.lead_verbs.iter().find(|v| v.word == "新开工").unwrap();
        assert_eq!(v.status, Some(ProjectStatus::NewStart));
        // Longest first: 加快实施 is tried before 加快.
        let pos = |x: &str| w.lead_verbs.iter().position(|v| v.word == x).unwrap();
        assert!(pos("加快实施") < pos("加快"));
        assert!(w
            .invest_leads
            .iter()
            .any(|(x, b)| *x == "总投资" && *b == InvestmentBasis::Total));
    }

    #[test]
    fn bad_lines_name_their_number() {
        let head = "kind\tword\tvalue\n";
        let cases = [
            ("lead_verb\t开工\tstarted\n", 2, "unknown status"),
            ("cue\t项目\t-\nhead\t中心\t-\n", 3, "contains no cue word"),
            ("head\t项目\tall\n", 2, "counted or -"),
            ("\nverb\t开工\tnew_start\n", 3, "unknown kind"),
            ("rank\t重点\n", 2, "expected 3 columns"),
            ("rank\t重点\t-\nrank\t重点\t-\n", 3, "listed twice"),
            ("invest_lead\t总投资\tthreshold\n", 2, "basis"),
        ];
        for (body, line, what) in cases {
            let tsv: &'static str = Box::leak(format!("{head}{body}").into_boxed_str());
            match ProjectWords::from_tsv(tsv) {
                Err(GrammarError::Line { line: l, message }) => {
                    assert_eq!(l, line, "{body}");
                    assert!(message.contains(what), "{message}");
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(matches!(
            ProjectWords::from_tsv("lead_verb\t开工\tnew_start\n"),
            Err(GrammarError::Line { line: 1, .. })
        ));
        assert!(matches!(
            ProjectWords::from_tsv("kind\tword\tvalue\nrank\t重点\t-\n"),
            Err(GrammarError::File(_))
        ));
    }
}
