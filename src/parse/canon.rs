//! The matching view of a report: a folded copy of the text with a map back to it.
//!
//! The grammar is written against one canonical form — ASCII digits and punctuation,
//! simplified characters, no zero-width or horizontal white space, and line breaks only
//! where a paragraph really ends (page breaks inside sentences are removed). Every
//! record is found in this view and its span is mapped back to the original text, so
//! `text` is always the exact source slice. This module only folds and maps; it must
//! not recognise report structure. The marks it breaks lines by are data
//! (`data/canon_marks.tsv`, read once).

use std::sync::OnceLock;

use super::fold::{fold_char, keeps, Fold};
use super::grammar_table::{self, word_classes, Classes};
use super::layout::{self, Item, Mark};

/// Folded text plus a monotone map from its byte offsets to the source's.
#[derive(Debug, Clone)]
pub struct Canon {
    pub text: String,
    /// Break points of the offset map: at `canon`, a span *starting* there maps to
    /// `after`, a span *ending* there maps to `before`; between break points the map is
    /// the identity shifted by `after - canon`.
    anchors: Vec<Anchor>,
    front_matter_title: Option<std::ops::Range<usize>>,
    breaks: Breaks,
}

/// Where the view's paragraph breaks come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// The source's own line breaks (written or escaped).
    AsWritten,
    /// Some were inferred from the markers: the source lost its line breaks.
    Inferred,
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    canon: usize,
    before: usize,
    after: usize,
}

word_classes! {
    /// The classes of `data/canon_marks.tsv` (its header says what each means).
    enum K {
        Terminator = "terminator",
        Closer = "closer",
        Opener = "opener",
        Continuation = "continuation",
        NoBreakAfter = "no_break_after",
        SentencePunct = "sentence_punct",
        ParenOpen = "paren_open",
        ParenClose = "paren_close",
        JumpLead = "jump_lead",
        JumpPage = "jump_page",
        Salutation = "salutation",
        TitleWord = "title_word",
        MarkerNumeral = "marker_numeral",
        NumeralMarkerEnd = "numeral_marker_end",
        Ordinal = "ordinal",
        OrdinalEnd = "ordinal_end",
        DigitMarkerEnd = "digit_marker_end",
        YearZero = "year_zero",
        YearMark = "year_mark",
    }
}

/// The embedded table.
pub const EMBEDDED_TSV: &str = include_str!("../../data/canon_marks.tsv");

fn marks() -> &'static Classes<K> {
    static T: OnceLock<Classes<K>> = OnceLock::new();
    grammar_table::embedded(&T, "canon_marks.tsv", EMBEDDED_TSV)
}

/// The one-character marks of class `k`.
fn mk(k: K) -> &'static [char] {
    marks().chars(k)
}

fn is(k: K, c: char) -> bool {
    mk(k).contains(&c)
}

fn starts(k: K, s: &str) -> bool {
    marks().prefix_of(k, s).is_some()
}

/// A full-width digit (０-９), which the matching view folds to ASCII.
fn is_fullwidth_digit(c: char) -> bool {
    ('\u{ff10}'..='\u{ff19}').contains(&c)
}

