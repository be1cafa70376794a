//! Projects: construction or investment undertakings a clause introduces for
//! implementation (plan part) or reports as started or done (review part), with a
//! project head noun (项目 / 工程 / 基地 / 产业园 / 园区 …, listed in `data/projects.tsv`).
//!
//! A clause is a project when its object phrase ends in a head noun that is named
//! (A、B等…项目), counted (N个…项目, 项目N个) or classed (产业类项目, 建链项目). Leverage
//! (依托…基地), designations (新增省级…园区, 创建…), policy programmes (人才…, umbrella
//! 工程 such as “菜篮子”工程 or 十大…工程) and generic mentions (上项目) are not. The
//! status comes from the verb: a status phrase after the head (…项目开工建设) wins over
//! the verb that opens the clause. A clause with two counted aggregates gives two
//! records. The clause after a project may carry its investment (完成投资N亿元), its
//! size (建筑面积…) or an elided subset (217个当年开工): [`read_follow_up`].
//!
//! Pure functions over the matching view; no I/O. The words are data
//! (`data/projects.tsv` via `project_words`, and the marks of `data/project_marks.tsv`
//! read here); this module holds the algorithm.

use std::ops::Range;

use std::sync::OnceLock;

use super::find;
use super::grammar_table::{self, word_classes, Classes};
use super::number::{self, Decimal};
use super::project_words::{words, Compiled};
use crate::model::{InvestmentBasis, ProjectStatus};

/// An investment figure as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Investment {
    pub value: Decimal,
    pub unit: String,
    /// The value in yuan, when the unit is known.
    pub base: Option<Decimal>,
    pub basis: InvestmentBasis,
}

/// An area or length of the works as printed (90公里, 28.5平方公里).
#[derive(Debug, Clone, PartialEq)]
pub struct Size {
    pub value: Decimal,
    pub unit: String,
}

/// A project a clause introduces or reports (canonical byte ranges).
#[derive(Debug, Clone)]
pub struct ProjectMention {
    pub clause: Range<usize>,
    pub names: Vec<Range<usize>>,
    pub head: Option<Range<usize>>,
    pub category: Option<String>,
    pub count: Option<u64>,
    pub investment: Option<Investment>,
    pub size: Option<Size>,
    pub status: Option<ProjectStatus>,
    pub status_raw: Option<String>,
    /// The clause opens with 其中, or counts a subset of the project before it.
    pub subset: bool,
    /// The clause has no governing verb of its own and no status of its own (it shares
    /// the previous clause's verb).
    pub verbless: bool,
}

word_classes! {
    /// The classes of `data/project_marks.tsv` (its header says what each means).
    enum M {
        ListSep = "list_sep",
        NameSep = "name_sep",
        Conj = "conj",
        Etc = "etc",
        QuoteOpen = "quote_open",
        QuoteClose = "quote_close",
        NestOpen = "nest_open",
        NestClose = "nest_close",
        CriteriaMark = "criteria_mark",
        Above = "above",
        Batch = "batch",
        Subset = "subset",
        Aspect = "aspect",
        WorksHead = "works_head",
        WorksNoun = "works_noun",
        ProgrammeHead = "programme_head",
        UmbrellaHead = "umbrella_head",
        CategoryHead = "category_head",
        CategoryStrip = "category_strip",
        UnderConstruction = "under_construction",
        ClassedTail = "classed_tail",
        Level = "level",
        LevelDemo = "level_demo",
        Demo = "demo",
        MarkerNumeral = "marker_numeral",
        CountNumeral = "count_numeral",
        CountCounter = "count_counter",
        CountUnit = "count_unit",
        CountLead = "count_lead",
        ThresholdLead = "threshold_lead",
        ThresholdClose = "threshold_close",
        BareMoney = "bare_money",
        Invest = "invest",
        AnnualInvest = "annual_invest",
        Approx = "approx",
        CurrencyEnd = "currency_end",
        SizeUnit = "size_unit",
        SizeLink = "size_link",
        SubsetTime = "subset_time",
    }
}

/// The embedded table of marks.
pub const MARKS_TSV: &str = include_str!("../../data/project_marks.tsv");

fn marks() -> &'static Classes<M> {
    static T: OnceLock<Classes<M>> = OnceLock::new();
    grammar_table::embedded(&T, "project_marks.tsv", MARKS_TSV)
}

fn m(c: M) -> &'static [&'static str] {
    marks().get(c)
}

fn mc(c: M) -> &'static [char] {
    marks().chars(c)
}

fn is(c: M, s: &str) -> bool {
    marks().is(c, s)
}

/// `s` without the first word of class `c` it starts with.
fn strip(c: M, s: &str) -> &str {
    m(c).iter()
        .find_map(|w| find::strip_prefix(s, w))
        .unwrap_or(s)
}

