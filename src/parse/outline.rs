//! The outline of a report: top-level parts (一、), numbered work items (tasks) and the
//! sub-headings inside them (measures), found on the matching view.
//!
//! nom recognises the markers (一、 （一） 一是 第一， 1． (1)); the series logic picks, per
//! part, the outermost numbered series as the tasks and reports gaps in it. Everything
//! here works on canonical byte ranges; mapping to source spans and building records is
//! the caller's job. No I/O, no extraction of numbers.

use std::ops::Range;

use super::canon::Breaks;
use super::find;
use super::segment::Segments;
use super::spans;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::digit1;
use nom::combinator::{map_opt, not, peek};
use nom::sequence::{delimited, terminated};
use nom::{IResult, Parser};

use std::sync::OnceLock;

use super::canon::is_cn_digit;
use super::grammar_table::{self, word_classes, Classes};
use super::list_groups;
use super::segment;

word_classes! {
    /// The word classes of `data/outline_words.tsv` (its header says what each means).
    pub enum W {
        EndnoteMark = "endnote_mark",
        EndnoteNear = "endnote_near",
        TailOpener = "tail_opener",
        TailLine = "tail_line",
        EndnoteHeading = "endnote_heading",
        Annex = "annex",
        ChromeOpener = "chrome_opener",
        ChromeMark = "chrome_mark",
        Salutation = "salutation",
        HeadingCue = "heading_cue",
        HeadingStop = "heading_stop",
        HeadingWeakStop = "heading_weak_stop",
        TitleMark = "title_mark",
        SentenceStop = "sentence_stop",
        LeadTrim = "lead_trim",
        ClauseSep = "clause_sep",
        NotWork = "not_work",
        LeadEnd = "lead_end",
        SentenceEnd = "sentence_end",
        ItemClauseEnd = "item_clause_end",
        PastParticle = "past_particle",
        TopicOpener = "topic_opener",
        TopicEnd = "topic_end",
        InlineListOpen = "inline_list_open",
        InlineListLead = "inline_list_lead",
        ItemHeadingEnd = "item_heading_end",
        FullStop = "full_stop",
        MeasureStop = "measure_stop",
        MeasureNotOpener = "measure_not_opener",
        ThemeOpener = "theme_opener",
        ThemePlace = "theme_place",
        ThemePlaceEnd = "theme_place_end",
        ThemeVerb = "theme_verb",
        FocusLead = "focus_lead",
        OrdinalDigit = "ordinal_digit",
        OrdinalTen = "ordinal_ten",
        MarkerComma = "marker_comma",
        MarkerShi = "marker_shi",
        MarkerYao = "marker_yao",
        MarkerDi = "marker_di",
    }
}

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/outline_words.tsv");

fn words() -> &'static Classes<W> {
    static T: OnceLock<Classes<W>> = OnceLock::new();
    grammar_table::embedded(&T, "outline_words.tsv", EMBEDDED_TSV)
}

fn w(c: W) -> &'static [&'static str] {
    words().get(c)
}

fn chars(c: W) -> &'static [char] {
    words().chars(c)
}

/// The first word of class `c` that `s` starts with.
fn prefix(c: W, s: &str) -> Option<&'static str> {
    words().prefix_of(c, s)
}

/// Whether a word of class `c` occurs in `s`.
fn any_in(c: W, s: &str) -> bool {
    words().any_in(c, s)
}

/// Whether `c` is a character of class `class`, or a line break where `newline` says so.
fn stops(class: W, newline: bool) -> impl Fn(char) -> bool {
    let set = chars(class);
    move |c| newline && c == '\n' || set.contains(&c)
}

/// The numbering styles of real reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// 一、
    Top,
    /// （一）
    Paren,
    /// 一是
    Shi,
    /// 一要
    Yao,
    /// 第一，
    Di,
    /// 1．
    Arabic,
    /// (1)
    ParenArabic,
}

