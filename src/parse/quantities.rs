//! Targets and achievements: numeric (and explicitly benchmarked) statements about an
//! indicator, found clause by clause on the matching view.
//!
//! The cheap part decides where to look (a clause with a digit, 百分之, 清零, or a
//! relational word inside a target list); the grammar part reads one clause as
//! `[condition][qualifier] metric [predicate] quantity [comparator]`. Whether a clause
//! is a target (plan part) or an achievement (review part), and its horizon, come from
//! the caller's context. The words are data (`data/quantity_words.tsv`, read here once);
//! this module holds the algorithm. Pure functions over `&str`; no I/O.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;

use super::find;
use super::grammar_table::{self, word_classes, Classes};
use super::metrics;
use super::number::{self, UnitFamily};
use crate::model::{Comparator, QuantityKind};

/// One figure stated about an indicator in a clause (canonical byte ranges): a target
/// or an achievement, as the caller's context decides.
#[derive(Debug, Clone)]
pub struct MetricFigure {
    pub clause: Range<usize>,
    pub metric_raw: Range<usize>,
    pub metric: Option<(String, String)>,
    pub kind: QuantityKind,
    pub value: Option<number::Decimal>,
    pub value_high: Option<number::Decimal>,
    pub unit: Option<String>,
    /// Where the unit is printed (canonical range), so it can be reported as printed.
    pub unit_range: Option<Range<usize>>,
    pub unit_base: Option<String>,
    pub value_base: Option<number::Decimal>,
    pub value_high_base: Option<number::Decimal>,
    pub comparator: Comparator,
    pub comparator_raw: Option<String>,
    pub qualifier: Option<String>,
    pub reference: Option<String>,
    pub annual_average: bool,
    /// Horizon set inside the sentence (到2025年, 2035年远景目标).
    pub horizon_year: Option<i32>,
}

word_classes! {
    /// The word classes of `data/quantity_words.tsv` (its header says what each means).
    pub(crate) enum W {
        Qualifier = "qualifier",
        Predicate = "predicate",
        PredicateNot = "predicate_not",
        Growth = "growth",
        Share = "share",
        Condition = "condition",
        Horizon = "horizon",
        AnnualAverage = "annual_average",
        Zero = "zero",
        Doubling = "doubling",
        LeadingVerb = "leading_verb",
        CountedVerb = "counted_verb",
        CountedUnit = "counted_unit",
        ProjectUnit = "project_unit",
        CurrencyEnd = "currency_end",
        AfterFigure = "after_figure",
        Around = "around",
        AtLeast = "at_least",
        AtMost = "at_most",
        PredAtLeast = "pred_at_least",
        PredAtMost = "pred_at_most",
        PredReach = "pred_reach",
        PredCap = "pred_cap",
        SeriesSep = "series_sep",
        Threshold = "threshold",
        ThresholdNot = "threshold_not",
        NounLink = "noun_link",
        AgeEnd = "age_end",
        DateAfter = "date_after",
        YearEnd = "year_end",
        DateUnit = "date_unit",
        LabelBefore = "label_before",
        LabelAfter = "label_after",
        LabelScale = "label_scale",
        LabelAfterScale = "label_after_scale",
        LabelCounter = "label_counter",
        LabelNoun = "label_noun",
        QuoteOpen = "quote_open",
        QuoteClose = "quote_close",
        Direction = "direction",
        RelationWith = "relation_with",
        RelationSame = "relation_same",
        RelationAdverb = "relation_adverb",
        Fulfil = "fulfil",
        FulfilMark = "fulfil_mark",
        FulfilEnd = "fulfil_end",
        FulfilAdverb = "fulfil_adverb",
        FulfilFiller = "fulfil_filler",
        FulfilOf = "fulfil_of",
        WithinReason = "within_reason",
        Compare = "compare",
        CompareNot = "compare_not",
        Basis = "basis",
        CompareEnd = "compare_end",
        Denominator = "denominator",
        MetricAnd = "metric_and",
        GrowthMetric = "growth_metric",
        GrowthClause = "growth_clause",
        GrowthReference = "growth_reference",
        GrowthBare = "growth_bare",
        MetricPrefix = "metric_prefix",
        MetricSuffix = "metric_suffix",
        SeriesJoin = "series_join",
        Each = "each",
        All = "all",
        AllWordBefore = "all_word_before",
        PartGrowth = "part_growth",
        YearMark = "year_mark",
        BaseNotShared = "base_not_shared",
    }
}

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/quantity_words.tsv");

pub(crate) fn words() -> &'static Classes<W> {
    static T: OnceLock<Classes<W>> = OnceLock::new();
    grammar_table::embedded(&T, "quantity_words.tsv", EMBEDDED_TSV)
}

pub(crate) fn w(c: W) -> &'static [&'static str] {
    words().get(c)
}

pub(crate) fn chars(c: W) -> &'static [char] {
    words().chars(c)
}

/// The first word of class `c` that `s` starts with.
fn prefix(c: W, s: &str) -> Option<&'static str> {
    words().prefix_of(c, s)
}

/// The first word of class `c` found in `s`, by position: (offset, word).
fn first_of(c: W, s: &str) -> Option<(usize, &'static str)> {
    w(c).iter()
        .filter_map(|x| find::find(s, x).map(|p| (p, *x)))
        .min_by_key(|(p, _)| *p)
}

/// Words of one class skipped in table order, each once: the offset after them.
fn skip_each(c: W, s: &str, mut at: usize) -> usize {
    for x in w(c) {
        if find::starts_with(&s[at..], x) {
            at += x.len();
        }
    }
    at
}

/// The words that state a figure without digits (清零, 翻一番): triggers of this grammar.
pub fn figure_words() -> impl Iterator<Item = &'static str> {
    w(W::Zero).iter().chain(w(W::Doubling)).copied()
}

/// One automaton over all predicates, built once. The `predicate_not` nouns come after
/// the predicates: a match of one of them (pattern index past the predicates) is a noun
/// that holds a predicate (达标率, 完成率), so the search goes on after it.
fn predicates() -> &'static aho_corasick::dfa::DFA {
    static AC: OnceLock<aho_corasick::dfa::DFA> = OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::dfa::DFA::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(w(W::Predicate).iter().chain(w(W::PredicateNot)))
            .unwrap_or_else(|e| panic!("predicate automaton over the table's words: {e}"))
    })
}

/// A predicate word at a clause offset.
#[derive(Debug, Clone, Copy)]
struct Predicate {
    at: usize,
    word: &'static str,
}

