//! Report metadata read from the text: title, region, administrative level, the year
//! planned for, date of delivery, speaker, and whether the document is a report at all.
//!
//! Values stated in the text win; the caller's hints (corpus fields, file path) fill
//! what the text leaves open, and every value says where it came from. Pure functions
//! over the matching view; no I/O. The words are data (`data/region_words.tsv`, read
//! here once and shared with `places`); this module holds the algorithm.

use std::ops::Range;
use std::sync::OnceLock;

use super::find;
use super::grammar_table::{self, word_classes, Classes};

use crate::model::{AdminLevel, DocKind, Provenance};

/// What the corpus or the path says about a report (filled by the caller).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub title: Option<String>,
    pub year: Option<i32>,
    pub region: Option<String>,
    pub admin_level: Option<AdminLevel>,
    pub delivered_on: Option<String>,
    /// Where region/year/level hints came from (Metadata or Path).
    pub region_source: Option<Provenance>,
    pub year_source: Option<Provenance>,
}

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub doc_kind: Option<DocKind>,
    pub title: Option<(String, Provenance)>,
    /// Canonical byte range of the title line when it is in the text.
    pub title_range: Option<std::ops::Range<usize>>,
    pub region: Option<(String, Provenance)>,
    pub admin_level: Option<(AdminLevel, Provenance)>,
    pub year: Option<(i32, Provenance)>,
    pub delivered_on: Option<(String, Provenance)>,
    pub speaker: Option<(String, Provenance)>,
}

word_classes! {
    /// The classes of `data/region_words.tsv` (its header says what each means).
    pub(crate) enum R {
        Office = "office",
        OfficeNextLine = "office_next_line",
        Municipality = "municipality",
        NationalName = "national_name",
        NationalWord = "national_word",
        NationalInTitle = "national_in_title",
        NationalTitleStart = "national_title_start",
        NationalOpening = "national_opening",
        ProvinceEnd = "province_end",
        PrefectureEnd = "prefecture_end",
        CountyEnd = "county_end",
        PrefectureShortEnd = "prefecture_short_end",
        Autonomous = "autonomous",
        AutonomousPrefecture = "autonomous_prefecture",
        CitySuffix = "city_suffix",
        RegionStemEnd = "region_stem_end",
        DoubledLevel = "doubled_level",
        BareLevel = "bare_level",
        ReportTitle = "report_title",
        TitleWord = "title_word",
        Government = "government",
        OpeningRepresent = "opening_represent",
        OpeningGovernment = "opening_government",
        HeadNational = "head_national",
        HeadPrefecture = "head_prefecture",
        HeadProvince = "head_province",
        HeadCounty = "head_county",
        ResolutionHead = "resolution_head",
        ResolutionTitle = "resolution_title",
        ResolutionHearing = "resolution_hearing",
        Caption = "caption",
        Congress = "congress",
        NationalCongress = "national_congress",
        Session = "session",
        CongressLineEnd = "congress_line_end",
        HeaderBreak = "header_break",
        DateLine = "date_line",
        Term = "term",
        Ordinal = "ordinal",
        YearMark = "year_mark",
        MonthMark = "month_mark",
        DayMark = "day_mark",
        TitleYearClose = "title_year_close",
        SentenceMark = "sentence_mark",
        FullStop = "full_stop",
        TitleLead = "title_lead",
        ReviewHeading = "review_heading",
        PlanHeading = "plan_heading",
        CongressNameStop = "congress_name_stop",
        InstitutionNameStop = "institution_name_stop",
        CityInstitution = "city_institution",
        ProvinceUsage = "province_usage",
        CityUsage = "city_usage",
        PlaceTableEnd = "place_table_end",
    }
}

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/region_words.tsv");

/// The region words, read and validated once (shared with `places`).
pub(crate) fn region_words() -> &'static Classes<R> {
    static T: OnceLock<Classes<R>> = OnceLock::new();
    grammar_table::embedded(&T, "region_words.tsv", EMBEDDED_TSV)
}