impl MarkerKind {
    /// The marker as it would be printed for `n` (used to name a lost marker).
    pub fn render(self, n: u32) -> String {
        let cn = cn_ordinal(n);
        match self {
            MarkerKind::Top => format!("{cn}、"),
            MarkerKind::Paren => format!("（{cn}）"),
            MarkerKind::Shi => format!("{cn}是"),
            MarkerKind::Yao => format!("{cn}要"),
            MarkerKind::Di => format!("第{cn}，"),
            MarkerKind::Arabic => format!("{n}．"),
            MarkerKind::ParenArabic => format!("({n})"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    pub ordinal: u32,
    /// Byte length of the marker text.
    pub len: usize,
}

/// The value of an ordinal digit: its place in the `ordinal_digit` class (一 = 1 … 九 = 9).
fn ordinal_digit(c: char) -> Option<u32> {
    let k = chars(W::OrdinalDigit).iter().position(|&d| d == c)?;
    u32::try_from(k + 1).ok()
}

fn is_ten(c: char) -> bool {
    chars(W::OrdinalTen).contains(&c)
}

/// Chinese ordinal 一…九十九 as a number.
fn cn_value(s: &str) -> Option<u32> {
    let digit = ordinal_digit;
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if is_ten(*c) => Some(10),
        [c] => digit(*c),
        [x, u] if is_ten(*x) => Some(10 + digit(*u)?),
        [t, x] if is_ten(*x) => Some(digit(*t)? * 10),
        [t, x, u] if is_ten(*x) => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

pub fn cn_ordinal(n: u32) -> String {
    let d = chars(W::OrdinalDigit);
    let at = |k: u32| {
        k.checked_sub(1)
            .and_then(|i| d.get(i as usize))
            .map_or(String::new(), |c| c.to_string())
    };
    let ten = w(W::OrdinalTen).first().copied().unwrap_or_default();
    match n {
        1..=9 => at(n),
        10 => ten.to_string(),
        11..=19 => format!("{ten}{}", at(n - 10)),
        20..=99 => format!("{}{ten}{}", at(n / 10), at(n % 10)),
        _ => n.to_string(),
    }
}

fn cn_ord(i: &str) -> IResult<&str, u32> {
    map_opt(take_while1(is_cn_digit), cn_value).parse(i)
}

fn arabic_ord(i: &str) -> IResult<&str, u32> {
    map_opt(digit1, |d: &str| {
        d.parse::<u32>().ok().filter(|&n| n > 0 && n < 100)
    })
    .parse(i)
}

/// The one word of a marker class (the table holds at least one word of every class).
fn one(c: W) -> &'static str {
    w(c).first().copied().unwrap_or_default()
}

fn marker_kind(i: &str) -> IResult<&str, (MarkerKind, u32)> {
    let comma = one(W::MarkerComma);
    alt((
        terminated(cn_ord, tag(comma)).map(|n| (MarkerKind::Top, n)),
        delimited(tag("("), cn_ord, tag(")")).map(|n| (MarkerKind::Paren, n)),
        terminated(cn_ord, tag(one(W::MarkerShi))).map(|n| (MarkerKind::Shi, n)),
        terminated(cn_ord, tag(one(W::MarkerYao))).map(|n| (MarkerKind::Yao, n)),
        delimited(tag(one(W::MarkerDi)), cn_ord, alt((tag(","), tag(comma))))
            .map(|n| (MarkerKind::Di, n)),
        delimited(tag("("), arabic_ord, tag(")")).map(|n| (MarkerKind::ParenArabic, n)),
        terminated(
            arabic_ord,
            terminated(alt((tag("."), tag(comma))), peek(not(digit1))),
        )
        .map(|n| (MarkerKind::Arabic, n)),
    ))
    .parse(i)
}

/// The marker at the start of `s`, if any.
pub fn parse_marker(s: &str) -> Option<Marker> {
    let (rest, (kind, ordinal)) = marker_kind(s).ok()?;
    // 一是一、二是二 style false friends: a Shi marker must be followed by text.
    if rest.is_empty() {
        return None;
    }
    Some(Marker {
        kind,
        ordinal,
        len: s.len() - rest.len(),
    })
}

pub use crate::model::Group;

/// Classifies a part by its heading (the words of `data/list_groups.tsv`).
pub fn classify_group(heading: &str) -> Group {
    list_groups::classify_heading(heading)
}

/// Classifies a part whose heading was lost by how its body opens: only review, plan,
/// self-construction or other (a body that mentions 民生实事 or 十四五 is not one such list).
fn classify_body(opening: &str) -> Group {
    match classify_group(opening) {
        Group::FiveYearPlan | Group::LivelihoodProjects => Group::Plan,
        g => g,
    }
}

/// A span of years (a five-year plan's 2021–2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearSpan {
    pub start: i32,
    pub end: i32,
}

#[derive(Debug, Clone)]
pub struct OutSection {
    pub ordinal: Option<u32>,
    pub marker: Option<Range<usize>>,
    pub heading: Option<Range<usize>>,
    /// The heading line (marker + heading); empty at the body start when lost.
    pub line: Range<usize>,
    pub body: Range<usize>,
    pub group: Group,
}

#[derive(Debug, Clone)]
pub struct OutTask {
    pub section: Option<usize>,
    pub kind: MarkerKind,
    pub ordinal: u32,
    pub marker: Option<Range<usize>>,
    pub heading: Option<Range<usize>>,
    pub measures: Vec<Range<usize>>,
    pub span: Range<usize>,
    pub group: Group,
    /// The years a five-year plan's key task is for (from 十四五 in its part's heading or
    /// lead-in); None for other groups, and when only 今后五年 says it (the caller then
    /// counts from the report's year).
    pub period: Option<YearSpan>,
}

#[derive(Debug, Clone)]
pub struct Gap {
    pub kind: MarkerKind,
    pub missing: Vec<u32>,
    pub after: u32,
    pub before: u32,
    /// Where the lost items must be: from the item before the gap to the item after it.
    pub region: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub sections: Vec<OutSection>,
    pub tasks: Vec<OutTask>,
    pub gaps: Vec<Gap>,
    /// The body of the report ends here (closing address, endnotes or viewer chrome follow).
    pub body_end: usize,
    /// Set when the first top-level marker is not 一、 (the start of the text is lost).
    pub first_top_ordinal: Option<u32>,
    /// Stretches that no heading classifies but that read as review: the part of an
    /// unclassified scope before the paragraph that opens this year's plan, when its
    /// paragraphs speak of the past (see [`review_stretch`]).
    pub review_spans: Vec<Range<usize>>,
    /// Stretches of this year's plan inside a part of another kind
    /// ([`year_targets_start`]).
    pub plan_spans: Vec<Range<usize>>,
}

/// A marker found at a paragraph or sentence start.
#[derive(Debug, Clone, Copy)]
struct MarkerHit {
    pos: usize,
    marker: Marker,
    para_start: bool,
    /// End of the paragraph the marker is in.
    para_end: usize,
}

/// The first item of an inline list opened by a colon inside a sentence (…把握：一是…).
/// Read only where the text lost its line breaks: the list's first item is there, not at
/// a sentence start like the items after it; where the breaks are the source's own, such
/// a list is inline (its items are measures, problems or lessons, not tasks).
fn after_colon(text: &str, s: Range<usize>, para_end: usize) -> Option<MarkerHit> {
    let sentence = &text[s.clone()];
    let at = w(W::InlineListOpen)
        .iter()
        .filter_map(|o| find::find(sentence, o))
        .min()?;
    let colon = sentence[at..].chars().next()?.len_utf8();
    let pos = s.start + at + colon;
    let marker = parse_marker(&text[pos..para_end])?;
    Some(MarkerHit {
        pos,
        marker,
        para_start: false,
        para_end,
    })
}

/// Where the report body ends: before 名词解释 endnotes, 相关报道 chrome, or the closing
/// address (a last paragraph opening with 各位代表).
fn find_body_end(text: &str, paras: &[Range<usize>]) -> usize {
    let mut end = text.len();
    for (k, p) in paras.iter().enumerate() {
        let line = &text[p.clone()];
        let short = spans::chars_within(line, 0, 12);
        let next = paras.get(k + 1).map_or("", |n| &text[n.clone()]);
        let endnotes = |l: &str| {
            any_in(W::EndnoteMark, l) || any_in(W::EndnoteNear, l) && spans::chars_within(l, 0, 30)
        };
        if short
            && (prefix(W::TailOpener, line).is_some()
                || words().is(W::TailLine, line)
                || prefix(W::Annex, line).is_some() && endnotes(next))
            || prefix(W::ChromeOpener, line).is_some() && any_in(W::ChromeMark, line)
            || 2 * p.start > text.len()
                && endnote_heading(line)
                && !livelihood_annex_follows(text, &paras[k + 1..])
        {
            end = p.start;
            break;
        }
    }
    end
}

/// Does a short heading that names the year's projects for the people (2010年市政府十件
/// 实事) follow the endnotes? Then the body goes on over the endnotes to that annex.
fn livelihood_annex_follows(text: &str, rest: &[Range<usize>]) -> bool {
    rest.iter().any(|p| {
        let line = &text[p.clone()];
        spans::chars_within(line, 4, 30)
            && !line.contains(chars(W::FullStop))
            && list_groups::names_livelihood(line)
    })
}

/// The heading of the endnotes (《政府工作报告》名词解释, 附注:, **注 释**): a short line
/// without a full stop or comma that names them.
fn endnote_heading(line: &str) -> bool {
    spans::chars_within(line, 0, 24)
        && !line.contains(chars(W::FullStop))
        && !line.contains(',')
        && any_in(W::EndnoteHeading, line)
}

/// The closing address: a final paragraph (within the body) that opens with 各位代表.
fn find_closing(text: &str, paras: &[Range<usize>], body_end: usize) -> Option<usize> {
    let last_paras: Vec<&Range<usize>> = paras.iter().filter(|p| p.end <= body_end).collect();
    for p in last_paras.iter().rev().take(3) {
        let line = &text[(*p).clone()];
        if prefix(W::Salutation, line).is_some() && line.chars().count() > 12 {
            return Some(p.start);
        }
    }
    None
}

/// The text with its segmentation, as the outline's passes read it.
#[derive(Clone, Copy)]
struct Doc<'a> {
    text: &'a str,
    segs: &'a Segments,
}

/// The markers at paragraph starts and sentence starts before `content_end` (and, in a
/// text that lost its breaks, after a colon: [`after_colon`]), in text order.
fn markers(doc: Doc, content_end: usize, breaks: Breaks) -> Vec<MarkerHit> {
    let (text, segs) = (doc.text, doc.segs);
    let paras = segs.paragraphs();
    let mut found = Vec::new();
    for (j, p) in paras
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start < content_end)
    {
        let pend = p.end.min(content_end);
        // The body's end cuts its paragraph: that one is split again up to the cut.
        let cut;
        let sentences = if pend == p.end {
            segs.sentences_of(j)
        } else {
            cut = segment::sentences(text, p.start..pend);
            &cut
        };
        for (k, s) in sentences.iter().enumerate() {
            if let Some(m) = parse_marker(&text[s.start..pend]) {
                found.push(MarkerHit {
                    pos: s.start,
                    marker: m,
                    para_start: k == 0,
                    para_end: pend,
                });
            }
            if breaks == Breaks::Inferred {
                found.extend(after_colon(text, s.clone(), pend));
            }
        }
    }
    found
}

