//! Metric dictionary: resolves an indicator phrase as printed in a government work report
//! (`地区生产总值`, `全省生产总值`, `规上工业增加值`, `单位GDP能耗`, …) to a canonical metric id
//! (`gdp`, `gdp_growth`, `above_scale_industrial_value_added_growth`, …).
//!
//! What it does:
//! - holds the dictionary shipped in the crate, `data/metrics.tsv`, embedded at compile time
//!   with `include_str!` and parsed once on first use ([`dictionary`]);
//! - finds the best alias occurrence in a phrase or clause with one Aho–Corasick automaton over
//!   all aliases ([`MetricDictionary::find`]) and maps it to a metric, choosing the growth or the
//!   level id of the concept as the caller asks ([`MetricDictionary::resolve`]).
//!
//! What it must not do:
//! - no I/O of any kind, no logging, no global state other than the lazily built dictionary;
//! - no panics on input: every phrase, however odd (empty, binary-looking, huge), gives
//!   `Some` or `None`. The only `expect` is on the embedded TSV, which the unit tests parse.
//! - no judgement about whether a clause is a target: that belongs to the extractor.
//!
//! Matching rules (the same for [`MetricDictionary::resolve`] and [`MetricDictionary::find`]):
//! 1. text and aliases are compared after a light normalisation: whitespace and zero-width
//!    characters are skipped (page breaks inside a phrase do not hide it), full-width ASCII is
//!    folded to ASCII (`ＧＤＰ`, `（PM2.5）`) and ASCII letters to upper case (`gdp`);
//! 2. all alias occurrences are considered, overlapping ones included; the longest alias wins
//!    (`单位地区生产总值能耗` beats `地区生产总值`, `城乡居民人均可支配收入` beats `经济增长`);
//! 3. among equally long aliases the one ending nearest the end of the text wins: the head noun
//!    of a Chinese noun phrase comes last (`推广秸秆还田等保护性耕作技术` → conservation tillage);
//! 4. before both, an alias in benchmark position loses to any other: right after 与 / 同 / 跟 /
//!    于 (高于, 快于), or after 和 when 同步 / 一致 follows (`居民收入增长和经济增长同步`,
//!    `全员劳动生产率增速高于地区生产总值增速`). Alone it still matches (`经济增长` → gdp_growth);
//! 5. an alias that starts after a 占 is the whole a share is taken of
//!    (`绿色经济占地区生产总值比重`) and never matches: the phrase is about another indicator.
//!
//! Concepts and measures: an id `X` and an id `X_growth` form one concept (`gdp` / `gdp_growth`).
//! Aliases shared by both are written on the level row. An alias written on a row whose measure
//! is `growth` (`经济增长`, `经济增速`, `居民消费价格涨幅`, `单位GDP能耗`) names a growth itself and
//! always resolves to that row. Otherwise the concept's id with the requested measure is
//! returned, or its only id when it has one (`城镇登记失业率` is a level even for `growth = true`).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use super::find;
use super::grammar_table::{self, word_classes, Classes};
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Input, MatchKind};
use serde::Serialize;

/// The dictionary as shipped in the crate.
pub const EMBEDDED_TSV: &str = include_str!("../../data/metrics.tsv");

const HEADER: [&str; 5] = ["id", "label_en", "measure", "unit_family", "aliases"];

/// Whether an id stands for a growth rate or for an amount / state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The indicator states a rate of change (增长7%, 年均增长6.5%, 降低3%).
    Growth,
    /// The indicator states an amount, a share or a state (达到1000亿元, 控制在4.5%以内).
    Level,
}

impl Measure {
    /// The spelling used in the TSV and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Growth => "growth",
            Measure::Level => "level",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "growth" => Some(Measure::Growth),
            "level" => Some(Measure::Level),
            _ => None,
        }
    }
}

/// The family of units a metric's value is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitFamily {
    /// Percent (增长7%, 4.5%以内).
    Percent,
    /// Percentage points (提高8个百分点).
    Pp,
    /// Money (亿元, 万元, 亿美元).
    Currency,
    /// Area (万亩, 平方公里).
    Area,
    /// Mass (吨, 亿斤).
    Mass,
    /// Length (公里, 米).
    Length,
    /// People (万人).
    Persons,
    /// Households (户).
    Households,
    /// Counted items (个, 套, 家).
    Count,
    /// Energy (吨标准煤, 千瓦时).
    Energy,
    /// Power (千瓦).
    Power,
    /// Volume (立方米).
    Volume,
    /// Days (天).
    Days,
    /// Index points (103).
    Index,
    /// Other ratios (‰, per 1,000 or 10,000 people, μg/m³).
    Ratio,
    /// No unit (qualitative indicators).
    None,
}