/// The words of class `c`.
pub(crate) fn rw(c: R) -> &'static [&'static str] {
    region_words().get(c)
}

/// The one-character words of class `c`.
pub(crate) fn rc(c: R) -> &'static [char] {
    region_words().chars(c)
}

/// The first word of class `c` (a class of one word names one thing: 全国, 市).
fn the(c: R) -> &'static str {
    rw(c).first().copied().unwrap_or_default()
}

fn any_in(c: R, s: &str) -> bool {
    rw(c).iter().any(|w| s.contains(w))
}

fn ends(c: R, s: &str) -> bool {
    region_words().suffix_of(c, s).is_some()
}

fn starts(c: R, s: &str) -> bool {
    region_words().prefix_of(c, s).is_some()
}

/// `s` with each word of class `c` trimmed from its end, in table order.
fn trim_end_each(c: R, s: &str) -> &str {
    rw(c).iter().fold(s, |t, w| t.trim_end_matches(w))
}

/// The administrative level a region name implies.
pub fn level_of_region(region: &str) -> Option<AdminLevel> {
    if region == the(R::NationalName) || any_in(R::NationalWord, region) {
        return Some(AdminLevel::National);
    }
    if region_words().is(R::Municipality, region) || ends(R::ProvinceEnd, region) {
        return Some(AdminLevel::Province);
    }
    // A bare 广州 / 徐州 is a city name without its 市; only 自治州 is a level by itself.
    if ends(R::PrefectureEnd, region) {
        return Some(AdminLevel::Prefecture);
    }
    if ends(R::CountyEnd, region) {
        return Some(AdminLevel::County);
    }
    None
}

fn first_lines(text: &str, n: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut off = 0;
    text.split('\n')
        .map(move |l| {
            let o = off;
            off += l.len() + 1;
            (o, l)
        })
        .take(n)
}

/// A first line longer than this (in chars) is a text without line breaks.
const ONE_LINE_HEAD_CHARS: usize = 200;
/// How far into such a line the header is looked for (in chars).
const ONE_LINE_HEADER_CHARS: usize = 300;

/// The header lines of `text`: its first `n` lines, or, when it opens with one long line (a
/// text without line breaks), the opening of that line cut where header lines would end:
/// before a header_break word (——, 各位代表) and after a congress_line_end word (会议上).
/// Offsets are into `text`.
fn header_pieces(text: &str, n: usize) -> Vec<(usize, &str)> {
    let lines: Vec<(usize, &str)> = first_lines(text, n).collect();
    let Some(&(_, first)) = lines.first() else {
        return lines;
    };
    if first.chars().nth(ONE_LINE_HEAD_CHARS).is_none() {
        return lines;
    }
    let head_end = first
        .char_indices()
        .nth(ONE_LINE_HEADER_CHARS)
        .map_or(first.len(), |(i, _)| i);
    let head = &first[..head_end];
    let mut cuts: Vec<usize> = Vec::new();
    for w in rw(R::HeaderBreak) {
        cuts.extend(find::find_iter(head, w));
    }
    for w in rw(R::CongressLineEnd) {
        cuts.extend(find::find_iter(head, w).map(|p| p + w.len()));
    }
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut from = 0;
    for c in cuts {
        if c > from {
            pieces.push((from, &first[from..c]));
            from = c;
        }
    }
    pieces.push((from, &first[from..]));
    pieces
}

/// A four-digit year at the start of `s` followed by 年: (year, bytes read).
pub(crate) fn year_prefix(s: &str) -> Option<(i32, usize)> {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let mark = region_words().prefix_of(R::YearMark, s.get(4..)?);
    if let Some(mark) = mark.filter(|_| d.len() == 4) {
        d.parse().ok().map(|y| (y, 4 + mark.len()))
    } else {
        None
    }
}