/// The byte length of the word of class `c` that `s` starts with (0 when none).
fn prefix_len(c: M, s: &str) -> usize {
    marks().prefix_of(c, s).map_or(0, str::len)
}

/// The byte length of the character at `i` of `s`.
fn char_len_at(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(0, char::len_utf8)
}

/// What the status phrase after a head says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TailStatus {
    /// No status verb after the head.
    Silent,
    /// One status (开工建设, 建成投用).
    Agreed(ProjectStatus),
    /// Verbs with different statuses (签约、开工、投产): the status is unknown.
    Mixed,
}

/// What follows a head noun that heads the phrase.
struct Tail {
    count_after: Option<u64>,
    status: TailStatus,
    /// A verb follows the head (建成投产, 落户).
    verb: bool,
}

/// The head noun chosen in a clause (byte offsets into the clause).
struct Head {
    at: usize,
    len: usize,
    count_after: Option<u64>,
    tail_status: TailStatus,
    tail_verb: bool,
}

/// The verb that opens the clause.
struct Lead {
    verb_end: usize,
    status: Option<ProjectStatus>,
    status_raw: Option<String>,
    subset: bool,
    designation: bool,
}

/// One aggregate of the object phrase (offsets into the clause).
#[derive(Default)]
struct Aggregate {
    names: Vec<Range<usize>>,
    count: Option<u64>,
    size: Option<Size>,
    threshold: Option<Investment>,
    class_start: usize,
}

/// Cheap gate: does the clause contain a project noun at all?
fn has_head_noun(c: &str) -> bool {
    static HEADS_GATE: super::cues::WordSet =
        super::cues::WordSet::from_table(super::cues::project_head_words);
    HEADS_GATE.any_in(c)
}

/// Reads one clause as a project introduction: no record, one, or one per aggregate.
pub fn read_clause(text: &str, clause: Range<usize>) -> Vec<ProjectMention> {
    match text.get(clause.clone()) {
        Some(c) if has_head_noun(c) => read_triggered(text, clause),
        _ => Vec::new(),
    }
}

/// [`read_clause`] for a clause already known to contain a project head noun (the
/// caller's trigger scan, `cues::Cues::PROJECT_HEAD`, uses the same words).
pub fn read_triggered(text: &str, clause: Range<usize>) -> Vec<ProjectMention> {
    let Some(c) = text.get(clause.clone()) else {
        return Vec::new();
    };
    let w = words();
    if opens_with_heading_marker(c) {
        return Vec::new();
    }
    // A not-project word that opens no later 、 item rejects the clause before the head
    // is looked for; one that does is judged once the head is known.
    let not_project: Vec<usize> = w.not_project.find_iter(c).map(|m| m.start()).collect();
    if not_project
        .iter()
        .any(|&at| !c[..at].ends_with(mc(M::ListSep)))
    {
        return Vec::new();
    }
    let Some(head) = choose_head(c, w) else {
        return Vec::new();
    };
    if speaks_of_no_project(&not_project, &head) {
        return Vec::new();
    }
    let lead = read_lead(c, w);
    if is_designation(c, &lead, &head) {
        return Vec::new();
    }
    let obj_range = lead.verb_end.min(head.at)..head.at;
    let mut aggs = read_object(c, obj_range.clone(), &head);
    // An unnamed, uncounted base or park is a project only under a verb (建设…基地);
    // 加强出口基地建设, 壮大…园区 speak of existing ones.
    let noun = &c[head.at..head.at + head.len];
    if lead.status_raw.is_none() && !head.tail_verb && !is(M::WorksHead, noun) {
        aggs.retain(|a| !a.names.is_empty() || a.count.is_some() || head.count_after.is_some());
    }
    if aggs.is_empty() || is_umbrella(c, obj_range, &head, w) {
        return Vec::new();
    }
    let base = clause.start;
    let invest = clause_investment(c);
    let size = find_size(c);
    let multi = aggs.len() > 1;
    aggs.into_iter()
        .map(|a| {
            let head_range = a.class_start..head.at + head.len;
            let (status, verbless) = status_of(c, &lead, &head, head_range.clone(), w);
            ProjectMention {
                clause: clause.clone(),
                names: a
                    .names
                    .iter()
                    .map(|r| base + r.start..base + r.end)
                    .collect(),
                head: Some(base + head_range.start..base + head_range.end)
                    .filter(|h| !h.is_empty()),
                category: category(c, head_range, &head, w),
                count: a.count.or(head.count_after.filter(|_| !multi)),
                investment: a.threshold.or_else(|| invest.clone()),
                size: a.size.or_else(|| size.clone().filter(|_| !multi)),
                status,
                status_raw: lead.status_raw.clone(),
                subset: lead.subset,
                verbless,
            }
        })
        .collect()
}

/// A not-project word (依托, 接入, 创建) at one of `starts` (each right after a 、) speaks
/// of the project unless it opens an item after the head: there it starts a verb phrase
/// of its own (建设…基地、培育…龙头、创建…品牌) and speaks of that item.
fn speaks_of_no_project(starts: &[usize], head: &Head) -> bool {
    starts.iter().any(|&at| at <= head.at + head.len)
}