impl UnitFamily {
    const ALL: [UnitFamily; 16] = [
        UnitFamily::Percent,
        UnitFamily::Pp,
        UnitFamily::Currency,
        UnitFamily::Area,
        UnitFamily::Mass,
        UnitFamily::Length,
        UnitFamily::Persons,
        UnitFamily::Households,
        UnitFamily::Count,
        UnitFamily::Energy,
        UnitFamily::Power,
        UnitFamily::Volume,
        UnitFamily::Days,
        UnitFamily::Index,
        UnitFamily::Ratio,
        UnitFamily::None,
    ];

    /// The spelling used in the TSV and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitFamily::Percent => "percent",
            UnitFamily::Pp => "pp",
            UnitFamily::Currency => "currency",
            UnitFamily::Area => "area",
            UnitFamily::Mass => "mass",
            UnitFamily::Length => "length",
            UnitFamily::Persons => "persons",
            UnitFamily::Households => "households",
            UnitFamily::Count => "count",
            UnitFamily::Energy => "energy",
            UnitFamily::Power => "power",
            UnitFamily::Volume => "volume",
            UnitFamily::Days => "days",
            UnitFamily::Index => "index",
            UnitFamily::Ratio => "ratio",
            UnitFamily::None => "none",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// One canonical metric (one row of `data/metrics.tsv`).
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    /// Canonical snake_case id (`gdp_growth`).
    pub id: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// Growth rate or level.
    pub measure: Measure,
    /// Family of the units its values come in.
    pub unit_family: UnitFamily,
    /// Phrases as printed in reports, as written in the TSV (may be empty on an `X_growth` row).
    pub aliases: Vec<&'static str>,
}

/// A malformed dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DictionaryError {
    /// A problem with one line (1-based line number).
    #[error("metrics.tsv line {line}: {message}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A problem with the file as a whole.
    #[error("metrics.tsv: {0}")]
    File(String),
}

fn line_err(line: usize, message: impl fmt::Display) -> DictionaryError {
    DictionaryError::Line {
        line,
        message: message.to_string(),
    }
}

/// The level and growth ids of one concept.
#[derive(Debug, Clone, Copy, Default)]
struct Concept {
    level: Option<usize>,
    growth: Option<usize>,
}

/// The parsed dictionary plus the automaton over all aliases.
pub struct MetricDictionary {
    metrics: Vec<Metric>,
    by_id: HashMap<&'static str, usize>,
    /// Concept index of each metric.
    concept_of: Vec<usize>,
    concepts: Vec<Concept>,
    /// For each automaton pattern: the metric owning it and its length in chars.
    patterns: Vec<(usize, usize)>,
    automaton: DFA,
}

impl fmt::Debug for MetricDictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetricDictionary")
            .field("metrics", &self.metrics.len())
            .field("aliases", &self.patterns.len())
            .finish()
    }
}

/// One data row of the table (its aliases handed to `alias` as they are read, which
/// checks and indexes them).
fn read_metric(
    line_no: usize,
    cols: &[&'static str],
    mut alias: impl FnMut(&'static str, &'static str) -> Result<(), DictionaryError>,
) -> Result<Metric, DictionaryError> {
    let (id, label_en) = (cols[0], cols[1]);
    if !valid_id(id) {
        return Err(line_err(line_no, format!("id {id:?} is not snake_case")));
    }
    if label_en.trim().is_empty() {
        return Err(line_err(line_no, "empty label_en"));
    }
    let measure = Measure::parse(cols[2])
        .ok_or_else(|| line_err(line_no, format!("unknown measure {:?}", cols[2])))?;
    let unit_family = UnitFamily::parse(cols[3])
        .ok_or_else(|| line_err(line_no, format!("unknown unit_family {:?}", cols[3])))?;
    let mut aliases = Vec::new();
    for a in cols[4].split('|').filter(|_| !cols[4].is_empty()) {
        alias(a, id)?;
        aliases.push(a);
    }
    Ok(Metric {
        id,
        label_en,
        measure,
        unit_family,
        aliases,
    })
}

/// Concepts: X and X_growth belong together. First one concept per row that is not the
/// growth half of a pair, then the growth halves join their level row's concept.
/// Returns each metric's concept and the concepts.
fn concepts_of(
    metrics: &[Metric],
    by_id: &HashMap<&'static str, usize>,
) -> Result<(Vec<usize>, Vec<Concept>), DictionaryError> {
    let partner_of = |m: &Metric| {
        m.id.strip_suffix("_growth")
            .and_then(|base| by_id.get(base).copied())
    };
    let mut concept_of = vec![0; metrics.len()];
    let mut concepts: Vec<Concept> = Vec::new();
    for (i, m) in metrics.iter().enumerate() {
        match partner_of(m) {
            Some(p) if m.measure != Measure::Growth || metrics[p].measure != Measure::Level => {
                return Err(DictionaryError::File(format!(
                    "{} must be measure growth and {} measure level",
                    m.id, metrics[p].id
                )));
            }
            Some(_) => {}
            None if m.aliases.is_empty() => {
                return Err(DictionaryError::File(format!(
                    "{} has no aliases and no level row to take them from",
                    m.id
                )));
            }
            None => {
                concept_of[i] = concepts.len();
                let mut c = Concept::default();
                match m.measure {
                    Measure::Growth => c.growth = Some(i),
                    Measure::Level => c.level = Some(i),
                }
                concepts.push(c);
            }
        }
    }
    for (i, m) in metrics.iter().enumerate() {
        if let Some(p) = partner_of(m) {
            let c = concept_of[p];
            concept_of[i] = c;
            concepts[c].growth = Some(i);
        }
    }
    Ok((concept_of, concepts))
}

/// The dictionary shipped in the crate, parsed on first use.
pub fn dictionary() -> &'static MetricDictionary {
    static DICT: OnceLock<MetricDictionary> = OnceLock::new();
    DICT.get_or_init(|| {
        MetricDictionary::from_tsv(EMBEDDED_TSV)
            .expect("embedded data/metrics.tsv is valid (checked by the unit tests)")
    })
}