/// Region named by a title: 辽源市人民政府工作报告 → 辽源市; 2026年北京市政府工作报告 → 北京市.
pub fn region_from_title(title: &str) -> Option<String> {
    let t = rw(R::TitleLead)
        .iter()
        .fold(title, |t, w| t.trim_start_matches(w))
        .trim();
    let t = match year_prefix(t) {
        Some((_, len)) => &t[len..],
        None => t,
    };
    if any_in(R::NationalInTitle, t) || starts(R::NationalTitleStart, t) {
        return Some(the(R::NationalName).to_string());
    }
    for end in rw(R::ReportTitle) {
        if let Some(p) = t.find(end) {
            let mut r = &t[..p];
            // 陕西省2026年政府工作报告
            if let Some(stripped) = r.strip_suffix(rc(R::YearMark)) {
                let d = stripped.len().saturating_sub(4);
                if stripped.is_char_boundary(d) && stripped[d..].bytes().all(|b| b.is_ascii_digit())
                {
                    r = &stripped[..d];
                }
            }
            // 湖北省政府2021年政府工作报告
            let r = trim_end_each(R::Government, r);
            let bare = region_words().is(R::BareLevel, r);
            if (2..=10).contains(&r.chars().count()) && r.chars().all(is_cjk) && !bare {
                return Some(r.to_string());
            }
        }
    }
    None
}

/// Is the clause the delivery line (——2024年2月2日在河池市第五届人民代表大会第五次会议上)?
/// Its date is metadata, never a figure (2 月, 2 日).
pub fn is_delivery_clause(c: &str) -> bool {
    any_in(R::Congress, c) && any_in(R::Session, c) && has_date(c)
}

/// A date M月D日 (with or without its year, spaces ignored, in digits or numerals)
/// anywhere in `s`.
fn has_date(s: &str) -> bool {
    let squeezed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let month_mark = rc(R::MonthMark);
    squeezed
        .split(month_mark)
        .skip(1)
        .zip(squeezed.split(month_mark))
        .any(|(after, before)| {
            let month = before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || super::canon::is_cn_digit(c));
            date_number(after).is_some_and(|(_, l)| after[l..].starts_with(rc(R::DayMark))) && month
        })
}

/// A month or day number at the start of `s`, in digits or numerals (1, 10, 一, 二十二):
/// (value, bytes read).
fn date_number(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return Some((s[..digits].parse().ok()?, digits));
    }
    let numerals = s
        .char_indices()
        .take_while(|&(_, c)| super::canon::is_cn_digit(c))
        .last()
        .map(|(p, c)| p + c.len_utf8())?;
    let (v, l) = super::number::parse_number(&s[..numerals])?;
    let v = v.to_f64();
    (l == numerals && v.fract() == 0.0 && (1.0..=31.0).contains(&v)).then_some((v as u32, l))
}

/// YYYY年M月D日 at the start of `s` (the month and day also in numerals, 一月十八日; the
/// view has the year in digits): ("YYYY-MM-DD", year).
fn date_at(s: &str) -> Option<(String, i32)> {
    let (y, l) = year_prefix(s)?;
    let rest = &s[l..];
    let (m, ml) = date_number(rest)?;
    let rest = rest[ml..].strip_prefix(rc(R::MonthMark))?;
    let (d, dl) = date_number(rest)?;
    rest[dl..].strip_prefix(rc(R::DayMark))?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((format!("{y:04}-{m:02}-{d:02}"), y))
}