/// A record that names works under construction: names under the head noun 工程 with
/// 建设 after it (抓好…畅通工程建设), not a programme carried out (实施…提升工程).
pub fn names_works(text: &str, f: &ProjectMention) -> bool {
    let Some(head) = f.head.clone() else {
        return false;
    };
    let noun = text.get(head.clone()).unwrap_or_default();
    let after = text.get(head.end..).unwrap_or_default();
    !f.names.is_empty()
        && marks().suffix_of(M::WorksNoun, noun).is_some()
        && marks().prefix_of(M::UnderConstruction, after).is_some()
}

/// The status of one record: the tail phrase, then a status word in the class
/// (在建项目), then the lead verb. Returns (status, verbless).
fn status_of(
    c: &str,
    lead: &Lead,
    head: &Head,
    class: Range<usize>,
    w: &Compiled,
) -> (Option<ProjectStatus>, bool) {
    match head.tail_status {
        TailStatus::Agreed(s) => return (Some(s), false),
        TailStatus::Mixed => return (None, false),
        TailStatus::Silent => {}
    }
    let class_text = &c[class];
    if let Some(v) = w
        .words
        .class_status
        .iter()
        .find(|v| find::contains(class_text, v.word))
    {
        return (v.status, false);
    }
    (
        lead.status,
        lead.status_raw.is_none() && lead.status.is_none(),
    )
}

/// The right-most head noun that heads the phrase: what follows it is nothing, a
/// count, a status phrase, or the next item of a list.
fn choose_head(c: &str, w: &Compiled) -> Option<Head> {
    find_heads(c, &w.words.heads)
        .into_iter()
        .find_map(|(at, len)| {
            read_tail(&c[at + len..], w).map(|t| Head {
                at,
                len,
                count_after: t.count_after,
                tail_status: t.status,
                tail_verb: t.verb,
            })
        })
}

/// What follows a head noun, if the noun heads the phrase.
fn read_tail(tail: &str, w: &Compiled) -> Option<Tail> {
    let (count_after, rest) = match parse_count_after(tail) {
        Some((n, len)) => (Some(n), &tail[len..]),
        None => (None, tail),
    };
    let rest = strip(M::Above, rest);
    let rest = strip(M::QuoteClose, rest);
    let rest = skip_size(rest);
    let stripped = strip_words(rest, &w.words.tails, &w.words.adverbs);
    let starts_verb = |s: &str| w.tail_verbs.find(s).is_some_and(|m| m.start() == 0);
    if stripped.is_empty() || starts_verb(stripped) || starts_verb(rest) {
        return Some(Tail {
            count_after,
            status: tail_status(rest, w),
            verb: starts_verb(stripped) || starts_verb(rest),
        });
    }
    let listed =
        stripped.starts_with(mc(M::ListSep)) && !stripped.contains(|ch: char| ch.is_ascii_digit());
    // …输变电工程等电网建设进度: the class of a named project follows it.
    let classed = stripped.starts_with(mc(M::Etc))
        && marks().any_in(M::ClassedTail, stripped)
        && stripped.chars().count() <= 10;
    let ok = listed || classed || stripped.starts_with(mc(M::Conj));
    ok.then_some(Tail {
        count_after,
        status: TailStatus::Silent,
        verb: false,
    })
}

/// The status of the verbs in a tail phrase.
fn tail_status(rest: &str, w: &Compiled) -> TailStatus {
    let mut out = TailStatus::Silent;
    for m in w.tail_verbs.find_iter(rest) {
        let Some(s) = w.words.tail_verbs[m.pattern().as_usize()].status else {
            continue;
        };
        out = match out {
            TailStatus::Silent => TailStatus::Agreed(s),
            TailStatus::Agreed(prev) if prev == s => out,
            // 前期工作顺利推进: the progress is the preparation's.
            TailStatus::Agreed(ProjectStatus::Planned) if s == ProjectStatus::Ongoing => out,
            _ => TailStatus::Mixed,
        };
    }
    out
}

/// Strips tail words and adverbs from the start, repeatedly.
fn strip_words<'a>(mut s: &'a str, tails: &[&str], adverbs: &[&str]) -> &'a str {
    loop {
        let before = s.len();
        for x in tails.iter().chain(adverbs) {
            s = find::strip_prefix(s, x).unwrap_or(s);
        }
        if s.len() == before {
            return s;
        }
    }
}

