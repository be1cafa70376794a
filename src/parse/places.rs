//! Place names in a report's own words: the region a text refers to most, for reports
//! that never state their region in a title, congress line or byline.
//!
//! Provinces come from `data/provinces.tsv` (name and short names); cities and
//! prefectures from the institutions the text names (中共泰安市委, 泰安市人民政府). Pure
//! functions over the matching view; this module must not decide which source of a
//! region wins (that is `metadata`'s job).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::metadata::{rc, region_words, rw, R};
use crate::model::AdminLevel;

pub const EMBEDDED_TSV: &str = include_str!("../../data/provinces.tsv");
pub const CITIES_TSV: &str = include_str!("../../data/cities.tsv");

/// A named place (a province in `provinces.tsv`, a city in `cities.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub name: String,
    pub short: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacesError {
    /// A line of the file is malformed.
    #[error("place table line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("place table: {0}")]
    File(String),
}

fn line_err(line: usize, message: impl fmt::Display) -> PlacesError {
    PlacesError::Line {
        line,
        message: message.to_string(),
    }
}

/// Parses and validates a place table (`provinces.tsv`, `cities.tsv`).
pub fn from_tsv(tsv: &str) -> Result<Vec<Province>, PlacesError> {
    let mut out: Vec<Province> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut header = false;
    for (k, line) in tsv.lines().enumerate() {
        let n = k + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if !header {
            if cols != ["name", "short"] {
                return Err(line_err(n, "the header must be `name<TAB>short`"));
            }
            header = true;
            continue;
        }
        let [name, short] = cols.as_slice() else {
            return Err(line_err(
                n,
                format!("2 columns expected, {} found", cols.len()),
            ));
        };
        let is_cjk = |s: &str| s.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if region_words().suffix_of(R::PlaceTableEnd, name).is_none() || !is_cjk(name) {
            return Err(line_err(n, format!("`{name}` is not a place name")));
        }
        let short: Vec<String> = short
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for s in std::iter::once(&name.to_string()).chain(&short) {
            if s.chars().count() < 2 || !is_cjk(s) {
                return Err(line_err(
                    n,
                    format!("`{s}`: two or more Chinese characters"),
                ));
            }
            if let Some(first) = seen.insert(s.clone(), n) {
                return Err(line_err(n, format!("`{s}` is already on line {first}")));
            }
        }
        out.push(Province {
            name: name.to_string(),
            short,
        });
    }
    if !header {
        return Err(PlacesError::File("no header line".into()));
    }
    Ok(out)
}

/// The table shipped in the crate, parsed on first use.
pub fn provinces() -> &'static [Province] {
    static P: OnceLock<Vec<Province>> = OnceLock::new();
    P.get_or_init(|| from_tsv(EMBEDDED_TSV).unwrap_or_default())
}

/// The major cities shipped in the crate, parsed on first use.
pub fn cities() -> &'static [Province] {
    static C: OnceLock<Vec<Province>> = OnceLock::new();
    C.get_or_init(|| from_tsv(CITIES_TSV).unwrap_or_default())
}

/// How often a text names a place: the most of its full and short names.
fn times_named(text: &str, p: &Province) -> usize {
    std::iter::once(&p.name)
        .chain(&p.short)
        .map(|w| memchr::memmem::find_iter(text.as_bytes(), w.as_bytes()).count())
        .max()
        .unwrap_or(0)
}

/// The level a text speaks at, from how it names its own territory (全省 vs 全市).
pub fn level_from_usage(text: &str) -> Option<AdminLevel> {
    let count = |words: &[&str]| -> usize {
        words
            .iter()
            .map(|w| memchr::memmem::find_iter(text.as_bytes(), w.as_bytes()).count())
            .sum()
    };
    let province = count(rw(R::ProvinceUsage));
    let city = count(rw(R::CityUsage));
    if province >= 3 && province > 2 * city {
        Some(AdminLevel::Province)
    } else if city >= 3 && city > 2 * province {
        Some(AdminLevel::Prefecture)
    } else {
        None
    }
}