/// The first predicate (leftmost-longest) in `c[from..to]`, skipping the nouns that hold
/// one (达标率).
fn find_predicate(c: &str, from: usize, to: usize) -> Option<Predicate> {
    let hay = c.get(from..to)?;
    let mut input = aho_corasick::Input::new(hay);
    loop {
        let m = predicates().try_find(&input).ok().flatten()?;
        if let Some(word) = w(W::Predicate).get(m.pattern().as_usize()).copied() {
            return Some(Predicate {
                at: from + m.start(),
                word,
            });
        }
        input.set_start(m.end());
    }
}

/// Project head nouns whose count is a project, not a target (from `data/projects.tsv`).
fn project_nouns() -> &'static [&'static str] {
    &super::project_words::words().words.counted_heads
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn char_after(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

fn is_cjk(ch: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&ch)
}

/// A figure of a clause: where its number starts (clause offset) and what it says.
#[derive(Debug, Clone)]
struct Figure {
    at: usize,
    q: number::Quantity,
}

impl Figure {
    /// The clause offset just past the figure.
    fn end(&self) -> usize {
        self.at + self.q.len
    }
}

/// Is the digit run at `i` inside a label rather than a figure?
fn is_label_number(clause: &str, i: usize, q_end: usize) -> bool {
    // Inside quotes: “2115555”.
    let before = &clause[..i];
    let count = |c: W| -> usize {
        w(c).iter()
            .map(|q| find::find_iter(before, q).count())
            .sum()
    };
    if count(W::QuoteOpen) > count(W::QuoteClose) {
        return true;
    }
    match char_before(clause, i) {
        Some(c) if chars(W::LabelBefore).contains(&c) || c.is_ascii_alphabetic() => return true,
        _ => {}
    }
    if char_after(clause, q_end).is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    let after = &clause[q_end..];
    prefix(W::LabelAfter, after).is_some()
        || prefix(
            W::LabelAfterScale,
            after.trim_start_matches(chars(W::LabelScale)),
        )
        .is_some()
        || prefix(
            W::LabelNoun,
            after.trim_start_matches(chars(W::LabelCounter)),
        )
        .is_some()
}

/// The next place at or after `from` where a figure may start: a digit or 百分之.
fn next_figure_start(c: &str, from: usize) -> Option<usize> {
    let digit = find::first_digit(&c[from..]);
    let word = find::find(&c[from..], number::percent_word());
    let off = match (digit, word) {
        (Some(d), Some(p)) => d.min(p),
        (d, p) => d.or(p)?,
    };
    Some(from + off)
}

/// Is the figure a date or a year (2020年, 3月, 4日) rather than a quantity?
fn is_date(c: &str, q: &number::Quantity, q_end: usize) -> bool {
    let year_unit = q
        .unit
        .as_ref()
        .is_some_and(|u| matches!(u.family, UnitFamily::Time))
        && q.unit_text.ends_with(chars(W::YearEnd));
    year_unit
        || w(W::DateUnit).contains(&q.unit_text.as_str())
        || c[q_end..].starts_with(chars(W::DateAfter))
}

/// A threshold that qualifies a noun: 500万元以上固定资产投资, 60周岁以上人群.
fn is_threshold(c: &str, q: &number::Quantity, q_end: usize) -> bool {
    let rest = &c[q_end..];
    let Some(r) = w(W::Threshold)
        .iter()
        .find_map(|t| find::strip_prefix(rest, t))
    else {
        return false;
    };
    let threshold_unit = q
        .unit
        .as_ref()
        .is_some_and(|u| u.family == UnitFamily::Currency)
        || q.unit_text.ends_with(chars(W::AgeEnd));
    threshold_unit && r.chars().next().is_some_and(is_cjk) && prefix(W::ThresholdNot, r).is_none()
}

/// All usable figures in a clause, in order.
fn figures(c: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(i) = next_figure_start(c, search) {
        let step = i + c[i..].chars().next().map_or(1, char::len_utf8);
        // Only the start of a digit run.
        if char_before(c, i).is_some_and(|p| p.is_ascii_digit() || p == '.') {
            search = step;
            continue;
        }
        match number::parse_quantity(&c[i..]) {
            Some(q) if q.len > 0 => {
                let q_end = i + q.len;
                search = q_end.max(i + 1);
                if is_date(c, &q, q_end)
                    || is_label_number(c, i, q_end)
                    || q.unit_text.is_empty()
                    || is_threshold(c, &q, q_end)
                {
                    continue;
                }
                out.push(Figure { at: i, q });
            }
            _ => search = step,
        }
    }
    out
}

/// Parses one clause. `in_list` relaxes the rules inside an explicit target list
/// (qualitative items count there). `inherit` is the previous figure of the sentence:
/// a clause that only states a figure (增长5.2%) is about the same indicator.
pub fn read_clause(
    text: &str,
    clause: Range<usize>,
    in_list: bool,
    inherit: Option<&MetricFigure>,
) -> Vec<MetricFigure> {
    let c = &text[clause.clone()];
    let figs = figures(c);
    if figs.is_empty() {
        let seg = Segment::new(text, clause, 0, None, in_list);
        return read_segment(&seg, inherit);
    }
    // One record per figure: 绿化村屯120个、公路133公里; 分别增长7%、9%.
    let mut out: Vec<MetricFigure> = Vec::new();
    let mut seg_start = 0;
    for fig in &figs {
        let prev = out.last().cloned();
        let seg = Segment::new(text, clause.clone(), seg_start, Some(fig), in_list);
        let found = read_segment(&seg, prev.as_ref().or(inherit));
        if found.is_empty() && out.is_empty() && seg_start == 0 {
            // The first figure is a project count or a label: the clause is not a target.
            let after = &c[fig.end()..];
            if project_nouns().iter().any(|n| find::contains(after, n)) {
                return out;
            }
        }
        out.extend(found);
        seg_start = next_item(c, fig.end());
    }
    share_last_comparator(&mut out);
    // 甲、乙分别增长7%、9%: each figure is about its own indicator of the series.
    super::series::distribute(text, &mut out);
    super::series::name_by_earlier(text, &mut out, inherit);
    out
}

/// Where the next item of a series starts after a figure ending at `q_end`: past its
/// comparator, a parenthetical of its unit (230条(段)) and the separator.
fn next_item(c: &str, q_end: usize) -> usize {
    let mut next = skip_each(W::AfterFigure, c, q_end);
    if c[next..].starts_with('(') {
        if let Some(close) = c[next..].find(')').filter(|&o| o <= 12) {
            next += close + 1;
        }
    }
    skip_each(W::SeriesSep, c, next)
}

/// A series that ends in one comparator shares it: 分别增长4.5%、5.5%左右.
fn share_last_comparator(out: &mut [MetricFigure]) {
    for k in (1..out.len()).rev() {
        let (prev, cur) = (&out[k - 1], &out[k]);
        if prev.comparator == Comparator::Point
            && prev.comparator_raw.is_none()
            && cur.comparator != Comparator::Point
            && cur.comparator != Comparator::Range
            && prev.metric_raw == cur.metric_raw
        {
            let (cmp, raw) = (cur.comparator, cur.comparator_raw.clone());
            out[k - 1].comparator = cmp;
            out[k - 1].comparator_raw = raw;
        }
    }
}

/// The part of a clause that one figure (or none) is read in.
struct Segment<'a> {
    /// The clause (canonical text).
    c: &'a str,
    clause: Range<usize>,
    /// Where the segment starts in the clause.
    start: usize,
    figure: Option<&'a Figure>,
    in_list: bool,
}

