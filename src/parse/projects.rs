//! Projects: construction or investment undertakings a clause introduces for
//! implementation, with head noun 项目 / 工程 / 基地 / 产业园 / 园区.
//!
//! A clause is a project when its object phrase ends in a project noun that is named
//! (A、B等…项目), counted (N个…项目, 项目N个) or classed (产业类项目, 建链项目). Leverage
//! (依托…基地), designations (创建…, 省级…示范基地), programmes (人才…工程) and generic
//! mentions (上项目) are not. Pure functions over the matching view; no I/O.

use std::ops::Range;

use super::cues::{WordSet, PROJECT_HEAD_WORDS};
use super::find;

use super::number;

#[derive(Debug, Clone)]
pub struct Found {
    pub clause: Range<usize>,
    pub names: Vec<Range<usize>>,
    pub head: Option<Range<usize>>,
    pub category: Option<String>,
    pub count: Option<u64>,
    pub investment: Option<(number::Decimal, String, Option<number::Decimal>)>,
    pub investment_is_threshold: bool,
    pub status: Option<&'static str>,
    pub status_raw: Option<String>,
    /// The clause opens with 其中: a subset of the previous project.
    pub subset: bool,
    /// The clause has no governing verb of its own (it shares the previous clause's).
    pub verbless: bool,
}

const HEADS: &[&str] = &[
    "项目",
    "工程",
    "基地",
    "产业园",
    "园区",
    "创投园",
    "物流园",
    "科技园",
    "工业园",
];

/// Verbs that introduce a project and the status they give, longest first.
const VERBS: &[(&str, Option<&str>)] = &[
    ("计划实施", Some("planned")),
    ("加快实施", Some("ongoing")),
    ("加快推进", Some("ongoing")),
    ("加快建设", Some("ongoing")),
    ("续建", Some("ongoing")),
    ("新开工", Some("new_start")),
    ("开工建设", Some("new_start")),
    ("开工", Some("new_start")),
    ("启动实施", Some("new_start")),
    ("启动", Some("new_start")),
    ("建成投用", Some("completed")),
    ("建成", Some("completed")),
    ("竣工", Some("completed")),
    ("完成", Some("completed")),
    ("争取", Some("planned")),
    ("谋划", Some("planned")),
    ("储备", Some("planned")),
    ("加快", Some("ongoing")),
    ("重点实施", None),
    ("重点抓好", None),
    ("深入实施", None),
    ("着力推进", None),
    ("全力推动", None),
    ("推进", None),
    ("实施", None),
    ("推动", None),
    ("支持", None),
    ("落实", None),
    ("抓好", None),
    ("建设", None),
    ("打造", None),
];

/// Words that make a clause not a project introduction.
const NOT_PROJECT: &[&str] = &[
    "依托",
    "围绕",
    "创建",
    "争创",
    "人才",
    "集聚",
    "团队",
    "审批",
    "融资",
    "招商引资",
    "引进",
    "系统工程",
    "民心工程",
    "德政工程",
    "希望工程",
    "一把手工程",
    "工程师",
    "入选",
    "上榜",
    "获评",
    "获批",
    "评为",
    "认定",
    "荣获",
    "成效",
];

static NOT_PROJECT_WORDS: WordSet = WordSet::new(NOT_PROJECT);

/// Suffixes allowed after the head noun (the noun must head the object phrase).
const TAILS: &[&str] = &[
    "",
    "建设",
    "建设计划",
    "前期工作",
    "开工",
    "落地",
    "投产",
    "加快建设",
    "竣工",
    "”",
];

/// Cheap gate: does the clause contain a project noun at all?
fn has_head_noun(c: &str) -> bool {
    static HEADS_GATE: WordSet = WordSet::new(PROJECT_HEAD_WORDS);
    HEADS_GATE.any_in(c)
}

/// Reads one clause as a project introduction.
pub fn read_clause(text: &str, clause: Range<usize>) -> Option<Found> {
    if !has_head_noun(text.get(clause.clone())?) {
        return None;
    }
    read_triggered(text, clause)
}