/// Reads the metadata of a report from its matching view. `front_title` is the
/// canonical range of a front matter `title:` value (a field of the collection).
pub fn read(text: &str, front_title: Option<Range<usize>>, hints: &Hints) -> Meta {
    let mut meta = Meta::default();
    let head: String = text.chars().take(400).collect();

    // Resolutions travel with reports in national corpora.
    let is_resolution = any_in(R::ResolutionHead, &head)
        || hints
            .title
            .as_deref()
            .is_some_and(|t| any_in(R::ResolutionTitle, t))
        || any_in(R::ResolutionHearing, &head) && text.chars().count() < 3000;
    meta.doc_kind = Some(if is_resolution {
        DocKind::Resolution
    } else {
        DocKind::Report
    });
    if let Some(r) = front_title.filter(|r| r.end <= text.len() && r.start < r.end) {
        meta.title = Some((text[r.clone()].to_string(), Provenance::Metadata));
        meta.title_range = Some(r);
    }
    header_lines(text, &mut meta);
    if meta.speaker.is_none() {
        meta.speaker = speaker_from_caption(text);
    }
    if meta.title.is_none() {
        if let Some(t) = &hints.title {
            meta.title = Some((t.clone(), Provenance::Metadata));
        }
    }
    read_region(text, &head, hints, &mut meta);
    read_year(text, hints, &mut meta);
    if meta.delivered_on.is_none() {
        if let Some(d) = &hints.delivered_on {
            meta.delivered_on = Some((d.clone(), Provenance::Metadata));
        }
    }
    meta
}

/// Title, date and speaker from the first lines of the text.
fn header_lines(text: &str, meta: &mut Meta) {
    let mut after_congress = false;
    for (off, line) in header_pieces(text, 32) {
        let n = line.chars().count();
        let titled = any_in(R::TitleWord, line) && !line.contains(rc(R::FullStop));
        if meta.title.is_none() && n <= 40 && titled {
            meta.title = Some((line.to_string(), Provenance::Text));
            meta.title_range = Some(off..off + line.len());
        }
        let from_title = meta.title_range.as_ref().is_some_and(|r| r.start == off);
        let src = if from_title {
            meta.title.as_ref().map_or(Provenance::Text, |t| t.1)
        } else {
            Provenance::Text
        };
        // (2021年1月25日 张涛) after a title or on a line of its own.
        if n <= 60 {
            if let Some((date, name)) = dated_byline(line) {
                meta.delivered_on.get_or_insert((date, src));
                if let Some(name) = name {
                    meta.speaker.get_or_insert((name, src));
                }
            }
        }
        if meta.delivered_on.is_none() && n <= 60 {
            let l = line.trim_start_matches(['—', '-', '─']);
            if let Some(p) = l.find(|c: char| c.is_ascii_digit()) {
                if let Some((date, _)) = date_at(&l[p..]) {
                    if any_in(R::DateLine, l) {
                        meta.delivered_on = Some((date, Provenance::Text));
                    }
                }
            }
        }
        if meta.speaker.is_none() && n <= 20 {
            meta.speaker = speaker_line(text, off, line).map(|s| (s, Provenance::Text));
        }
        if meta.speaker.is_none() && after_congress {
            meta.speaker = name_line(line).map(|s| (s, Provenance::Text));
        }
        let l = line.trim().trim_matches('*');
        if !l.is_empty() {
            after_congress =
                any_in(R::Congress, l) && rw(R::CongressLineEnd).iter().any(|e| l.ends_with(e));
        }
    }
}

/// A line that holds only a name (毛 伟 明, spaced out by the typesetter), as the speaker
/// line under the congress line (在…人民代表大会…会议上 ⏎ 毛伟明) is.
fn name_line(line: &str) -> Option<String> {
    let l = line.trim().trim_matches('*');
    let only_name = l.chars().all(|c| is_cjk(c) || c.is_whitespace());
    if !only_name || rw(R::Office).iter().any(|o| l.contains(o)) {
        return None;
    }
    clean_name(l)
}