impl<'a> Segment<'a> {
    fn new(
        text: &'a str,
        clause: Range<usize>,
        start: usize,
        figure: Option<&'a Figure>,
        in_list: bool,
    ) -> Segment<'a> {
        Segment {
            c: &text[clause.clone()],
            clause,
            start,
            figure,
            in_list,
        }
    }
}

/// What stands before the metric: where it may start, the hedge, where the figure is.
struct Opening {
    head: usize,
    qualifier: Option<String>,
    fig_start: usize,
}

/// The metric phrase of a segment (clause offsets) and its benchmark.
struct MetricSpan {
    start: usize,
    end: usize,
    reference: Option<String>,
}

/// A relational goal (与经济增长基本同步, 完成省下达计划, 翻一番).
struct Relation {
    at: usize,
    /// The words as printed.
    raw: String,
    /// A level goal (翻一番) rather than a qualitative one.
    level: bool,
    /// The benchmark (clause offsets).
    reference: Option<Range<usize>>,
}

/// What a segment states: kind, figure, unit and comparator.
struct Reading {
    kind: QuantityKind,
    value: Option<number::Decimal>,
    value_high: Option<number::Decimal>,
    unit: Option<String>,
    unit_base: Option<String>,
    value_base: Option<number::Decimal>,
    value_high_base: Option<number::Decimal>,
    comparator: Comparator,
    comparator_raw: Option<String>,
}

impl Reading {
    /// A statement without a figure.
    fn bare(kind: QuantityKind, comparator: Comparator, raw: Option<String>) -> Reading {
        Reading {
            kind,
            value: None,
            value_high: None,
            unit: None,
            unit_base: None,
            value_base: None,
            value_high_base: None,
            comparator,
            comparator_raw: raw,
        }
    }
}

fn read_segment(seg: &Segment, inherit: Option<&MetricFigure>) -> Vec<MetricFigure> {
    let c = seg.c;
    let zeroed = first_of(W::Zero, c)
        .map(|(p, _)| p)
        .filter(|&z| z >= seg.start);
    let doubling = words().any_in(W::Doubling, c);
    if seg.figure.is_none() && zeroed.is_none() && !seg.in_list && !doubling {
        return Vec::new();
    }
    if seg.figure.is_some_and(|f| counts_projects(c, f)) {
        return Vec::new();
    }
    let horizon_year = horizon_in(c);
    // The figure sits inside the leading condition (清零…情况下): no indicator.
    let Some(mut op) = opening(seg, zeroed) else {
        return Vec::new();
    };
    let (pred, metric_end) = predicate_of(c, &mut op);
    let annual_average = words().any_in(W::AnnualAverage, &c[..op.fig_start]);
    // Relational goals: only a segment without a figure can be one.
    let relation = if seg.figure.is_none() {
        relational(c)
    } else {
        None
    };
    let mut m = metric_phrase(seg, &op, pred, metric_end, relation.as_ref());
    let inherited = inherit.filter(|_| inherits(seg, pred, &m));
    if m.end <= m.start && inherited.is_none() && !seg.in_list {
        return Vec::new();
    }
    // A growth figure's follow-up in its unit is a growth figure too: …增长12%以上，力争13%
    // and, with a qualifier, …增长12%以上，力争达到13% (not …，达到了5.4%).
    let growth_inherited = inherited.is_some_and(|f| {
        let reach = op.qualifier.is_some()
            && pred.is_some_and(|p| words().is(W::PredReach, p.word))
            && seg.figure.is_some_and(|g| {
                f.unit_base.is_some() && f.unit_base.as_deref() == g.q.unit.as_ref().map(|u| u.base)
            });
        f.kind == QuantityKind::GrowthRate && (pred.is_none() || reach)
    });
    let reading = match seg.figure {
        Some(f) => read_figure(c, &op, f, pred, growth_inherited),
        None if zeroed.is_some() => Reading {
            value: Some(number::Decimal::from_int(0)),
            ..Reading::bare(QuantityKind::Count, Comparator::Point, None)
        },
        None => match bare_reading(c, relation.as_ref()) {
            Some(r) => r,
            None => return Vec::new(),
        },
    };
    let record = Record {
        seg,
        reading,
        qualifier: op.qualifier.take(),
        reference: m.reference.take(),
        annual_average,
        horizon_year,
    };
    match inherited {
        Some(inh) => vec![record.inheriting(inh)],
        None => record.per_metric(m.start..m.end),
    }
}

/// Whether the figure is about the previous figure's indicator: the segment names no
/// indicator, or only the predicate (…突破1万亿元,增长10%) or a bound and its benchmark
/// (增长4.7%、低于全国0.3个百分点); not a predicate and its object (…20家；新增社会治安视频
/// 监控摄像头3万个).
fn inherits(seg: &Segment, pred: Option<Predicate>, m: &MetricSpan) -> bool {
    let predicate_only = pred.is_some_and(|p| {
        let bound = words().is(W::PredAtLeast, p.word) || words().is(W::PredAtMost, p.word);
        let rest = &seg.c[p.at + p.word.len()..m.end.max(p.at + p.word.len())];
        p.at == m.start && (bound || chars_besides_years(rest) <= 1)
    }) && seg.figure.is_some_and(|f| f.at == m.end)
        && metrics::dictionary().find(&seg.c[m.start..m.end]).is_none();
    // A year alone, and the figure right after its predicate (…，2007年达到3000亿元), not
    // after the predicate's object (到2020年实现园区占地面积10000亩).
    let figure_follows = |f: &Figure| {
        pred.is_none_or(|p| {
            seg.c
                .get(p.at + p.word.len()..f.at)
                .is_some_and(|between| chars_besides_years(between) <= 1)
        })
    };
    let time_only = m.end > m.start
        && is_time_only(&seg.c[m.start..m.end])
        && seg.figure.is_some_and(figure_follows);
    (m.end <= m.start || predicate_only || time_only) && seg.figure.is_some()
}