/// [`read_clause`] for a clause already known to contain a project head noun (the
/// caller's trigger scan, `cues::Cues::PROJECT_HEAD`, uses the same words).
pub fn read_triggered(text: &str, clause: Range<usize>) -> Option<Found> {
    let c = &text[clause.clone()];
    // The last project noun that heads the phrase (the right-most one whose tail is
    // allowed: 项目进入国家项目库 heads at the first 项目).
    let (h_at, h_len, count_after) = find_heads(c).into_iter().find_map(|(at, len)| {
        let tail = &c[at + len..];
        let count_after = parse_count_after(tail);
        let ok = TAILS.contains(&tail)
            || count_after.is_some()
            || tail.starts_with('、') && !tail.contains(|ch: char| ch.is_ascii_digit())
            || tail.starts_with('和')
            || tail.starts_with("进入")
            || tail.starts_with('”');
        ok.then_some((at, len, count_after))
    })?;
    if NOT_PROJECT_WORDS.any_in(c) {
        return None;
    }
    if (find::contains(c, "省级") || find::contains(c, "国家级"))
        && !c[..h_at].ends_with('项')
        && !c.contains('等')
    {
        return None;
    }
    // Verb.
    let mut verb_end = 0;
    let mut status = None;
    let mut status_raw = None;
    let subset = c.starts_with("其中");
    let lead = if subset { "其中".len() } else { 0 };
    // Adverbs before the verb: 积极, 全力, 科学有序 …
    let mut vstart = lead;
    for adv in [
        "积极争取和",
        "积极",
        "全力",
        "科学有序",
        "大力",
        "着力",
        "持续",
        "重点",
        "深入",
        "有序",
        "加快推进",
    ] {
        if c[vstart..].starts_with(adv) && adv != "加快推进" {
            vstart += adv.len();
        }
    }
    for (v, s) in VERBS {
        if c[vstart..].starts_with(v) {
            verb_end = vstart + v.len();
            status = *s;
            status_raw = Some(c[lead..verb_end].to_string());
            break;
        }
    }
    if subset && c[lead..].starts_with("新开工") {
        status = Some("new_start");
        status_raw = Some("新开工".to_string());
    }
    let verbless = status_raw.is_none();
    // The object phrase: after the verb, up to the head.
    let obj = &c[verb_end..h_at];
    let head_start;
    let mut names = Vec::new();
    let mut count = None;
    let mut investment = None;
    let mut threshold = false;
    if let Some(deng) = obj.rfind('等') {
        // A、B等[N个][class]项目
        let list = &obj[..deng];
        let mut class_start = deng + '等'.len_utf8();
        if let Some((n, len)) = count_prefix(&obj[class_start..]) {
            count = Some(n);
            class_start += len;
        }
        if obj[class_start..].starts_with("一批") {
            class_start += "一批".len();
        }
        head_start = verb_end + class_start;
        names = split_names(list, clause.start + verb_end);
        if names.is_empty() {
            return None;
        }
    } else {
        // [N个][class]项目 / 项目N个 / a named project: 城市“双修”工程.
        let mut s = 0;
        let mut obj_t = obj;
        // An investment threshold: 50亿元以上项目.
        if let Some(q) = number::parse_quantity(obj_t).filter(|q| q.unit_text.contains('元')) {
            let rest = &obj_t[q.len..];
            if rest.starts_with("以上") {
                investment = Some((q.value, q.unit_text.clone(), q.value_in_base()));
                threshold = true;
                s += q.len + "以上".len();
                obj_t = &obj[s..];
            }
        }
        if let Some((n, len)) = count_prefix(obj_t) {
            count = Some(n);
            s += len;
        }
        let class = &obj[s..];
        // A class must say something: more than a bare verb (上项目, 抓项目).
        let last_item = class.rsplit('、').next().unwrap_or(class);
        let class_chars = class.chars().count();
        let quoted = class.contains('“');
        if count.is_none() && count_after.is_none() && last_item.chars().count() < 2 && !quoted {
            return None;
        }
        let listed = class.contains('、') || class.contains('和');
        if class_chars > if listed { 48 } else { 24 } {
            return None;
        }
        head_start = verb_end + s;
        if count.is_none() && count_after.is_none() {
            // A single named project or a named class.
            if class.contains('、') || class.contains('和') {
                names = split_names(class, clause.start + verb_end + s);
            } else if quoted || h_len == "工程".len() {
                names = std::iter::once(clause.start + head_start..clause.start + h_at + h_len)
                    .collect();
            }
        }
    }
    if count.is_none() {
        count = count_after;
    }
    // The generic 项目 of a verb phrase with nothing before it.
    if names.is_empty() && count.is_none() && head_start >= h_at && !c.contains('“') {
        return None;
    }
    let head = clause.start + head_start..clause.start + h_at + h_len;
    let head_text = &text[head.clone()];
    let category = head_text
        .strip_suffix(&c[h_at..h_at + h_len])
        .map(|s| {
            find::trim_end_all(find::trim_start_all(s, "一批"), "建设").trim_matches(['“', '”'])
        })
        .filter(|s| !s.is_empty() && s.chars().count() <= 12)
        .map(str::to_string);
    // Explicit investment: 总投资N亿元.
    if investment.is_none() {
        if let Some(p) = find::find(c, "投资") {
            let rest = &c[p + "投资".len()..];
            if let Some(q) = number::parse_quantity(rest).filter(|q| q.unit_text.contains('元')) {
                investment = Some((q.value, q.unit_text.clone(), q.value_in_base()));
            }
        }
    }
    Some(Found {
        clause,
        names,
        head: Some(head).filter(|h| !h.is_empty()),
        category,
        count,
        investment,
        investment_is_threshold: threshold,
        status,
        status_raw,
        subset,
        verbless,
    })
}