impl Canon {
    /// Builds the matching view of `src`.
    pub fn new(src: &str) -> Canon {
        let layout = layout::scan(src);
        let mut b = Builder {
            out: String::with_capacity(src.len()),
            anchors: Vec::new(),
            line_start_out: 0,
            line_after_hard: true,
        };
        let bytes = src.as_bytes();
        let year_stop = YearStop::get();
        let mut runs = Runs {
            src,
            repeated: repeated_lines(src),
            items: &layout.items,
            next: 0,
        };
        let mut i = 0;
        while i < bytes.len() {
            let next_item = runs.next_item_start(i);
            // Layout, white space and repeated page lines: one run, one decision.
            if next_item == i || i == 0 && runs.at_repeated(0) {
                if let Some((e, r)) = runs.replacement(i) {
                    b.replace(i, e, r);
                    i = e;
                    continue;
                }
                let run = runs.scan(i);
                b.whitespace(src, i, &run);
                i = run.end;
                continue;
            }
            // Copy runs of plain bytes in bulk; stop at bytes that may need folding.
            let run_end = plain_run_end(bytes, i, year_stop).min(next_item);
            if run_end > i {
                b.copy(src, i, run_end);
                i = run_end;
                continue;
            }
            let Some(c) = src[i..].chars().next() else {
                break;
            };
            let clen = c.len_utf8();
            if runs.is_blank(c) {
                let run = runs.scan(i);
                b.whitespace(src, i, &run);
                i = run.end;
                continue;
            }
            // Newspaper jump lines inside the text ((下转第二版) … (上接第一版)) are layout,
            // not content: the sentence they interrupt runs on across them.
            if is(K::ParenOpen, c) && !b.out.is_empty() && !b.out.ends_with('\n') {
                if let Some(end) = jump_line_end(src, i) {
                    let ws_end = whitespace_run_end(src, end);
                    b.drop(i, ws_end);
                    i = ws_end;
                    continue;
                }
            }
            if u32::from(c) == year_stop.mark {
                b.ascii_year_before(src, i);
            }
            match fold_char(c) {
                Fold::Keep => b.copy(src, i, i + clen),
                Fold::Replace(r) => b.replace(i, i + clen, r),
                Fold::Drop => b.drop(i, i + clen),
            }
            i += clen;
        }
        let title = layout
            .title
            .as_ref()
            .map(|_| 0..b.out.find('\n').unwrap_or(b.out.len()));
        let inferred = layout.items.iter().any(|it| it.mark == layout::Mark::Break);
        Canon {
            text: b.out,
            anchors: b.anchors,
            front_matter_title: title,
            breaks: if inferred {
                Breaks::Inferred
            } else {
                Breaks::AsWritten
            },
        }
    }

    /// Canonical range of the front matter's `title:` value (the first line), if any.
    pub fn front_matter_title(&self) -> Option<std::ops::Range<usize>> {
        self.front_matter_title.clone()
    }

    /// Whether the view's paragraph breaks are the source's own or partly inferred.
    pub fn breaks(&self) -> Breaks {
        self.breaks
    }

    fn anchor_at(&self, pos: usize) -> Option<&Anchor> {
        let idx = self.anchors.partition_point(|a| a.canon <= pos);
        if idx == 0 {
            None
        } else {
            self.anchors.get(idx - 1)
        }
    }

    /// Source offset of a span starting at canonical offset `pos`.
    pub fn start(&self, pos: usize) -> usize {
        match self.anchor_at(pos) {
            None => pos,
            Some(a) => a.after + (pos - a.canon),
        }
    }

    /// Source offset of a span ending (exclusively) at canonical offset `pos`.
    pub fn end(&self, pos: usize) -> usize {
        match self.anchor_at(pos) {
            None => pos,
            Some(a) if a.canon == pos => a.before,
            Some(a) => a.after + (pos - a.canon),
        }
    }

    /// Maps a canonical byte range to the source byte range.
    pub fn to_source(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.start(start);
        let e = self.end(end).max(s);
        (s, e)
    }
}

/// Page headers, footers and watermark lines: short lines repeated three or more times
/// (某某日报 2024年1月26日 第3版). Returns their byte ranges (each line without its
/// newline); they are layout, and the text runs on across them.
fn repeated_lines(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut counts: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut lines = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', src.as_bytes()).chain(std::iter::once(src.len())) {
        let line = src[start..nl].trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if super::spans::chars_within(line, 4, 40)
            && !starts_with_marker(line)
            && !starts(K::Salutation, line)
            && !marks().any_in(K::TitleWord, line)
        {
            *counts.entry(line).or_insert(0) += 1;
            lines.push((start, nl, line));
        }
        start = nl + 1;
    }
    if !counts.values().any(|&c| c >= 3) {
        return Vec::new();
    }
    lines
        .into_iter()
        .filter(|(_, _, l)| counts.get(l).is_some_and(|&c| c >= 3))
        .map(|(s, e, _)| s..e)
        .collect()
}