/// Whether an indicator phrase is only a year, with at most one word char besides it
/// (2008年, 到2005年, 2003年底): …年均增长12%以上，2007年达到3000亿元 is about the
/// indicator before it.
fn is_time_only(s: &str) -> bool {
    let has_year = s
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    has_year && chars_besides_years(s) <= 1
}

/// The chars of `s` that are not a year (2011年): what a predicate says besides its
/// benchmark year (增加到2011年, 为2015年的).
fn chars_besides_years(s: &str) -> usize {
    let mut n = 0;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(after) = (digits == 4)
            .then(|| rest[4..].strip_prefix(chars(W::YearEnd)))
            .flatten()
        {
            rest = after;
            continue;
        }
        n += 1;
        rest = &rest[c.len_utf8()..];
    }
    n
}

/// Counts of project nouns are projects (N个…项目, 项目N个, 50亿元以上项目).
fn counts_projects(c: &str, f: &Figure) -> bool {
    let nouns = project_nouns();
    let after = &c[f.end()..];
    let after_above = w(W::AtLeast)
        .iter()
        .fold(after, |s, t| find::trim_start_all(s, t));
    let window: String = after_above.chars().take(12).collect();
    let counted = words().is(W::ProjectUnit, &f.q.unit_text)
        || f.q.unit_text.ends_with(chars(W::CurrencyEnd));
    let before = &c[..f.at];
    nouns.iter().any(|n| find::starts_with(after_above, n))
        || counted
            && nouns.iter().any(|n| find::contains(&window, n))
            && !window.contains(|ch: char| ch.is_ascii_digit())
        || nouns.iter().any(|n| find::ends_with(before, n))
}

/// The length of a list item's marker at the start of `s`, which is not part of its
/// metric (（2）新改造城镇老旧小区230个); 0 when there is none. A digit after the
/// marker, or a numeral after 一、 or 第一、, makes it an enumeration (一、二、三产业增加值),
/// not a marker.
fn item_marker_len(s: &str) -> usize {
    use super::outline::MarkerKind;
    let Some(m) = super::outline::parse_marker(s) else {
        return 0;
    };
    // A numeral marker runs on into an enumeration of numerals (一、二级, 第一、二轮);
    // an arabic or 一是 marker does not (7.三级医院…, 2．一般公共预算收入, 一是二甲…).
    let numeral_list = matches!(m.kind, MarkerKind::Top | MarkerKind::Di);
    let enumeration = s[m.len..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || numeral_list && super::canon::is_cn_digit(c));
    if enumeration {
        0
    } else {
        m.len
    }
}

/// The horizon year inside the clause (2035年远景目标).
fn horizon_in(c: &str) -> Option<i32> {
    let (p, _) = first_of(W::Horizon, c)?;
    let digits = c[..p].get(p.saturating_sub(4)..p)?;
    digits.parse().ok()
}

/// The leading list marker, condition (正常年景下) and qualifiers before the metric;
/// `None` when the figure stands before the metric could start.
fn opening(seg: &Segment, zeroed: Option<usize>) -> Option<Opening> {
    let c = seg.c;
    let mut head = seg.start + item_marker_len(&c[seg.start..]);
    let first_fig = seg.figure.map_or(c.len(), |f| f.at).max(seg.start);
    let window = &c[seg.start..first_fig];
    if let Some((p, word)) = w(W::Condition)
        .iter()
        .find_map(|x| find::find(window, x).map(|p| (p, *x)))
    {
        head = seg.start + p + word.len();
    }
    let mut qualifier = None;
    for _ in 0..2 {
        if let Some(q) = prefix(W::Qualifier, &c[head..]) {
            qualifier.get_or_insert_with(|| q.to_string());
            head += q.len();
        }
    }
    let fig_start = seg.figure.map(|f| f.at).or(zeroed).unwrap_or(c.len());
    (head <= fig_start).then_some(Opening {
        head,
        qualifier,
        fig_start,
    })
}

/// The predicate (leftmost-longest: the verb right after the indicator) and where the
/// metric ends. A verb before the indicator (建议奋力实现地区生产总值增长6.5%左右) moves
/// the head after it; a qualifier between metric and predicate (优良天数力争达到87%) is
/// the segment's qualifier.
fn predicate_of(c: &str, op: &mut Opening) -> (Option<Predicate>, usize) {
    let mut pred = find_predicate(c, op.head, op.fig_start.max(op.head));
    if let Some(later) = pred.and_then(|p| predicate_after_indicator(c, op.head, p, op.fig_start)) {
        op.head = later.metric_start;
        pred = Some(later.predicate);
    }
    let mut metric_end = pred.map_or(op.fig_start, |p| p.at);
    for q in w(W::Qualifier) {
        if find::ends_with(&c[op.head..metric_end], q) {
            op.qualifier.get_or_insert_with(|| q.to_string());
            metric_end -= q.len();
        }
    }
    (pred, metric_end)
}

/// The metric phrase between the opening and the predicate, with its benchmark.
fn metric_phrase(
    seg: &Segment,
    op: &Opening,
    pred: Option<Predicate>,
    metric_end: usize,
    relation: Option<&Relation>,
) -> MetricSpan {
    let c = seg.c;
    let mut m = MetricSpan {
        start: op.head,
        end: metric_end,
        reference: None,
    };
    if let Some(rel) = relation {
        named_by_relation(c, op, rel, &mut m);
    }
    cut_comparison(c, &mut m);
    // A verb right at the start is part of the indicator: 新增城镇就业1万人, also after
    // a scope or hedge only (全市新增登记市场主体3.67万户, 预计实现生产总值480亿元).
    // (The cheap tests first: this runs for every segment.)
    if seg.figure.is_some() {
        if let Some(p) = pred.filter(|p| {
            p.at >= op.head
                && trim_metric(&c[op.head..p.at]).is_empty()
                && trim_metric(&c[m.start..m.end.max(m.start)]).is_empty()
        }) {
            m.start = p.at;
            m.end = op.fig_start;
        }
    }
    if let Some(f) = seg.figure {
        counted_noun_after(c, f, &mut m);
        whole_indicator(c, op, &mut m);
    }
    trim_span(c, &mut m);
    noun_after_figure(c, seg.figure, op, pred, &mut m);
    m
}

