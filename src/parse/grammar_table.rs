//! Reader for the grammar's word tables under `data/`: tab-separated `class<TAB>word` rows
//! after `#` comment lines and a `class<TAB>word` header line.
//!
//! It validates a table once (header, two columns, a known class, no empty or duplicate
//! word in a class) and reports the first problem with its line number. It knows nothing
//! of what the classes mean: each grammar module names its classes with an enum.

use std::str::FromStr;

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
        rows.push(Row { class, word });
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
}