/// A person's name: two to four Chinese characters (stray marks around it removed).
fn clean_name(s: &str) -> Option<String> {
    let name: String = s.chars().filter(|c| is_cjk(*c)).collect();
    (2..=4).contains(&name.chars().count()).then_some(name)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `(2021年1月25日张涛)` in a line: the date, and the name when one follows it.
fn dated_byline(line: &str) -> Option<(String, Option<String>)> {
    let open = line.find('(')?;
    let inner = &line[open + 1..];
    let close = inner.find(')')?;
    let inner = &inner[..close];
    let (date, _) = date_at(inner)?;
    let day = inner.find(rc(R::DayMark))?;
    let day = day + inner[day..].chars().next()?.len_utf8();
    let rest = &inner[day..];
    let name = if rest.is_empty() {
        None
    } else {
        Some(clean_name(rest).filter(|n| n.chars().count() == rest.chars().count())?)
    };
    Some((date, name))
}

/// 市长 张涛 / 省人民政府省长 王清宪 / 国务院总理⏎李强: the speaker of a byline line.
fn speaker_line(text: &str, off: usize, line: &str) -> Option<String> {
    for &office in rw(R::Office) {
        let Some(p) = line.find(office) else {
            continue;
        };
        let name = line[p + office.len()..].trim();
        if let Some(n) = clean_name(name) {
            return Some(n);
        }
        if name.is_empty() && region_words().is(R::OfficeNextLine, office) {
            // The name on the next line (国务院总理 / 李强).
            let next = text[off + line.len()..].trim_start_matches('\n');
            let nl = next.split('\n').next().unwrap_or("");
            if (2..=4).contains(&nl.chars().count()) {
                return Some(nl.to_string());
            }
        }
    }
    None
}

/// A byline that lost its own line (…会议上)省长李炳军⏎), or a photo caption
/// (省长毛伟明作政府工作报告).
fn speaker_from_caption(text: &str) -> Option<(String, Provenance)> {
    let head: String = text.chars().take(1500).collect();
    let is_name = |n: &str| (2..=4).contains(&n.chars().count()) && n.chars().all(is_cjk);
    let candidates = head.split('\n').take(32).chain(
        rw(R::Caption)
            .iter()
            .find_map(|c| head.find(c))
            .map(|p| &head[..p]),
    );
    candidates
        .flat_map(|segment| {
            rw(R::Office).iter().filter_map(move |office| {
                segment.rfind(office).map(|o| &segment[o + office.len()..])
            })
        })
        .find(|n| is_name(n))
        .map(|n| (n.to_string(), Provenance::Text))
}

/// Region, then level: the congress line, the title, the byline, the hints, and last
/// the places the text names most (inferred).
fn read_region(text: &str, head: &str, hints: &Hints, meta: &mut Meta) {
    let top = &text[..super::spans::floor_char_boundary(text, text.len().min(3000))];
    meta.region = congress_region(top).map(|r| (r, Provenance::Text));
    if meta.region.is_none() {
        if let Some((t, src)) = &meta.title {
            meta.region = region_from_title(t).map(|r| (r, *src));
        }
    }
    if meta.region.is_none() {
        meta.region = hints
            .title
            .as_deref()
            .and_then(region_from_title)
            .map(|r| (r, Provenance::Metadata));
    }
    if meta.region.is_none() {
        meta.region = byline_region(top).map(|r| (r, Provenance::Text));
    }
    if meta.region.is_none() && any_in(R::NationalOpening, head) {
        meta.region = Some((the(R::NationalName).to_string(), Provenance::Text));
    }
    if meta.region.is_none() {
        if let Some(r) = &hints.region {
            let src = hints.region_source.unwrap_or(Provenance::Metadata);
            meta.region = Some((r.clone(), src));
        }
    }
    // Level: from the region, else from how the speaker introduces the government.
    if let Some((r, src)) = &meta.region {
        if let Some(l) = level_of_region(r) {
            meta.admin_level = Some((l, *src));
        }
    }
    if meta.admin_level.is_none() {
        meta.admin_level = level_from_head(head)
            .map(|l| (l, Provenance::Text))
            .or(hints
                .admin_level
                .map(|l| (l, hints.region_source.unwrap_or(Provenance::Metadata))))
            .or(super::places::level_from_usage(text).map(|l| (l, Provenance::Inferred)));
    }
    // 长春 (a title without its level word) in a city's report is 长春市; 恩施州 is the
    // 恩施土家族苗族自治州 that the text names.
    if let Some((r, src)) = meta.region.take() {
        // 黔西南州, 恩施州: a name of three or more chars ending in 州 is an autonomous
        // prefecture's short form, never X州市 (徐州, 杭州 are two-char city names).
        let prefecture_short = ends(R::PrefectureShortEnd, &r) && r.chars().count() >= 3;
        let r = if level_of_region(&r).is_none()
            && !prefecture_short
            && meta
                .admin_level
                .is_some_and(|l| l.0 == AdminLevel::Prefecture)
        {
            format!("{r}{}", the(R::CitySuffix))
        } else {
            full_name(text, r)
        };
        meta.region = Some((r, src));
    }
    if meta.region.is_none() {
        let level = meta.admin_level.map(|l| l.0);
        meta.region = super::places::most_named(text, level).map(|r| (r, Provenance::Inferred));
        if meta.admin_level.is_none() {
            let l = meta.region.as_ref().and_then(|r| level_of_region(&r.0));
            meta.admin_level = l.map(|l| (l, Provenance::Inferred));
        }
    }
}

fn level_from_head(head: &str) -> Option<AdminLevel> {
    [
        (R::HeadNational, AdminLevel::National),
        (R::HeadPrefecture, AdminLevel::Prefecture),
        (R::HeadProvince, AdminLevel::Province),
        (R::HeadCounty, AdminLevel::County),
    ]
    .into_iter()
    .find_map(|(c, level)| any_in(c, head).then_some(level))
}

/// The year planned for: the title, the delivery date, the outline, the hints.
fn read_year(text: &str, hints: &Hints, meta: &mut Meta) {
    if let Some((t, src)) = &meta.title {
        if let Some(y) = year_in_title(t) {
            meta.year = Some((y, *src));
        }
    }
    if meta.year.is_none() {
        if let Some((d, src @ (Provenance::Text | Provenance::Metadata))) = &meta.delivered_on {
            let y: Option<i32> = d.get(..4).and_then(|y| y.parse().ok());
            let month: u32 = d.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
            // A congress held in November or December plans for the next year.
            meta.year = match (y, month) {
                (Some(y), 11..=12) => Some((y + 1, Provenance::Inferred)),
                (Some(y), _) => Some((y, *src)),
                _ => None,
            };
        }
    }
    if meta.year.is_none() {
        meta.year = year_from_headings(text).or(hints
            .year
            .map(|y| (y, hints.year_source.unwrap_or(Provenance::Metadata))));
    }
}

/// The year a title names: 2026年北京市政府工作报告, 天津市2021年政府工作报告,
/// 广州市人民政府工作报告(2020), 泰安市政府工作报告(2021年1月25日张涛).
fn year_in_title(t: &str) -> Option<i32> {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let before = i == 0 || !b[i - 1].is_ascii_digit();
        let after = t.get(i + 4..)?;
        if !(digits && before && starts(R::TitleYearClose, after)) {
            return None;
        }
        // A date (2018年12月25日) says when, not for which year: see `read_year`.
        if date_at(&t[i..]).is_some() {
            return None;
        }
        let y: i32 = t.get(i..i + 4)?.parse().ok()?;
        (1949..=2100).contains(&y).then_some(y)
    })
}