/// The metric of a relational goal ends where the relation starts; 全面完成省下达的节能
/// 减排任务 names the indicator inside the benchmark. (Not 与经济增长同步: a benchmark
/// after 与 is the reference, never the indicator.)
fn named_by_relation(c: &str, op: &Opening, rel: &Relation, m: &mut MetricSpan) {
    m.end = rel.at.max(op.head);
    m.reference = rel.reference.clone().map(|r| c[r].to_string());
    let dict = metrics::dictionary();
    if !c[m.end..].starts_with(chars(W::RelationWith)) && dict.find(&c[m.start..m.end]).is_none() {
        if let Some((r, _)) = dict.find(&c[m.end..]) {
            m.start = m.end + r.start;
            m.end += r.end;
        } else {
            named_by_task(c, rel, m);
        }
    }
}

/// 全面完成脱贫攻坚任务: only an adverb stands before the fulfil verb, so the task the
/// goal fulfils (between the verb and 任务) names it. An issuer (省下达的) and fillers
/// (各项, 主要) are not the name; 完成省政府下达的任务 names none, so its metric is empty.
fn named_by_task(c: &str, rel: &Relation, m: &mut MetricSpan) {
    let before = &c[m.start..m.end];
    let bare = prefix(W::FulfilAdverb, before).map_or(before, |a| &before[a.len()..]);
    let (Some(verb), Some(r)) = (prefix(W::Fulfil, &c[rel.at..]), rel.reference.clone()) else {
        return;
    };
    let Some(end) = words().suffix_of(W::FulfilEnd, &c[r.clone()]) else {
        return;
    };
    if !bare.is_empty() || r.start != rel.at + verb.len() {
        return;
    }
    let task = task_name(c, r.start..r.end - end.len()).unwrap_or(m.end..m.end);
    m.start = task.start;
    m.end = task.end;
}

/// The name inside a fulfilled task: after its issuer's 的, without fillers.
fn task_name(c: &str, mut t: Range<usize>) -> Option<Range<usize>> {
    let issuer = words().any_in(W::FulfilMark, &c[t.clone()]);
    let last_of = w(W::FulfilOf)
        .iter()
        .filter_map(|x| c[t.clone()].rfind(x).map(|p| p + x.len()))
        .max();
    if let Some(of) = last_of {
        let after = t.start + of;
        if issuer || !trim_fillers(c, after..t.end).is_empty() {
            t.start = after;
        }
    } else if issuer {
        return None;
    }
    let t = trim_fillers(c, t);
    (!t.is_empty()).then_some(t)
}

/// Cuts 各项, 主要, 等 … from both ends of `t`.
fn trim_fillers(c: &str, t: Range<usize>) -> Range<usize> {
    trimmed_range(c, t, |s| trim_words(s, W::FulfilFiller, W::FulfilFiller))
}

/// 比2020年翻一番: the benchmark year ends the metric (not the 比 of 比重, 比例, 比率).
/// A price or scope basis (按可比口径, 可比价) ends it too (or, before the metric, is cut
/// from its start), and its 比 compares nothing.
fn cut_comparison(c: &str, m: &mut MetricSpan) {
    let phrase = &c[m.start..m.end];
    // Every basis word holds a compare word (a test checks it): no 比, nothing to cut.
    if !w(W::Compare)
        .iter()
        .any(|x| find::find(phrase, x).is_some())
    {
        return;
    }
    let basis = first_of(W::Basis, phrase).map(|(q, b)| q..q + b.len());
    let in_basis = |p: usize| basis.as_ref().is_some_and(|b| b.contains(&p));
    let benchmark = w(W::Compare)
        .iter()
        .filter_map(|cmp| {
            find::find_iter(phrase, cmp)
                .find(|&p| !in_basis(p) && prefix(W::CompareNot, &phrase[p..]).is_none())
                .map(|p| (p, *cmp))
        })
        .min_by_key(|(p, _)| *p);
    let origin = m.start;
    if let Some((p, cmp)) = benchmark {
        if m.reference.is_none() {
            let refr = c[m.start + p..m.end].trim_start_matches(cmp);
            m.reference = Some(refr.to_string());
        }
        m.end = m.start + p;
    }
    // 按可比口径实际利用外资: a basis before the metric is cut from its start.
    match basis {
        Some(b) if b.start == 0 => m.start = (origin + b.end).min(m.end),
        Some(b) => m.end = m.end.min(origin + b.start),
        None => {}
    }
}

/// A counted noun after the figure: 完成10个社区养老服务设施建设.
fn counted_noun_after(c: &str, f: &Figure, m: &mut MetricSpan) {
    if m.end.saturating_sub(m.start) == 0 || super::spans::chars_within(&c[m.start..m.end], 0, 2) {
        let after = &c[f.end()..];
        let noun_end = first_of(W::CountedVerb, after).map_or(after.len(), |(p, _)| p);
        if noun_end > 0 && words().is(W::CountedUnit, &f.q.unit_text) {
            m.start = f.end();
            m.end = m.start + noun_end;
        }
    }
}

/// A known indicator that the predicate cut in two (城镇|新增就业): take it whole.
fn whole_indicator(c: &str, op: &Opening, m: &mut MetricSpan) {
    if let Some((r, _)) = metrics::dictionary().find(&c[op.head..op.fig_start]) {
        let (a, z) = (op.head + r.start, op.head + r.end);
        if a <= m.end && z > m.end && z <= op.fig_start {
            m.start = m.start.min(a);
            m.end = z;
        }
    }
}

/// Trims stray words around the metric.
fn trim_span(c: &str, m: &mut MetricSpan) {
    let t = trimmed_range(c, m.start..m.end, trim_metric);
    m.start = t.start;
    m.end = t.end;
}

/// The range of `c[t]` that `trim` keeps (`trim` returns a subslice of its argument).
fn trimmed_range(c: &str, t: Range<usize>, trim: impl Fn(&str) -> &str) -> Range<usize> {
    let untrimmed = &c[t.clone()];
    let trimmed = trim(untrimmed);
    // `trimmed` is a slice of `untrimmed`: its offset is the distance between them.
    let off = if trimmed.is_empty() {
        0
    } else {
        trimmed.as_ptr() as usize - untrimmed.as_ptr() as usize
    };
    t.start + off..t.start + off + trimmed.len()
}

/// Whether `s` is nothing but leading verbs (培育, 建成运行).
fn only_leading_verbs(s: &str) -> bool {
    let mut t = s;
    loop {
        let before = t.len();
        for v in w(W::LeadingVerb) {
            t = find::strip_prefix(t, v).unwrap_or(t);
        }
        if t.len() == before {
            break;
        }
    }
    t.is_empty()
}

