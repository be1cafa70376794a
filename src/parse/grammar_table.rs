//! Reader for the grammar's word tables under `data/`: tab-separated `class<TAB>word` rows
//! after `#` comment lines and a `class<TAB>word` header line.
//!
//! It validates a table once (header, two columns, a known class, no empty or duplicate
//! word in a class) and reports the first problem with its line number. It knows nothing
//! of what the classes mean: each grammar module names its classes with an enum
//! ([`word_classes!`]) and reads its words grouped by class ([`Classes`]), once.

use std::str::FromStr;
use std::sync::OnceLock;

use thiserror::Error;

/// A problem in an embedded grammar table.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{table}, line {line}: {message}")]
pub struct TableError {
    pub table: &'static str,
    pub line: usize,
    pub message: String,
}

/// One `class<TAB>word` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<C> {
    pub class: C,
    pub word: &'static str,
    /// The row's line in the table (1-based), for errors found after reading.
    pub line: usize,
}

const HEADER: &str = "class\tword";

/// The data lines of a table with their line numbers: `#` comment lines and blank lines
/// are skipped, and the first other line must be `header`. Any table of `data/` with its
/// own columns reads its rows from here; errors are (line, message).
pub fn data_lines(
    tsv: &'static str,
    header: &str,
) -> Result<Vec<(usize, &'static str)>, (usize, String)> {
    let mut lines = tsv
        .lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l))
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    match lines.next() {
        Some((_, l)) if l == header => Ok(lines.collect()),
        Some((n, l)) => Err((n, format!("expected the header {header:?}, got {l:?}"))),
        None => Err((0, "no header line".into())),
    }
}

/// Parses `tsv` (named `table` in errors) into rows whose class parses as `C`.
pub fn read<C: FromStr + PartialEq + Copy>(
    table: &'static str,
    tsv: &'static str,
) -> Result<Vec<Row<C>>, TableError> {
    let err = |line: usize, message: String| TableError {
        table,
        line,
        message,
    };
    let mut rows: Vec<Row<C>> = Vec::new();
    let lines = data_lines(tsv, HEADER).map_err(|(n, m)| err(n, m))?;
    for (n, line) in lines {
        let mut cols = line.split('\t');
        let (Some(class), Some(word), None) = (cols.next(), cols.next(), cols.next()) else {
            return Err(err(n, "expected two tab-separated columns".into()));
        };
        let class = C::from_str(class).map_err(|_| err(n, format!("unknown class {class:?}")))?;
        if word.trim().is_empty() || word.trim() != word {
            return Err(err(n, format!("empty or padded word {word:?}")));
        }
        if rows.iter().any(|r| r.class == class && r.word == word) {
            return Err(err(n, format!("duplicate word {word:?}")));
        }
        rows.push(Row {
            class,
            word,
            line: n,
        });
    }
    Ok(rows)
}

/// The words of one class, in file order.
pub fn words<C: PartialEq + Copy>(rows: &[Row<C>], class: C) -> Vec<&'static str> {
    rows.iter()
        .filter(|r| r.class == class)
        .map(|r| r.word)
        .collect()
}

/// A word-class enum whose variants are named by a table's `class` column.
pub trait Class: FromStr + Copy + PartialEq + std::fmt::Debug + 'static {
    /// Every class, in declaration order; `index` is the position in it.
    const ALL: &'static [Self];
    /// The class's name in the table.
    fn name(self) -> &'static str;
    fn index(self) -> usize;
}