/// The report's outline: its parts, their task lists and measures, the review stretches.
/// Reads the segmentation made once for the report (`segs`).
/// `year` is the report's (the plan year), when known.
pub fn outline(text: &str, segs: &Segments, breaks: Breaks, year: Option<i32>) -> Outline {
    let doc = Doc { text, segs };
    let paras = segs.paragraphs();
    let body_end = find_body_end(text, paras);
    let closing = find_closing(text, paras, body_end);
    let content_end = closing.unwrap_or(body_end);

    let mut found = markers(doc, content_end, breaks);

    let (mut sections, items) = top_sections(text, paras, &found, content_end);
    // Top markers that are neither parts nor the items of a list numbered like parts are
    // no list of their own.
    // (`items` is in text order.)
    found.retain(|f| f.marker.kind != MarkerKind::Top || items.binary_search(&f.pos).is_ok());
    if let Some(y) = year {
        review_by_years(text, &mut sections, y);
    }
    inherit_parent_group(&mut sections);
    plan_after_review(text, &mut sections);
    let mut out = Outline {
        body_end: content_end,
        first_top_ordinal: sections.iter().find_map(|s| s.ordinal),
        ..Default::default()
    };
    scope_tasks(doc, &found, &sections, content_end, year, &mut out);
    // Reports whose parts carry no numbered items (1993: 二、争取国民经济再上一个新台阶):
    // the numbered parts that are not the review are the work items.
    if out.tasks.is_empty() {
        parts_as_tasks(doc, &sections, &mut out);
    }
    // A five-year plan's tasks whose lead-in names no plan take the years of their
    // part's heading (二、“十四五”时期主要目标任务).
    for t in out.tasks.iter_mut() {
        if t.group == Group::FiveYearPlan && t.period.is_none() {
            let heading = t.section.and_then(|k| sections.get(k)?.heading.clone());
            t.period = heading.and_then(|h| year_span(&text[h]));
        }
    }
    out.sections = sections;
    out.settle_years(text, year);
    out
}

/// Parts whose heading names only years before the report's (2014年主要工作 in a 2015
/// report) look back on them, whatever work words the heading holds.
fn review_by_years(text: &str, sections: &mut [OutSection], year: i32) {
    for s in sections.iter_mut() {
        let past = s
            .heading
            .as_ref()
            .is_some_and(|h| list_groups::names_past_years_only(&text[h.clone()], year));
        if past && s.group != Group::SelfConstruction {
            s.group = Group::Review;
        }
    }
}

impl Outline {
    /// Settles the five-year plan's lists by the report's year: a list of a plan that does
    /// not start within a year of it (确保“十四五”圆满收官 in 2025) is this year's plan, and
    /// a list whose lead-in only says 今后五年 is for the five years from it.
    fn settle_years(&mut self, text: &str, year: Option<i32>) {
        let Some(y) = year else {
            return;
        };
        let off = |p: Option<YearSpan>| p.is_some_and(|p| p.start > y + 1 || p.start < y - 1);
        for s in self.sections.iter_mut() {
            let period = s.heading.clone().and_then(|h| year_span(&text[h]));
            if s.group == Group::FiveYearPlan && off(period) {
                s.group = Group::Plan;
            }
        }
        for t in self
            .tasks
            .iter_mut()
            .filter(|t| t.group == Group::FiveYearPlan)
        {
            if off(t.period) {
                t.group = Group::Plan;
                t.period = None;
            } else if t.period.is_none() {
                t.period = Some(YearSpan {
                    start: y,
                    end: y + 4,
                });
            }
        }
    }
}

/// Numbered parts right under an unnumbered heading that names a kind of part
/// (**2014年工作回顾** then 一、经济发展质量明显提高 … 五、) are that kind of part when their
/// own heading names none. The run ends at the next unnumbered heading, where the numbering
/// starts again, or at a part whose heading names another kind (self-construction aside).
fn inherit_parent_group(sections: &mut [OutSection]) {
    let mut parent: Option<Group> = None;
    let mut last_ordinal = 0;
    for s in sections.iter_mut() {
        if s.marker.is_none() {
            let kind = matches!(s.group, Group::Review | Group::FiveYearPlan | Group::Plan);
            parent = (s.heading.is_some() && kind).then_some(s.group);
            last_ordinal = 0;
            continue;
        }
        let Some(g) = parent else { continue };
        let ordinal = s.ordinal.unwrap_or(0);
        let continues = ordinal == last_ordinal + 1;
        last_ordinal = ordinal;
        match s.group {
            _ if !continues => parent = None,
            Group::Other => s.group = g,
            Group::SelfConstruction => {}
            other if other == g => {}
            _ => parent = None,
        }
    }
}

/// Parts after the review whose heading names no kind of list (二、保持国民经济发展的良好
/// 势头, national 1997) are the plan's parts; a heading that looks back too (发展成就和
/// “十五五”时期主要目标任务) stays other, decided paragraph by paragraph.
fn plan_after_review(text: &str, sections: &mut [OutSection]) {
    let mut after_review = false;
    for s in sections.iter_mut() {
        if s.group == Group::Review {
            after_review = true;
        } else if after_review
            && s.group == Group::Other
            && s.marker.is_some()
            && s.heading
                .as_ref()
                .is_some_and(|h| !list_groups::looks_back(&text[h.clone()]))
        {
            s.group = Group::Plan;
        }
    }
}

/// The years of the five-year plan `s` names (十四五 → 2021–2025).
fn year_span(s: &str) -> Option<YearSpan> {
    super::plan_period(s).map(|(start, end)| YearSpan { start, end })
}

/// The tasks of every part (or of the whole body when there are no parts). In a part
/// that no heading classifies, the stretch before this year's plan that reads as review
/// gives its lists the group review ([`review_stretch`]).
fn scope_tasks(
    doc: Doc,
    found: &[MarkerHit],
    sections: &[OutSection],
    content_end: usize,
    year: Option<i32>,
    out: &mut Outline,
) {
    let text = doc.text;
    let scopes: Vec<(Option<usize>, Range<usize>, Group)> = if sections.is_empty() {
        vec![(None, 0..content_end, Group::Other)]
    } else {
        sections
            .iter()
            .enumerate()
            .map(|(i, s)| (Some(i), s.body.clone(), s.group))
            .collect()
    };
    for (sec, body, group) in scopes {
        let in_scope: Vec<MarkerHit> = found
            .iter()
            .filter(|f| f.pos >= body.start && f.pos < body.end)
            .copied()
            .collect();
        let before = out.tasks.len();
        if matches!(group, Group::SelfConstruction | Group::Review) {
            if let Some(targets) = year_targets_start(doc, &body, year) {
                let start = series_start_before(&in_scope, targets);
                let (head, tail): (Vec<MarkerHit>, Vec<MarkerHit>) =
                    in_scope.iter().partition(|f| f.pos < start);
                tasks_in(doc, &head, sec, body.start..start, group, out);
                tasks_in(doc, &tail, sec, start..body.end, Group::Plan, out);
                out.plan_spans.push(start..body.end);
                continue;
            }
        }
        tasks_in(doc, &in_scope, sec, body.clone(), group, out);
        if group != Group::Other {
            continue;
        }
        // A heading that looks back and names the plan too (发展成就和“十五五”主要目标任务)
        // holds both: only the stretch before the plan's opener is review.
        let whole = sec
            .and_then(|k| sections[k].heading.clone())
            .is_some_and(|h| !list_groups::looks_back(&text[h]));
        let Some(review) = review_stretch(doc, &body, whole) else {
            continue;
        };
        let review_end = trim_end(text, review.start, review.end);
        for t in out.tasks[before..].iter_mut() {
            if t.span.start < review.end {
                t.group = Group::Review;
                t.period = None;
                t.span.end = t.span.end.min(review_end);
                t.measures.retain(|m| m.end <= review_end);
            } else if t.group == Group::Other {
                // After the paragraph that opens this year's plan.
                t.group = Group::Plan;
            }
        }
        out.review_spans.push(review);
    }
}

/// Where a review or self-construction part goes on into this year's plan without a
/// heading (一、2014年工作回顾 … 经济社会发展主要预期目标是：…; 加强政府自身建设 …
/// 各位代表，2006年是实施“十一五”规划的第一年。今年全省经济社会发展的主要预期目标是:…
/// 一是…): the paragraph that states this year's targets. From it to the end of the part
/// is plan, and its lists are read as the plan's (a lead-in naming 民生实事 keeps its kind).
/// A paragraph that starts before the part (a text without line breaks) gives the
/// sentence that states them instead.
fn year_targets_start(doc: Doc, body: &Range<usize>, year: Option<i32>) -> Option<usize> {
    let states = |r: &Range<usize>| super::leads::opens_year_targets(&doc.text[r.clone()], year);
    let p = doc.segs.paragraphs_in(body).find(|p| {
        let clip = p.start.max(body.start)..p.end.min(body.end);
        states(&clip)
    })?;
    if p.start >= body.start {
        return Some(p.start);
    }
    let clip = body.start..p.end.min(body.end);
    let sentences = doc.segs.sentences_in(doc.text, &clip);
    sentences.into_iter().find(states).map(|s| s.start)
}