/// A heading's marker ((八), 三、) opens the clause: headings name themes, not projects.
fn opens_with_heading_marker(c: &str) -> bool {
    let numerals = mc(M::MarkerNumeral);
    let mut it = c.chars();
    match it.next() {
        Some('(') => {
            let inner: String = it.take_while(|ch| *ch != ')').collect();
            !inner.is_empty() && inner.chars().all(|ch| numerals.contains(&ch))
        }
        Some(ch) if numerals.contains(&ch) => {
            let rest: String = c
                .chars()
                .skip_while(|ch| numerals.contains(ch))
                .take(1)
                .collect();
            is(M::ListSep, &rest)
        }
        _ => false,
    }
}

/// The verb that opens the clause, after an item marker, 其中, a scope word and adverbs.
fn read_lead(c: &str, w: &Compiled) -> Lead {
    // An item marker (二是, 第三，, 1.) opens a list item, not the object.
    let item = super::outline::parse_marker(c).map_or(0, |m| m.len);
    let subset_len = prefix_len(M::Subset, &c[item..]);
    let subset = subset_len > 0;
    // 全年实施…项目, 全市新开工…项目: the scope is neither verb nor object.
    let after_subset = &c[item + subset_len..];
    let scope_len = w
        .words
        .scopes
        .iter()
        .find(|sc| find::starts_with(after_subset, sc))
        .map_or(0, |sc| sc.len());
    let lead = item + subset_len + scope_len;
    let mut vstart = lead;
    for adv in &w.words.adverbs {
        if find::starts_with(&c[vstart..], adv) {
            vstart += adv.len();
        }
    }
    let designation = w
        .words
        .designation
        .iter()
        .any(|d| find::starts_with(&c[vstart..], d));
    let verb = w
        .words
        .lead_verbs
        .iter()
        .find(|v| find::starts_with(&c[vstart..], v.word));
    match verb {
        Some(v) => Lead {
            // 实施了 (review): the aspect mark belongs to the verb.
            verb_end: vstart + v.word.len() + prefix_len(M::Aspect, &c[vstart + v.word.len()..]),
            status: v.status,
            status_raw: Some(c[lead..vstart + v.word.len()].to_string()),
            subset,
            designation,
        },
        None => Lead {
            verb_end: vstart,
            status: None,
            status_raw: None,
            subset,
            designation,
        },
    }
}

/// A title conferred, not works: 新增/培育 + a level word, or a 示范 base or park of a
/// level (省级“双创”示范基地) outside a named list.
fn is_designation(c: &str, lead: &Lead, head: &Head) -> bool {
    let level = marks().any_in(M::Level, c);
    let noun = &c[head.at..head.at + head.len];
    if lead.designation && (level || !is(M::WorksHead, noun)) {
        return true;
    }
    let leveled = marks().any_in(M::LevelDemo, c);
    leveled && marks().any_in(M::Demo, &c[..head.at]) && !c.contains(mc(M::Etc))
}

/// A policy programme named like works: an umbrella word in a 工程's name, a slogan
/// list in quotes (“大产业、大企业…”工程) or a count in words (十大…工程, 三大…基地).
fn is_umbrella(c: &str, obj: Range<usize>, head: &Head, w: &Compiled) -> bool {
    let noun = &c[head.at..head.at + head.len];
    if !is(M::ProgrammeHead, noun) {
        return false;
    }
    let name = &c[obj.start..head.at + head.len];
    let umbrella_head = is(M::UmbrellaHead, noun);
    if umbrella_head && w.umbrella.is_match(name) {
        return true;
    }
    let quoted = name
        .strip_suffix(noun)
        .is_some_and(|n| n.ends_with(mc(M::QuoteClose)));
    if umbrella_head && quoted {
        let open = name.rfind(mc(M::QuoteOpen)).unwrap_or(0);
        // A slogan list (“大产业、大企业…”工程, “粮头食尾”“农头工尾”工程).
        if name[open..].contains(mc(M::ListSep)) || adjacent_quotes(name) {
            return true;
        }
    }
    counted_in_words(name)
}

/// A closing quote right before an opening one (“粮头食尾”“农头工尾”).
fn adjacent_quotes(s: &str) -> bool {
    s.chars()
        .zip(s.chars().skip(1))
        .any(|(a, b)| mc(M::QuoteClose).contains(&a) && mc(M::QuoteOpen).contains(&b))
}