/// The place name ending at byte `end` of `text`: 2 to `max` Chinese characters back to
/// a char of `stops`, a char that is not Chinese, or the 日 of a date.
pub(crate) fn name_before<'a>(
    text: &'a str,
    end: usize,
    max: usize,
    stops: &[char],
) -> Option<&'a str> {
    let head = text.get(..end)?;
    let mut start = end;
    for (o, c) in head.char_indices().rev() {
        let date_day =
            rc(R::DayMark).contains(&c) && head[..o].ends_with(|d: char| d.is_ascii_digit());
        if !('\u{4e00}'..='\u{9fff}').contains(&c) || stops.contains(&c) || date_day {
            break;
        }
        start = o;
        if end - start >= max * 3 {
            break;
        }
    }
    let name = &text[start..end];
    (2..=max).contains(&name.chars().count()).then_some(name)
}

/// The region a text names most, at the level it speaks at: the province most named,
/// or the city whose institutions (中共X市委, X市人民政府) are named most. None when no
/// name stands out (named at least twice, and more often than any other).
pub fn most_named(text: &str, level: Option<AdminLevel>) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    match level {
        Some(AdminLevel::Province) => {
            for p in provinces() {
                counts.insert(p.name.clone(), times_named(text, p));
            }
        }
        Some(AdminLevel::Prefecture) => {
            // An institution that names a prefecture-level unit (X市委): its first
            // character is the level word of the name before it.
            for word in rw(R::CityInstitution) {
                let suffix: String = word.chars().take(1).collect();
                let stops = rc(R::InstitutionNameStop);
                for p in memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()) {
                    if let Some(name) = name_before(text, p, 6, stops) {
                        *counts.entry(format!("{name}{suffix}")).or_insert(0) += 1;
                    }
                }
            }
            for c in cities() {
                let n = times_named(text, c);
                let e = counts.entry(c.name.clone()).or_insert(0);
                *e = (*e).max(n);
            }
        }
        _ => return None,
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().filter(|c| c.1 > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top = ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    (top.1 >= 2 && top.1 > second).then(|| top.0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_province_table_is_valid() {
        let p = from_tsv(EMBEDDED_TSV).expect("data/provinces.tsv");
        assert_eq!(p.len(), 34);
        assert_eq!(p[4].name, "内蒙古自治区");
        assert_eq!(p[4].short, vec!["内蒙古".to_string()]);
    }

    #[test]
    fn the_city_table_is_valid() {
        let c = from_tsv(CITIES_TSV).expect("data/cities.tsv");
        assert_eq!(c.len(), 32);
        assert!(c.iter().all(|c| c.name.ends_with('市')));
        assert_eq!(
            most_named(
                "长沙经济。长沙人民。全市。全市。全市。",
                Some(AdminLevel::Prefecture)
            )
            .as_deref(),
            Some("长沙市")
        );
    }

    #[test]
    fn bad_tables_are_refused_with_their_line() {
        let dup = "name\tshort\n河北省\t河北\n山西省\t河北\n";
        assert_eq!(
            from_tsv(dup),
            Err(PlacesError::Line {
                line: 3,
                message: "`河北` is already on line 2".into()
            })
        );
        assert!(matches!(
            from_tsv("name\tshort\n河北\t\n"),
            Err(PlacesError::Line { line: 2, .. })
        ));
        assert!(from_tsv("# nothing\n").is_err());
    }

    #[test]
    fn most_named_region() {
        let t = "在中共泰安市委的坚强领导下，全市上下。全市经济。全市人民。泰安市人民政府。中共山东省委、省政府";
        let level = level_from_usage(t);
        assert_eq!(level, Some(AdminLevel::Prefecture));
        assert_eq!(most_named(t, level).as_deref(), Some("泰安市"));
        let p = "全省上下。全省经济。河南经济。全省。在中共河南省委领导下。我省。";
        assert_eq!(
            most_named(p, level_from_usage(p)).as_deref(),
            Some("河南省")
        );
        assert_eq!(
            most_named("全市。全市。全市。", Some(AdminLevel::Prefecture)),
            None
        );
    }
}
