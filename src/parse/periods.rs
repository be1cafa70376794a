//! The years a passage speaks of: the plan year in its written forms, five-year plan
//! names, the year a review sentence opens with, the period of a review paragraph and
//! the horizon a sentence states (2035年远景, “十五”期间). Pure functions over `&str`;
//! it must not build records or keep state across paragraphs.

use super::find;
use super::tense_words::{chars, has, words, T};

/// First and last year of a figure.
pub(crate) type Horizon = (Option<i32>, Option<i32>);

/// A paragraph states plans or reviews what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Plan,
    Review,
}

/// The plan year as reports write it at a paragraph's start or inside it: digits and
/// Chinese numerals (一九九八年是…, 二〇〇六年是…).
pub(crate) struct YearWords {
    /// 2024年, 二〇二四年 …
    forms: Vec<String>,
}

impl YearWords {
    pub(crate) fn new(year: Option<i32>) -> Self {
        let forms = year
            .map(|y| {
                std::iter::once(y.to_string())
                    .chain(cn_years(y))
                    .map(|y| format!("{y}年"))
                    .collect()
            })
            .unwrap_or_default();
        YearWords { forms }
    }

    /// Does the paragraph speak of the plan year (opens with it, 2024年是…, 2024年,…,
    /// 今年…)? One search per written form: the year, then what follows it.
    pub(crate) fn mentioned_in(&self, ptext: &str) -> bool {
        self.forms.iter().any(|f| {
            ptext.starts_with(f.as_str())
                || find::find_iter(ptext, f).any(|p| ptext[p + f.len()..].starts_with(['是', ',']))
        }) || super::tense_words::starts(T::ThisYearStart, ptext)
            || has(T::ThisYearMention, ptext)
    }
}

/// A year in Chinese numerals as reports write it, one form per way of writing 0
/// (1998 → 一九九八; 2006 → 二〇〇六, 二○○六, 二零零六).
pub(crate) fn cn_years(y: i32) -> Vec<String> {
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digits = y.to_string();
    let zeros: &[char] = if digits.contains('0') {
        &['〇', '○', '零']
    } else {
        &['〇']
    };
    zeros
        .iter()
        .map(|&zero| {
            digits
                .chars()
                .map(|d| match d.to_digit(10) {
                    Some(0) | None => zero,
                    Some(k) => DIGITS[k as usize - 1],
                })
                .collect()
        })
        .collect()
}

/// Does `s` speak of the next five years (今后五年, “十四五”时期 …)?
pub(crate) fn names_five_years(s: &str) -> bool {
    has(T::NextFiveYears, s)
        || has(T::NextFiveYearsDigits, s)
        || plan_period(s).is_some() && has(T::PeriodWord, s)
}

/// Does a paragraph open a five-year context (今后五年…; “十四五”时期的主要目标, when it
/// does not also speak of the plan year)?
pub(crate) fn opens_five_years(ptext: &str, mentions_year: bool) -> bool {
    has(T::NextFiveYears, ptext)
        || (plan_period(ptext).is_some()
            && has(T::PeriodWord, ptext)
            && has(T::MainWord, ptext)
            && !mentions_year)
}

/// The year a review sentence opens with (2012年，在…国内生产总值增长7.8%): its figures are
/// that year's, whatever period the paragraph reviews.
pub(crate) fn sentence_year(stext: &str) -> Option<i32> {
    let stext = stext.trim_start();
    let (y, len) = super::metadata::year_prefix(stext)?;
    let rest = &stext[len..];
    (rest.starts_with(',') || rest.starts_with('，')).then_some(y)
}

/// The period of a figure in a sentence about year `y`: from the year after its
/// reference (比2002年增长65.5%: 2003–y), or the year itself.
pub(crate) fn year_figure_period(y: i32, reference: Option<&str>) -> Horizon {
    let from = reference
        .and_then(|r| r.strip_suffix('年'))
        .and_then(|r| r.parse::<i32>().ok())
        .filter(|&r| r < y)
        .map_or(y, |r| r + 1);
    (Some(from), Some(y))
}

