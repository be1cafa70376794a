//! Reader for `data/collectives.tsv`: words that name several indicators at once (城乡,
//! 三次产业, 存贷款) and their members, and the member phrases of one indicator phrase.
//!
//! It validates the table once (header, two columns, two or more members, no empty or
//! repeated word) and reports the first problem with its line number. It only rewrites
//! phrases; deciding whether a clause gives one figure per member is `series`' job.

use std::sync::OnceLock;

use super::find;
use super::grammar_table::{self, TableError};

/// The table as embedded in the binary.
pub const EMBEDDED_TSV: &str = include_str!("../../data/collectives.tsv");

const TABLE: &str = "collectives.tsv";
const HEADER: &str = "collective\tmembers";

/// One collective word and its members, in the order reports give their figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collective {
    pub word: &'static str,
    pub members: Vec<&'static str>,
}

/// Parses the table; collectives longest word (in bytes) first, file order among equals.
pub fn read(tsv: &'static str) -> Result<Vec<Collective>, TableError> {
    let err = |line: usize, message: String| TableError {
        table: TABLE,
        line,
        message,
    };
    let mut rows: Vec<Collective> = Vec::new();
    for (n, line) in grammar_table::data_lines(tsv, HEADER).map_err(|(n, m)| err(n, m))? {
        let Some((word, members)) = line.split_once('\t') else {
            return Err(err(n, "expected 2 tab-separated columns".into()));
        };
        let members: Vec<&'static str> = members.split('|').collect();
        let padded = |s: &str| s.is_empty() || s.trim() != s || s.contains('\t');
        if padded(word) || members.iter().any(|m| padded(m)) {
            return Err(err(n, "empty or padded word or member".into()));
        }
        if members.len() < 2 {
            return Err(err(n, format!("{word:?} has fewer than two members")));
        }
        if rows.iter().any(|r| r.word == word) {
            return Err(err(n, format!("repeated collective {word:?}")));
        }
        rows.push(Collective { word, members });
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.word.len()));
    Ok(rows)
}

fn table() -> &'static [Collective] {
    static T: OnceLock<Vec<Collective>> = OnceLock::new();
    T.get_or_init(|| read(EMBEDDED_TSV).unwrap_or_else(|e| panic!("embedded table: {e}")))
}

/// The member phrases of `phrase` when it holds a collective word with `n` members: each
/// member in the collective's place (城乡居民收入, 2 → 城镇居民收入, 农村居民收入).
pub fn member_phrases(phrase: &str, n: usize) -> Option<Vec<String>> {
    let (c, at) = table()
        .iter()
        .find_map(|c| find::find(phrase, c.word).map(|at| (c, at)))?;
    (c.members.len() == n).then(|| {
        let (before, after) = (&phrase[..at], &phrase[at + c.word.len()..]);
        c.members
            .iter()
            .map(|m| format!("{before}{m}{after}"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let rows = read(EMBEDDED_TSV).unwrap();
        assert!(rows.iter().any(|r| r.word == "城乡"));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let e = read("collective\tmembers\n城乡\t城镇\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("fewer than two")), (2, true));
        let e = read("# c\ncollective\tmembers\n城乡\t城镇|农村\n城乡\t城市|农村\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(read("collective\tmembers\n城乡\n").is_err());
        assert!(read("collective\tmembers\n城乡\t城镇||农村\n").is_err());
    }

    #[test]
    fn members_take_the_collectives_place() {
        assert_eq!(
            member_phrases("城乡居民人均可支配收入", 2).unwrap(),
            ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
        );
        assert_eq!(
            member_phrases("金融机构存贷款余额", 2).unwrap(),
            ["金融机构存款余额", "金融机构贷款余额"]
        );
        assert_eq!(
            member_phrases("三次产业增加值", 3).unwrap()[0],
            "第一产业增加值"
        );
        assert_eq!(member_phrases("城乡居民人均可支配收入", 3), None);
        assert_eq!(member_phrases("地区生产总值", 2), None);
    }
}