/// Text folded for matching, with the original byte span of every folded byte.
struct Folded {
    text: String,
    /// `spans[i]` is the original byte range of the char that produced folded byte `i`.
    spans: Vec<(usize, usize)>,
}

fn fold_char(c: char) -> Option<char> {
    if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}') {
        return None;
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Some(c.to_ascii_uppercase())
}

/// Whether `fold` would leave `s` as it is. Only ASCII and the chars whose UTF-8 lead
/// byte is C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000–U+205F), E3 (U+3000) or EF
/// (U+FEFF, U+FF01–U+FF5E) can fold; the others (all of CJK) are skipped undecoded.
fn is_folded(s: &str) -> bool {
    s.bytes().enumerate().all(|(i, b)| match b {
        0x00..=0x7F => !b.is_ascii_lowercase() && !char::from(b).is_whitespace(),
        0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| fold_char(c) == Some(c)),
        _ => true,
    })
}

fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut spans = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if let Some(f) = fold_char(c) {
            text.push(f);
            spans.resize(text.len(), (i, i + c.len_utf8()));
        }
    }
    Folded { text, spans }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && !id.ends_with('_')
        && !find::contains(id, "__")
}

impl MetricDictionary {
    /// Parses and checks a dictionary in the `metrics.tsv` format: one header line
    /// (`id label_en measure unit_family aliases`), `#` comment lines and blank lines allowed,
    /// exactly five tab-separated columns per row, unique snake_case ids, known measures and
    /// unit families, each alias used once in the whole file (after normalisation), and empty
    /// aliases only on an `X_growth` row whose level row `X` exists.
    pub fn from_tsv(tsv: &'static str) -> Result<Self, DictionaryError> {
        let mut metrics: Vec<Metric> = Vec::new();
        let mut by_id: HashMap<&'static str, usize> = HashMap::new();
        let mut seen_header = false;
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut patterns: Vec<(usize, usize)> = Vec::new();
        let mut alias_owner: HashMap<String, &'static str> = HashMap::new();

        for (n, raw) in tsv.lines().enumerate() {
            let line_no = n + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            if cols.len() != HEADER.len() {
                return Err(line_err(
                    line_no,
                    format!("expected 5 tab-separated columns, found {}", cols.len()),
                ));
            }
            if !seen_header {
                if cols != HEADER {
                    return Err(line_err(line_no, "expected the header line"));
                }
                seen_header = true;
                continue;
            }
            let idx = metrics.len();
            let m = read_metric(line_no, &cols, |alias, id| {
                let folded = fold(alias).text;
                if folded.is_empty() {
                    return Err(line_err(line_no, "empty alias"));
                }
                if let Some(other) = alias_owner.insert(folded.clone(), id) {
                    return Err(line_err(
                        line_no,
                        format!("alias {alias:?} of {id} is already an alias of {other}"),
                    ));
                }
                patterns.push((idx, folded.chars().count()));
                pattern_texts.push(folded);
                Ok(())
            })?;
            if by_id.insert(m.id, idx).is_some() {
                return Err(line_err(line_no, format!("duplicate id {}", m.id)));
            }
            metrics.push(m);
        }
        if !seen_header {
            return Err(DictionaryError::File("no header line".into()));
        }

        let (concept_of, concepts) = concepts_of(&metrics, &by_id)?;

        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&pattern_texts)
            .map_err(|e| DictionaryError::File(format!("cannot build the automaton: {e}")))?;

