//! Targets and achievements: numeric (and explicitly benchmarked) statements about an
//! indicator, found clause by clause on the matching view.
//!
//! The cheap part decides where to look (a clause with a digit, 百分之, 清零, or a
//! relational word inside a target list); the grammar part reads one clause as
//! `[condition][qualifier] metric [predicate] quantity [comparator]`. Whether a clause
//! is a target (plan part) or an achievement (review part), and its horizon, come from
//! the caller's context. Pure functions over `&str`; no I/O.

use std::ops::Range;

use aho_corasick::automaton::Automaton;

use super::find;

use super::metrics;
use super::number::{self, UnitFamily};
use crate::model::{Comparator, QuantityKind};

/// One quantity found in a clause (canonical byte ranges).
#[derive(Debug, Clone)]
pub struct Found {
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

const QUALIFIERS: &[&str] = &[
    "力争", "确保", "努力", "争取", "保证", "力求", "基本", "保持", "力保",
];

/// Words that connect an indicator to its figure, longest first.
const PREDICATES: &[&str] = &[
    "年均增长",
    "平均增长",
    "增长",
    "增速",
    "上涨",
    "涨幅",
    "提高到",
    "提高",
    "提升到",
    "提升",
    "下降",
    "降低",
    "降到",
    "降至",
    "减少",
    "增加到",
    "增加",
    "达到",
    "达",
    "超过",
    "突破",
    "控制在",
    "保持在",
    "稳定在",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "低于",
    "高于",
    "新增",
    "完成",
    "实现",
    "为",
];

/// One automaton over all predicates, built once.
fn predicates() -> &'static aho_corasick::dfa::DFA {
    static AC: std::sync::OnceLock<aho_corasick::dfa::DFA> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::dfa::DFA::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(PREDICATES)
            .unwrap_or_else(|e| panic!("predicate automaton over static words: {e}"))
    })
}

const GROWTH_WORDS: &[&str] = &[
    "增长", "增速", "上涨", "涨幅", "下降", "降低", "减少", "提高", "增幅", "回落",
];

/// Words of an indicator that is a share of a whole (占…比重): its figure is a share even
/// after a growth verb (比重提高到45%).
const SHARE_WORDS: &[&str] = &["比重", "占比"];

/// Project head nouns: a count of these is a project, not a target.
const PROJECT_NOUNS: &[&str] = &["项目", "工程", "基地", "产业园", "园区"];

fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn char_after(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// Is the digit run at `i` inside a label rather than a figure?
fn is_label_number(clause: &str, i: usize, q_end: usize) -> bool {
    // Inside quotes: “2115555”.
    let before = &clause[..i];
    let opens = before.matches('“').count();
    let closes = before.matches('”').count();
    if opens > closes {
        return true;
    }
    match char_before(clause, i) {
        Some('第') | Some('前') => return true,
        Some(c) if c.is_ascii_alphabetic() => return true,
        _ => {}
    }
    let after = &clause[q_end..];
    if let Some(c) = char_after(clause, q_end) {
        if c.is_ascii_alphabetic() {
            return true;
        }
    }
    let after_t = after.trim_start_matches(['千', '百', '万', '亿']);
    after.starts_with("周年")
        || after.starts_with("届")
        || after.starts_with("号")
        || after.starts_with("级")
        || after_t.starts_with("亿级")
        || after_t.starts_with('级')
        || ["预期性指标", "约束性指标", "主要指标", "方面", "项指标"]
            .iter()
            .any(|w| after.trim_start_matches(['个', '项']).starts_with(w))
}

/// All usable figures in a clause, in order: (offset, quantity).
fn figures(c: &str) -> Vec<(usize, number::Quantity)> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(off) = c[search..].find(|ch: char| ch.is_ascii_digit() || ch == '百') {
        let i = search + off;
        if c[i..].starts_with('百') && !c[i..].starts_with("百分之") {
            search = i + '百'.len_utf8();
            continue;
        }
        // Only the start of a digit run.
        if char_before(c, i).is_some_and(|p| p.is_ascii_digit() || p == '.') {
            search = i + c[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        match number::parse_quantity(&c[i..]) {
            Some(q) if q.len > 0 => {
                let q_end = i + q.len;
                let unit_is_year = q.unit.as_ref().is_some_and(|u| {
                    matches!(u.family, UnitFamily::Time) && q.unit_text.ends_with('年')
                }) || c[q_end..].starts_with('年')
                    || c[q_end..].starts_with('月')
                    || c[q_end..].starts_with('日');
                search = q_end.max(i + 1);
                if unit_is_year || is_label_number(c, i, q_end) || q.unit_text.is_empty() {
                    continue;
                }
                // A threshold that qualifies a noun: 500万元以上固定资产投资, 60周岁以上人群.
                let rest = &c[q_end..];
                if let Some(r) = rest
                    .strip_prefix("以上")
                    .or_else(|| rest.strip_prefix("以下"))
                {
                    let threshold_unit = q
                        .unit
                        .as_ref()
                        .is_some_and(|u| u.family == UnitFamily::Currency)
                        || q.unit_text.ends_with('岁');
                    if threshold_unit
                        && r.chars()
                            .next()
                            .is_some_and(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
                        && !r.starts_with('的')
                        && !r.starts_with("用于")
                    {
                        continue;
                    }
                }
                out.push((i, q));
            }
            _ => search = i + c[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Verbs that lead a counted output (培育80家…, 建成运行95座…).
const LEADING_VERBS: &[&str] = &[
    "建成", "运行", "建设", "新建", "培育", "实现", "完成", "推动", "打造", "新增", "改造", "升级",
    "规划", "引进", "创建", "开展", "举办", "实施", "提升", "整治", "提质", "发放", "招引",
];

const COMPARATOR_WORDS: &[&str] = &["以上", "左右", "以内", "以下", "上下"];

/// Parses one clause. `in_list` relaxes the rules inside an explicit target list
/// (qualitative items count there). `inherit` is the previous figure of the sentence:
/// a clause that only states a figure (增长5.2%) is about the same indicator.
pub fn read_clause(
    text: &str,
    clause: Range<usize>,
    in_list: bool,
    inherit: Option<&Found>,
) -> Vec<Found> {
    let c = &text[clause.clone()];
    let figs = figures(c);
    if figs.is_empty() {
        return read_segment(text, clause, 0, None, in_list, inherit);
    }
    // One record per figure: 绿化村屯120个、公路133公里; 分别增长7%、9%.
    let mut out: Vec<Found> = Vec::new();
    let mut seg_start = 0;
    for (i, q) in figs {
        let q_end = i + q.len;
        let prev = out.last().cloned();
        let found = read_segment(
            text,
            clause.clone(),
            seg_start,
            Some((i, q)),
            in_list,
            prev.as_ref().or(inherit),
        );
        if found.is_empty() && out.is_empty() && seg_start == 0 {
            // The first figure is a project count or a label: the clause is not a target.
            let after = &c[q_end..];
            if PROJECT_NOUNS.iter().any(|n| find::contains(after, n)) {
                return out;
            }
        }
        out.extend(found);
        let mut next = q_end;
        for w in COMPARATOR_WORDS {
            if c[next..].starts_with(w) {
                next += w.len();
            }
        }
        // A parenthetical after the unit belongs to it: 230条(段).
        if c[next..].starts_with('(') {
            if let Some(close) = c[next..].find(')').filter(|&o| o <= 12) {
                next += close + 1;
            }
        }
        for sep in ["、", "和", "及", "或", "("] {
            if c[next..].starts_with(sep) {
                next += sep.len();
            }
        }
        seg_start = next;
    }
    // A series that ends in one comparator shares it: 分别增长4.5%、5.5%左右.
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
    // 甲、乙分别增长7%、9%: each figure is about its own indicator of the series.
    super::series::distribute(text, &mut out);
    out
}

fn read_segment(
    text: &str,
    clause: Range<usize>,
    seg_start: usize,
    quantity: Option<(usize, number::Quantity)>,
    in_list: bool,
    inherit: Option<&Found>,
) -> Vec<Found> {
    let c = &text[clause.clone()];
    let base = clause.start;
    let mut out = Vec::new();

    let zeroed = find::find(c, "清零").filter(|&z| z >= seg_start);
    let doubling = find::contains(c, "翻一番") || find::contains(c, "翻两番");
    if quantity.is_none() && zeroed.is_none() && !in_list && !doubling {
        return out;
    }

    // Counts of project nouns are projects (N个…项目, 项目N个, 50亿元以上项目).
    if let Some((i, q)) = &quantity {
        let after = &c[i + q.len..];
        let after_above = find::trim_start_all(after, "以上");
        let window: String = after_above.chars().take(12).collect();
        let counted = matches!(q.unit_text.as_str(), "个" | "项" | "批" | "大" | "处")
            || q.unit_text.ends_with('元');
        if PROJECT_NOUNS.iter().any(|n| after_above.starts_with(n))
            || counted
                && has_project_noun_head(&window)
                && !window.contains(|ch: char| ch.is_ascii_digit())
        {
            return out;
        }
        let before = &c[..*i];
        if PROJECT_NOUNS.iter().any(|n| before.ends_with(n)) {
            return out;
        }
    }

    // Horizon inside the clause.
    let mut horizon_year = None;
    if let Some(p) = find::find(c, "年远景目标") {
        horizon_year = c[..p]
            .get(p.saturating_sub(4)..p)
            .and_then(|y| y.parse().ok());
    }

    // Leading condition (正常年景下) and qualifier.
    let mut head = seg_start;
    let first_fig = quantity
        .as_ref()
        .map_or(c.len(), |(i, _)| *i)
        .max(seg_start);
    if let Some(p) = find::find(&c[seg_start..first_fig], "年景下")
        .or_else(|| find::find(&c[seg_start..first_fig], "情况下"))
    {
        head = seg_start + p + "年景下".len();
    }
    let mut qualifier = None;
    for _ in 0..2 {
        if let Some(q) = QUALIFIERS.iter().find(|q| c[head..].starts_with(**q)) {
            qualifier.get_or_insert_with(|| q.to_string());
            head += q.len();
        }
    }

    let fig_start = quantity
        .as_ref()
        .map(|(i, _)| *i)
        .or(zeroed)
        .unwrap_or(c.len());
    if head > fig_start {
        // The figure sits inside the leading condition (清零…情况下): no indicator.
        return out;
    }
    // The predicate: the last connecting word before the figure.
    // Leftmost-longest: the verb right after the indicator, longer words winning.
    let mut pred: Option<(usize, &str)> = predicates()
        .try_find(&aho_corasick::Input::new(&c[head..fig_start.max(head)]))
        .ok()
        .flatten()
        .map(|m| (head + m.start(), PREDICATES[m.pattern().as_usize()]));
    // A verb before the indicator (建议奋力实现地区生产总值增长6.5%左右): the indicator's
    // own predicate comes after it, and the indicator starts after the verb.
    if let Some(later) = pred.and_then(|p| predicate_after_indicator(c, head, p, fig_start)) {
        head = later.0;
        pred = Some(later.1);
    }
    // A qualifier between metric and predicate: 空气质量优良天数力争达到87%.
    let mut metric_end = pred.map_or(fig_start, |(at, _)| at);
    for q in QUALIFIERS {
        if c[head..metric_end].ends_with(q) {
            qualifier.get_or_insert_with(|| q.to_string());
            metric_end -= q.len();
        }
    }
    let pred_word = pred.map(|(_, w)| w).unwrap_or("");
    let annual_average =
        find::contains(&c[..fig_start], "年均") || find::contains(&c[..fig_start], "平均每年");

    // Relational goals: 与经济增长基本同步, 与省调控目标一致, 完成省下达计划, 翻一番.
    // Only a segment without a figure can be one.
    let relational = if quantity.is_none() {
        relational(c)
    } else {
        None
    };

    // The metric phrase.
    let mut m_start = head;
    let mut m_end = metric_end;
    let mut reference = None;
    if let Some((rel_at, _, _, ref_range)) = &relational {
        if quantity.is_none() {
            m_end = (*rel_at).max(head);
            reference = ref_range.clone().map(|r| c[r].to_string());
            // 全面完成省下达的节能减排任务: the indicator is named inside the benchmark.
            // (Not 与经济增长同步: a benchmark after 与 is the reference, never the indicator.)
            let dict = metrics::dictionary();
            if !c[m_end..].starts_with('与') && dict.find(&c[m_start..m_end]).is_none() {
                if let Some((r, _)) = dict.find(&c[m_end..]) {
                    m_start = m_end + r.start;
                    m_end += r.end;
                }
            }
        }
    }
    // 比2020年翻一番: the benchmark year (not the 比 of 比重, 比例, 比率).
    let phrase = &c[m_start..m_end];
    let benchmark = find::find_iter(phrase, "比")
        .find(|&p| !phrase[p + '比'.len_utf8()..].starts_with(['重', '例', '率']));
    if let Some(p) = benchmark {
        let r = m_start + p..m_end;
        if reference.is_none() {
            let refr = c[r.clone()].trim_start_matches('比');
            reference = Some(refr.to_string());
        }
        m_end = m_start + p;
    }
    // A verb right at the start is part of the indicator: 新增城镇就业1万人.
    if m_end <= m_start {
        if let Some((at, w)) = pred {
            if at == head && quantity.is_some() {
                m_start = at;
                m_end = fig_start;
                let _ = w;
            }
        }
    }
    // A counted noun after the figure: 完成10个社区养老服务设施建设.
    if let Some((i, q)) = &quantity {
        if m_end.saturating_sub(m_start) == 0
            || super::spans::chars_within(&c[m_start..m_end], 0, 2)
        {
            let after = &c[i + q.len..];
            let noun_end = ["建设", "改造", "提升", "建成", "创建"]
                .iter()
                .filter_map(|w| find::find(after, w))
                .min()
                .unwrap_or(after.len());
            if noun_end > 0 && q.unit_text == "个" {
                m_start = i + q.len;
                m_end = m_start + noun_end;
            }
        }
    }
    // A known indicator that the predicate cut in two (城镇|新增就业): take it whole.
    if let Some((_, q)) = &quantity {
        let _ = q;
        if let Some((r, _)) = metrics::dictionary().find(&c[head..fig_start]) {
            let (a, z) = (head + r.start, head + r.end);
            if a <= m_end && z > m_end && z <= fig_start {
                m_start = m_start.min(a);
                m_end = z;
            }
        }
    }
    // Trim stray words around the metric.
    let untrimmed = &c[m_start..m_end];
    let trimmed = trim_metric(untrimmed);
    // `trimmed` is a slice of `untrimmed`: its offset is the distance between them.
    let m_off = if trimmed.is_empty() {
        0
    } else {
        trimmed.as_ptr() as usize - untrimmed.as_ptr() as usize
    };
    m_start += m_off;
    m_end = m_start + trimmed.len();

    // Only a verb before the figure (培育80家示范农民合作社, 建成运行95座…站): the
    // counted noun after the figure is the indicator.
    let verb_only = m_end > m_start && {
        let mut t = &c[m_start..m_end];
        loop {
            let before = t.len();
            for v in LEADING_VERBS {
                t = t.strip_prefix(v).unwrap_or(t);
            }
            if t.len() == before {
                break;
            }
        }
        t.is_empty()
    };
    // No indicator before the figure: a noun after it (新增8000万吨标准煤的节能能力), or the
    // verb that leads the clause (全年再减少青壮年文盲400万人).
    if m_end <= m_start || verb_only {
        let (keep_start, keep_end) = (m_start, m_end);
        m_end = m_start;
        if let Some((i, q)) = &quantity {
            let mut a = i + q.len;
            for w in COMPARATOR_WORDS {
                if c[a..].starts_with(w) {
                    a += w.len();
                }
            }
            let noun = c[a..].trim_start_matches('的');
            let n = noun.chars().count();
            if (2..=16).contains(&n) && !noun.contains(|ch: char| ch.is_ascii_digit()) {
                m_start = c.len() - noun.len();
                m_end = c.len();
            } else if verb_only {
                m_start = keep_start;
                m_end = keep_end;
            } else if let Some((at, _)) = pred {
                if at >= head && at < *i {
                    m_start = at;
                    m_end = *i;
                }
            }
        }
    }
    // The indicator is only the predicate (…突破1万亿元,增长10%): the figure is about the
    // previous figure's indicator.
    let predicate_only = pred.is_some_and(|(at, _)| at == m_start)
        && quantity.as_ref().is_some_and(|(i, _)| *i == m_end)
        && metrics::dictionary().find(&c[m_start..m_end]).is_none();
    let inherited = if (m_end <= m_start || predicate_only) && quantity.is_some() {
        inherit
    } else {
        None
    };
    if m_end <= m_start && inherited.is_none() && !in_list {
        return out;
    }

    // The figure and its comparator.
    let (kind, value, value_high, unit, unit_base, vb, vhb, comparator, comparator_raw) =
        match &quantity {
            Some((i, q)) => {
                let after = &c[i + q.len..];
                let (mut cmp, mut raw) = if q.is_range {
                    (Comparator::Range, None)
                } else if after.starts_with("左右") || after.starts_with("上下") {
                    (Comparator::Around, Some(after[..6].to_string()))
                } else if after.starts_with("以上") || after.starts_with("以上的") {
                    (Comparator::AtLeast, Some("以上".to_string()))
                } else if after.starts_with("以内") || after.starts_with("以下") {
                    (Comparator::AtMost, Some(after[..6].to_string()))
                } else {
                    (Comparator::Point, None)
                };
                match pred_word {
                    "不低于" | "不少于" | "超过" | "突破" | "高于" if cmp == Comparator::Point =>
                    {
                        cmp = Comparator::AtLeast;
                        raw = Some(pred_word.to_string());
                    }
                    "不超过" | "不高于" | "低于" if cmp == Comparator::Point => {
                        cmp = Comparator::AtMost;
                        raw = Some(pred_word.to_string());
                    }
                    "达到" | "达" if cmp == Comparator::Point => {
                        raw = Some(pred_word.to_string())
                    }
                    "控制在" if cmp == Comparator::AtMost => {
                        raw = Some(format!("控制在…{}", raw.unwrap_or_default()))
                    }
                    _ => {}
                }
                // 占地区生产总值比重提高到7%: a share that rises, not a growth rate.
                let share_phrase = SHARE_WORDS.iter().any(|w| find::contains(&c[head..*i], w));
                let growth = !share_phrase
                    && GROWTH_WORDS.iter().any(|w| find::contains(&c[head..*i], w))
                    || inherited
                        .is_some_and(|f| f.kind == QuantityKind::GrowthRate && pred.is_none());
                let fam = q.unit.as_ref().map(|u| u.family);
                let kind = match fam {
                    Some(UnitFamily::Percent) | Some(UnitFamily::Permille) => {
                        if growth {
                            QuantityKind::GrowthRate
                        } else {
                            QuantityKind::Share
                        }
                    }
                    Some(UnitFamily::PercentagePoints) => QuantityKind::ChangePoints,
                    Some(UnitFamily::Persons)
                    | Some(UnitFamily::Households)
                    | Some(UnitFamily::Count) => QuantityKind::Count,
                    _ => QuantityKind::Level,
                };
                (
                    kind,
                    Some(q.value),
                    q.value_high,
                    Some(q.unit_text.clone()).filter(|u| !u.is_empty()),
                    q.unit.as_ref().map(|u| u.base.to_string()),
                    q.value_in_base(),
                    q.value_high_in_base(),
                    cmp,
                    raw,
                )
            }
            None if zeroed.is_some() => (
                QuantityKind::Count,
                Some(number::Decimal::from_int(0)),
                None,
                None,
                None,
                None,
                None,
                Comparator::Point,
                None,
            ),
            None => match &relational {
                Some((_, raw, level, _)) => (
                    if *level {
                        QuantityKind::Level
                    } else {
                        QuantityKind::Qualitative
                    },
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    if raw.starts_with("控制在合理") {
                        Comparator::AtMost
                    } else {
                        Comparator::Relative
                    },
                    Some(raw.clone()),
                ),
                None => {
                    // A list item without a figure or benchmark: only when it names a
                    // known indicator or states a direction (国际收支状况改善).
                    let states = [
                        "改善", "平衡", "稳定", "提高", "提升", "下降", "优化", "增强",
                    ];
                    if metrics::dictionary().find(c).is_none()
                        && !(super::spans::chars_within(c, 0, 20)
                            && states.iter().any(|w| c.ends_with(w)))
                    {
                        return out;
                    }
                    (
                        QuantityKind::Qualitative,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        Comparator::Relative,
                        None,
                    )
                }
            },
        };

    let unit_range = quantity.as_ref().and_then(|(i, q)| {
        let end = i + q.len;
        let slice = &c[*i..end];
        (!q.unit_text.is_empty() && slice.ends_with(q.unit_text.as_str()))
            .then(|| base + end - q.unit_text.len()..base + end)
    });
    if let Some(inh) = inherited {
        out.push(Found {
            clause: clause.clone(),
            metric_raw: inh.metric_raw.clone(),
            metric: inherited_metric(inh, kind),
            kind,
            value,
            value_high,
            unit,
            unit_range: unit_range.clone(),
            unit_base,
            value_base: vb,
            value_high_base: vhb,
            comparator,
            comparator_raw,
            qualifier,
            reference,
            annual_average: annual_average || inh.annual_average,
            horizon_year,
        });
        return out;
    }
    // One record per metric: 经济总量和城乡居民人均可支配收入比2020年翻一番.
    let metric_text = &c[m_start..m_end];
    let mut parts: Vec<Range<usize>> = Vec::new();
    if let Some(h) = metric_text.find('和') {
        let (a, b) = (&metric_text[..h], &metric_text[h + '和'.len_utf8()..]);
        let dict = metrics::dictionary();
        if dict.find(a).is_some() && dict.find(b).is_some() {
            parts.push(m_start..m_start + h);
            parts.push(m_start + h + '和'.len_utf8()..m_end);
        }
    }
    if parts.is_empty() {
        parts.push(m_start..m_end);
    }
    let growth_metric = matches!(kind, QuantityKind::GrowthRate)
        || comparator_raw
            .as_deref()
            .is_some_and(|r| find::contains(r, "同步"))
        || find::contains(c, "涨幅")
        || ["增速", "增长", "增幅"]
            .iter()
            .any(|w| find::contains(&c[m_start..m_end], w));
    for p in parts {
        let raw = &c[p.clone()];
        let metric = metrics::dictionary()
            .resolve(raw, growth_metric)
            .map(|m| (m.id.to_string(), m.label_en.to_string()));
        out.push(Found {
            clause: clause.clone(),
            metric_raw: base + p.start..base + p.end,
            metric,
            kind,
            value,
            value_high,
            unit: unit.clone(),
            unit_range: unit_range.clone(),
            unit_base: unit_base.clone(),
            value_base: vb,
            value_high_base: vhb,
            comparator,
            comparator_raw: comparator_raw.clone(),
            qualifier: qualifier.clone(),
            reference: reference.clone(),
            annual_average,
            horizon_year,
        });
    }
    out
}

/// When the predicate `p` found first stands before any known indicator (实现 in
/// 奋力实现地区生产总值增长6.5%), the start of the indicator after it and the predicate
/// that follows the indicator. `None` when an indicator stands before `p` or none follows.
fn predicate_after_indicator(
    c: &str,
    head: usize,
    p: (usize, &'static str),
    fig_start: usize,
) -> Option<(usize, (usize, &'static str))> {
    let (at, w) = p;
    let after = at + w.len();
    // The best indicator of the whole phrase must start after the verb: 高新技术产业增加值
    // holds the predicate 增加 inside it.
    let (r, _) = metrics::dictionary().find(c.get(head..fig_start)?)?;
    let (start, end) = (head + r.start, head + r.end);
    // … and follow it at once (全市 may stand between): 占GDP比重 is a denominator.
    if start < after
        || !super::spans::chars_within(&c[after..start], 0, 2)
        || c[after..start].contains('占')
    {
        return None;
    }
    let from = end;
    let m = predicates()
        .try_find(&aho_corasick::Input::new(c.get(from..fig_start)?))
        .ok()
        .flatten()?;
    Some((
        start,
        (from + m.start(), PREDICATES[m.pattern().as_usize()]),
    ))
}

fn has_project_noun_head(s: &str) -> bool {
    PROJECT_NOUNS.iter().any(|n| find::contains(s, n))
}

/// Relational goal words in a clause: (position, printed words, is a level goal, benchmark).
fn relational(c: &str) -> Option<(usize, String, bool, Option<Range<usize>>)> {
    if let Some(p) = find::find(c, "翻一番").or_else(|| find::find(c, "翻两番")) {
        return Some((p, c[p..p + 9].to_string(), true, None));
    }
    if let Some(y) = c.find('与') {
        for w in ["同步", "一致", "相适应", "相协调", "相匹配"] {
            if let Some(wp) = find::find(&c[y..], w) {
                let end = y + wp + w.len();
                let mut bench_end = y + wp;
                for q in ["基本", "保持"] {
                    if c[y + 3..bench_end].ends_with(q) {
                        bench_end -= q.len();
                    }
                }
                return Some((y, w.to_string(), false, Some(y + 3..bench_end)))
                    .filter(|_| end <= c.len());
            }
        }
    }
    if let Some(p) = ["完成", "达到", "落实", "符合"]
        .iter()
        .filter_map(|w| find::find(c, w))
        .min()
    {
        let rest = &c[p..];
        if find::contains(rest, "下达") || rest.ends_with("要求") || rest.ends_with("目标任务")
        {
            let bench = p + "完成".len()..c.len();
            return Some((p, rest.to_string(), false, Some(bench)));
        }
    }
    // 控制在合理范围内 / 合理区间.
    if let Some(p) = find::find(c, "控制在合理") {
        return Some((p, c[p..].to_string(), false, None));
    }
    // 物价上涨幅度比去年的实际涨幅低一些.
    if let Some(p) = c.find('比') {
        for w in ["低一些", "高一些", "有所下降", "有所提高", "略低", "略高"] {
            if c.ends_with(w) {
                return Some((
                    p,
                    c[p..].to_string(),
                    false,
                    Some(p + '比'.len_utf8()..c.len() - w.len()),
                ));
            }
        }
    }
    None
}

/// Strips connectives and verbs that are not part of an indicator's name.
fn trim_metric(s: &str) -> &str {
    let mut t = s;
    loop {
        let before = t.len();
        for p in [
            "其中", "全年", "今年", "并", "且", "使", "要", "将", "和", "及", "同时", "确保",
            "力争", "努力",
        ] {
            t = t.strip_prefix(p).unwrap_or(t);
        }
        for p in [
            "年均",
            "平均",
            "要",
            "将",
            "的",
            "总体",
            "分别",
            "累计",
            "再",
            "比上年",
            "同比",
            "都",
        ] {
            t = t.strip_suffix(p).unwrap_or(t);
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// The previous figure's metric for a figure that inherits it, in the figure's measure:
/// 地区生产总值突破1万亿元,增长10% gives the growth figure `gdp_growth`.
fn inherited_metric(inh: &Found, kind: QuantityKind) -> Option<(String, String)> {
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

    fn one(c: &str) -> Found {
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
        // Found by the fuzzer: 清零 before 情况下 put the figure before the metric's start.
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

    fn one_list(c: &str) -> Found {
        let v = read_clause(c, 0..c.len(), true, None);
        assert_eq!(v.len(), 1, "{c}: {v:?}");
        v.into_iter().next().unwrap()
    }
}