/// One run of white space and layout, and what it holds.
#[derive(Debug, Clone, Default)]
struct Run {
    end: usize,
    /// Source range of the first line break in the run.
    newline: Option<(usize, usize)>,
    /// A layout item in the run makes it a paragraph break.
    hard: bool,
    wide_spaces: usize,
}

/// Finds runs of white space, layout items and repeated page lines.
struct Runs<'a> {
    src: &'a str,
    repeated: Vec<std::ops::Range<usize>>,
    items: &'a [Item],
    /// Index of the first layout item not yet consumed.
    next: usize,
}

impl Runs<'_> {
    /// Start of the next layout item at or after `i` (items overlapped by text that was
    /// consumed otherwise, e.g. a jump line, are skipped).
    fn next_item_start(&mut self, i: usize) -> usize {
        while self
            .items
            .get(self.next)
            .is_some_and(|it| it.range.start < i)
        {
            self.next += 1;
        }
        self.items
            .get(self.next)
            .map_or(self.src.len(), |it| it.range.start)
    }

    fn at_repeated(&self, i: usize) -> bool {
        !self.repeated.is_empty() && self.repeated.binary_search_by(|r| r.start.cmp(&i)).is_ok()
    }

    /// A layout item at `i` that stands for a character (a table's cell separator).
    fn replacement(&mut self, i: usize) -> Option<(usize, char)> {
        let it = self.items.get(self.next).filter(|it| it.range.start == i)?;
        let Mark::Replace(r) = it.mark else {
            return None;
        };
        self.next += 1;
        Some((it.range.end, r))
    }

    /// White space, or a char the fold drops or turns into white space.
    fn is_blank(&self, c: char) -> bool {
        is_space(c)
            || match fold_char(c) {
                Fold::Drop => true,
                Fold::Replace(r) => is_space(r),
                Fold::Keep => false,
            }
    }

    /// The run starting at `start`.
    fn scan(&mut self, start: usize) -> Run {
        let mut run = Run::default();
        let mut p = start;
        loop {
            if let Some(it) = self.items.get(self.next).filter(|it| it.range.start == p) {
                if let Mark::Replace(_) = it.mark {
                    break;
                }
                if it.mark == Mark::Newline && run.newline.is_none() {
                    run.newline = Some((it.range.start, it.range.end));
                }
                run.hard |= it.hard;
                p = it.range.end;
                self.next += 1;
                continue;
            }
            if let Ok(k) = self.repeated.binary_search_by(|r| r.start.cmp(&p)) {
                if p > start || start == 0 || self.src[..p].ends_with('\n') {
                    p = self.repeated[k].end.max(p + 1).min(self.src.len());
                    continue;
                }
            }
            let Some(c) = self.src[p..].chars().next() else {
                break;
            };
            if !self.is_blank(c) {
                break;
            }
            if matches!(c, '\n' | '\r' | '\u{2029}') && run.newline.is_none() {
                run.newline = Some((p, p + c.len_utf8()));
            }
            run.wide_spaces += usize::from(c == '\u{3000}');
            p += c.len_utf8();
        }
        run.end = p;
        run
    }
}

/// End of a jump line such as (下转第二版) or （上接第1版） starting at `start`.
fn jump_line_end(src: &str, start: usize) -> Option<usize> {
    let rest = src.get(start..)?;
    let open = rest.chars().next()?.len_utf8();
    let inner = &rest[open..];
    if !starts(K::JumpLead, inner) {
        return None;
    }
    for (k, (o, ch)) in inner.char_indices().enumerate() {
        if k > 10 {
            return None;
        }
        if is(K::ParenClose, ch) {
            let body = &inner[..o];
            return body
                .ends_with(mk(K::JumpPage))
                .then_some(start + open + o + ch.len_utf8());
        }
    }
    None
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{3000}'
            | '\u{a0}'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// End of a run of bytes that need no folding: ASCII other than white space and `(`,
/// and three-byte chars that fold keeps (nearly all of a simplified Chinese text), so
/// the common case is one bulk copy per line. The run also stops at a 年 right after a
/// numeral (`stop`), where a year in numerals is rewritten.
fn plain_run_end(bytes: &[u8], start: usize, stop: &YearStop) -> usize {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b <= b' ' || b == b'(' {
                return i;
            }
            i += 1;
        } else if (0xE0..0xF0).contains(&b) {
            // A three-byte sequence (the input is a `str`, so it is complete).
            let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                return i;
            };
            let u =
                (u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            // U+2028/2029 are white space; （ folds to ( and may open a jump line.
            if u == 0x2028
                || u == 0x2029
                || !keeps(u)
                || u == stop.mark && stop.after_digit(bytes, i)
            {
                return i;
            }
            i += 3;
        } else {
            // Two- and four-byte chars take the careful path.
            return i;
        }
    }
    i
}

