//! Reader for `data/units.tsv`: the unit words read after a number, with their canonical
//! spelling, base unit, family and multiplier.
//!
//! It validates the table once (header, five columns, a known family, a decimal
//! multiplier, no empty or repeated spelling) and reports the first problem with its line
//! number, then orders the units longest spelling first so that the first match is the
//! longest. It does not match text: that is `number`'s job.

use thiserror::Error;

use super::grammar_table;
use super::number::{Decimal, UnitFamily};

/// The table as embedded in the binary.
pub const EMBEDDED_TSV: &str = include_str!("../../data/units.tsv");

const HEADER: &str = "spell\traw\tbase\tfamily\tmultiplier";

/// A problem in the units table.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("data/units.tsv, line {line}: {message}")]
pub struct UnitTableError {
    pub line: usize,
    pub message: String,
}

/// One unit of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub spell: &'static str,
    pub raw: &'static str,
    pub base: &'static str,
    pub family: UnitFamily,
    pub multiplier: Decimal,
}

/// Parses the table; units longest spelling (in bytes) first, file order among equals.
pub fn read(tsv: &'static str) -> Result<Vec<UnitRow>, UnitTableError> {
    let err = |line: usize, message: String| UnitTableError { line, message };
    let mut rows: Vec<UnitRow> = Vec::new();
    let lines = grammar_table::data_lines(tsv, HEADER).map_err(|(n, m)| err(n, m))?;
    for (n, line) in lines {
        let row = read_row(line).map_err(|m| err(n, m))?;
        if rows.iter().any(|r| r.spell == row.spell) {
            return Err(err(n, format!("repeated spelling {:?}", row.spell)));
        }
        rows.push(row);
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.spell.len()));
    Ok(rows)
}

fn read_row(line: &'static str) -> Result<UnitRow, String> {
    let cols: Vec<&'static str> = line.split('\t').collect();
    let [spell, raw, base, family, multiplier] = cols[..] else {
        return Err(format!(
            "expected 5 tab-separated columns, got {}",
            cols.len()
        ));
    };
    if [spell, raw, base]
        .iter()
        .any(|c| c.is_empty() || c.trim() != *c)
    {
        return Err("empty or padded spell, raw or base".into());
    }
    let family = family_of(family).ok_or_else(|| format!("unknown family {family:?}"))?;
    let multiplier = decimal(multiplier).ok_or_else(|| format!("bad multiplier {multiplier:?}"))?;
    Ok(UnitRow {
        spell,
        raw,
        base,
        family,
        multiplier,
    })
}

/// A family by its variant name (`Area`), as the enum spells it.
fn family_of(s: &str) -> Option<UnitFamily> {
    use serde::de::IntoDeserializer;
    use serde::Deserialize;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
    UnitFamily::deserialize(de).ok()
}

/// `1000000` or `0.001` as an exact decimal.
fn decimal(s: &str) -> Option<Decimal> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 18 {
        return None;
    }
    let mantissa: i128 = format!("{int}{frac}").parse().ok()?;
    Some(Decimal {
        mantissa,
        scale: frac.len() as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_is_valid() {
        let rows = read(EMBEDDED_TSV).unwrap_or_else(|e| panic!("{e}"));
        assert!(rows.len() >= 75, "{} units", rows.len());
        let km2 = rows
            .iter()
            .find(|r| r.spell == "平方公里")
            .map(|r| r.multiplier);
        assert_eq!(km2.map(|d| d.to_f64()), Some(1_000_000.0));
        let m = rows.iter().find(|r| r.spell == "米").map(|r| r.multiplier);
        assert_eq!(m.map(|d| d.to_f64()), Some(0.001));
    }

    #[test]
    fn errors_carry_line_numbers() {
        let e = read("# c\nspell\traw\tbase\tfamily\tmultiplier\n亩\t亩\tmu\tArea\n").unwrap_err();
        assert_eq!(e.line, 3);
        let t = "spell\traw\tbase\tfamily\tmultiplier\n亩\t亩\tmu\tLand\t1\n";
        assert_eq!(read(t).unwrap_err().message, "unknown family \"Land\"");
        let t = "spell\traw\tbase\tfamily\tmultiplier\n亩\t亩\tmu\tArea\t1e3\n";
        assert_eq!(read(t).unwrap_err().line, 2);
        let t = "spell\traw\tbase\tfamily\tmultiplier\n亩\t亩\tmu\tArea\t1\n亩\t亩\tmu\tArea\t1\n";
        assert_eq!(read(t).unwrap_err().line, 3);
        assert_eq!(read("spell raw\n").unwrap_err().line, 1);
    }
}
