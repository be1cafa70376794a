//! Distributive series: one predicate shared by several indicators, with one figure each
//! (全市生产总值、地方财政一般预算收入分别增长13%和17%; 二氧化硫和化学需氧量排放量分别下降
//! 7%、4.5%) or one figure for all (地区生产总值、固定资产投资、社会消费品零售总额均增长6%左右;
//! without 均 when every part is a known indicator of its own: 地区生产总值、固定资产投资增长5%).
//! The clause reader gives every figure the whole series as its indicator; this module
//! hands each figure its own part of the series. It only rewrites records that the clause
//! reader made (their indicator and metric); it reads no figures and must not invent any.
//! Its words are classes of `data/quantity_words.tsv` (series_join, each, all, …).

use std::ops::Range;

use super::collectives;
use super::find;
use super::metrics;
use super::quantities::{chars, w, words, MetricFigure, W};
use crate::model::QuantityKind;

/// The first place in `s` where a word of class `c` occurs.
fn first_at(c: W, s: &str) -> Option<usize> {
    w(c).iter().filter_map(|x| find::find(s, x)).min()
}

/// One indicator of a series: where it is printed and the phrase that names it (the
/// printed part, or the part with the shared head of the last part: 城镇 → 城镇居民人均收入).
struct Part {
    printed: Range<usize>,
    name: String,
}

/// Rewrites the records of one clause (`out`, in figure order) when they state a
/// distributive series. `text` is the matching view the ranges point into.
pub fn distribute(text: &str, out: &mut Vec<MetricFigure>) {
    let groups = figure_groups(out);
    let Some(first) = groups.first() else { return };
    let start = first.iter().map(|&k| out[k].metric_raw.start).min();
    let end = first.iter().map(|&k| out[k].metric_raw.end).max();
    let (Some(start), Some(mut end)) = (start, end) else {
        return;
    };
    let fig_start = out[first[0]].unit_range.as_ref().map_or(end, |u| u.start);
    if start >= end || end > fig_start || text.get(start..fig_start).is_none() {
        return;
    }
    // A trailing 均 of the printed phrase is the shared predicate's, not the indicator's.
    let mut shared_all = false;
    let all = w(W::All).first().copied().unwrap_or_default();
    if let Some(head) = text[start..end].strip_suffix(all) {
        if !all.is_empty() && !head.ends_with(chars(W::AllWordBefore)) {
            end -= all.len();
            shared_all = true;
        }
    }
    // The indicator stopped short of the series (…、规模以上工业增加值 holds the verb 增加):
    // a separator after it continues the series up to 分别 / 均.
    let rest = &text[end..fig_start];
    if words().prefix_of(W::SeriesJoin, rest).is_some() {
        let marker = first_at(W::Each, rest).or_else(|| first_at(W::All, rest));
        if let Some(m) = marker {
            end += m;
        }
    }
    let gap = &text[end..fig_start];
    let each = words().any_in(W::Each, gap);
    shared_all |= words().prefix_of(W::All, gap).is_some();
    let n = groups.len();
    if each && n >= 2 && by_members(text, start..end, &groups, out) {
        return;
    }
    let Some(parts) = parts(text, start..end) else {
        return;
    };
    // Without 分别 / 均 a series of known indicators still shares its one figure:
    // 地区生产总值、固定资产投资、规上工业增加值增长5%以上.
    if !each && !shared_all {
        if n != 1 || !all_distinct_known(&parts) {
            return;
        }
        shared_all = true;
    }
    if n == parts.len() && each {
        let rewritten = groups
            .iter()
            .zip(&parts)
            .map(|(g, p)| with_part(&out[g[0]], p))
            .collect();
        *out = rewritten;
    } else if n == 1 && (shared_all || each) {
        let template = out[first[0]].clone();
        *out = parts.iter().map(|p| with_part(&template, p)).collect();
    }
}

/// Indices of the records of each figure, in order (records of one figure share its unit).
fn figure_groups(out: &[MetricFigure]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, f) in out.iter().enumerate() {
        let same = groups.last().is_some_and(|g| {
            let p = &out[g[0]];
            p.unit_range == f.unit_range && p.value == f.value
        });
        match groups.last_mut() {
            Some(g) if same => g.push(k),
            _ => groups.push(vec![k]),
        }
    }
    groups
}