/// Where the list that goes on after `at` begins: the earliest marker of the chain
/// before `at` (same kind, ordinals one apart) that leads to the first marker after it
/// (一、明确一个总体要求 … 主要预期目标是：… 二、确保两个圆满收官); `at` when none does.
fn series_start_before(found: &[MarkerHit], at: usize) -> usize {
    let Some(next) = found.iter().find(|f| f.pos >= at) else {
        return at;
    };
    let (kind, mut want) = (next.marker.kind, next.marker.ordinal);
    let mut start = at;
    for f in found
        .iter()
        .rev()
        .filter(|f| f.pos < at && f.marker.kind == kind)
    {
        if f.marker.ordinal + 1 != want {
            break;
        }
        start = f.pos;
        want = f.marker.ordinal;
    }
    start
}

/// In a part that no heading classifies (a report without parts, a lost heading): the
/// stretch from its start to the first paragraph that opens this year's plan (今年政府
/// 工作的总体要求是…), when at least two of its paragraphs speak of the past (全年完成…,
/// 预计…, 取得了) and more than twice as many as speak of the future.
///
/// A headed part (`whole`: its heading does not look back) with no such paragraph is review as a whole when at least two
/// of its paragraphs speak of the past only and more than twice as many as speak of the
/// future at all (一、坚持克难奋进，实现本届政府良好开局: 一年来，重点做了以下工作：…).
fn review_stretch(doc: Doc, body: &Range<usize>, whole: bool) -> Option<Range<usize>> {
    let text = doc.text;
    let (mut past, mut future) = (0usize, 0usize);
    let (mut past_only, mut future_any) = (0usize, 0usize);
    for p in doc.segs.paragraphs_in(body) {
        let pt = &text[p.clone()];
        if list_groups::opens_plan(pt) {
            return (past >= 2 && past > 2 * future).then_some(body.start..p.start);
        }
        let (was, will) = (
            list_groups::speaks_of_past(pt),
            list_groups::speaks_of_future(pt),
        );
        past += usize::from(was);
        future += usize::from(!was && will);
        past_only += usize::from(was && !will);
        future_any += usize::from(will);
    }
    (whole && past_only >= 2 && past_only > 2 * future_any).then(|| body.clone())
}

/// The numbered parts that are not the review, as work items.
fn parts_as_tasks(doc: Doc, sections: &[OutSection], out: &mut Outline) {
    for (k, s) in sections.iter().enumerate() {
        if s.marker.is_none() || matches!(s.group, Group::Review) {
            continue;
        }
        let (Some(marker), Some(ordinal)) = (s.marker.clone(), s.ordinal) else {
            continue;
        };
        out.tasks.push(OutTask {
            section: Some(k),
            kind: MarkerKind::Top,
            ordinal,
            marker: Some(marker),
            heading: s.heading.clone(),
            measures: find_measures(doc, s.body.clone()),
            span: s.line.start..s.body.end.max(s.line.end),
            group: s.group,
            period: None,
        });
    }
}

/// A heading found: position, ordinal, marker and heading ranges.
type Head = (
    usize,
    Option<u32>,
    Option<Range<usize>>,
    Option<Range<usize>>,
);

/// Top-level parts: 一、二、… at paragraph starts whose line reads as a heading, and the
/// unnumbered headings after the salutation. List items numbered like parts are no parts
/// ([`numbered_heads`]).
fn top_sections(
    text: &str,
    paras: &[Range<usize>],
    found: &[MarkerHit],
    content_end: usize,
) -> (Vec<OutSection>, Vec<usize>) {
    let unnumbered = unnumbered_headings(text, paras, content_end);
    let (mut heads, items) = numbered_heads(text, found, &unnumbered);
    heads.extend(
        unnumbered
            .into_iter()
            .map(|h| (h.start, None, None, Some(h))),
    );
    heads.sort_by_key(|h| h.0);
    let mut sections = Vec::new();
    // A text that starts after its first heading (newspaper continuation, truncation):
    // the part before the first heading found is a section whose heading is lost.
    if let Some(&(pos, Some(ord), _, _)) = heads.first() {
        let pre = first_content(text, 0, pos);
        if ord > 1 && pre < pos {
            let body_start = body_start_after_title(text, pre, pos);
            let body = body_start..trim_end(text, body_start, pos);
            let probe_end =
                super::spans::floor_char_boundary(text, (body.start + 600).min(body.end));
            let group = classify_body(text.get(body.start..probe_end).unwrap_or(""));
            sections.push(OutSection {
                ordinal: Some(ord - 1),
                marker: None,
                heading: None,
                line: body.start..body.start,
                body,
                group,
            });
        }
    }
    for (k, (pos, ord, marker, heading)) in heads.iter().enumerate() {
        let line_end = heading
            .as_ref()
            .map_or_else(|| marker.as_ref().map_or(*pos, |m| m.end), |h| h.end);
        let next = heads.get(k + 1).map_or(content_end, |h| h.0);
        let body_start = first_content(text, line_end, next);
        let body = body_start..trim_end(text, body_start, next);
        let group = match heading {
            Some(h) => subtitle_group(sections.last(), marker.is_none(), &text[h.clone()]),
            None => Group::Other,
        };
        sections.push(OutSection {
            ordinal: *ord,
            marker: marker.clone(),
            heading: heading.clone(),
            line: *pos..line_end,
            body,
            group,
        });
    }
    (sections, items)
}

/// The group of a part headed `heading`. An unnumbered heading right under a review or
/// five-year heading, with no body between them, is its subtitle and takes its group
/// (回顾2022年工作 ⏎ 我们锚定目标团结奋进攻坚克难; 今后五年政府工作 ⏎ 指导思想和主要任务),
/// unless it names a kind of part of its own (附件 ⏎ 2023年43件民生实事…).
fn subtitle_group(prev: Option<&OutSection>, unnumbered: bool, heading: &str) -> Group {
    let own = classify_group(heading);
    match prev {
        Some(p)
            if unnumbered
                && p.body.is_empty()
                && matches!(p.group, Group::Review | Group::FiveYearPlan)
                && matches!(own, Group::Plan | Group::Other) =>
        {
            p.group
        }
        _ => own,
    }
}

/// The numbered part headings among the top markers (一、) at paragraph starts. Items
/// numbered like parts are left to the parts' lists: those after an unnumbered heading that
/// names a kind of part (**2023年工作安排** ⏎ 一、…, an annex 2023年十件民生实事 ⏎ 一、…),
/// and a series that starts again at 一、 inside a part (…办好十件实事：⏎ 一、…), unless an
/// item continues the parts and its heading names a kind of part itself.
/// Returns the heads and the positions of the top markers that are list items.
fn numbered_heads(
    text: &str,
    found: &[MarkerHit],
    unnumbered: &[Range<usize>],
) -> (Vec<Head>, Vec<usize>) {
    let tops = top_hits(text, found, unnumbered);
    // Per unnumbered heading (by its index + 1; 0 before the first): do the top items
    // under it list its items? Not when most of them hold lists of their own.
    let mut own = vec![(0usize, 0usize); unnumbered.len() + 1];
    for t in &tops {
        own[t.under].0 += usize::from(t.own_list);
        own[t.under].1 += 1;
    }
    let listing: Vec<bool> = own
        .iter()
        .enumerate()
        .map(|(k, &(with, all))| {
            let heads_items = k
                .checked_sub(1)
                .and_then(|k| unnumbered.get(k))
                .is_some_and(|u| lists_items(&text[u.clone()]));
            heads_items && 2 * with < all
        })
        .collect();
    let mut heads: Vec<Head> = Vec::new();
    let mut items = Vec::new();
    let mut last: Option<u32> = None;
    // The next ordinal of a list that started again at 一、 inside a part.
    let mut nested: Option<u32> = None;
    // Under a new unnumbered heading the numbering may start again.
    let mut stretch = 0;
    for t in &tops {
        let ord = t.hit.marker.ordinal;
        let continues = match last {
            None => ord <= 3,
            Some(_) if t.under != stretch && ord == 1 => true,
            Some(l) => ord > l && ord <= l + 2,
        };
        if listing[t.under] && !(last.is_some() && continues && t.names_part) {
            items.push(t.hit.pos);
            continue;
        }
        if nested == Some(ord) && !(continues && t.names_part) {
            nested = Some(ord + 1);
            items.push(t.hit.pos);
            continue;
        }
        if !continues {
            if last.is_some() && ord == 1 {
                nested = Some(2);
                items.push(t.hit.pos);
            }
            continue;
        }
        nested = None;
        stretch = t.under;
        let pos = t.hit.pos;
        heads.push((
            pos,
            Some(ord),
            Some(pos..pos + t.hit.marker.len),
            t.heading.clone(),
        ));
        last = Some(ord);
    }
    (heads, items)
}