/// No indicator before the figure, or only a verb (培育80家示范农民合作社, 建成运行95座
/// …站): the noun after the figure is the indicator (新增8000万吨标准煤的节能能力), else
/// the verb that leads the clause (全年再减少青壮年文盲400万人).
fn noun_after_figure(
    c: &str,
    figure: Option<&Figure>,
    op: &Opening,
    pred: Option<Predicate>,
    m: &mut MetricSpan,
) {
    let verb_only = m.end > m.start && only_leading_verbs(&c[m.start..m.end]);
    if m.end > m.start && !verb_only {
        return;
    }
    let keep = (m.start, m.end);
    m.end = m.start;
    let Some(f) = figure else {
        return;
    };
    let a = skip_each(W::AfterFigure, c, f.end());
    let noun = c[a..].trim_start_matches(chars(W::NounLink));
    let n = noun.chars().count();
    if (2..=16).contains(&n) && !noun.contains(|ch: char| ch.is_ascii_digit()) {
        m.start = c.len() - noun.len();
        m.end = c.len();
    } else if verb_only {
        (m.start, m.end) = keep;
    } else if let Some(p) = pred.filter(|p| p.at >= op.head && p.at < f.at) {
        m.start = p.at;
        m.end = f.at;
    }
}

/// The comparator printed after the figure (左右, 以上, 以内) and its word.
fn comparator_after(q: &number::Quantity, after: &str) -> (Comparator, Option<String>) {
    if q.is_range {
        return (Comparator::Range, None);
    }
    let effects = [
        (W::Around, Comparator::Around),
        (W::AtLeast, Comparator::AtLeast),
        (W::AtMost, Comparator::AtMost),
    ];
    effects
        .into_iter()
        .find_map(|(class, cmp)| prefix(class, after).map(|word| (cmp, Some(word.to_string()))))
        .unwrap_or((Comparator::Point, None))
}

/// The predicate's effect on the comparator: 不低于 / 突破 make a point figure a lower
/// bound, 不超过 an upper one; 达到 is kept as the word; 控制在…以内 keeps both.
fn predicate_effect(pred_word: &str, cmp: &mut Comparator, raw: &mut Option<String>) {
    let is = |c: W| words().is(c, pred_word);
    if *cmp == Comparator::Point && is(W::PredAtLeast) {
        *cmp = Comparator::AtLeast;
        *raw = Some(pred_word.to_string());
    } else if *cmp == Comparator::Point && is(W::PredAtMost) {
        *cmp = Comparator::AtMost;
        *raw = Some(pred_word.to_string());
    } else if *cmp == Comparator::Point && is(W::PredReach) {
        *raw = Some(pred_word.to_string());
    } else if *cmp == Comparator::AtMost && is(W::PredCap) {
        *raw = Some(format!("{pred_word}…{}", raw.take().unwrap_or_default()));
    }
}

/// The kind of a figure from its unit family; a percentage is a growth rate after a
/// growth word.
fn kind_of(fam: Option<UnitFamily>, growth: bool) -> QuantityKind {
    match fam {
        Some(UnitFamily::Percent) | Some(UnitFamily::Permille) if growth => {
            QuantityKind::GrowthRate
        }
        Some(UnitFamily::Percent) | Some(UnitFamily::Permille) => QuantityKind::Share,
        Some(UnitFamily::PercentagePoints) => QuantityKind::ChangePoints,
        Some(UnitFamily::Persons) | Some(UnitFamily::Households) | Some(UnitFamily::Count) => {
            QuantityKind::Count
        }
        _ => QuantityKind::Level,
    }
}

/// The figure and its comparator.
fn read_figure(
    c: &str,
    op: &Opening,
    f: &Figure,
    pred: Option<Predicate>,
    growth_inherited: bool,
) -> Reading {
    let q = &f.q;
    let (mut comparator, mut raw) = comparator_after(q, &c[f.end()..]);
    predicate_effect(pred.map_or("", |p| p.word), &mut comparator, &mut raw);
    // 占地区生产总值比重提高到7%: a share that rises, not a growth rate.
    let before = &c[op.head..f.at];
    let growth =
        !words().any_in(W::Share, before) && words().any_in(W::Growth, before) || growth_inherited;
    Reading {
        kind: kind_of(q.unit.as_ref().map(|u| u.family), growth),
        value: Some(q.value),
        value_high: q.value_high,
        unit: Some(q.unit_text.clone()).filter(|u| !u.is_empty()),
        unit_base: q.unit.as_ref().map(|u| u.base.to_string()),
        value_base: q.value_in_base(),
        value_high_base: q.value_high_in_base(),
        comparator,
        comparator_raw: raw,
    }
}

/// A segment without a figure: a relational goal, or a list item that names a known
/// indicator or states a direction (国际收支状况改善); `None` for anything else.
fn bare_reading(c: &str, relation: Option<&Relation>) -> Option<Reading> {
    if let Some(rel) = relation {
        let kind = if rel.level {
            QuantityKind::Level
        } else {
            QuantityKind::Qualitative
        };
        let within = prefix(W::WithinReason, &rel.raw).is_some();
        let cmp = if within {
            Comparator::AtMost
        } else {
            Comparator::Relative
        };
        return Some(Reading::bare(kind, cmp, Some(rel.raw.clone())));
    }
    let states =
        super::spans::chars_within(c, 0, 20) && words().suffix_of(W::Direction, c).is_some();
    if metrics::dictionary().find(c).is_none() && !states {
        return None;
    }
    Some(Reading::bare(
        QuantityKind::Qualitative,
        Comparator::Relative,
        None,
    ))
}

/// A segment's reading with what the segment says around it, ready to become records.
struct Record<'a> {
    seg: &'a Segment<'a>,
    reading: Reading,
    qualifier: Option<String>,
    reference: Option<String>,
    annual_average: bool,
    horizon_year: Option<i32>,
}