/// The indicators of a series printed at `r`, when there are two or more and at least
/// one names a known indicator (a part no dictionary alias names keeps no metric).
fn parts(text: &str, r: Range<usize>) -> Option<Vec<Part>> {
    // A year before the series (初步安排2014年全市地区生产总值、…) is not part of it.
    let mut r = r;
    let year_end = text[r.clone()]
        .rfind(|c: char| c.is_ascii_digit())
        .and_then(|i| {
            let mark = words().prefix_of(W::YearMark, &text[r.start + i + 1..])?;
            Some(r.start + i + 1 + mark.len())
        });
    if let Some(e) = year_end.filter(|&e| e < r.end) {
        r = e..r.end;
    }
    let phrase = &text[r.clone()];
    if phrase.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut printed: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while at < phrase.len() {
        if let Some(sep) = words().prefix_of(W::SeriesJoin, &phrase[at..]) {
            printed.push(r.start + from..r.start + at);
            at += sep.len();
            from = at;
        } else {
            at += phrase[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    printed.push(r.start + from..r.end);
    if printed.len() < 2 || printed.iter().any(|p| p.is_empty()) {
        return None;
    }
    let last = &text[printed[printed.len() - 1].clone()];
    let first = &text[printed[0].clone()];
    let tail = share_tail(last);
    let parts: Vec<Part> = printed
        .into_iter()
        .enumerate()
        .map(|(k, p)| {
            let own = &text[p.clone()];
            let name = name_of(own, last, tail)
                .or_else(|| (k > 0).then(|| with_first_head(own, first)).flatten())
                .unwrap_or_else(|| own.to_string());
            Part { printed: p, name }
        })
        .collect();
    let dict = metrics::dictionary();
    parts
        .iter()
        .any(|p| dict.find(&p.name).is_some())
        .then_some(parts)
}

/// One phrase naming a collective (城乡居民收入, 三次产业, 城、乡居民收入) with one figure per
/// member (分别增长8.9%和10.4%): each figure gets its member's indicator, printed at the
/// phrase, when every member names a distinct known indicator and the phrase is no series
/// of other indicators besides. Whether it rewrote `out`.
fn by_members(
    text: &str,
    phrase: Range<usize>,
    groups: &[Vec<usize>],
    out: &mut Vec<MetricFigure>,
) -> bool {
    let Some(names) = collectives::member_phrases(&text[phrase.clone()], groups.len()) else {
        return false;
    };
    if names.iter().any(|m| words().any_in(W::SeriesJoin, m)) {
        return false;
    }
    let parts: Vec<Part> = names
        .into_iter()
        .map(|name| Part {
            printed: phrase.clone(),
            name,
        })
        .collect();
    if !all_distinct_known(&parts) {
        return false;
    }
    *out = groups
        .iter()
        .zip(&parts)
        .map(|(g, p)| with_part(&out[g[0]], p))
        .collect();
    true
}

/// Does every part name a known indicator of its own (no two the same)?
fn all_distinct_known(parts: &[Part]) -> bool {
    let dict = metrics::dictionary();
    let ids: Vec<Option<&str>> = parts
        .iter()
        .map(|p| dict.resolve(&p.name, false).map(|m| m.id))
        .collect();
    ids.iter().all(Option::is_some)
        && ids
            .iter()
            .enumerate()
            .all(|(k, a)| ids[..k].iter().all(|b| b != a))
}

/// The share words the last part of a series ends with (占地区生产总值比重, 比重): they are
/// shared by every part (数字经济、绿色经济占地区生产总值比重).
fn share_tail(last: &str) -> Option<&str> {
    words().suffix_of(W::Share, last)?;
    let at = last
        .find(chars(W::Denominator))
        .or_else(|| w(W::Share).iter().filter_map(|x| last.rfind(x)).min())?;
    (at > 0).then(|| &last[at..])
}

/// The name of one part: with the share tail of the series (数字经济 → 数字经济占地区生产总值
/// 比重), else as printed when the dictionary knows it, else with the shortest head of the
/// last part that makes a known indicator of it (城镇 → 城镇居民人均可支配收入, 农业 →
/// 农业增加值). `None` when none of these names it.
fn name_of(own: &str, last: &str, tail: Option<&str>) -> Option<String> {
    if let Some(t) = tail.filter(|t| !own.ends_with(*t)) {
        return Some(format!("{own}{t}"));
    }
    let dict = metrics::dictionary();
    if dict.find(own).is_some() {
        return Some(own.to_string());
    }
    whole_alias(last.char_indices().rev().map(|(i, _)| (own, &last[i..])))
}

/// The name of a later part that no dictionary alias names, with the longest opening of
/// the first part that makes a known indicator of it: the first part's base is shared
/// (万元地区生产总值能耗、水耗 → 万元地区生产总值水耗; 单位地区生产总值能耗和二氧化碳排放量).
fn with_first_head(own: &str, first: &str) -> Option<String> {
    let openings = first.char_indices().rev().filter(|&(i, _)| i > 0);
    whole_alias(openings.map(|(i, _)| (&first[..i], own)))
}

/// Names the records of one clause that no alias names by the base of an earlier figure's
/// indicator in the clause or the sentence (`inherit`): 单位地区生产总值能耗下降2%以上、
/// 二氧化碳排放量下降2.5%以上、水耗下降4%以上 gives 水耗 the base 单位地区生产总值. Only the
/// metric is set, to a whole-alias match; the printed phrase stays as it is.
pub fn name_by_earlier(text: &str, out: &mut [MetricFigure], inherit: Option<&MetricFigure>) {
    let dict = metrics::dictionary();
    for k in 0..out.len() {
        let own_range = out[k].metric_raw.clone();
        let Some(own) = text.get(own_range.clone()).filter(|o| !o.is_empty()) else {
            continue;
        };
        if out[k].metric.is_some() || dict.find(own).is_some() || words().is(W::BaseNotShared, own)
        {
            continue;
        }
        let earlier = out[..k].iter().rev().chain(inherit);
        let name = earlier
            .filter(|e| e.metric.is_some() && e.metric_raw != own_range)
            .filter_map(|e| text.get(e.metric_raw.clone()))
            .find_map(|first| with_first_head(own, first));
        if let Some(name) = name {
            let part = Part {
                printed: own_range,
                name,
            };
            out[k] = with_part(&out[k], &part);
        }
    }
}

/// The first joined pair (`a` + `b`) that is a whole dictionary alias, tried in order, in
/// one buffer for every candidate.
fn whole_alias<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let dict = metrics::dictionary();
    let mut name = String::new();
    for (a, b) in pairs {
        name.clear();
        name.push_str(a);
        name.push_str(b);
        if dict.find(&name).is_some_and(|(r, _)| r == (0..name.len())) {
            return Some(name);
        }
    }
    None
}

/// A copy of `f` about one part of the series.
fn with_part(f: &MetricFigure, p: &Part) -> MetricFigure {
    let growth = f.kind == QuantityKind::GrowthRate || words().any_in(W::PartGrowth, &p.name);
    let metric = metrics::dictionary()
        .resolve(&p.name, growth)
        .map(|m| (m.id.to_string(), m.label_en.to_string()));
    MetricFigure {
        metric_raw: p.printed.clone(),
        metric,
        ..f.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::super::quantities::read_clause;

    /// Each record as `indicator = value comparator metric`.
    fn show(c: &str) -> String {
        read_clause(c, 0..c.len(), true, None)
            .iter()
            .map(|f| {
                format!(
                    "{} = {} {:?} {}",
                    &c[f.metric_raw.clone()],
                    f.value.map(|v| v.to_string()).unwrap_or_default(),
                    f.comparator,
                    f.metric.as_ref().map_or("-", |m| m.0.as_str())
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn series_of_real_reports() {
        // 青岛 2008, 包头 2020, 青岛 2008 (five-year list), 厦门 2007, 贵阳 2020.
        let clauses = [
            "全市生产总值、地方财政一般预算收入分别增长13%和17%",
            "二氧化硫和化学需氧量排放量分别下降7%、4.5%",
            "地区生产总值、固定资产投资、社会消费品零售总额、一般公共预算收入均增长6%左右",
            "城市居民人均可支配收入和农民人均纯收入年均分别增长10%",
            "城镇居民人均可支配收入和农民人均纯收入分别增长10%和11%",
            "城市居民人均可支配收入、农民人均纯收入均增长10%",
            "城乡居民收入分别增长8.9%和10.4%",
            "万元地区生产总值能耗、水耗分别下降2%和5%",
            // 2010s city lists: the first part's base is shared.
            "万元地区生产总值能耗、水耗和二氧化碳排放量分别下降2%、4%和2.5%",
            "单位地区生产总值能耗和二氧化碳排放量分别下降2.5%和3%",
            "工业经济、民营经济、绿色经济、新经济占地区生产总值比重分别提高到24%、58%、42%和21%",
            "数字经济、绿色经济占地区生产总值比重分别提高到33%和46%左右",
            "农业、规模以上工业、服务业增加值分别增长6.5%、10.5%和6.5%左右",
            "常住人口城镇化率、户籍人口城镇化率分别达到53.48%、44%",
            "城镇登记失业率、居民消费价格涨幅分别控制在3%以内和4%左右",
            "其中一、二、三产增加值分别增长3.5%左右、6%左右、5.5%左右",
            // 牡丹江 2020, 伊春 2014.
            "地区生产总值、固定资产投资、规上工业增加值增长5%以上",
            "初步安排 2014年全市地区生产总值、规模以上工业增加值、公共预算收入分别增长10%",
            "城乡居民人均可支配收入增长7%",
            // Collectives with one figure per member (济南, 泰安, 梧州 2024), and one with a
            // figure too many for its members.
            "城乡居民人均可支配收入分别增长5.5%左右和6.5%以上",
            "金融机构存贷款余额分别达到6252亿元、4520亿元",
            "三次产业分别增长5%、9%、6%",
            "城乡居民人均可支配收入分别增长6%、7%、8%",
            "城、乡居民人均可支配收入分别增长9%和10.9%",
            "城乡居民人均可支配收入、一般公共预算收入分别增长6%、7%",
            // A later clause part with its own predicate takes an earlier part's base
            // (name_by_earlier); a bare 企业 does not.
            "单位地区生产总值能耗下降2%以上、二氧化碳排放量下降2.5%以上、水耗下降4%以上",
            "确保粮食播种面积稳定在725.6万亩以上、总产量达到300.5万吨以上",
            "确保新增中小学学位8万个、幼儿园学位2万个以上",
            "产值超20亿元企业3户、10亿元企业10户",
        ];
        let shown: Vec<String> = clauses
            .iter()
            .map(|c| format!("{c}\n{}", show(c)))
            .collect();
        insta::assert_snapshot!(shown.join("\n\n"));
    }
}