/// A top marker (一、) at a paragraph start whose line reads as a heading.
struct TopHit<'a> {
    hit: &'a MarkerHit,
    heading: Option<Range<usize>>,
    /// Its heading names a kind of part (2023年工作安排, 加强政府自身建设).
    names_part: bool,
    /// Its stretch (to the next top marker or unnumbered heading) holds a list of its own.
    own_list: bool,
    /// The number of unnumbered headings before it.
    under: usize,
}

/// The top-level markers (一、) that open a paragraph and carry a heading, each with
/// what decides whether it is a section: its heading, whether that heading names a
/// part, whether its stretch has a list of its own, and how many unnumbered headings
/// precede it.
fn top_hits<'a>(
    text: &str,
    found: &'a [MarkerHit],
    unnumbered: &[Range<usize>],
) -> Vec<TopHit<'a>> {
    let tops: Vec<&MarkerHit> = found
        .iter()
        .filter(|f| f.para_start && f.marker.kind == MarkerKind::Top)
        .collect();
    let mut out = Vec::new();
    for (k, f) in tops.iter().enumerate() {
        let after_marker = f.pos + f.marker.len;
        let Some(heading_end) = heading_end(text, after_marker, f.para_end, 40, 60) else {
            continue;
        };
        let heading = (heading_end > after_marker).then_some(after_marker..heading_end);
        let under = unnumbered.partition_point(|u| u.start < f.pos);
        let next = tops.get(k + 1).map_or(usize::MAX, |n| n.pos);
        let next = unnumbered.get(under).map_or(next, |u| next.min(u.start));
        out.push(TopHit {
            hit: f,
            names_part: heading
                .as_ref()
                .is_some_and(|h| list_groups::names_part(&text[h.clone()])),
            heading,
            own_list: holds_list(found, f.pos..next),
            under,
        });
    }
    out
}

/// Does the stretch `r` hold a list of headings of its own (（一）…（二）… at paragraph
/// starts)? An inline list (一是…二是…, 成都 2014's review items) is no such list.
/// Top items that do are the parts of an unnumbered part (内蒙古 2026: **“十五五”时期主要目标
/// 和2026年重点工作** ⏎ 一、… ⏎ （一）…), not its items.
fn holds_list(found: &[MarkerHit], r: Range<usize>) -> bool {
    let lo = found.partition_point(|f| f.pos <= r.start);
    let hi = found.partition_point(|f| f.pos < r.end).max(lo);
    let inside: Vec<&MarkerHit> = found[lo..hi]
        .iter()
        .filter(|f| f.para_start && f.marker.kind == MarkerKind::Paren)
        .collect();
    inside.iter().enumerate().any(|(k, a)| {
        a.marker.ordinal == 1
            && inside[k + 1..]
                .iter()
                .find(|b| b.marker.kind == a.marker.kind)
                .is_some_and(|b| b.marker.ordinal == 2)
    })
}

/// Does an unnumbered heading head a part whose items are numbered like parts (a review,
/// plan, five-year, livelihood or self-construction heading, or an annex)?
fn lists_items(heading: &str) -> bool {
    words().is(W::Annex, heading) || classify_group(heading) != Group::Other
}

/// Headings without a number: short lines after the salutation that name a part of the
/// report (“十四五”时期发展成就和2025年工作回顾, 附件, 2026年自治区民生实事).
fn unnumbered_headings(
    text: &str,
    paras: &[Range<usize>],
    content_end: usize,
) -> Vec<Range<usize>> {
    let Some(start) = paras
        .iter()
        .take(40)
        .position(|p| any_in(W::Salutation, &text[p.clone()]))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, p) in paras.iter().enumerate().skip(start + 1) {
        if p.start >= content_end || k + 1 >= paras.len() {
            break;
        }
        let line = &text[p.clone()];
        let is_annex = words().is(W::Annex, line);
        if !(is_annex || spans::chars_within(line, 4, 30)) {
            continue;
        }
        if line.contains(chars(W::HeadingStop))
            || line.contains(chars(W::HeadingWeakStop)) && classify_group(line) == Group::Other
            || parse_marker(line).is_some()
            || !(is_annex || any_in(W::HeadingCue, line))
        {
            continue;
        }
        out.push(p.clone());
    }
    out
}

/// Skips a title line and a continuation marker such as (上接第一版) at the start.
fn body_start_after_title(text: &str, start: usize, end: usize) -> usize {
    let mut s = start;
    // A short first line that names the report is its title, not the body.
    let line_end = text[s..end].find('\n').map_or(end, |o| s + o);
    let line = &text[s..line_end];
    if any_in(W::TitleMark, line) && line.chars().count() <= 40 {
        s = first_content(text, line_end, end);
    }
    s
}

fn first_content(text: &str, from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to && text.as_bytes()[i] == b'\n' {
        i += 1;
    }
    i
}

fn trim_end(text: &str, from: usize, to: usize) -> usize {
    let mut e = to;
    while e > from && text.as_bytes()[e - 1] == b'\n' {
        e -= 1;
    }
    e
}

/// End of a heading that starts at `from`: up to the first sentence stop or colon if that
/// comes within `max_sentence` chars, else the whole line if it is at most `max_line`
/// chars. None when the line is running text, not a heading.
fn heading_end(
    text: &str,
    from: usize,
    line_end: usize,
    max_sentence: usize,
    max_line: usize,
) -> Option<usize> {
    let line = &text[from..line_end];
    let mut n = 0;
    for (o, c) in line.char_indices() {
        if chars(W::SentenceStop).contains(&c) {
            return (n <= max_sentence).then_some(from + o);
        }
        n += 1;
        if n > max_line {
            return None;
        }
    }
    Some(line_end)
}

/// The numbering styles of work items, outermost first when two start at the same place.
/// Top markers inside a part are a list numbered like parts (see [`numbered_heads`]).
const SERIES_ORDER: [MarkerKind; 7] = [
    MarkerKind::Top,
    MarkerKind::Paren,
    MarkerKind::Shi,
    MarkerKind::Yao,
    MarkerKind::Di,
    MarkerKind::Arabic,
    MarkerKind::ParenArabic,
];

/// Where one numbering style's series lies in a part: its first and its last item.
#[derive(Debug, Clone, Copy)]
struct SeriesExtent {
    kind: MarkerKind,
    first: usize,
    last_para_end: usize,
}

impl SeriesExtent {
    /// The place of `kind` in [`SERIES_ORDER`]: outermost first where two start together.
    fn rank(&self) -> usize {
        SERIES_ORDER
            .iter()
            .position(|&k| k == self.kind)
            .unwrap_or(SERIES_ORDER.len())
    }

    /// Numbered like headings (一、, （一）), not inline (一是, 第一) or arabic (1.).
    fn is_heading(&self) -> bool {
        matches!(self.kind, MarkerKind::Top | MarkerKind::Paren)
    }
}