        Ok(MetricDictionary {
            metrics,
            by_id,
            concept_of,
            concepts,
            patterns,
            automaton,
        })
    }

    /// Number of metric ids.
    pub fn len(&self) -> usize {
        self.metrics.len()
    }

    /// True if the dictionary has no metric (never for the embedded one).
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// All metrics in file order.
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// The metric with this id.
    pub fn get(&self, id: &str) -> Option<&Metric> {
        self.by_id.get(id).map(|&i| &self.metrics[i])
    }

    /// The id of the same concept with the given measure (`gdp` + Growth → `gdp_growth`), if
    /// the concept has one.
    pub fn sibling(&self, id: &str, measure: Measure) -> Option<&Metric> {
        let &i = self.by_id.get(id)?;
        let concept = self.concepts[self.concept_of[i]];
        let j = match measure {
            Measure::Growth => concept.growth,
            Measure::Level => concept.level,
        }?;
        Some(&self.metrics[j])
    }

    /// Resolve the indicator phrase as printed (the metric_raw: `地区生产总值`, `全省生产总值`,
    /// `城乡居民人均可支配收入`, `规模以上工业增加值`, `单位GDP能耗`) given whether the clause states
    /// a growth rate. The best alias match (not a benchmark, longest, then nearest the end of
    /// the phrase) gives
    /// the concept; the concept's id whose measure matches `growth` is returned, or its only
    /// id. An alias that itself names a growth (`经济增长`, `居民消费价格涨幅`) always gives its
    /// growth id. `None` when no alias occurs in the phrase.
    pub fn resolve(&self, metric_raw: &str, growth: bool) -> Option<&Metric> {
        let (_, owner) = if is_folded(metric_raw) {
            self.best_match(metric_raw)?
        } else {
            self.best_match(&fold(metric_raw).text)?
        };
        Some(self.with_measure(owner, growth))
    }

    /// Find where an indicator phrase occurs in a clause: the byte range (into `clause`) of the
    /// best alias match (not a benchmark, longest, then nearest the end; see the module docs)
    /// and the metric that owns that alias.
    /// The range starts and ends on the alias's first and last characters as printed (inner
    /// whitespace such as a page break is kept) and takes in a pair of quotation marks that
    /// encloses it exactly (`“零就业家庭”`). The metric is the alias owner, not adjusted for
    /// growth: pass the cut phrase to [`Self::resolve`] or use [`Self::sibling`] for that.
    pub fn find(&self, clause: &str) -> Option<(Range<usize>, &Metric)> {
        if is_folded(clause) {
            // The common case (the parser's matching view): no copy, no offset map.
            let (range, owner) = self.best_match(clause)?;
            return Some((widen_to_quotes(clause, range), &self.metrics[owner]));
        }
        let folded = fold(clause);
        let (range, owner) = self.best_match(&folded.text)?;
        let start = folded.spans.get(range.start)?.0;
        let end = folded.spans.get(range.end.checked_sub(1)?)?.1;
        Some((widen_to_quotes(clause, start..end), &self.metrics[owner]))
    }

    /// The best match in folded text: (folded byte range, owning metric index).
    fn best_match(&self, folded: &str) -> Option<(Range<usize>, usize)> {
        let iter = self
            .automaton
            .try_find_overlapping_iter(Input::new(folded))
            .ok()?;
        // Ranking key: (not a benchmark, alias length in chars, end offset); higher wins.
        type Key = (bool, usize, usize);
        let mut best: Option<(Key, Range<usize>, usize)> = None;
        for m in iter {
            let (owner, chars) = *self.patterns.get(m.pattern().as_usize())?;
            if is_denominator(folded, m.range()) || is_part_of_economy(folded, m.range()) {
                continue;
            }
            let key = (!is_benchmark(folded, m.range()), chars, m.end());
            if best.as_ref().is_none_or(|b| key > b.0) {
                best = Some((key, m.range(), owner));
            }
        }
        best.map(|(_, range, owner)| (range, owner))
    }

    fn with_measure(&self, owner: usize, growth: bool) -> &Metric {
        let m = &self.metrics[owner];
        if m.measure == Measure::Growth {
            return m;
        }
        let concept = self.concepts[self.concept_of[owner]];
        let wanted = if growth {
            concept.growth
        } else {
            concept.level
        };
        wanted.map_or(m, |j| &self.metrics[j])
    }
}

word_classes! {
    /// The classes of `data/metric_context.tsv` (its header says what each means).
    enum Ctx {
        BenchmarkBefore = "benchmark_before",
        BenchmarkAnd = "benchmark_and",
        Relation = "relation",
        Denominator = "denominator",
        QuotePair = "quote_pair",
        EconomyHead = "economy_head",
        EconomyPart = "economy_part",
    }
}

/// The embedded table of context words.
pub const CONTEXT_TSV: &str = include_str!("../../data/metric_context.tsv");

fn context() -> &'static Classes<Ctx> {
    static T: OnceLock<Classes<Ctx>> = OnceLock::new();
    grammar_table::embedded(&T, "metric_context.tsv", CONTEXT_TSV)
}

/// Whether the match at `range` (in folded text) is the benchmark of a comparison rather than
/// the indicator the clause is about: `与经济增长同步`, `同经济增长`, `高于经济增速`,
/// `和经济增长基本同步`.
fn is_benchmark(folded: &str, range: Range<usize>) -> bool {
    let before = folded
        .get(..range.start)
        .and_then(|s| s.chars().next_back());
    let t = context();
    let Some(before) = before else {
        return false;
    };
    if t.chars(Ctx::BenchmarkBefore).contains(&before) {
        return true;
    }
    if !t.chars(Ctx::BenchmarkAnd).contains(&before) {
        return false;
    }
    let after: String = folded
        .get(range.end..)
        .unwrap_or("")
        .chars()
        .take(6)
        .collect();
    t.any_in(Ctx::Relation, &after)
}