/// Declares a word-class enum: each variant with the name the table's `class` column
/// gives it. The enum implements [`Class`] and `FromStr`.
macro_rules! word_classes {
    ($(#[$m:meta])* $vis:vis enum $name:ident {
        $( $(#[$vm:meta])* $var:ident = $s:literal ),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $( $(#[$vm])* $var ),* }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s {
                    $( $s => Ok($name::$var), )*
                    _ => Err(()),
                }
            }
        }

        impl $crate::parse::grammar_table::Class for $name {
            const ALL: &'static [Self] = &[$($name::$var),*];
            fn name(self) -> &'static str {
                match self { $( $name::$var => $s, )* }
            }
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}
pub(crate) use word_classes;

/// The number of words from which [`Classes::any_in`] searches a class with one
/// automaton instead of word by word.
const AUTOMATON_FROM: usize = 6;

/// The words of a `class<TAB>word` table grouped by class, in file order.
#[derive(Debug)]
pub struct Classes<C> {
    words: Vec<Vec<&'static str>>,
    chars: Vec<Vec<char>>,
    /// Per class, an automaton over its words, built on the first [`Classes::any_in`]
    /// of a class with at least [`AUTOMATON_FROM`] words (`None` if it cannot be built:
    /// the search then goes word by word).
    automata: Vec<OnceLock<Option<aho_corasick::dfa::DFA>>>,
    _class: std::marker::PhantomData<C>,
}

impl<C: Class> Classes<C> {
    /// Reads and validates `tsv` (named `table` in errors): the checks of [`read`], and
    /// every class of `C` has at least one word.
    pub fn from_tsv(table: &'static str, tsv: &'static str) -> Result<Self, TableError> {
        let rows: Vec<Row<C>> = read(table, tsv)?;
        let words: Vec<Vec<&'static str>> = C::ALL.iter().map(|&c| words(&rows, c)).collect();
        if let Some(c) = C::ALL.iter().find(|c| words[c.index()].is_empty()) {
            return Err(TableError {
                table,
                line: 0,
                message: format!("no word of class {:?}", c.name()),
            });
        }
        let chars = words
            .iter()
            .map(|ws| ws.iter().filter_map(|w| single_char(w)).collect())
            .collect();
        let automata = words.iter().map(|_| OnceLock::new()).collect();
        Ok(Classes {
            words,
            chars,
            automata,
            _class: std::marker::PhantomData,
        })
    }

    /// The words of class `c`, in file order.
    pub fn get(&self, c: C) -> &[&'static str] {
        &self.words[c.index()]
    }

    /// The one-character words of class `c`, in file order.
    pub fn chars(&self, c: C) -> &[char] {
        &self.chars[c.index()]
    }

    /// The first word of class `c` that `s` starts with.
    pub fn prefix_of(&self, c: C, s: &str) -> Option<&'static str> {
        self.get(c)
            .iter()
            .copied()
            .find(|w| super::find::starts_with(s, w))
    }

    /// The first word of class `c` that `s` ends with.
    pub fn suffix_of(&self, c: C, s: &str) -> Option<&'static str> {
        self.get(c)
            .iter()
            .copied()
            .find(|w| super::find::ends_with(s, w))
    }

    /// Whether a word of class `c` occurs in `s`: one automaton pass for a class of
    /// many words, a search per word for a small one.
    pub fn any_in(&self, c: C, s: &str) -> bool {
        use aho_corasick::automaton::Automaton;
        let words = self.get(c);
        let automaton = (words.len() >= AUTOMATON_FROM)
            .then(|| self.automata[c.index()].get_or_init(|| super::gate(words).ok()))
            .and_then(Option::as_ref);
        match automaton {
            Some(a) => a
                .try_find(&aho_corasick::Input::new(s).earliest(true))
                .is_ok_and(|m| m.is_some()),
            None => words.iter().any(|w| super::find::contains(s, w)),
        }
    }

    /// Where the last word of class `c` in `s` ends (byte offset), if one occurs.
    pub fn last_end(&self, c: C, s: &str) -> Option<usize> {
        self.get(c)
            .iter()
            .filter_map(|w| s.rfind(w).map(|p| p + w.len()))
            .max()
    }

    /// Whether `s` is a word of class `c`.
    pub fn is(&self, c: C, s: &str) -> bool {
        self.get(c).contains(&s)
    }
}

fn single_char(w: &str) -> Option<char> {
    let mut cs = w.chars();
    let c = cs.next()?;
    cs.next().is_none().then_some(c)
}

/// The table of `cell`, read and validated on first use. The embedded tables are checked
/// by unit tests, so the panic cannot happen in a tested build.
pub fn embedded<C: Class>(
    cell: &'static OnceLock<Classes<C>>,
    table: &'static str,
    tsv: &'static str,
) -> &'static Classes<C> {
    cell.get_or_init(|| {
        Classes::from_tsv(table, tsv).unwrap_or_else(|e| panic!("embedded table: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum K {
        A,
    }
    impl FromStr for K {
        type Err = ();
        fn from_str(s: &str) -> Result<K, ()> {
            (s == "a").then_some(K::A).ok_or(())
        }
    }

    #[test]
    fn errors_carry_line_numbers() {
        let e = read::<K>("t", "# c\nclass\tword\na\t目标\nb\t指标\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (4, "unknown class \"b\""));
        let e = read::<K>("t", "class\tword\na\t目标\na\t目标\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = read::<K>("t", "class word\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = read::<K>("t", "class\tword\na\t目标\tx\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t, line 2: expected two tab-separated columns"
        );
    }

    #[test]
    fn rows_in_order() {
        let rows = read::<K>("t", "class\tword\na\t目标\na\t指标\n").unwrap();
        assert_eq!(words(&rows, K::A), ["目标", "指标"]);
    }

    word_classes! {
        enum Two {
            A = "a",
            B = "b",
        }
    }

    #[test]
    fn classes_group_words_and_need_every_class() {
        let t = Classes::<Two>::from_tsv("t", "class\tword\na\t目标\nb\t、\na\t指标\n").unwrap();
        assert_eq!(t.get(Two::A), ["目标", "指标"]);
        assert_eq!(t.chars(Two::B), ['、']);
        assert_eq!(t.prefix_of(Two::A, "指标是"), Some("指标"));
        assert_eq!(t.suffix_of(Two::A, "主要目标"), Some("目标"));
        assert!(t.is(Two::A, "目标") && !t.is(Two::B, "目标"));
        let e = Classes::<Two>::from_tsv("t", "class\tword\na\t目标\n").unwrap_err();
        assert_eq!(e.to_string(), "t, line 0: no word of class \"b\"");
    }
}