/// The extent of the series of `kind` at paragraph starts, if it has one: items 1 and 2
/// next to each other, or at least three items numbered in steps of one.
fn series_extent(found: &[MarkerHit], kind: MarkerKind) -> Option<SeriesExtent> {
    let items: Vec<&MarkerHit> = found
        .iter()
        .filter(|f| f.para_start && f.marker.kind == kind)
        .collect();
    let has_series = items
        .windows(2)
        .any(|w| w[0].marker.ordinal == 1 && w[1].marker.ordinal == 2)
        || (items.len() >= 3
            && items
                .windows(2)
                .all(|w| w[1].marker.ordinal == w[0].marker.ordinal + 1));
    let (first, last) = (items.first()?, items.last()?);
    has_series.then_some(SeriesExtent {
        kind,
        first: first.pos,
        last_para_end: last.para_end,
    })
}

/// The outermost numbering style of a part, and the short inline list it displaced.
#[derive(Debug, Clone, Copy)]
struct OuterSeries {
    outer: SeriesExtent,
    lead_list: Option<SeriesExtent>,
}

/// The outermost numbering style of a part: the first series in reading order, unless a
/// heading series (一、, （一）) starts after all the items of an inline or arabic series
/// (一是, 第一, 1.) and runs longer than it (工作中重点把握以下五点：一是…五是… ⏎
/// 为此，将重点做好以下几个方面的工作：（一）…): the short list is then a lead-in list,
/// and the heading list that fills the part is the tasks.
fn outer_series(found: &[MarkerHit], body: &Range<usize>) -> Option<OuterSeries> {
    let mut all: Vec<SeriesExtent> = SERIES_ORDER
        .iter()
        .filter_map(|&k| series_extent(found, k))
        .collect();
    all.sort_by_key(|s| (s.first, s.rank()));
    let mut best = OuterSeries {
        outer: *all.first()?,
        lead_list: None,
    };
    for s in &all[1..] {
        let cur = best.outer;
        let heading_over_inline = s.is_heading() && !cur.is_heading();
        let later = s.first >= cur.last_para_end;
        let longer = body.end.saturating_sub(s.first) > s.first.saturating_sub(cur.first);
        if heading_over_inline && later && longer {
            best = OuterSeries {
                outer: *s,
                lead_list: Some(cur),
            };
        }
    }
    Some(best)
}

/// A lead-in list displaced by the heading series at `outer_first` is kept only where its
/// own lead-in names another group (今年为民办好十件实事：1.…) or work items (今年要全力
/// 抓好十件大事：1.…): a list of principles or emphases before the tasks is not work.
#[allow(clippy::too_many_arguments)]
fn emit_lead_list(
    doc: Doc,
    found: &[MarkerHit],
    lead: SeriesExtent,
    outer_first: usize,
    section: Option<usize>,
    body: &Range<usize>,
    group: Group,
    out: &mut Outline,
) {
    let text = doc.text;
    let lead_in = lead_text(text, lead.first, body.start);
    let scope = list_scope(section, group, lead_in);
    if scope.group == group && !list_groups::names_work_list(last_sentence(lead_in)) {
        return;
    }
    // The heading list's own lead-in (今年要重点抓好十个方面工作：) is not the short
    // list's last item.
    let outer_lead = lead_text(text, outer_first, lead.last_para_end);
    // (The matching view folds ： to :.)
    let end = if outer_lead.trim_end().ends_with(':') {
        outer_first - outer_lead.len()
    } else {
        outer_first
    };
    let before = &found[..found.partition_point(|f| f.pos < end)];
    let stretch = body.start..end;
    emit_series(doc, before, lead.kind, section, &stretch, group, 2, out);
}

/// Picks the outermost numbered series in a part and records its items as tasks.
fn tasks_in(
    doc: Doc,
    found: &[MarkerHit],
    section: Option<usize>,
    body: Range<usize>,
    group: Group,
    out: &mut Outline,
) {
    let best = outer_series(found, &body);
    let before = out.tasks.len();
    if let Some(series) = best {
        emit_series(doc, found, series.outer.kind, section, &body, group, 2, out);
        if let Some(lead) = series.lead_list {
            emit_lead_list(
                doc,
                found,
                lead,
                series.outer.first,
                section,
                &body,
                group,
                out,
            );
        }
    }
    if best.is_none() {
        inline_series(doc, &body, section, group, out);
        if out.tasks.len() == before {
            // Items that lost their paragraph breaks: a series at sentence starts.
            let promoted: Vec<MarkerHit> = found
                .iter()
                .filter(|f| {
                    matches!(
                        f.marker.kind,
                        MarkerKind::Shi | MarkerKind::Yao | MarkerKind::Di
                    )
                })
                .map(|f| MarkerHit {
                    para_start: true,
                    ..*f
                })
                .collect();
            for kind in [MarkerKind::Shi, MarkerKind::Yao, MarkerKind::Di] {
                emit_series(doc, &promoted, kind, section, &body, group, 3, out);
            }
        }
    }
}

/// Is the series introduced as a list of problems (…问题和不足：一是…)? Those are not work items.
fn problem_list(text: &str, first: usize) -> bool {
    let start = text[..first].rfind('\n').map_or(0, |p| p + 1);
    let lead_start = if start == first {
        text[..start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |p| p + 1)
    } else {
        start
    };
    let lead = &text[lead_start..first];
    let lead = lead.trim_end_matches(chars(W::LeadTrim));
    // The clause right before the list says what it lists.
    let last = lead.rsplit(chars(W::ClauseSep)).next().unwrap_or(lead);
    // Lists of problems or of favourable conditions are not work items.
    any_in(W::NotWork, last)
}

/// Where a list's items go: their part, their group and, for a five-year plan, its years.
#[derive(Debug, Clone, Copy)]
struct ListScope {
    section: Option<usize>,
    group: Group,
    period: Option<YearSpan>,
}

/// Emits the tasks of the series of `kind` among `found` (markers in text order).
#[allow(clippy::too_many_arguments)]
fn emit_series(
    doc: Doc,
    found: &[MarkerHit],
    kind: MarkerKind,
    section: Option<usize>,
    body: &Range<usize>,
    group: Group,
    min_len: usize,
    out: &mut Outline,
) {
    let text = doc.text;
    debug_assert!(found.windows(2).all(|w| w[0].pos <= w[1].pos));
    let series = series_of(found, kind);
    // A series ends where the next one starts (or with the part).
    let starts: Vec<usize> = series.iter().map(|s| s[0].pos).collect();
    for (j, items) in series.into_iter().enumerate() {
        if !(items.len() >= min_len
            && !is_topical(text, &items)
            && !problem_list(text, items[0].pos))
        {
            continue;
        }
        let series_end = starts.get(j + 1).copied().unwrap_or(body.end);
        let lead = lead_text(text, items[0].pos, body.start);
        let mut scope = list_scope(section, group, lead);
        if scope.group == Group::LivelihoodProjects && items_in_past(text, &items) {
            // 认真办好十件实事: 一是增加了视频监控点… (last year's list).
            scope.group = Group::Review;
        }
        // Fill gaps with items found at sentence starts (a marker that lost its
        // paragraph break), then report what is still missing.
        let filled = fill_gaps(found, &items, kind);
        push_items(doc, found, &filled, kind, series_end, scope, out);
    }
    out.tasks.sort_by_key(|t| t.span.start);
}

/// The group of a list in a part of `group`, by its lead-in: a 民生实事 lead-in makes it
/// the livelihood projects, a 政府自身建设 lead-in the government's own construction, a
/// five-year lead-in (今后五年, “十四五”时期) the five-year plan's tasks. Review and
/// self-construction parts keep their group.
fn list_scope(section: Option<usize>, group: Group, lead: &str) -> ListScope {
    let lead = last_sentence(lead);
    let group = match group {
        Group::Review | Group::SelfConstruction => group,
        _ if list_groups::names_livelihood(lead) => Group::LivelihoodProjects,
        // …全面加强政府自身建设。一要建设法治政府… in a part headed by the party's leadership.
        _ if list_groups::names_self_construction(lead) => Group::SelfConstruction,
        Group::Plan | Group::Other if list_groups::names_five_years_only(lead) => {
            Group::FiveYearPlan
        }
        g => g,
    };
    let period = (group == Group::FiveYearPlan)
        .then(|| super::plan_period(lead))
        .flatten()
        .map(|(start, end)| YearSpan { start, end });
    ListScope {
        section,
        group,
        period,
    }
}