/// A region name as printed before 第…届: a name of two or more chars and a level word.
fn is_region_name(r: &str) -> bool {
    let stem = rw(R::RegionStemEnd)
        .iter()
        .find_map(|s| r.strip_suffix(s))
        .unwrap_or(r);
    (2..=12).contains(&r.chars().count())
        && stem.chars().count() >= 2
        && r.chars().all(is_cjk)
        && level_of_region(r).is_some_and(|l| l != AdminLevel::National)
}

/// A level word printed twice (连云港市市第十三届) is a typo for one.
fn undouble(r: &str) -> &str {
    let mut it = r.chars().rev();
    match (it.next(), it.next()) {
        (Some(a), Some(b)) if a == b && rc(R::DoubledLevel).contains(&a) => {
            &r[..r.len() - a.len_utf8()]
        }
        _ => r,
    }
}

/// A short prefecture name (恩施州) completed from the text's own full name of it
/// (恩施土家族苗族自治州).
fn full_name(text: &str, r: String) -> String {
    let Some(stem) = r
        .strip_suffix(rc(R::PrefectureShortEnd))
        .filter(|s| !ends(R::Autonomous, s))
    else {
        return r;
    };
    let full = the(R::AutonomousPrefecture);
    for p in super::find::find_iter(text, stem) {
        let rest = &text[p + stem.len()..];
        if let Some(e) = super::find::find(rest, full) {
            let mid = &rest[..e];
            if mid.chars().count() <= 9 && mid.chars().all(is_cjk) {
                return format!("{stem}{mid}{full}");
            }
        }
    }
    r
}