/// 十大, 三个, 十项 in a phrase without digits: an enumeration label.
fn counted_in_words(s: &str) -> bool {
    if s.contains(|ch: char| ch.is_ascii_digit()) {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(2)
        .any(|p| mc(M::CountNumeral).contains(&p[0]) && mc(M::CountCounter).contains(&p[1]))
}

/// The object phrase (between the verb and the head): one aggregate, or one per
/// counted item when several items of a 、 list are counted (30万亩…、98个…工程).
fn read_object(c: &str, obj: Range<usize>, head: &Head) -> Vec<Aggregate> {
    let o = &c[obj.clone()];
    let items = split_top(o, obj.start);
    let counted: Vec<&Range<usize>> = items
        .iter()
        .filter(|r| count_prefix(&c[(*r).clone()]).is_some() || size_at(&c[(*r).clone()]).is_some())
        .collect();
    if counted.len() >= 2 && !o.contains(mc(M::Etc)) {
        return counted
            .into_iter()
            .map(|r| {
                let mut a = Aggregate::default();
                read_class(c, r.clone(), &mut a);
                a
            })
            .collect();
    }
    read_single(c, obj, head).into_iter().collect()
}

/// One aggregate: A、B等[N个][class], or [threshold][N个][class], or a named project.
fn read_single(c: &str, obj: Range<usize>, head: &Head) -> Option<Aggregate> {
    let o = &c[obj.clone()];
    let mut a = Aggregate::default();
    if let Some(deng) = o.rfind(mc(M::Etc)) {
        let list_start = earlier_aggregate_end(o).unwrap_or(0);
        if list_start < deng {
            a.names = split_names(&o[list_start..deng], obj.start + list_start);
        }
        if a.names.is_empty() {
            return None;
        }
        read_class(c, obj.start + deng + char_len_at(o, deng)..obj.end, &mut a);
        return Some(a);
    }
    read_class(c, obj.clone(), &mut a);
    let class = &c[a.class_start..obj.end];
    let counted = a.count.is_some() || head.count_after.is_some();
    let last_item = class.rsplit(mc(M::ListSep)).next().unwrap_or(class);
    let quoted = class.contains(mc(M::QuoteOpen));
    let noun = &c[head.at..head.at + head.len];
    if !counted && last_item.chars().count() < 2 && !quoted && a.size.is_none() {
        return None;
    }
    let listed = class.contains(mc(M::NameSep));
    if class.chars().count() > if listed { 48 } else { 24 } {
        return None;
    }
    // A class by criteria (技术含量高、…污染少的项目) or by rank only (一批重点项目) is no
    // project.
    let ranked = words().words.ranks.contains(&class);
    let criteria = class
        .rfind(mc(M::CriteriaMark))
        .is_some_and(|p| class[..p].contains(mc(M::ListSep)));
    if !counted && !quoted && (criteria || ranked) {
        return None;
    }
    if !counted {
        if listed {
            a.names = split_names(class, a.class_start);
        } else if quoted || is(M::WorksNoun, noun) {
            a.names = std::iter::once(a.class_start..head.at + head.len).collect();
        }
    }
    let generic = a.names.is_empty() && !counted && a.class_start >= head.at;
    (!generic || c.contains(mc(M::QuoteOpen))).then_some(a)
}

/// Count, threshold and size at the start of a class phrase; sets `class_start`.
fn read_class(c: &str, r: Range<usize>, a: &mut Aggregate) {
    let mut at = r.start;
    for _ in 0..3 {
        let s = &c[at..r.end];
        if let Some((inv, len)) = threshold_at(s) {
            a.threshold = Some(inv);
            at += len;
        } else if let Some((n, len)) = count_prefix(s) {
            a.count = Some(n);
            at += len;
            at += prefix_len(M::Above, &c[at..r.end]);
        } else if let Some((size, len)) = size_at(s) {
            a.size = Some(size);
            at += len;
        } else if let Some(rest) = m(M::Batch).iter().find_map(|b| find::strip_prefix(s, b)) {
            at = r.end - rest.len();
        } else {
            break;
        }
    }
    a.class_start = at;
}

/// The end of an earlier aggregate in a list (洛阳等10个国家物流枢纽、商丘等…): names start
/// after the 、 that follows it.
fn earlier_aggregate_end(o: &str) -> Option<usize> {
    let last = o.rfind(mc(M::Etc))?;
    let first = o[..last].rfind(mc(M::Etc))?;
    let sep = first + o[first..last].rfind(mc(M::ListSep))?;
    Some(sep + char_len_at(o, sep))
}

/// Items of a 、 list outside quotes, as ranges offset by `base`.
fn split_top(o: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in o.char_indices() {
        if mc(M::NestOpen).contains(&ch) {
            depth += 1;
        } else if mc(M::NestClose).contains(&ch) {
            depth -= 1;
        } else if depth <= 0 && mc(M::ListSep).contains(&ch) {
            out.push(base + start..base + i);
            start = i + ch.len_utf8();
        }
    }
    out.push(base + start..base + o.len());
    out
}

/// A per-project threshold at the start: 50亿元以上, 亿元以上, 投资超亿元的, 投资超3000万元的.
fn threshold_at(s: &str) -> Option<(Investment, usize)> {
    let lead = prefix_len(M::ThresholdLead, s);
    let rest = &s[lead..];
    let (value, unit, base, len) = match number::parse_quantity(rest) {
        Some(q) if q.unit_text.ends_with(mc(M::CurrencyEnd)) => {
            (q.value, q.unit_text.clone(), q.value_in_base(), q.len)
        }
        _ => {
            let unit = marks().prefix_of(M::BareMoney, rest)?;
            // One of the unit, in yuan: the number parser's reading of 1亿元.
            let base = number::parse_quantity(&format!("1{unit}"))?.value_in_base();
            (Decimal::from_int(1), unit.to_string(), base, unit.len())
        }
    };
    let after = &rest[len..];
    let close = marks()
        .prefix_of(M::ThresholdClose, after)
        .map(str::len)
        .filter(|_| lead > 0 || prefix_len(M::Above, after) > 0)?;
    let inv = Investment {
        value,
        unit,
        base,
        basis: InvestmentBasis::Threshold,
    };
    Some((inv, lead + len + close))
}

/// The clause's own investment: 总投资N亿元 (total), 投资N亿元实施 (total), 完成投资N亿元
/// (the year's).
fn clause_investment(c: &str) -> Option<Investment> {
    let (p, word) = m(M::Invest)
        .iter()
        .find_map(|w| find::find(c, w).map(|p| (p, *w)))?;
    let basis = if marks().suffix_of(M::AnnualInvest, &c[..p]).is_some() {
        InvestmentBasis::Annual
    } else {
        InvestmentBasis::Total
    };
    money_at(&c[p + word.len()..], basis)
}

/// A money amount at the start of `s`, after 近 / 约 / 超.
fn money_at(s: &str, basis: InvestmentBasis) -> Option<Investment> {
    let s = strip(M::Approx, s);
    let q = number::parse_quantity(s).filter(|q| q.unit_text.ends_with(mc(M::CurrencyEnd)))?;
    Some(Investment {
        value: q.value,
        base: q.value_in_base(),
        unit: q.unit_text,
        basis,
    })
}

/// What a follow-up clause adds to the project before it.
pub enum FollowUp {
    /// The clause gave the investment or the size: more may follow.
    Attribute,
    /// The clause counts a subset of the project (217个当年开工).
    Subset(Box<ProjectMention>),
    /// Nothing: the project's clauses have ended.
    Nothing,
}

/// Reads the clause after a project clause of the same sentence: its investment
/// (完成投资362亿元, 总投资近400亿元), its size (建筑面积765万平方米) or an elided subset.
pub fn read_follow_up(text: &str, clause: Range<usize>, prev: &mut ProjectMention) -> FollowUp {
    let Some(c) = text.get(clause.clone()) else {
        return FollowUp::Nothing;
    };
    let w = words();
    for (lead, basis) in &w.words.invest_leads {
        if let Some(rest) = find::strip_prefix(c, lead) {
            match money_at(rest, *basis) {
                Some(inv) => {
                    prev.investment.get_or_insert(inv);
                    return FollowUp::Attribute;
                }
                None => continue,
            }
        }
    }
    if let Some(rest) = w
        .words
        .size_leads
        .iter()
        .find_map(|l| find::strip_prefix(c, l))
    {
        let rest = strip(M::SizeLink, rest);
        if let Some((size, _)) = size_at(rest) {
            prev.size.get_or_insert(size);
            return FollowUp::Attribute;
        }
    }
    match elided_subset(c, w) {
        Some((count, status)) => FollowUp::Subset(Box::new(ProjectMention {
            clause,
            names: Vec::new(),
            head: None,
            category: None,
            count: Some(count),
            investment: None,
            size: None,
            status,
            status_raw: None,
            subset: true,
            verbless: false,
        })),
        None => FollowUp::Nothing,
    }
}

/// `N个[当年|今年]开工`: a count and a status verb, nothing else.
fn elided_subset(c: &str, w: &Compiled) -> Option<(u64, Option<ProjectStatus>)> {
    let (n, len) = count_prefix(c)?;
    let mut rest = &c[len..];
    for p in m(M::SubsetTime) {
        rest = find::strip_prefix(rest, p).unwrap_or(rest);
    }
    let rest = strip_words(rest, &[], &w.words.adverbs);
    let m = w.tail_verbs.find(rest).filter(|m| m.start() == 0)?;
    let status = w.words.tail_verbs[m.pattern().as_usize()].status?;
    (m.end() == rest.len()).then_some((n, Some(status)))
}

/// An area or length at the start of `s`: (size, byte length).
fn size_at(s: &str) -> Option<(Size, usize)> {
    let q = number::parse_quantity(s)?;
    is(M::SizeUnit, &q.unit_text).then(|| {
        (
            Size {
                value: q.value,
                unit: q.unit_text.clone(),
            },
            q.len,
        )
    })
}

/// Skips an area or length right after the head (海塘安澜工程90公里).
fn skip_size(s: &str) -> &str {
    size_at(s).map_or(s, |(_, len)| &s[len..])
}

/// The first area or length in the clause that starts a number.
fn find_size(c: &str) -> Option<Size> {
    let b = c.as_bytes();
    (0..b.len())
        .filter(|&i| {
            b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.'))
        })
        .find_map(|i| size_at(&c[i..]).map(|(s, _)| s))
}

/// The printed classifier of a 项目 head: the class phrase without rank words,
/// status words, 一批 and 建设; None for other head nouns.
fn category(c: &str, head_range: Range<usize>, head: &Head, w: &Compiled) -> Option<String> {
    if !is(M::CategoryHead, &c[head.at..head.at + head.len]) {
        return None;
    }
    let mut s = c.get(head_range.start..head.at)?;
    for b in m(M::Batch) {
        s = find::trim_start_all(s, b);
    }
    for r in &w.words.ranks {
        s = find::strip_prefix(s, r).unwrap_or(s);
        s = find::strip_suffix(s, r).unwrap_or(s);
    }
    for v in &w.words.class_status {
        s = find::strip_prefix(s, v.word).unwrap_or(s);
    }
    for t in m(M::CategoryStrip) {
        s = find::trim_end_all(s, t);
    }
    let quote = |ch: char| mc(M::QuoteOpen).contains(&ch) || mc(M::QuoteClose).contains(&ch);
    let s = s.trim_matches(quote);
    (!s.is_empty() && s.chars().count() <= 12).then(|| s.to_string())
}

/// Every head-noun occurrence, right-most first (longest head at the same end).
fn find_heads(c: &str, heads: &[&str]) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = Vec::new();
    for h in heads {
        for p in find::find_iter(c, h) {
            all.push((p, h.len()));
        }
    }
    all.sort_by(|a, b| (b.0 + b.1).cmp(&(a.0 + a.1)).then(b.1.cmp(&a.1)));
    all.dedup_by_key(|x| x.0 + x.1);
    all
}