/// The last sentence of a lead-in: the one that announces the list (重点办好十件民生实事。),
/// not an earlier one that mentions such a list in passing.
fn last_sentence(lead: &str) -> &str {
    let core = lead.trim_end_matches(stops(W::LeadEnd, true));
    core.rfind(stops(W::SentenceEnd, true))
        .map_or(core, |p| &core[p..])
        .trim_start_matches(stops(W::SentenceEnd, true))
}

/// Do most items of a series state what was done (their first clause has 了 or a past
/// word: 增加了视频监控点, 全年完成…)?
fn items_in_past(text: &str, items: &[MarkerHit]) -> bool {
    let past = items
        .iter()
        .filter(|f| {
            let from = f.pos + f.marker.len;
            let rest = &text[from..f.para_end.max(from)];
            let first = &rest[..rest
                .find(stops(W::ItemClauseEnd, true))
                .unwrap_or(rest.len())];
            first.contains(chars(W::PastParticle)) || list_groups::speaks_of_past(first)
        })
        .count();
    2 * past > items.len()
}

/// The lead-in of a list whose first item is at `first`: from the start of the paragraph
/// before the item's (or of the item's own, when the item opens mid-paragraph) to the
/// item, not before `floor`.
fn lead_text(text: &str, first: usize, floor: usize) -> &str {
    let para_start = text[..first].rfind('\n').map_or(0, |p| p + 1);
    let start = if para_start == first {
        let prev_end = text[..para_start].trim_end_matches('\n').len();
        text[..prev_end].rfind('\n').map_or(0, |p| p + 1)
    } else {
        para_start
    };
    text.get(start.max(floor).min(first)..first).unwrap_or("")
}

/// Records the items of one series (`filled`, ordered) as tasks of `scope`, the gaps in
/// its numbering, and the 民生实事 lists nested in each item.
fn push_items(
    doc: Doc,
    found: &[MarkerHit],
    filled: &[MarkerHit],
    kind: MarkerKind,
    series_end: usize,
    scope: ListScope,
    out: &mut Outline,
) {
    let text = doc.text;
    let mut prev: Option<MarkerHit> = None;
    for (k, f) in filled.iter().enumerate() {
        if let Some(p) = prev {
            if f.marker.ordinal > p.marker.ordinal + 1 {
                out.gaps.push(Gap {
                    kind,
                    missing: (p.marker.ordinal + 1..f.marker.ordinal).collect(),
                    after: p.marker.ordinal,
                    before: f.marker.ordinal,
                    region: p.pos..f.pos,
                });
            }
        }
        let end = filled.get(k + 1).map_or(series_end, |n| n.pos);
        let end = trim_end(text, f.pos, end);
        let after_marker = f.pos + f.marker.len;
        let line_end = text[after_marker..end]
            .find('\n')
            .map_or(end, |o| after_marker + o);
        let heading = heading_end(text, after_marker, line_end, 200, 200)
            .filter(|&e| e > after_marker)
            .map(|e| after_marker..e);
        let body_from = heading.as_ref().map_or(after_marker, |h| h.end);
        let measures = find_measures(doc, body_from..end);
        out.tasks.push(OutTask {
            section: scope.section,
            kind,
            ordinal: f.marker.ordinal,
            marker: Some(f.pos..after_marker),
            heading,
            measures,
            span: f.pos..end,
            group: scope.group,
            period: scope.period,
        });
        if !matches!(
            scope.group,
            Group::Review | Group::SelfConstruction | Group::LivelihoodProjects
        ) {
            nested_livelihood(doc, found, f.pos..end, body_from, kind, scope, out);
        }
        prev = Some(*f);
    }
}

/// A 民生实事 list nested in a task (…重点办好十件民生实事。⏎1、…⏎2、…): a series of another
/// numbering style at paragraph starts inside the task, led in by a livelihood word in
/// the task's heading or the paragraph before the list. Its items become tasks of their
/// own, of group livelihood_projects; other nested lists stay the task's text.
fn nested_livelihood(
    doc: Doc,
    found: &[MarkerHit],
    task: Range<usize>,
    body_from: usize,
    parent: MarkerKind,
    scope: ListScope,
    out: &mut Outline,
) {
    let text = doc.text;
    let lo = found.partition_point(|f| f.pos < body_from);
    let hi = found.partition_point(|f| f.pos < task.end).max(lo);
    let inside = &found[lo..hi];
    for kind in SERIES_ORDER.into_iter().filter(|&k| k != parent) {
        for items in series_of(inside, kind) {
            let lead = last_sentence(lead_text(text, items[0].pos, task.start));
            if items.len() < 2 || !list_groups::names_livelihood(lead) {
                continue;
            }
            let inner = ListScope {
                group: Group::LivelihoodProjects,
                period: None,
                ..scope
            };
            let filled = fill_gaps(inside, &items, kind);
            push_items(doc, inside, &filled, kind, task.end, inner, out);
        }
    }
}

/// Paragraph-start items of `kind` form the series; each new 1 starts a new series.
fn series_of(found: &[MarkerHit], kind: MarkerKind) -> Vec<Vec<MarkerHit>> {
    let mut series: Vec<Vec<MarkerHit>> = Vec::new();
    for f in found
        .iter()
        .filter(|f| f.para_start && f.marker.kind == kind)
    {
        let m = f.marker.ordinal;
        match series.last_mut() {
            Some(cur)
                if cur
                    .last()
                    .is_some_and(|l| m > l.marker.ordinal && m <= l.marker.ordinal + 3) =>
            {
                cur.push(*f)
            }
            _ if m == 1 => series.push(vec![*f]),
            _ => {}
        }
    }
    series
}

/// Topic headings (关于…的背景/要求/目标) are explanation, not work items.
fn is_topical(text: &str, items: &[MarkerHit]) -> bool {
    items.iter().all(|f| {
        let h = &text[f.pos + f.marker.len..];
        let h = &h[..h.find(stops(W::FullStop, true)).unwrap_or(h.len())];
        prefix(W::TopicOpener, h).is_some() && words().suffix_of(W::TopicEnd, h).is_some()
    })
}

/// The series with the items found at sentence starts between its paragraph-start items
/// (`found` is in text order).
fn fill_gaps(found: &[MarkerHit], items: &[MarkerHit], kind: MarkerKind) -> Vec<MarkerHit> {
    let mut filled: Vec<MarkerHit> = Vec::new();
    for (w, cur) in items.iter().enumerate() {
        filled.push(*cur);
        let Some(next) = items.get(w + 1) else {
            continue;
        };
        let mut expect = cur.marker.ordinal + 1;
        let from = found.partition_point(|f| f.pos <= cur.pos);
        let to = found.partition_point(|f| f.pos < next.pos).max(from);
        for f in found[from..to]
            .iter()
            .filter(|f| !f.para_start && f.marker.kind == kind)
        {
            if f.marker.ordinal >= expect && f.marker.ordinal < next.marker.ordinal {
                filled.push(*f);
                expect = f.marker.ordinal + 1;
            }
        }
    }
    filled
}