/// The region of the congress the report is delivered to: 在泰安市第十七届人民代表大会
/// 第六次会议上, 北京市第十二届人大第二次会议, 在第十四届全国人民代表大会.
fn congress_region(top: &str) -> Option<String> {
    let term = the(R::Term);
    for p in super::find::find_iter(top, term) {
        let after = &top[p + term.len()..];
        let national = starts(R::NationalCongress, after);
        if !(national || starts(R::Congress, after)) {
            continue;
        }
        if national {
            return Some(the(R::NationalName).to_string());
        }
        // 第 and the ordinal before 届.
        let before = &top[..p];
        let Some(q) = before
            .rfind(rc(R::Ordinal))
            .filter(|&q| before[q..].chars().skip(1).all(super::canon::is_cn_digit))
        else {
            continue;
        };
        // 在泰安市第…: only 在 and a date stop the name (呼和浩特市 has a 和).
        let name = super::places::name_before(top, q, 12, rc(R::CongressNameStop)).map(undouble);
        if let Some(name) = name.filter(|r| is_region_name(r)) {
            return Some(name.to_string());
        }
    }
    None
}

/// The region a byline or the opening names: 衡水市人民政府市长吴晓华, 天津市市长廖国勋,
/// 我代表衡水市人民政府.
fn byline_region(top: &str) -> Option<String> {
    for (_, line) in first_lines(top, 40) {
        if line.chars().count() <= 24 {
            for &office in rw(R::Office) {
                if let Some(p) = line.find(office) {
                    let r = trim_end_each(R::Government, &line[..p]);
                    if is_region_name(r) {
                        return Some(r.to_string());
                    }
                }
            }
        }
        let represent = the(R::OpeningRepresent);
        if let Some(p) = super::find::find(line, represent) {
            let rest = &line[p + represent.len()..];
            if let Some(e) = super::find::find(rest, the(R::OpeningGovernment)) {
                if is_region_name(&rest[..e]) {
                    return Some(rest[..e].to_string());
                }
            }
        }
    }
    None
}