/// `N个` at the start of `s`: (N, byte length).
fn count_prefix(s: &str) -> Option<(u64, usize)> {
    let q = number::parse_quantity(s)?;
    if !is(M::CountUnit, &q.unit_text) {
        return None;
    }
    let n = q.value.to_string().parse::<u64>().ok()?;
    Some((n, q.len))
}

/// The count after the head: 项目330个, 项目总数达到37个, 项目数量力争达到50个以上.
fn parse_count_after(tail: &str) -> Option<(u64, usize)> {
    let mut s = tail;
    for p in m(M::CountLead) {
        s = find::strip_prefix(s, p).unwrap_or(s);
    }
    let skipped = tail.len() - s.len();
    let (n, len) = count_prefix(s)?;
    Some((n, skipped + len))
}

/// Splits a list of names at 、 and 和 (outside quotes) into ranges offset by `base`.
fn split_names(list: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut depth) = (0, 0i32);
    for (i, ch) in list.char_indices() {
        if mc(M::QuoteOpen).contains(&ch) {
            depth += 1;
        } else if mc(M::QuoteClose).contains(&ch) {
            depth -= 1;
        } else if depth <= 0 && mc(M::NameSep).contains(&ch) {
            if i > start {
                out.push(base + start..base + i);
            }
            start = i + ch.len_utf8();
        }
    }
    if start < list.len() {
        out.push(base + start..base + list.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_marks_are_valid() {
        let t = Classes::<M>::from_tsv("project_marks.tsv", MARKS_TSV).unwrap();
        assert_eq!(t.chars(M::ListSep), ['、']);
        assert!(t.is(M::SizeUnit, "平方公里"));
    }

    fn read(c: &str) -> Vec<ProjectMention> {
        read_clause(c, 0..c.len())
    }

    fn one(c: &str) -> ProjectMention {
        let mut v = read(c);
        assert_eq!(v.len(), 1, "{c}: {v:?}");
        v.remove(0)
    }

    fn names<'a>(c: &'a str, f: &ProjectMention) -> Vec<&'a str> {
        f.names.iter().map(|r| &c[r.clone()]).collect()
    }

    #[test]
    fn named_counted_and_classed_projects() {
        let c = "推进新能源特种车、江诚物流仓储产业园等137个产业类项目";
        let f = one(c);
        assert_eq!(f.count, Some(137));
        assert_eq!(f.category.as_deref(), Some("产业类"));
        assert_eq!(names(c, &f), vec!["新能源特种车", "江诚物流仓储产业园"]);

        let f = one("计划实施50亿元以上项目330个");
        assert_eq!(
            (f.count, f.status),
            (Some(330), Some(ProjectStatus::Planned))
        );
        let inv = f.investment.unwrap();
        assert_eq!(
            (inv.value.to_f64(), inv.basis),
            (50.0, InvestmentBasis::Threshold)
        );

        assert_eq!(read("科学有序推进“三百工程”").len(), 1);
        assert_eq!(one("重点实施92个产业链项目").count, Some(92));
    }

    #[test]
    fn review_statuses_come_from_the_tail() {
        let f = one("杭甬高速复线一期、甬金铁路等项目建成投用");
        assert_eq!(f.status, Some(ProjectStatus::Completed));
        let f = one("中航液压、国药长生、百克生物等项目开工建设");
        assert_eq!(f.status, Some(ProjectStatus::NewStart));
        let f = one("争取益阳电厂二期、长沙电厂、鲤鱼江B厂等项目开工");
        assert_eq!(f.status, Some(ProjectStatus::NewStart));
        let f = one("做好衡阳电厂、株洲B厂等项目前期工作");
        assert_eq!(f.status, Some(ProjectStatus::Planned));
        let f = one("有150个以上项目签约、开工、投产");
        assert_eq!((f.count, f.status, f.verbless), (Some(150), None, false));
        // 推进 after the head: under way; after 前期: the preparation is.
        let f = one("农村“六小工程”建设继续推进");
        assert_eq!(f.status, Some(ProjectStatus::Ongoing));
        let f = one("临潭中部片区供水工程顺利推进");
        assert_eq!(f.status, Some(ProjectStatus::Ongoing));
        let f = one("广澳港区三期工程前期工作加快推进");
        assert_eq!(f.status, Some(ProjectStatus::Planned));
        let f = one("48个在建项目共完成投资423亿元");
        assert_eq!(f.status, Some(ProjectStatus::Ongoing));
        assert_eq!(f.investment.unwrap().basis, InvestmentBasis::Annual);
    }

    #[test]
    fn two_aggregates_sizes_and_thresholds() {
        let v = read("启动实施了30万亩高标准粮田、98个万亩高产示范田建设工程");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].size.as_ref().map(|s| s.value.to_f64()), Some(30.0));
        assert_eq!(v[1].count, Some(98));
        let f = one("建成海塘安澜工程90公里");
        let s = f.size.unwrap();
        assert_eq!((s.value.to_f64(), s.unit.as_str()), (90.0, "公里"));
        let c = "大众发动机、丰田纺织、华信城轨等70多个投资超亿元的配套项目开工建设";
        let f = one(c);
        assert_eq!(f.count, Some(70));
        let inv = f.investment.unwrap();
        assert_eq!((inv.value.to_f64(), inv.unit.as_str()), (1.0, "亿元"));
        let c =
            "加快中国邮政国际航空枢纽、洛阳等10个国家物流枢纽、商丘等5个国家骨干冷链物流基地建设";
        let f = one(c);
        assert_eq!((names(c, &f), f.count), (vec!["商丘"], Some(5)));
    }

    #[test]
    fn follow_up_clauses() {
        let c = "实施长飞光纤科技园、电厂四期等203个重点项目,完成投资362亿元";
        let cut = c.find(',').unwrap();
        let mut f = one(&c[..cut]);
        assert!(matches!(
            read_follow_up(c, cut + 1..c.len(), &mut f),
            FollowUp::Attribute
        ));
        assert_eq!(f.investment.unwrap().basis, InvestmentBasis::Annual);
        let c = "217个当年开工";
        match read_follow_up(c, 0..c.len(), &mut one("引进亿元以上重大项目303个")) {
            FollowUp::Subset(s) => assert_eq!(
                (s.count, s.status, s.subset),
                (Some(217), Some(ProjectStatus::NewStart), true)
            ),
            _ => panic!("no subset"),
        }
    }

    #[test]
    fn not_projects() {
        for c in [
            "依托一汽奥迪新能源汽车基地",
            "推动工程建设项目全流程在线审批",
            "在新发展格局中找定位、抓机遇、聚要素、上项目",
            "抓实“152”项目集聚工程",
            "推进省级“双创”示范基地建设",
            "探索产业园区定向增发、纾困基金、企业债等融资方式",
            "围绕实施“万千百”工程",
            "抓好“菜篮子”工程",
            "着力实施“十项重大工程”",
            "实施“大产业、大企业、大园区”工程",
            "新增省级产业基地3个",
            "严格控制“两高”项目",
            "实施外贸主体培育工程",
            "实施“粮头食尾”“农头工尾”工程",
            "完善项目推进机制",
            "组织开展“项目推进年”活动",
            "推动大宗货物年运量150万吨以上的物流园区、工矿企业、港口码头接入铁路专用线或管道",
        ] {
            assert!(read(c).is_empty(), "{c}");
        }
    }

    #[test]
    fn a_not_project_word_opening_a_later_item_speaks_of_that_item() {
        let c = "集中力量建设优质农副产品基地、培育农业产业化龙头、创建农产品加工品牌";
        assert_eq!(one(c).head.map(|h| &c[h]), Some("优质农副产品基地"));
    }

    #[test]
    fn named_works_under_construction() {
        let c = "二是继续抓好农村公路通达和洞庭湖区畅通工程建设";
        let f = one(c);
        assert_eq!(names(c, &f), vec!["农村公路通达", "洞庭湖区畅通"]);
        assert!(names_works(c, &f));
        let c = "实施现代种业提升工程";
        assert!(read(c).iter().all(|f| !names_works(c, f)), "{c}");
    }
}