impl Record<'_> {
    /// Where the unit is printed (canonical range).
    fn unit_range(&self) -> Option<Range<usize>> {
        let f = self.seg.figure?;
        let (q, end) = (&f.q, f.end());
        let base = self.seg.clause.start;
        let slice = &self.seg.c[f.at..end];
        (!q.unit_text.is_empty() && slice.ends_with(q.unit_text.as_str()))
            .then(|| base + end - q.unit_text.len()..base + end)
    }

    fn figure(&self, metric_raw: Range<usize>, metric: Option<(String, String)>) -> MetricFigure {
        let r = &self.reading;
        MetricFigure {
            clause: self.seg.clause.clone(),
            metric_raw,
            metric,
            kind: r.kind,
            value: r.value,
            value_high: r.value_high,
            unit: r.unit.clone(),
            unit_range: self.unit_range(),
            unit_base: r.unit_base.clone(),
            value_base: r.value_base,
            value_high_base: r.value_high_base,
            comparator: r.comparator,
            comparator_raw: r.comparator_raw.clone(),
            qualifier: self.qualifier.clone(),
            reference: self.reference.clone(),
            annual_average: self.annual_average,
            horizon_year: self.horizon_year,
        }
    }

    /// The figure is about the previous figure's indicator.
    fn inheriting(&self, inh: &MetricFigure) -> MetricFigure {
        let mut f = self.figure(
            inh.metric_raw.clone(),
            inherited_metric(inh, self.reading.kind),
        );
        f.annual_average |= inh.annual_average;
        f
    }

    /// One record per metric: 经济总量和城乡居民人均可支配收入比2020年翻一番.
    fn per_metric(&self, span: Range<usize>) -> Vec<MetricFigure> {
        let c = self.seg.c;
        let base = self.seg.clause.start;
        let growth = self.growth_metric(&c[span.clone()]);
        split_metrics(c, span)
            .into_iter()
            .map(|p| {
                let metric = metrics::dictionary()
                    .resolve(&c[p.clone()], growth)
                    .map(|m| (m.id.to_string(), m.label_en.to_string()));
                self.figure(base + p.start..base + p.end, metric)
            })
            .collect()
    }

    /// Whether the metric is a growth measure (增速, 与…同步, 涨幅; a goal without figure
    /// whose clause names a rate: 地区生产总值增速高于全省平均水平).
    fn growth_metric(&self, metric: &str) -> bool {
        let r = &self.reading;
        matches!(r.kind, QuantityKind::GrowthRate)
            || r.comparator_raw
                .as_deref()
                .is_some_and(|raw| words().any_in(W::GrowthReference, raw))
            || words().any_in(W::GrowthClause, self.seg.c)
            || words().any_in(W::GrowthMetric, metric)
            || r.value.is_none() && words().any_in(W::GrowthBare, self.seg.c)
    }
}

/// Two named metrics joined by 和 (A和B比2020年翻一番), else the span as it is.
fn split_metrics(c: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let text = &c[span.clone()];
    let dict = metrics::dictionary();
    for and in w(W::MetricAnd) {
        if let Some(h) = find::find(text, and) {
            let (a, b) = (&text[..h], &text[h + and.len()..]);
            if dict.find(a).is_some() && dict.find(b).is_some() {
                return vec![
                    span.start..span.start + h,
                    span.start + h + and.len()..span.end,
                ];
            }
        }
    }
    vec![span]
}

/// The indicator that follows a verb, and the indicator's own predicate.
struct IndicatorAfterVerb {
    metric_start: usize,
    predicate: Predicate,
}

/// When the predicate `p` found first stands before any known indicator (实现 in
/// 奋力实现地区生产总值增长6.5%), the start of the indicator after it and the predicate
/// that follows the indicator. `None` when an indicator stands before `p` or none follows.
fn predicate_after_indicator(
    c: &str,
    head: usize,
    p: Predicate,
    fig_start: usize,
) -> Option<IndicatorAfterVerb> {
    let after = p.at + p.word.len();
    // The best indicator of the whole phrase must start after the verb: 高新技术产业增加值
    // holds the predicate 增加 inside it.
    let (r, _) = metrics::dictionary().find(c.get(head..fig_start)?)?;
    let (start, end) = (head + r.start, head + r.end);
    // … and follow it at once (全市 may stand between): 占GDP比重 is a denominator.
    if start < after
        || !super::spans::chars_within(&c[after..start], 0, 2)
        || words().any_in(W::Denominator, &c[after..start])
    {
        return None;
    }
    Some(IndicatorAfterVerb {
        metric_start: start,
        predicate: find_predicate(c, end, fig_start)?,
    })
}

/// Relational goal words in a clause (翻一番, 与…同步, 完成…下达…, 控制在合理…, 比…低一些).
fn relational(c: &str) -> Option<Relation> {
    let doubling = w(W::Doubling)
        .iter()
        .find_map(|x| find::find(c, x).map(|p| (p, *x)));
    if let Some((p, word)) = doubling {
        return Some(Relation {
            at: p,
            raw: word.to_string(),
            level: true,
            reference: None,
        });
    }
    moves_with(c)
        .or_else(|| set_from_above(c))
        .or_else(|| within_reason(c))
        .or_else(|| compared(c))
}

/// 与经济增长基本同步: the benchmark after 与, up to the relation word.
fn moves_with(c: &str) -> Option<Relation> {
    let (y, with) = w(W::RelationWith)
        .iter()
        .find_map(|x| find::find(c, x).map(|p| (p, *x)))?;
    let bench_start = y + with.len();
    for same in w(W::RelationSame) {
        if let Some(wp) = find::find(&c[y..], same) {
            let mut bench_end = y + wp;
            for q in w(W::RelationAdverb) {
                if c[bench_start..bench_end].ends_with(q) {
                    bench_end -= q.len();
                }
            }
            return Some(Relation {
                at: y,
                raw: same.to_string(),
                level: false,
                reference: Some(bench_start..bench_end),
            });
        }
    }
    None
}

/// 完成省下达计划, 达到…要求: a benchmark set from above.
fn set_from_above(c: &str) -> Option<Relation> {
    let (p, verb) = first_of(W::Fulfil, c)?;
    let rest = &c[p..];
    let marked =
        words().any_in(W::FulfilMark, rest) || words().suffix_of(W::FulfilEnd, rest).is_some();
    marked.then(|| Relation {
        at: p,
        raw: rest.to_string(),
        level: false,
        reference: Some(p + verb.len()..c.len()),
    })
}

/// 控制在合理范围内 / 合理区间.
fn within_reason(c: &str) -> Option<Relation> {
    let (p, _) = first_of(W::WithinReason, c)?;
    Some(Relation {
        at: p,
        raw: c[p..].to_string(),
        level: false,
        reference: None,
    })
}

/// 物价上涨幅度比去年的实际涨幅低一些.
fn compared(c: &str) -> Option<Relation> {
    let (p, cmp) = w(W::Compare)
        .iter()
        .find_map(|x| find::find(c, x).map(|p| (p, *x)))?;
    let end = words().suffix_of(W::CompareEnd, c)?;
    Some(Relation {
        at: p,
        raw: c[p..].to_string(),
        level: false,
        reference: Some(p + cmp.len()..c.len() - end.len()),
    })
}