/// A numbered series inside one paragraph, after a lead-in that announces tasks
/// (部署了13项任务举措：一是…；二是…；).
fn inline_series(
    doc: Doc,
    body: &Range<usize>,
    section: Option<usize>,
    group: Group,
    out: &mut Outline,
) {
    let text = doc.text;
    for p in doc.segs.paragraphs_in(body) {
        let pt = &text[p.clone()];
        let Some(colon) = w(W::InlineListOpen).iter().find_map(|o| find::find(pt, o)) else {
            continue;
        };
        let lead = &pt[..colon];
        let lead = lead.rsplit(chars(W::FullStop)).next().unwrap_or(lead);
        if !any_in(W::InlineListLead, lead) {
            continue;
        }
        // Items start after the colon or a semicolon.
        let mut starts: Vec<(usize, Marker)> = Vec::new();
        let mut expect = 1;
        let mut i = colon + 1;
        while i < pt.len() {
            if let Some(m) =
                parse_marker(&pt[i..]).filter(|m| m.kind == MarkerKind::Shi && m.ordinal == expect)
            {
                starts.push((p.start + i, m));
                expect += 1;
            }
            match pt[i..].find(';') {
                Some(o) => i += o + 1,
                None => break,
            }
        }
        if starts.len() < 2 {
            continue;
        }
        let scope = list_scope(section, group, lead);
        for (k, (pos, m)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(p.end, |n| n.0);
            let after = pos + m.len;
            let hend = text[after..end]
                .find(chars(W::ItemHeadingEnd))
                .map_or(end, |o| after + o);
            out.tasks.push(OutTask {
                section,
                kind: MarkerKind::Shi,
                ordinal: m.ordinal,
                marker: Some(*pos..after),
                heading: (hend > after).then_some(after..hend),
                measures: Vec::new(),
                span: *pos..end,
                group: scope.group,
                period: scope.period,
            });
        }
    }
    out.tasks.sort_by_key(|t| t.span.start);
}

/// Sub-headings inside a task body: short comma-free sentences that open a run of
/// sentences expanding on them (either at a paragraph start or inside a paragraph).
fn find_measures(doc: Doc, body: Range<usize>) -> Vec<Range<usize>> {
    let text = doc.text;
    let mut out = Vec::new();
    let sents = doc.segs.sentences_in(text, &body);
    // The first sentence right after the heading is the task's introduction.
    for i in 0..sents.len() {
        let s = &sents[i];
        let t = &text[s.clone()];
        let Some(core) = w(W::FullStop).iter().find_map(|e| t.strip_suffix(e)) else {
            continue;
        };
        if !spans::chars_within(core, 4, 24)
            || core.contains(chars(W::MeasureStop))
            || core.chars().any(|c| c.is_ascii_digit())
            || prefix(W::MeasureNotOpener, core).is_some()
        {
            continue;
        }
        // It must open a run: the next sentence in the task expands on it.
        let Some(next) = sents.get(i + 1) else {
            continue;
        };
        let nt = &text[next.clone()];
        if !nt.contains(',') && spans::chars_within(nt, 0, 30) {
            continue;
        }
        out.push(s.start..s.start + core.len());
    }
    out
}

/// theme/focus of the 聚焦X，在Y上集中发力 and X，全面提升Y heading shapes.
pub fn theme_focus(heading: &str) -> Option<(Range<usize>, Range<usize>)> {
    let comma = heading.find(',')?;
    let (a, b) = (&heading[..comma], &heading[comma + 1..]);
    let b_off = comma + 1;
    if let Some(opener) = prefix(W::ThemeOpener, a) {
        let (t0, theme) = (opener.len(), &a[opener.len()..]);
        let place = prefix(W::ThemePlace, b)?;
        let rest = &b[place.len()..];
        let y_end = w(W::ThemePlaceEnd).iter().find_map(|e| rest.find(e))?;
        if !any_in(W::ThemeVerb, &rest[y_end..]) {
            return None;
        }
        let y0 = b_off + place.len();
        return Some((t0..t0 + theme.len(), y0..y0 + y_end));
    }
    for lead in w(W::FocusLead) {
        if let Some(focus) = b.strip_prefix(lead) {
            if !a.is_empty() && !focus.is_empty() && !focus.contains(',') {
                return Some((0..comma, b_off + lead.len()..heading.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let t = Classes::<W>::from_tsv("outline_words.tsv", EMBEDDED_TSV).unwrap();
        assert_eq!(t.get(W::Salutation), ["各位代表"]);
        // A digit's value is its place in the class.
        assert_eq!(
            t.chars(W::OrdinalDigit),
            ['一', '二', '三', '四', '五', '六', '七', '八', '九']
        );
        assert_eq!(t.get(W::OrdinalDigit).len(), 9);
        // The marker classes hold one word each (the parser uses the first).
        for c in [W::MarkerComma, W::MarkerShi, W::MarkerYao, W::MarkerDi] {
            assert_eq!(t.get(c).len(), 1, "{c:?}");
        }
        let shown: Vec<String> = [3, 10, 12, 20, 99, 100].map(cn_ordinal).into();
        assert_eq!(shown, ["三", "十", "十二", "二十", "九十九", "100"]);
        let read = ["九", "十", "十一", "三十", "二十三", "十十", "一二"].map(cn_value);
        assert_eq!(
            read,
            [Some(9), Some(10), Some(11), Some(30), Some(23), None, None]
        );
        assert_eq!(t.chars(W::HeadingStop), ['。', ',', ';', ':', '!', '?']);
        assert_eq!(t.chars(W::HeadingWeakStop), ['、']);
        // The classes read as character sets hold only characters.
        let sets = [
            W::HeadingStop,
            W::HeadingWeakStop,
            W::SentenceStop,
            W::LeadTrim,
            W::ClauseSep,
            W::LeadEnd,
            W::SentenceEnd,
            W::ItemClauseEnd,
            W::PastParticle,
            W::ItemHeadingEnd,
            W::FullStop,
            W::MeasureStop,
            W::OrdinalTen,
        ];
        for c in sets {
            assert_eq!(t.chars(c).len(), t.get(c).len(), "{c:?}");
        }
    }

    #[test]
    fn marker_shapes() {
        let m = parse_marker("二、“十四五”和2021年工作").unwrap();
        assert_eq!(
            (m.kind, m.ordinal, m.len),
            (MarkerKind::Top, 2, "二、".len())
        );
        let m = parse_marker("(十二)加强").unwrap();
        assert_eq!((m.kind, m.ordinal), (MarkerKind::Paren, 12));
        let m = parse_marker("九是聚焦安全稳定").unwrap();
        assert_eq!((m.kind, m.ordinal), (MarkerKind::Shi, 9));
        let m = parse_marker("第三,加快").unwrap();
        assert_eq!((m.kind, m.ordinal), (MarkerKind::Di, 3));
        let m = parse_marker("3.推进").unwrap();
        assert_eq!((m.kind, m.ordinal), (MarkerKind::Arabic, 3));
        assert!(parse_marker("3.5万亿元").is_none());
        assert!(parse_marker("一批项目").is_none());
        assert!(parse_marker("二十一世纪").is_none());
        assert_eq!(MarkerKind::Shi.render(5), "五是");
        assert_eq!(MarkerKind::Paren.render(12), "（十二）");
    }

    #[test]
    fn theme_and_focus() {
        let h = "聚焦创新驱动,在科技赋能上集中发力";
        let (t, f) = theme_focus(h).unwrap();
        assert_eq!((&h[t], &h[f]), ("创新驱动", "科技赋能"));
        let h = "忠诚履职,全面提升政治站位";
        let (t, f) = theme_focus(h).unwrap();
        assert_eq!((&h[t], &h[f]), ("忠诚履职", "政治站位"));
        assert!(theme_focus("扩大有效投资").is_none());
    }

    #[test]
    fn gap_in_shi_series_is_reported() {
        let t = "二、今年工作\n重点做好五个方面工作:\n一是聚焦甲,在乙上集中发力。正文一,正文。\n二是聚焦丙,在丁上集中发力。正文二,正文。加快建设。四是聚焦戊,在己上集中发力。正文,正文。\n五是聚焦庚,在辛上集中发力。正文,正文。\n三、政府建设\n一是忠诚,全面提升站位。\n二是依法,全面提升观念。";
        let o = outline(t, &Segments::new(t), Breaks::AsWritten, None);
        assert_eq!(o.sections.len(), 2);
        let ords: Vec<u32> = o.tasks.iter().map(|t| t.ordinal).collect();
        assert_eq!(ords, vec![1, 2, 4, 5, 1, 2]);
        assert_eq!(o.gaps.len(), 1);
        assert_eq!(o.gaps[0].missing, vec![3]);
    }
}