fn whitespace_run_end(src: &str, start: usize) -> usize {
    let mut end = start;
    for (off, c) in src[start..].char_indices() {
        let folded_space = matches!(fold_char(c), Fold::Drop);
        if is_space(c) || folded_space {
            end = start + off + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

struct Builder {
    out: String,
    anchors: Vec<Anchor>,
    /// Offset in `out` where the current line started.
    line_start_out: usize,
    /// Whether the current line started after a hard break (or at the start).
    line_after_hard: bool,
}

impl Builder {
    fn push_anchor(&mut self, before: usize, after: usize) {
        let canon = self.out.len();
        if let Some(last) = self.anchors.last_mut() {
            if last.canon == canon {
                last.after = after;
                return;
            }
        }
        self.anchors.push(Anchor {
            canon,
            before,
            after,
        });
    }

    /// Source offset that the current end of `out` corresponds to (identity check).
    fn mapped_end(&self) -> usize {
        match self.anchors.last() {
            None => self.out.len(),
            Some(a) => a.after + (self.out.len() - a.canon),
        }
    }

    fn copy(&mut self, src: &str, s: usize, e: usize) {
        if self.mapped_end() != s {
            let before = self.mapped_end_before();
            self.push_anchor(before, s);
        }
        self.out.push_str(&src[s..e]);
    }

    /// Where a span ending at the current end of `out` should end in the source.
    fn mapped_end_before(&self) -> usize {
        match self.anchors.last() {
            Some(a) if a.canon == self.out.len() => a.before,
            _ => self.mapped_end(),
        }
    }

    fn replace(&mut self, s: usize, e: usize, r: char) {
        let before = if self.mapped_end() == s {
            s
        } else {
            self.mapped_end_before()
        };
        self.push_anchor(before, s);
        self.out.push(r);
        self.push_anchor(e, e);
    }

    fn drop(&mut self, s: usize, e: usize) {
        let before = if self.mapped_end() == s {
            s
        } else {
            self.mapped_end_before()
        };
        self.push_anchor(before, e);
    }

    /// Rewrites a year in numerals that the view copied as it is right before `end`
    /// (二〇二四 before 年) to ASCII digits, one char for one, so the map stays exact.
    fn ascii_year_before(&mut self, src: &str, end: usize) {
        let Some(digits) = numeral_year_before(src, end) else {
            return;
        };
        let len = end - digits[0].0;
        let copied = self.mapped_end() == end
            && self.out.ends_with(&src[digits[0].0..end])
            && self
                .anchors
                .last()
                .is_none_or(|a| a.canon + len <= self.out.len());
        if !copied {
            return;
        }
        self.out.truncate(self.out.len() - len);
        for (s, e, d) in digits {
            self.replace(s, e, d);
        }
    }

    fn last_char(&self) -> Option<char> {
        self.out.chars().next_back()
    }

    /// Decides what a run of white space becomes: a paragraph break, or nothing.
    fn whitespace(&mut self, src: &str, s: usize, run: &Run) {
        let e = run.end;
        let next = src[e..].chars().next();
        let hard = if self.out.is_empty() || next.is_none() || self.out.ends_with('\n') {
            false
        } else if run.hard {
            true
        } else if run.newline.is_some() {
            self.is_hard_break(&src[e..])
        } else {
            // An indent of two or more wide spaces after a finished sentence is how
            // texts without line breaks mark paragraphs.
            run.wide_spaces >= 2
                && self.last_char().is_some_and(|c| is(K::Terminator, c))
                && next.is_some_and(|c| !is(K::Continuation, c))
        };
        if hard {
            // The first line break of the run stands for the whole run.
            let first_space = src[s..].chars().next().filter(|&c| is_space(c));
            let nl = run
                .newline
                .unwrap_or((s, s + first_space.map_or(0, char::len_utf8)));
            let before = if self.mapped_end() == s {
                s
            } else {
                self.mapped_end_before()
            };
            self.push_anchor(before, nl.0);
            self.out.push('\n');
            self.push_anchor(nl.1, e);
            self.line_start_out = self.out.len();
            self.line_after_hard = true;
        } else {
            self.drop(s, e);
            if run.newline.is_some() && !self.out.is_empty() && !self.out.ends_with('\n') {
                self.line_after_hard = false;
            }
        }
    }

    fn is_hard_break(&self, rest: &str) -> bool {
        let Some(next) = rest.chars().find(|c| !is_space(*c)) else {
            return false;
        };
        if is(K::Continuation, next) {
            return false;
        }
        let Some(prev) = self.last_char() else {
            return false;
        };
        if is(K::Terminator, prev) {
            return true;
        }
        if is(K::Closer, prev) {
            let mut it = self.out.chars().rev();
            it.next();
            if it.next().is_some_and(|c| is(K::Terminator, c)) {
                return true;
            }
        }
        if is(K::Opener, prev) || is(K::NoBreakAfter, prev) {
            return false;
        }
        let line = &self.out[self.line_start_out..];
        if self.line_after_hard && looks_like_heading_line(line) {
            return true;
        }
        let rest = rest.trim_start_matches(is_space);
        starts_with_marker(rest) || starts(K::Salutation, rest)
    }
}

/// A short line without sentence punctuation: a title, heading, speaker or date line.
fn looks_like_heading_line(line: &str) -> bool {
    let n = line.chars().count();
    if n == 0 {
        return false;
    }
    if starts_with_marker(line) && n <= 60 {
        return true;
    }
    n <= 40 && !line.contains(mk(K::SentencePunct))
}

/// Does the text start with an outline marker (一、 （一） 一是 第一， 1． (1))?
pub fn starts_with_marker(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(c0) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    if is_cn_digit(c0) {
        let tail = rest.trim_start_matches(is_cn_digit);
        return tail.starts_with(mk(K::NumeralMarkerEnd));
    }
    if is(K::ParenOpen, c0) {
        let tail = rest.trim_start_matches(|c: char| is_cn_digit(c) || c.is_ascii_digit());
        return tail.len() < rest.len() && tail.starts_with(mk(K::ParenClose));
    }
    if is(K::Ordinal, c0) {
        let tail = rest.trim_start_matches(is_cn_digit);
        return tail.len() < rest.len() && tail.starts_with(mk(K::OrdinalEnd));
    }
    if c0.is_ascii_digit() || is_fullwidth_digit(c0) {
        let tail = rest.trim_start_matches(|c: char| c.is_ascii_digit() || is_fullwidth_digit(c));
        // "1. " and "1.坚持": an ASCII point before a space or a word, not a decimal.
        let point_then_word = tail
            .strip_prefix('.')
            .and_then(|t| t.chars().next())
            .is_some_and(|c| {
                c == ' ' || !c.is_ascii() && !c.is_whitespace() && !is_fullwidth_digit(c)
            });
        return tail.starts_with(mk(K::DigitMarkerEnd)) || point_then_word;
    }
    false
}

/// The year mark and the year digits as code points, for the bulk copy's stop test.
struct YearStop {
    mark: u32,
    digits: Vec<u32>,
}

impl YearStop {
    fn get() -> &'static YearStop {
        static S: OnceLock<YearStop> = OnceLock::new();
        S.get_or_init(|| YearStop {
            mark: mk(K::YearMark).first().map_or(0, |&c| u32::from(c)),
            digits: mk(K::YearZero)
                .iter()
                .chain(mk(K::MarkerNumeral).iter().take(9))
                .map(|&c| u32::from(c))
                .collect(),
        })
    }

    /// Is the three-byte char before `i` a year digit?
    fn after_digit(&self, bytes: &[u8], i: usize) -> bool {
        let Some(&[b0, b1, b2]) = i.checked_sub(3).and_then(|p| bytes.get(p..i)) else {
            return false;
        };
        let u = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
        (0xE0..0xF0).contains(&b0) && self.digits.contains(&u)
    }
}

/// Years the view rewrites from numerals (一九九八年, 二〇二四年).
const NUMERAL_YEARS: std::ops::RangeInclusive<u32> = 1900..=2099;

/// The value of a digit of a year written digit by digit (〇 = 0, 一 = 1 … 九 = 9).
fn year_digit(c: char) -> Option<u32> {
    if is(K::YearZero, c) {
        return Some(0);
    }
    let p = mk(K::MarkerNumeral).iter().position(|&m| m == c)?;
    u32::try_from(p + 1).ok().filter(|&d| d <= 9)
}

/// The four numerals of a year right before `end` in `src` (二〇二四 before 年), as
/// (source range, ASCII digit) each; None unless exactly four stand there and they
/// make a year of [`NUMERAL_YEARS`].
fn numeral_year_before(src: &str, end: usize) -> Option<[(usize, usize, char); 4]> {
    let mut out = [(0, 0, '0'); 4];
    let mut chars = src[..end].char_indices().rev();
    let mut value = 0;
    for k in (0..4).rev() {
        let (p, c) = chars.next()?;
        let d = year_digit(c)?;
        out[k] = (p, p + c.len_utf8(), char::from_digit(d, 10)?);
    }
    for (_, _, d) in out {
        value = value * 10 + d.to_digit(10)?;
    }
    let before_is_numeral = chars
        .next()
        .is_some_and(|(_, c)| year_digit(c).is_some() || is_cn_digit(c));
    (!before_is_numeral && NUMERAL_YEARS.contains(&value)).then_some(out)
}

/// A numeral of an outline marker (一 … 十).
pub fn is_cn_digit(c: char) -> bool {
    is(K::MarkerNumeral, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_valid() {
        let t = Classes::<K>::from_tsv("canon_marks.tsv", EMBEDDED_TSV).unwrap();
        assert_eq!(t.chars(K::ParenOpen), ['(', '（']);
        assert_eq!(t.get(K::Salutation), ["各位代表"]);
    }

    fn check_roundtrip(src: &str) {
        let c = Canon::new(src);
        // Every canonical char maps to a source range that folds back to it.
        for (off, ch) in c.text.char_indices() {
            let (s, e) = c.to_source(off, off + ch.len_utf8());
            assert!(s <= e && e <= src.len(), "{off} -> {s}..{e}");
            assert!(src.is_char_boundary(s) && src.is_char_boundary(e));
            if ch != '\n' {
                let orig = &src[s..e];
                assert_eq!(orig.chars().count(), 1, "{orig:?} for {ch:?}");
            }
        }
    }

    #[test]
    fn page_break_inside_sentence_is_removed() {
        let src = "深入贯彻会议精神,全面落实重要指\n\n示精神,按照部署。\n\n二、工作安排\n 今后五年";
        let c = Canon::new(src);
        assert_eq!(
            c.text,
            "深入贯彻会议精神,全面落实重要指示精神,按照部署。\n二、工作安排\n今后五年"
        );
        check_roundtrip(src);
        // A span over the joined word maps back over the break.
        let a = c.text.find("指示").unwrap();
        let (s, e) = c.to_source(a, a + "指示".len());
        assert_eq!(&src[s..e], "指\n\n示");
    }

    #[test]
    fn years_in_numerals_are_digits() {
        let cases = [
            ("——二〇二四年一月十八日在", "——2024年一月十八日在"),
            ("比一九八○年增长", "比1980年增长"),
            ("二零零五年", "2005年"),
            // Not a year of four numerals, or not one the view rewrites.
            ("一二三四年", "一二三四年"),
            ("十二〇二四年", "十二〇二四年"),
            ("二〇二年", "二〇二年"),
            ("三年", "三年"),
        ];
        for (src, want) in cases {
            assert_eq!(Canon::new(src).text, want, "{src}");
            check_roundtrip(src);
        }
        let src = "——二〇二四年一月";
        let c = Canon::new(src);
        let p = c.text.find("2024年").unwrap();
        let (s, e) = c.to_source(p, p + "2024年".len());
        assert_eq!(&src[s..e], "二〇二四年");
        let (s, e) = c.to_source(p + 1, p + 3);
        assert_eq!(&src[s..e], "〇二");
    }

    #[test]
    fn fullwidth_and_zero_width_are_folded() {
        let src = "增长６．５％，\u{200b}城镇";
        let c = Canon::new(src);
        assert_eq!(c.text, "增长6.5%,城镇");
        check_roundtrip(src);
        let p = c.text.find("6.5%").unwrap();
        let (s, e) = c.to_source(p, p + 4);
        assert_eq!(&src[s..e], "６．５％");
        let q = c.text.find("城镇").unwrap();
        let (s, _) = c.to_source(q, q + 6);
        assert_eq!(&src[s..], "城镇");
        // A span ending before a dropped char does not include it.
        let (_, e) = c.to_source(0, p + 5);
        assert_eq!(&src[..e], "增长６．５％，");
    }

    #[test]
    fn headings_and_titles_keep_their_breaks() {
        let src = "\n\n辽源市人民政府工作报告\n\n(上接第一版)特别是";
        let c = Canon::new(src);
        assert_eq!(c.text, "辽源市人民政府工作报告\n(上接第一版)特别是");
        check_roundtrip(src);
    }

    #[test]
    fn line_starting_with_punctuation_continues() {
        let src = "审议了国务院总理李强所作的政府工作报告\n。会议充分肯定";
        let c = Canon::new(src);
        assert_eq!(
            c.text,
            "审议了国务院总理李强所作的政府工作报告。会议充分肯定"
        );
    }

    #[test]
    fn wide_indent_after_sentence_is_a_paragraph() {
        let src = "工作回顾。\u{3000}\u{3000}二、今年安排";
        assert_eq!(Canon::new(src).text, "工作回顾。\n二、今年安排");
    }

    #[test]
    fn jump_lines_inside_a_sentence_are_layout() {
        let src = "地区生产总值增长7%左右,规模以上工业(下转第二版)\n\n(上接第一版)增加值增长8%。";
        let c = Canon::new(src);
        assert_eq!(c.text, "地区生产总值增长7%左右,规模以上工业增加值增长8%。");
        let p = c.text.find("规模以上工业增加值增长8%").unwrap();
        let (s, e) = c.to_source(p, p + "规模以上工业增加值增长8%".len());
        assert_eq!(
            &src[s..e],
            "规模以上工业(下转第二版)\n\n(上接第一版)增加值增长8%"
        );
    }

    #[test]
    fn repeated_page_headers_are_layout() {
        let src = "某某日报 2024年1月26日 第3版\n各位代表:\n今年经济社会发展的主要预期目标是,地区生产总值增\n某某日报 2024年1月26日 第3版\n长7%左右。\n某某日报 2024年1月26日 第3版\n完。";
        let c = Canon::new(src);
        assert!(
            c.text.contains("目标是,地区生产总值增长7%左右。"),
            "{}",
            c.text
        );
        assert!(c.text.starts_with("各位代表"), "{}", c.text);
        let p = c.text.find("增长").unwrap();
        let (s, e) = c.to_source(p, p + "增长".len());
        assert!(src[s..e].starts_with("增\n某某日报") && src[s..e].ends_with('长'));
    }

    #[test]
    fn markers() {
        assert!(starts_with_marker("一、过去一年"));
        assert!(starts_with_marker("（十二）加强"));
        assert!(starts_with_marker("六是聚焦"));
        assert!(starts_with_marker("第三，"));
        assert!(starts_with_marker("1．推进"));
        assert!(!starts_with_marker("一批项目"));
        assert!(!starts_with_marker("2021年"));
    }
}