/// The plan year from outline headings: 二、“十四五”和2021年工作 says 2021;
/// 一、2023年工作回顾 says the report plans for 2024.
fn year_from_headings(text: &str) -> Option<(i32, Provenance)> {
    let mut review: Option<i32> = None;
    for line in text.split('\n') {
        let n = line.chars().count();
        // Numbered headings, and unnumbered ones that open with the year (2006年工作回顾).
        let heading = n <= 40 && super::canon::starts_with_marker(line)
            || n <= 20 && year_prefix(line).is_some() && !line.contains(rc(R::SentenceMark));
        if !heading {
            continue;
        }
        let mut i = 0;
        while let Some(o) = line[i..].find(|c: char| c.is_ascii_digit()) {
            let p = i + o;
            if let Some((y, l)) = year_prefix(&line[p..]) {
                let rest = &line[p + l..];
                if any_in(R::ReviewHeading, rest) {
                    review.get_or_insert(y);
                } else if (1949..=2100).contains(&y)
                    && any_in(R::PlanHeading, rest)
                    // 2035年远景目标 after 2020年工作回顾 is a horizon, not the plan year.
                    && review.is_none_or(|r| y == r + 1)
                {
                    return Some((y, Provenance::Text));
                }
                i = p + l;
            } else {
                i = p + 1;
            }
        }
    }
    review.map(|y| (y + 1, Provenance::Inferred))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let t = Classes::<R>::from_tsv("region_words.tsv", EMBEDDED_TSV).unwrap();
        assert_eq!(t.get(R::NationalName), ["全国"]);
        assert_eq!(t.chars(R::SentenceMark), ['。', ',']);
    }

    #[test]
    fn the_delivery_line_is_no_figure() {
        assert!(is_delivery_clause(
            "——2024年2月2日在河池市第五届人民代表大会第五次会议上"
        ));
        assert!(is_delivery_clause(
            "(2021年3月29日在州八届人大七次会议第一次全体会议上)"
        ));
        assert!(is_delivery_clause(
            "——3 月 1 日 在海口市第十三届人民代表大会第二次会议上"
        ));
        assert!(!is_delivery_clause("地区生产总值增长7%左右"));
        assert!(!is_delivery_clause(
            "认真落实市十五届人大一次会议确定的目标"
        ));
    }

    #[test]
    fn titles_name_regions() {
        assert_eq!(
            region_from_title("辽源市人民政府工作报告").as_deref(),
            Some("辽源市")
        );
        assert_eq!(
            region_from_title("2026年北京市政府工作报告").as_deref(),
            Some("北京市")
        );
        assert_eq!(
            region_from_title("2024年中华人民共和国国务院政府工作报告").as_deref(),
            Some("全国")
        );
        assert_eq!(level_of_region("内蒙古自治区"), Some(AdminLevel::Province));
        assert_eq!(level_of_region("吉林市"), Some(AdminLevel::Prefecture));
    }

    #[test]
    fn national_header() {
        let t = "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理\n李强\n各位代表:\n现在,我代表国务院,向大会报告政府工作。";
        let m = read(t, None, &Hints::default());
        assert_eq!(m.delivered_on.map(|d| d.0).as_deref(), Some("2024-03-05"));
        assert_eq!(m.speaker.map(|d| d.0).as_deref(), Some("李强"));
        assert_eq!(m.year.map(|y| y.0), Some(2024));
        assert_eq!(m.admin_level.map(|l| l.0), Some(AdminLevel::National));
    }

    #[test]
    fn speaker_from_a_caption() {
        let t = "2026年湖南省政府工作报告\n毛伟明\n2月3日,会议开幕。省长毛伟明作政府工作报告。湖南日报记者 摄\n各位代表:";
        let m = read(t, None, &Hints::default());
        assert_eq!(m.speaker.map(|s| s.0).as_deref(), Some("毛伟明"));
    }

    #[test]
    fn speaker_on_a_line_of_its_own() {
        // 湖南省 2022 (lawtext): the name under the congress line, spaced out.
        let t = "政府工作报告\n在湖南省第十三届人民代表大会第五次会议上\n毛 伟 明\n各位代表:";
        let m = read(t, None, &Hints::default());
        assert_eq!(m.speaker.map(|s| s.0).as_deref(), Some("毛伟明"));
        // 广州市 2011 (lawtext): an office alone on the line is no name.
        let t = "政府工作报告\n在广州市第十三届人民代表大会第六次会议上\n市长\n各位代表:";
        assert_eq!(read(t, None, &Hints::default()).speaker, None);
    }

    #[test]
    fn year_from_outline() {
        let t = "各位代表:\n一、2023年工作回顾\n正文。\n二、今年工作安排\n正文。";
        assert_eq!(year_from_headings(t), Some((2024, Provenance::Inferred)));
    }
}