/// Every head-noun occurrence, right-most first (longest head at the same end).
fn find_heads(c: &str) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = Vec::new();
    for h in HEADS {
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
    if q.unit_text != "个" && q.unit_text != "项" && q.unit_text != "批" {
        return None;
    }
    let n = q.value.to_string().parse::<u64>().ok()?;
    Some((n, q.len))
}

/// `项目N个` tail: the count after the head.
fn parse_count_after(tail: &str) -> Option<u64> {
    let (n, len) = count_prefix(tail)?;
    (len == tail.len() || tail[len..].starts_with('以')).then_some(n)
}

/// Splits a list of names at 、 and 和 into canonical ranges.
fn split_names(list: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes_len = list.len();
    let mut i = 0;
    while i < bytes_len {
        let rest = &list[i..];
        let sep = if rest.starts_with('、') {
            Some('、'.len_utf8())
        } else if rest.starts_with('和') && !list[..i].ends_with('“') {
            Some('和'.len_utf8())
        } else {
            None
        };
        match sep {
            Some(l) => {
                if i > start {
                    out.push(base + start..base + i);
                }
                start = i + l;
                i += l;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if start < bytes_len {
        out.push(base + start..base + bytes_len);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(c: &str) -> Option<Found> {
        read_clause(c, 0..c.len())
    }

    #[test]
    fn named_counted_and_classed_projects() {
        let c = "推进新能源特种车、江诚物流仓储产业园等137个产业类项目";
        let f = read(c).unwrap();
        assert_eq!(f.count, Some(137));
        assert_eq!(f.category.as_deref(), Some("产业类"));
        let names: Vec<&str> = f.names.iter().map(|r| &c[r.clone()]).collect();
        assert_eq!(names, vec!["新能源特种车", "江诚物流仓储产业园"]);

        let c = "计划实施50亿元以上项目330个";
        let f = read(c).unwrap();
        assert_eq!((f.count, f.status), (Some(330), Some("planned")));
        assert!(f.investment_is_threshold);

        let c = "科学有序推进“三百工程”";
        assert!(read(c).is_some());
        let c = "重点实施92个产业链项目";
        assert_eq!(read(c).unwrap().count, Some(92));
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
        ] {
            assert!(read(c).is_none(), "{c}");
        }
    }
}