/// The period a review paragraph covers: the last five years when it or its part's
/// heading says so (过去五年, 十二五时期), else last year.
pub(crate) fn review_period(ptext: &str, part_heading: &str, year: Option<i32>) -> Option<Horizon> {
    if has(T::ReviewFiveText, ptext) || has(T::ReviewFiveHeading, part_heading) {
        plan_period(ptext)
            .or(year.map(|y| (y - 5, y - 1)))
            .map(|(a, b)| (Some(a), Some(b)))
    } else {
        Some((year.map(|y| y - 1), year.map(|y| y - 1)))
    }
}

/// The horizon a sentence states for all its figures: a vision year (到2035年远景目标)
/// or a plan period (“十五”期间年均经济增长速度预期目标为7%左右).
pub(crate) fn sentence_horizon(stext: &str, year: Option<i32>) -> Option<(i32, i32)> {
    let vision = has(T::Vision, stext)
        .then(|| {
            words(T::VisionYear)
                .iter()
                .find_map(|v| find::find_iter(stext, v).find(|&p| !in_title(stext, p)))
                .and_then(|p| stext.get(p.saturating_sub(4)..p))
                .and_then(|y| y.parse::<i32>().ok())
                .map(|y| (y, y))
        })
        .flatten();
    vision.or_else(|| {
        has(T::SpanWord, stext)
            .then(|| plan_period(stext).filter(|&(a, _)| year.is_none_or(|y| a <= y + 1)))
            .flatten()
    })
}

/// Is `pos` inside a document title (《…和二〇三五年远景目标的建议》)? Such a title names a
/// document, not the sentence's horizon.
fn in_title(s: &str, pos: usize) -> bool {
    let before = &s[..pos];
    let last = |c: T| chars(c).iter().filter_map(|&m| before.rfind(m)).max();
    match (last(T::TitleOpen), last(T::TitleClose)) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The period a five-year plan name stands for: 十四五 → 2021–2025.
pub(crate) fn plan_period(s: &str) -> Option<(i32, i32)> {
    const PLANS: &[(&str, i32)] = &[
        ("十五五", 2026),
        ("十四五", 2021),
        ("十三五", 2016),
        ("十二五", 2011),
        ("十一五", 2006),
        ("“十五”", 2001),
        ("十五计划", 2001),
        ("九五", 1996),
        ("八五", 1991),
        ("七五", 1986),
        ("六五", 1981),
    ];
    // Every plan name has a 五: look around each 五 once instead of searching the text
    // for each name; the first name of the list that occurs wins, as before.
    let mut seen = 0u32;
    for p in find::find_iter(s, "五") {
        for (k, (name, _)) in PLANS.iter().enumerate() {
            let first_wu = name.find('五').unwrap_or(0);
            if p >= first_wu && s.get(p - first_wu..).is_some_and(|t| t.starts_with(name)) {
                seen |= 1 << k;
            }
        }
    }
    (seen != 0)
        .then(|| PLANS[seen.trailing_zeros() as usize].1)
        .map(|start| (start, start + 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_sentence_that_opens_with_a_year_is_about_that_year() {
        // National report 2013 and 2008.
        let s = "2012年，在世界各大经济体增长全面减速…，国内生产总值增长7.8%";
        assert_eq!(sentence_year(s), Some(2012));
        assert_eq!(year_figure_period(2012, None), (Some(2012), Some(2012)));
        let s = "　2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%";
        assert_eq!(sentence_year(s), Some(2007));
        assert_eq!(
            year_figure_period(2007, Some("2002年")),
            (Some(2003), Some(2007))
        );
        assert_eq!(sentence_year("2012年以来，经济增长"), None);
    }

    #[test]
    fn plan_names_and_chinese_years() {
        assert_eq!(plan_period("“十四五”时期主要目标"), Some((2021, 2025)));
        assert_eq!(plan_period("“十五”期间"), Some((2001, 2005)));
        assert_eq!(plan_period("今年"), None);
        assert_eq!(cn_years(1998), vec!["一九九八".to_string()]);
        assert_eq!(cn_years(2006).len(), 3);
        assert!(YearWords::new(Some(2006)).mentioned_in("二〇〇六年是实施“十一五”规划的开局之年"));
    }
}