/// Strips connectives and verbs that are not part of an indicator's name.
fn trim_metric(s: &str) -> &str {
    trim_words(s, W::MetricPrefix, W::MetricSuffix)
}

/// `s` without words of class `pre` at its start and of class `suf` at its end, repeatedly.
/// (Cutting from the end never lets a word match at the start, so the starts are cut first,
/// then the ends: one pass over each class that cuts nothing, not two.)
fn trim_words(s: &str, pre: W, suf: W) -> &str {
    let mut t = s;
    while let Some(rest) = w(pre).iter().find_map(|p| find::strip_prefix(t, p)) {
        t = rest;
    }
    while let Some(rest) = w(suf).iter().find_map(|p| find::strip_suffix(t, p)) {
        t = rest;
    }
    t
}

/// The previous figure's metric for a figure that inherits it, in the figure's measure:
/// 地区生产总值突破1万亿元,增长10% gives the growth figure `gdp_growth`.
fn inherited_metric(inh: &MetricFigure, kind: QuantityKind) -> Option<(String, String)> {
    let (id, label) = inh.metric.as_ref()?;
    let measure = if kind == QuantityKind::GrowthRate {
        metrics::Measure::Growth
    } else {
        metrics::Measure::Level
    };
    match metrics::dictionary().sibling(id, measure) {
        Some(m) => Some((m.id.to_string(), m.label_en.to_string())),
        None => Some((id.clone(), label.clone())),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let t = Classes::<W>::from_tsv("quantity_words.tsv", EMBEDDED_TSV).unwrap();
        assert_eq!(t.get(W::Predicate).first(), Some(&"年均增长"));
        assert_eq!(t.chars(W::LabelScale), ['千', '百', '万', '亿']);
    }

    #[test]
    fn every_basis_word_holds_a_compare_word() {
        for b in w(W::Basis) {
            assert!(w(W::Compare).iter().any(|x| b.contains(x)), "basis {b}");
        }
    }

    #[test]
    fn every_predicate_not_word_holds_a_predicate() {
        for n in w(W::PredicateNot) {
            assert!(
                w(W::Predicate).iter().any(|p| n.contains(p)),
                "predicate_not {n}"
            );
        }
    }

    fn one(c: &str) -> MetricFigure {
        let v = read_clause(c, 0..c.len(), false, None);
        assert_eq!(v.len(), 1, "{c}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn headline_shapes() {
        let c = "地区生产总值年均增长6.5%以上";
        let f = one(c);
        assert_eq!(&c[f.metric_raw.clone()], "地区生产总值");
        assert_eq!(f.kind, QuantityKind::GrowthRate);
        assert_eq!(f.comparator, Comparator::AtLeast);
        assert!(f.annual_average);
        assert_eq!(f.value.map(|v| v.to_string()), Some("6.5".into()));

        let c = "城镇登记失业率控制在4.5%以内";
        let f = one(c);
        assert_eq!(&c[f.metric_raw.clone()], "城镇登记失业率");
        assert_eq!(
            (f.kind, f.comparator),
            (QuantityKind::Share, Comparator::AtMost)
        );

        let c = "空气质量优良天数力争达到87%";
        let f = one(c);
        assert_eq!(&c[f.metric_raw.clone()], "空气质量优良天数");
        assert_eq!(f.qualifier.as_deref(), Some("力争"));

        let c = "正常年景下力争粮食产量达到32亿斤";
        let f = one(c);
        assert_eq!(&c[f.metric_raw.clone()], "粮食产量");
        assert_eq!(f.unit.as_deref(), Some("亿斤"));

        let c = "完成10个社区养老服务设施建设";
        let f = one(c);
        assert_eq!(&c[f.metric_raw.clone()], "社区养老服务设施");
        assert_eq!(f.kind, QuantityKind::Count);
    }

    #[test]
    fn a_figure_inside_the_leading_condition_is_not_read() {
        // MetricFigure by the fuzzer: 清零 before 情况下 put the figure before the metric's start.
        for c in [
            "清零正常情况下",
            "清零,正常年景下",
            "力争清零特殊情况下保持",
        ] {
            let found = read_clause(c, 0..c.len(), true, None);
            assert!(found.iter().all(|f| f.metric_raw.start <= f.metric_raw.end));
        }
    }

    #[test]
    fn labels_and_years_are_not_figures() {
        for c in [
            "构建了“2115555”产业格局",
            "办好第四届琵琶艺术节",
            "加快实施5G基站",
            "比2020年",
            "计划实施50亿元以上项目330个",
            "推进新能源特种车、江诚物流仓储产业园等137个产业类项目",
        ] {
            assert!(read_clause(c, 0..c.len(), false, None).is_empty(), "{c}");
        }
    }

    #[test]
    fn relational_list_items() {
        let c = "城乡居民人均可支配收入与经济增长基本同步";
        let f = one_list(c);
        assert_eq!(f.comparator, Comparator::Relative);
        assert_eq!(&c[f.metric_raw.clone()], "城乡居民人均可支配收入");
        assert_eq!(f.reference.as_deref(), Some("经济增长"));
        let c = "经济总量和城乡居民人均可支配收入比2020年翻一番";
        let v = read_clause(c, 0..c.len(), true, None);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].reference.as_deref(), Some("2020年"));
    }

    #[test]
    fn nouns_that_hold_a_predicate_are_the_metric() {
        // Corpus clauses: a 率 noun holds 达, 完成 or 增长; the predicate comes after it.
        let cases = [
            (
                "确保集中式饮用水源地水质达标率100%",
                "集中式饮用水源地水质达标率",
                None,
            ),
            ("年度化债任务完成率达120%", "年度化债任务完成率", Some("达")),
            (
                "人口自然增长率控制在5‰以内",
                "人口自然增长率",
                Some("控制在…以内"),
            ),
            ("市场主体增长率达到7%以上", "市场主体增长率", Some("以上")),
        ];
        for (c, metric, raw) in cases {
            let f = one_list(c);
            assert_eq!(&c[f.metric_raw.clone()], metric, "{c}");
            assert_eq!(f.comparator_raw.as_deref(), raw, "{c}");
        }
    }

    fn one_list(c: &str) -> MetricFigure {
        let v = read_clause(c, 0..c.len(), true, None);
        assert_eq!(v.len(), 1, "{c}: {v:?}");
        v.into_iter().next().unwrap()
    }
}