/// Whether the match at `range` is the whole a share is taken of (占地区生产总值比重): it
/// starts after a 占 of the text, so the phrase is about another indicator, never this one.
fn is_denominator(folded: &str, range: Range<usize>) -> bool {
    folded
        .get(..range.start)
        .is_some_and(|before| before.contains(context().chars(Ctx::Denominator)))
}

/// Whether the match at `range` is an alias of the whole economy (经济增长, 生产总值) printed
/// after a word that names a part of it (民营经济增长, 海洋生产总值): the phrase is about
/// that part, so the alias does not name it.
fn is_part_of_economy(folded: &str, range: Range<usize>) -> bool {
    let t = context();
    let (Some(before), Some(alias)) = (folded.get(..range.start), folded.get(range)) else {
        return false;
    };
    t.is(Ctx::EconomyHead, alias) && t.suffix_of(Ctx::EconomyPart, before).is_some()
}

/// Extend `range` by one quotation-mark pair that encloses it exactly.
fn widen_to_quotes(text: &str, range: Range<usize>) -> Range<usize> {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let pairs = context().get(Ctx::QuotePair).iter().filter_map(|p| {
        let mut cs = p.chars();
        Some((cs.next()?, cs.next()?))
    });
    for (open, close) in pairs {
        if before == Some(open) && after == Some(close) {
            return range.start - open.len_utf8()..range.end + close.len_utf8();
        }
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part of the economy named before a whole-economy alias is not the whole economy
    /// (烟台 2013 海洋生产总值, 1990s 非公有制经济增长, 科技进步对工业经济增长贡献率).
    #[test]
    fn a_part_of_the_economy_is_not_the_whole() {
        let d = dictionary();
        let cases = [
            ("民营经济增长4%", None),
            ("力争海洋生产总值增长10%以上", None),
            ("村集体经济增长10%以上", None),
            ("全市经济增长8%", Some("gdp_growth")),
            ("全县生产总值增长7%", Some("gdp")),
            (
                "科技进步对工业经济增长贡献率提高1.5个百分点",
                Some("growth_contribution_rate"),
            ),
        ];
        for (clause, want) in cases {
            assert_eq!(d.find(clause).map(|(_, m)| m.id), want, "{clause}");
        }
    }

    #[test]
    fn every_economy_head_is_an_alias() {
        let d = dictionary();
        for head in context().get(Ctx::EconomyHead) {
            let known = d.metrics().iter().any(|m| m.aliases.contains(head));
            assert!(
                known,
                "economy_head {head:?} is no alias of data/metrics.tsv"
            );
        }
    }

    #[test]
    fn is_folded_agrees_with_fold_char_on_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(is_folded(&one), fold_char(c) == Some(c), "{c:?}");
        }
        assert!(is_folded("地区生产总值增长5%。"));
        assert!(!is_folded("地区生产总值 增长") && !is_folded("GDPa") && !is_folded("ＧＤＰ"));
    }

    #[test]
    fn embedded_context_table_is_valid() {
        let t = Classes::<Ctx>::from_tsv("metric_context.tsv", CONTEXT_TSV).unwrap();
        assert!(t.get(Ctx::QuotePair).iter().all(|p| p.chars().count() == 2));
        assert_eq!(t.chars(Ctx::Denominator), ['占']);
    }
    use std::collections::HashSet;

    fn id_of(raw: &str, growth: bool) -> Option<&'static str> {
        dictionary().resolve(raw, growth).map(|m| m.id)
    }

    /// The 29 targets of shared/gold/seed_gold.json (Liaoyuan 2021): metric_raw, whether the
    /// clause is read as a growth (kind growth_rate, or a 与经济增长同步 income goal), gold id.
    const SEED_GOLD: [(&str, bool, Option<&str>); 29] = [
        ("地区生产总值", true, Some("gdp_growth")), // T01
        (
            "城乡居民人均可支配收入",
            true,
            Some("per_capita_disposable_income_growth"),
        ), // T02 同步
        (
            "节能减排等绿色转型指标",
            false,
            Some("green_transition_indicators"),
        ), // T03
        ("经济总量", false, Some("gdp")),           // T04 翻一番
        (
            "城乡居民人均可支配收入",
            false,
            Some("per_capita_disposable_income"),
        ), // T05 翻一番
        ("地区生产总值", false, Some("gdp")),       // T06
        ("“2115555”产业规模", false, None),         // T07 local label
        ("地区生产总值", true, Some("gdp_growth")), // T08
        (
            "规模以上工业增加值",
            true,
            Some("above_scale_industrial_value_added_growth"),
        ), // T09
        ("地方财政收入", true, Some("local_fiscal_revenue_growth")), // T10
        ("固定资产投资", true, Some("fixed_asset_investment_growth")), // T11
        (
            "城镇登记失业率",
            false,
            Some("urban_registered_unemployment_rate"),
        ), // T12
        ("居民消费价格指数", false, Some("cpi_growth")), // T13
        (
            "单位GDP能耗",
            false,
            Some("energy_consumption_per_unit_gdp"),
        ), // T14
        (
            "城乡居民人均可支配收入",
            true,
            Some("per_capita_disposable_income_growth"),
        ), // T15 同步
        ("粮食作物面积", false, Some("grain_sown_area")), // T16
        ("粮食产量", false, Some("grain_output")),  // T17
        (
            "推广秸秆还田等保护性耕作技术",
            false,
            Some("conservation_tillage_area"),
        ), // T18
        ("示范镇", false, Some("demonstration_towns")), // T19
        (
            "城市管道天然气普及率",
            false,
            Some("piped_natural_gas_penetration_rate"),
        ), // T20
        (
            "空气质量优良天数",
            false,
            Some("good_air_quality_days_ratio"),
        ), // T21
        ("治理河道", false, Some("river_channel_treatment_length")), // T22
        (
            "新建高标准农田",
            false,
            Some("new_high_standard_farmland_area"),
        ), // T23
        ("新增城镇就业", false, Some("new_urban_jobs")), // T24
        (
            "农村劳动力转移就业",
            false,
            Some("rural_labor_transfer_employment"),
        ), // T25
        ("“零就业家庭”", false, Some("zero_employment_households")), // T26
        (
            "社区养老服务设施",
            false,
            Some("community_elderly_care_facilities_built"),
        ), // T27
        (
            "改造老旧小区",
            false,
            Some("old_residential_communities_renovated"),
        ), // T28
        (
            "惠及居民",
            false,
            Some("households_benefiting_from_renovation"),
        ), // T29
    ];

    #[test]
    fn embedded_tsv_parses() {
        let d = MetricDictionary::from_tsv(EMBEDDED_TSV);
        assert!(d.is_ok(), "{:?}", d.err());
    }

    #[test]
    fn seed_gold_targets_resolve_to_gold_ids() {
        for (i, (raw, growth, want)) in SEED_GOLD.iter().enumerate() {
            assert_eq!(
                id_of(raw, *growth),
                *want,
                "T{:02} {raw} growth={growth}",
                i + 1
            );
        }
    }

    #[test]
    fn gold_ids_exist_and_local_label_does_not() {
        let d = dictionary();
        for (_, _, want) in SEED_GOLD {
            if let Some(id) = want {
                assert!(d.get(id).is_some(), "{id} missing");
            }
        }
        assert!(d.get("industry_2115555_scale").is_none());
    }

    #[test]
    fn variants_from_other_reports() {
        let cases: &[(&str, bool, &str)] = &[
            ("全省生产总值", true, "gdp_growth"),
            ("全市生产总值", true, "gdp_growth"),
            ("全省地区生产总值", false, "gdp"),
            ("国内生产总值", true, "gdp_growth"),
            ("生产总值", true, "gdp_growth"),
            ("经济", true, ""),
            ("经济增长", true, "gdp_growth"),
            ("经济增长", false, "gdp_growth"),
            ("经济增速", false, "gdp_growth"),
            ("GDP", true, "gdp_growth"),
            ("ＧＤＰ", false, "gdp"),
            ("国民生产总值", false, "gnp"),
            ("国民生产总值", true, "gnp_growth"),
            (
                "工农业总产值",
                false,
                "gross_output_of_industry_and_agriculture",
            ),
            ("一般公共预算收入", true, "general_budget_revenue_growth"),
            (
                "地方一般公共预算收入",
                true,
                "general_budget_revenue_growth",
            ),
            ("一般公共预算收入", false, "general_budget_revenue"),
            ("财政收入", true, "fiscal_revenue_growth"),
            (
                "规上工业增加值",
                true,
                "above_scale_industrial_value_added_growth",
            ),
            (
                "规模工业增加值",
                true,
                "above_scale_industrial_value_added_growth",
            ),
            (
                "社会消费品零售总额",
                true,
                "total_retail_sales_of_consumer_goods_growth",
            ),
            (
                "社会消费品零售总额",
                false,
                "total_retail_sales_of_consumer_goods",
            ),
            ("外贸进出口总额", true, "foreign_trade_growth"),
            ("进出口总额", false, "foreign_trade"),
            ("出口", true, "exports_growth"),
            ("实际使用外资", true, "actual_use_of_foreign_capital_growth"),
            ("居民消费价格涨幅", false, "cpi_growth"),
            ("居民消费价格总水平涨幅", true, "cpi_growth"),
            ("物价总水平", false, "cpi_growth"),
            ("城镇调查失业率", true, "urban_surveyed_unemployment_rate"),
            ("城镇新增就业", false, "new_urban_jobs"),
            ("居民收入", true, "per_capita_disposable_income_growth"),
            (
                "城镇常住居民人均可支配收入",
                true,
                "urban_per_capita_disposable_income_growth",
            ),
            (
                "农村居民人均可支配收入",
                true,
                "rural_per_capita_disposable_income_growth",
            ),
            ("农民人均纯收入", true, "rural_per_capita_net_income_growth"),
            ("粮食总产量", false, "grain_output"),
            ("粮食", false, "grain_output"),
            ("粮食综合生产能力", false, "grain_production_capacity"),
            (
                "单位国内生产总值能耗",
                false,
                "energy_consumption_per_unit_gdp",
            ),
            (
                "单位地区生产总值能耗",
                true,
                "energy_consumption_per_unit_gdp",
            ),
            (
                "单位地区生产总值二氧化碳排放",
                false,
                "co2_emissions_per_unit_gdp",
            ),
            ("主要污染物排放量", false, "major_pollutant_emissions"),
            ("全社会研发经费投入强度", false, "rd_intensity"),
            ("全社会研发投入占GDP比重", false, "rd_intensity"),
            ("全社会研发经费投入", true, "rd_expenditure_growth"),
            (
                "数字经济核心产业增加值占地区生产总值比重",
                false,
                "digital_economy_core_industries_share",
            ),
            ("赤字率", false, "deficit_ratio"),
            ("地方政府专项债券", false, "local_government_special_bonds"),
            ("广义货币M2", true, "m2_growth"),
            ("农村贫困人口", false, "rural_poverty_reduction"),
            ("棚户区住房改造", false, "shantytown_renovation"),
            (
                "城镇老旧小区改造",
                false,
                "old_residential_communities_renovated",
            ),
            ("钢铁产能", false, "steel_capacity_reduction"),
            ("人口自然增长率", false, "population_natural_growth_rate"),
            ("工业总产值", true, "industrial_output_value_growth"),
            ("钢产量", false, "steel_output"),
            ("森林覆盖率", false, "forest_coverage"),
            ("空气优良天数比率", false, "good_air_quality_days_ratio"),
            ("细颗粒物（PM2.5）平均浓度", false, "pm25_concentration"),
            ("常住人口城镇化率", false, "urbanization_rate"),
            ("人均地区生产总值", true, "per_capita_gdp_growth"),
        ];
        for (raw, growth, want) in cases {
            let want = if want.is_empty() { None } else { Some(*want) };
            assert_eq!(id_of(raw, *growth), want, "{raw} growth={growth}");
        }
    }

    #[test]
    fn longest_then_nearest_end() {
        // Longest alias wins over an embedded shorter one.
        assert_eq!(
            id_of("城乡居民人均可支配收入与经济增长基本同步", true),
            Some("per_capita_disposable_income_growth")
        );
        // Equal length: the later (head) one wins.
        assert_eq!(id_of("棉纱棉布", false), Some("cotton_cloth_output"));
        // A benchmark loses even when as long or longer.
        assert_eq!(
            id_of("居民收入增长和经济增长同步", true),
            Some("per_capita_disposable_income_growth")
        );
        assert_eq!(
            id_of("居民收入与经济增长同步", true),
            Some("per_capita_disposable_income_growth")
        );
        assert_eq!(
            id_of("全员劳动生产率增速高于地区生产总值增速", true),
            Some("labor_productivity_growth")
        );
        assert_eq!(
            id_of("城镇常住居民人均可支配收入增速与地区生产总值增速同步", true),
            Some("urban_per_capita_disposable_income_growth")
        );
        // Two metrics joined by 和 without 同步: the usual rules.
        assert_eq!(
            id_of("经济总量和城乡居民人均可支配收入", false),
            Some("per_capita_disposable_income")
        );
        // Whitespace / page breaks inside a phrase do not hide it.
        assert_eq!(id_of("地区生\n\n产总值", true), Some("gdp_growth"));
    }

    #[test]
    fn find_cuts_metric_raw_out_of_clauses() {
        let d = dictionary();
        let cases: &[(&str, &str, &str)] = &[
            ("地区生产总值年均增长6.5%以上", "地区生产总值", "gdp"),
            ("力争地区生产总值超过1000亿元", "地区生产总值", "gdp"),
            (
                "单位GDP能耗力争完成省下达目标任务",
                "单位GDP能耗",
                "energy_consumption_per_unit_gdp",
            ),
            (
                "“零就业家庭”动态清零",
                "“零就业家庭”",
                "zero_employment_households",
            ),
            (
                "推广秸秆还田等保护性耕作技术95万亩",
                "保护性耕作技术",
                "conservation_tillage_area",
            ),
            (
                "惠及居民2.54万户",
                "惠及居民",
                "households_benefiting_from_renovation",
            ),
            ("经济增长5%左右", "经济增长", "gdp_growth"),
            ("居民消费价格涨幅2%左右", "居民消费价格涨幅", "cpi_growth"),
        ];
        for (clause, raw, id) in cases {
            let found = d.find(clause);
            let got = found.as_ref().map(|(r, m)| (&clause[r.clone()], m.id));
            assert_eq!(got, Some((*raw, *id)), "{clause}");
        }
        assert!(d.find("“2115555”产业规模达到600亿元").is_none());
        assert!(d.find("").is_none());
        // Byte ranges stay on char boundaries with odd input.
        let odd = "\u{FEFF}  ＧＤＰ\u{200B}增长";
        let (r, m) = d.find(odd).expect("GDP found");
        assert_eq!((&odd[r], m.id), ("ＧＤＰ", "gdp"));
    }

    #[test]
    fn odd_input_never_panics() {
        let d = dictionary();
        for s in [
            "",
            " ",
            "\u{0}\u{FFFD}",
            "“",
            "”",
            "a“b”c",
            &"增长".repeat(10_000),
        ] {
            let _ = d.resolve(s, true);
            let _ = d.find(s);
        }
    }

    #[test]
    fn tsv_shape_ids_and_aliases() {
        let mut lines = EMBEDDED_TSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        assert_eq!(
            lines.next(),
            Some("id\tlabel_en\tmeasure\tunit_family\taliases")
        );
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        for r in &rows {
            assert_eq!(r.len(), 5, "{r:?}");
        }
        let ids: HashSet<&str> = rows.iter().map(|r| r[0]).collect();
        assert_eq!(ids.len(), rows.len(), "duplicate ids");
        assert!(ids.len() >= 60, "only {} ids", ids.len());
        assert_eq!(dictionary().len(), rows.len());

        // No alias names two different concepts (nor the same one twice).
        let d = dictionary();
        let concept = |id: &str| {
            id.strip_suffix("_growth")
                .filter(|b| ids.contains(b))
                .unwrap_or(id)
                .to_string()
        };
        let mut owner: HashMap<String, String> = HashMap::new();
        for m in d.metrics() {
            for a in &m.aliases {
                let prev = owner.insert(fold(a).text, concept(m.id));
                assert!(
                    prev.is_none(),
                    "alias {a} listed twice ({prev:?}, {})",
                    m.id
                );
            }
        }
        // Every alias resolves back to its own concept.
        for m in d.metrics() {
            for a in &m.aliases {
                let got = d.resolve(a, m.measure == Measure::Growth).map(|g| g.id);
                assert_eq!(got.map(concept), Some(concept(m.id)), "alias {a}");
            }
        }
    }

    #[test]
    fn growth_level_pairs() {
        let d = dictionary();
        for (level, growth) in [
            ("gdp", "gdp_growth"),
            ("fixed_asset_investment", "fixed_asset_investment_growth"),
            (
                "total_retail_sales_of_consumer_goods",
                "total_retail_sales_of_consumer_goods_growth",
            ),
            ("foreign_trade", "foreign_trade_growth"),
            (
                "per_capita_disposable_income",
                "per_capita_disposable_income_growth",
            ),
        ] {
            assert_eq!(
                d.sibling(level, Measure::Growth).map(|m| m.id),
                Some(growth)
            );
            assert_eq!(d.sibling(growth, Measure::Level).map(|m| m.id), Some(level));
            assert_eq!(d.get(level).map(|m| m.measure), Some(Measure::Level));
            assert_eq!(d.get(growth).map(|m| m.measure), Some(Measure::Growth));
        }
        assert!(d.sibling("cpi_growth", Measure::Level).is_none());
    }

    #[test]
    fn malformed_tsv_is_an_error() {
        let bad: [&'static str; 6] = [
            "",
            "id\tlabel_en\tmeasure\tunit_family\n",
            "id\tlabel_en\tmeasure\tunit_family\taliases\nx\tX\tlevel\tpercent\n",
            "id\tlabel_en\tmeasure\tunit_family\taliases\nx\tX\tup\tpercent\tA\n",
            "id\tlabel_en\tmeasure\tunit_family\taliases\nx\tX\tlevel\tpercent\tA\ny\tY\tlevel\tpercent\tA\n",
            "id\tlabel_en\tmeasure\tunit_family\taliases\nx_growth\tX\tgrowth\tpercent\t\n",
        ];
        for tsv in bad {
            assert!(MetricDictionary::from_tsv(tsv).is_err(), "{tsv:?}");
        }
        let ok = "# c\nid\tlabel_en\tmeasure\tunit_family\taliases\nx_growth\tXg\tgrowth\tpercent\t\nx\tX\tlevel\tcurrency\tA|B\n";
        let d = MetricDictionary::from_tsv(ok).map_err(|e| e.to_string());
        let d = d.as_ref().expect("valid");
        assert_eq!(d.resolve("AB", true).map(|m| m.id), Some("x_growth"));
        assert_eq!(d.resolve("B", false).map(|m| m.id), Some("x"));
    }
}
