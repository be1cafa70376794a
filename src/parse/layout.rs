//! Layout written into the text by the way it was collected: Markdown (front matter,
//! `**bold**`, `#` headings, list bullets, tables, HTML comments, backslash escapes),
//! line breaks written as the characters `\r\n`, and texts with no line breaks at all.
//!
//! A scan over the source returns byte ranges and what each stands for (nothing, a space,
//! a line break, a paragraph break, another character); the canon applies them while it
//! builds the matching view, so the source is never rewritten and spans stay exact. This
//! module only finds layout; it must not fold characters or recognise report structure.

use std::ops::Range;

/// What a layout range stands for in the matching view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Nothing (like a zero-width character): `**`, a bullet, a table's outer `|`.
    Drop,
    /// Horizontal white space (a written `\t`).
    Space,
    /// A line break (a written `\r\n` or `\n`, `<br>`), decided like a real one.
    Newline,
    /// Another character: a table's inner `|` separates cells like `;`.
    Replace(char),
    /// A paragraph break where the text has none (zero-width: before a marker that
    /// follows a sentence end in a text without line breaks).
    Break,
}

/// One range of layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub range: Range<usize>,
    pub mark: Mark,
    /// The white space run this item belongs to is a paragraph break (a bold or `#`
    /// heading line ends, a bullet or a table row starts).
    pub hard: bool,
}

/// The layout of one text: items sorted by start, not overlapping.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub items: Vec<Item>,
    /// Source range of the front matter's `title:` value.
    pub title: Option<Range<usize>>,
}

/// A logical line longer than this (in bytes) has lost its line breaks: paragraph
/// breaks are inferred from the markers in it (about 1,000 Chinese characters; real
/// paragraphs are rarely half as long).
const ONE_LINE_BYTES: usize = 3000;

/// Finds the layout of `src`.
pub fn scan(src: &str) -> Layout {
    let mut out = Layout::default();
    let escaped = uses_escapes(src);
    let body = front_matter(src, escaped, &mut out);
    // Breaks that only wrap a paragraph: the lines they join are one line here.
    let soft = if escaped {
        Vec::new()
    } else {
        super::wrap::soft_breaks(src, body)
    };
    let mut next_soft = soft.iter().map(|r| r.end - 1).peekable();
    let mut line_start = body;
    for nl in memchr::memchr_iter(b'\n', src.as_bytes())
        .filter(|&p| p >= body)
        .chain(std::iter::once(src.len()))
    {
        while next_soft.next_if(|&p| p < nl).is_some() {}
        if next_soft.next_if_eq(&nl).is_some() {
            continue;
        }
        let line = line_start..nl;
        line_start = nl + 1;
        if line.is_empty() {
            continue;
        }
        if escaped {
            // A line of written escapes holds many logical lines.
            let mut s = line.start;
            for esc in escapes(src, line.clone()) {
                markdown_line(src, s..esc.range.start, &mut out.items);
                s = esc.range.end;
                out.items.push(esc);
            }
            markdown_line(src, s..line.end, &mut out.items);
        } else {
            markdown_line(src, line, &mut out.items);
        }
    }
    out.items.extend(soft.into_iter().map(|r| drop(r, false)));
    out.items.sort_by_key(|it| it.range.start);
    without_overlaps(&mut out.items);
    one_line_breaks(src, &mut out.items);
    out
}

/// Keeps the first of overlapping items (a bold run or comment across a wrapped line
/// holds the line break that the wrap would drop on its own).
fn without_overlaps(items: &mut Vec<Item>) {
    let mut end = 0;
    items.retain(|it| {
        let keep = it.range.start >= end;
        if keep {
            end = end.max(it.range.end);
        }
        keep
    });
}

/// Does the text write its line breaks as `\n` (two or more, or one in a text without
/// real line breaks)?
fn uses_escapes(src: &str) -> bool {
    let n = memchr::memmem::find_iter(src.as_bytes(), b"\\n")
        .take(2)
        .count();
    n >= 2 || n == 1 && !src.contains('\n')
}

/// Written escapes `\r\n`, `\n`, `\r`, `\t` in a line.
fn escapes(src: &str, line: Range<usize>) -> Vec<Item> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = line.start;
    while let Some(o) = memchr::memchr(b'\\', &b[i..line.end]) {
        let p = i + o;
        let len = match b.get(p + 1..(p + 4).min(line.end)) {
            Some([b'r', b'\\', b'n', ..]) => 4,
            Some([b'n' | b'r' | b't', ..]) => 2,
            _ => 0,
        };
        if len == 0 {
            i = p + 1;
            continue;
        }
        let mark = if b[p + 1] == b't' {
            Mark::Space
        } else {
            Mark::Newline
        };
        out.push(Item {
            range: p..p + len,
            mark,
            hard: false,
        });
        i = p + len;
    }
    out
}

/// A YAML front matter block at the start (`---` … `---`): layout, except the value of
/// `title:`, which stays as the first line of the text. The block may have lost its
/// line breaks or have them written as `\n`. Returns where the body starts.
fn front_matter(src: &str, escaped: bool, out: &mut Layout) -> usize {
    let start = src.len() - src.trim_start_matches(['\u{feff}', ' ', '\n', '\r']).len();
    let Some(rest) = src[start..].strip_prefix("---") else {
        return 0;
    };
    let open = start + 3;
    let window = &rest[..super::spans::floor_char_boundary(rest, rest.len().min(2000))];
    let Some(close) = window.find("---").map(|p| open + p) else {
        return 0;
    };
    let block = &src[open..close];
    let first_key =
        block.trim_start_matches(|c: char| c.is_whitespace() || c == '\\' || c == 'r' || c == 'n');
    if !starts_with_key(first_key) {
        return 0;
    }
    let end = close + 3;
    let title = block
        .find("title:")
        .map(|p| open + p + "title:".len())
        .map(|v| value_range(src, v..close, escaped));
    match title.filter(|t| t.start < t.end) {
        Some(t) => {
            out.items.push(drop(start..t.start, false));
            out.items.push(drop(t.end..end, true));
            out.title = Some(t);
        }
        None => out.items.push(drop(start..end, false)),
    }
    end
}

/// `key:` (ASCII letters, digits, `_`, `-`) at the start of `s`.
fn starts_with_key(s: &str) -> bool {
    let k = s
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
        .count();
    k > 0 && s[k..].starts_with(':')
}

/// The value after a `key:`: up to the line's end (real or written), or up to the next
/// `key:` when the block lost its line breaks; without spaces and quotes around it.
fn value_range(src: &str, r: Range<usize>, escaped: bool) -> Range<usize> {
    let v = &src[r.clone()];
    let mut end = v.find(['\n', '\r']).unwrap_or(v.len());
    if escaped {
        end = end.min(v.find("\\n").unwrap_or(v.len()));
        end = end.min(v.find("\\r").unwrap_or(v.len()));
    }
    // The next key of a block without line breaks: ASCII letters and a colon.
    let mut i = 0;
    while let Some(o) = v[i..end].find(':') {
        let p = i + o;
        let k = v[..p]
            .bytes()
            .rev()
            .take_while(|c| c.is_ascii_lowercase() || *c == b'_')
            .count();
        if k >= 3 && !v[..p - k].trim().is_empty() {
            end = p - k;
            break;
        }
        i = p + 1;
    }
    let value = &v[..end];
    let lead = value.len() - value.trim_start_matches([' ', '\t', '"', '\'']).len();
    let trimmed = value.trim_matches([' ', '\t', '"', '\'', '\u{3000}']);
    let s = r.start + lead;
    s..s + trimmed.len()
}

fn drop(range: Range<usize>, hard: bool) -> Item {
    Item {
        range,
        mark: Mark::Drop,
        hard,
    }
}

fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r')
}

/// The Markdown of one line (`line` excludes its line break).
fn markdown_line(src: &str, line: Range<usize>, items: &mut Vec<Item>) {
    let text = &src[line.clone()];
    let lead = text.len() - text.trim_start_matches(is_hspace).len();
    let trimmed = text.trim_matches(is_hspace);
    if trimmed.is_empty() {
        return;
    }
    let s = line.start + lead;
    let e = s + trimmed.len();
    // Rules (--- *** ___) and table separator rows (| --- | :-: |) are layout only.
    if is_rule(trimmed) || is_table_separator(trimmed) {
        items.push(drop(s..e, true));
        return;
    }
    if trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() > 1 {
        table_row(src, s..e, items);
        return;
    }
    let mut body = s;
    if let Some(n) = block_prefix(trimmed) {
        // `# ` headings and list bullets start a paragraph; `>` quotes do not.
        let hard = !trimmed.starts_with('>');
        items.push(drop(s..s + n, hard));
        body = s + n;
        if trimmed.starts_with('#') {
            // A heading ends its paragraph.
            items.push(drop(e..e, true));
        }
    }
    bold_heading_break(src, body..e, items);
    inline(src, body..e, items);
}

/// The end (after its closing `**`) of a bold numbered heading that opens `s` (the text
/// after the opening `**`): **二、2012年工作目标要求**, **（一）保持经济平稳较快增长**. The
/// bold run opens with 一、 or （一）, is at most [`MAX_HEADING_CHARS`] and holds no
/// sentence end, colon or semicolon. Byte offset in `s`.
fn bold_numbered_heading_end(s: &str) -> Option<usize> {
    let close = s.find("**")?;
    let head = &s[..close];
    let m = top_or_paren_marker(head)?;
    let n = head[m..].chars().count();
    ((1..=MAX_HEADING_CHARS).contains(&n) && !head.contains(ends_heading)).then_some(close + 2)
}

/// A body on the line of its bold heading is at least this long (in chars).
const MIN_BODY_CHARS: usize = 10;

/// A bold part heading or numbered heading that opens a line with its body after it on
/// the same line (**2004年政府工作主要任务** 今年政府工作的总体要求是…, **二、2012年工作目标
/// 要求** 今年，…): a paragraph break after its closing `**`, as if the line had been
/// broken there.
fn bold_heading_break(src: &str, line: Range<usize>, items: &mut Vec<Item>) {
    let Some(rest) = src[line.clone()].strip_prefix("**") else {
        return;
    };
    let Some(end) = bold_part_heading_end(rest).or_else(|| bold_numbered_heading_end(rest)) else {
        return;
    };
    let body = rest[end..].trim_start_matches(is_hspace);
    let opens_body = body.chars().next().is_some_and(opens_body_text);
    // A bold run closed inside a word (**一、2023年工作回**顾) leaves a fragment, no body.
    if opens_body && body.chars().nth(MIN_BODY_CHARS).is_some() {
        let at = line.start + 2 + end;
        items.push(Item {
            range: at..at,
            mark: Mark::Break,
            hard: true,
        });
    }
}

/// `# ` / `- ` / `* ` / `+ ` / `> ` at a line start: the prefix length with its spaces.
fn block_prefix(t: &str) -> Option<usize> {
    let hashes = t.len() - t.trim_start_matches('#').len();
    let n = if (1..=6).contains(&hashes) {
        hashes
    } else if t.starts_with(['-', '*', '+', '>']) && !t.starts_with("**") {
        1
    } else {
        return None;
    };
    let after = &t[n..];
    let spaces = after.len() - after.trim_start_matches(is_hspace).len();
    (spaces > 0 || t.starts_with('>')).then_some(n + spaces)
}

fn is_rule(t: &str) -> bool {
    if !t.starts_with(['-', '*', '_', '=']) {
        return false;
    }
    let c: Vec<char> = t.chars().filter(|c| !is_hspace(*c)).collect();
    c.len() >= 3 && c.iter().all(|&x| x == c[0]) && matches!(c[0], '-' | '*' | '_' | '=')
}

fn is_table_separator(t: &str) -> bool {
    t.contains('|')
        && t.contains("---")
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A table row: the outer pipes are layout, the inner ones separate cells.
fn table_row(src: &str, row: Range<usize>, items: &mut Vec<Item>) {
    items.push(drop(row.start..row.start + 1, true));
    let inner = row.start + 1..row.end - 1;
    let mut cell = inner.start;
    for (o, _) in src[inner.clone()].match_indices('|') {
        let p = inner.start + o;
        if src[..p].ends_with('\\') {
            continue;
        }
        inline(src, cell..p, items);
        items.push(Item {
            range: p..p + 1,
            mark: Mark::Replace(';'),
            hard: false,
        });
        cell = p + 1;
    }
    inline(src, cell..inner.end, items);
    items.push(drop(row.end - 1..row.end, true));
}

/// Inline Markdown: `**` / `__` runs, backslash escapes, `<br>`, HTML comments. A line
/// that is bold from end to end is a paragraph of its own (a heading, mostly).
fn inline(src: &str, range: Range<usize>, items: &mut Vec<Item>) {
    let t = &src[range.clone()];
    let b = t.as_bytes();
    let first = items.len();
    let mut i = 0;
    // Only `*`, `_`, a backslash and `<` can start inline layout: jump between them (memchr)
    // instead of looking at every byte of the line.
    let mut next_lt = memchr::memchr(b'<', b);
    while i < b.len() {
        if next_lt.is_some_and(|p| p < i) {
            next_lt = memchr::memchr(b'<', &b[i..]).map(|p| p + i);
        }
        let next3 = memchr::memchr3(b'*', b'_', b'\\', &b[i..]).map(|p| p + i);
        match (next3, next_lt) {
            (Some(a), Some(l)) => i = a.min(l),
            (Some(a), None) | (None, Some(a)) => i = a,
            (None, None) => break,
        }
        let c = b[i];
        if c == b'*' || c == b'_' {
            let n = b[i..].iter().take_while(|&&x| x == c).count();
            if n >= 2 {
                items.push(drop(range.start + i..range.start + i + n, false));
            } else if let Some(len) = split_run(&b[i..], c) {
                // `*⏎*`: a bold mark that a wrap cut in two.
                items.push(drop(range.start + i..range.start + i + len, false));
                i += len;
                continue;
            }
            i += n;
        } else if c == b'\\' && b.get(i + 1).is_some_and(|x| x.is_ascii_punctuation()) {
            items.push(drop(range.start + i..range.start + i + 1, false));
            i += 2;
        } else if c == b'<' {
            i += html(t, i, range.start, items);
        } else {
            i += 1;
        }
    }
    // Bold from end to end: the closing `**` ends the paragraph.
    let bold_line = (t.starts_with("**") || t.starts_with("__"))
        && (t.ends_with("**") || t.ends_with("__"))
        && items.len() >= first + 2;
    if bold_line {
        if let Some(last) = items.last_mut() {
            if last.range.end == range.end {
                last.hard = true;
            }
        }
    }
}

/// `*\n*` (or with `\r\n`) at the start of `b`: the byte length of the cut mark.
fn split_run(b: &[u8], c: u8) -> Option<usize> {
    let nl = match b.get(1..3) {
        Some([b'\n', ..]) => 1,
        Some([b'\r', b'\n']) => 2,
        _ => return None,
    };
    (b.get(1 + nl) == Some(&c) && b.get(2 + nl) != Some(&c)).then_some(2 + nl)
}

/// An HTML comment or `<br>` at byte `i` of `t`: pushes it, returns the bytes consumed.
fn html(t: &str, i: usize, base: usize, items: &mut Vec<Item>) -> usize {
    let rest = &t[i..];
    if rest.starts_with("<!--") {
        let len = rest.find("-->").map_or(rest.len(), |e| e + 3);
        items.push(drop(base + i..base + i + len, false));
        return len;
    }
    for br in ["<br>", "<br/>", "<br />", "<BR>"] {
        if rest.starts_with(br) {
            items.push(Item {
                range: base + i..base + i + br.len(),
                mark: Mark::Newline,
                hard: false,
            });
            return br.len();
        }
    }
    1
}

/// In logical lines too long to be paragraphs, a paragraph break before each top-level
/// or parenthesised marker (一、 （一）) that follows a sentence end, and before 各位代表.
fn one_line_breaks(src: &str, items: &mut Vec<Item>) {
    let mut breaks = Vec::new();
    let mut start = 0;
    // A line break inside a layout item (a hard wrap's) joins the lines it separates.
    let joined = |p: usize| {
        let k = items.partition_point(|it| it.range.start <= p);
        k > 0 && items[k - 1].mark == Mark::Drop && items[k - 1].range.end > p
    };
    let ends = items
        .iter()
        .filter(|it| it.mark == Mark::Newline)
        .map(|it| it.range.start)
        .chain(memchr::memchr_iter(b'\n', src.as_bytes()).filter(|&p| !joined(p)))
        .chain(std::iter::once(src.len()));
    let mut ends: Vec<usize> = ends.collect();
    ends.sort_unstable();
    for end in ends {
        if end.saturating_sub(start) > ONE_LINE_BYTES {
            line_breaks(src, start..end, &mut breaks);
        }
        start = end;
    }
    if breaks.is_empty() {
        return;
    }
    // (A run of white space before a marker finds the marker from each of its chars.)
    breaks.sort_unstable();
    breaks.dedup();
    // Layout items win where they overlap a break.
    breaks.retain(|&p| {
        let k = items.partition_point(|it| it.range.start < p);
        !(k > 0 && items[k - 1].range.end > p)
    });
    items.extend(breaks.into_iter().map(|p| Item {
        range: p..p,
        mark: Mark::Break,
        hard: true,
    }));
    items.sort_by_key(|it| (it.range.start, it.range.end));
}

const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?'];

/// Inserts paragraph breaks into one over-long logical line: before 各位代表, before a
/// top-level or parenthesised marker after a sentence end or a colon, at the end of the
/// heading such a marker opens, and before the date line of the header.
fn line_breaks(src: &str, line: Range<usize>, out: &mut Vec<usize>) {
    let text = &src[line.clone()];
    let bold = BoldRuns::new(text);
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    // Inside a bold heading (**一、…**): its closing `**` ends the heading.
    let mut bold_heading = false;
    // Where a plain heading was found to end (its body may open with another marker).
    let mut heading_end_at: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let o = i;
        i += c.len_utf8();
        if bold_heading && text[o..].starts_with("**") && o > 0 {
            // The run of stars (`**一、…****增强…**`: the next bold run opens right
            // away) is one layout item; the break goes after all of it.
            let stars = text.len() - o - text[o..].trim_start_matches('*').len();
            out.push(line.start + o + stars);
            bold_heading = false;
            i = o + stars;
            continue;
        }
        let after_end = prev.is_some_and(|p| SENTENCE_ENDS.contains(&p))
            || prev.is_some_and(|p| p == '”' || p == '’')
                && prev2.is_some_and(|p| SENTENCE_ENDS.contains(&p));
        // A list of parts after a lead-in (…重点抓好以下工作：（一）…) starts a paragraph.
        let opens = after_end || prev.is_some_and(|p| p == '：' || p == ':');
        let at_heading_end = heading_end_at == Some(o);
        date_line_break(text, o, c, prev, line.start, out);
        if o > 0 && (c == '各' || c == '*' || opens || at_heading_end) {
            let rest = text[o..].trim_start_matches(|c| is_hspace(c) || c == '\n');
            let skip = text.len() - o - rest.len();
            let bare = rest.trim_start_matches('*');
            // 各位代表： opens a paragraph, but not inside a sentence (感谢各位代表).
            let address = bare.starts_with("各位代表")
                && bare["各位代表".len()..].starts_with(['：', ':', '，', ',', '！', '!'])
                && (after_end || !prev.is_some_and(|p| "向对请谢给和与的同并让".contains(p)));
            let marker = top_or_paren_marker(bare);
            // A bold numbered heading opens a paragraph whatever comes before it
            // (…市长 邵占维**一、2012年工作回顾**2012年，…).
            let bold_heading_opens = marker.is_some()
                && bare.len() < rest.len()
                && bold.opens(o + skip)
                && bold_numbered_heading_end(bare).is_some();
            if after_end && marker.is_none() && ordinal_marker(bare) {
                // 第一，… after a sentence end opens an item (national reports' lists).
                out.push(line.start + o + skip);
            }
            if address || (opens || at_heading_end || bold_heading_opens) && marker.is_some() {
                out.push(line.start + o + skip);
                if bare.len() < rest.len() && bold.opens(o + skip) {
                    bold_heading = true;
                    i = o + skip + (rest.len() - bare.len());
                    continue;
                } else if let Some(m) = marker.filter(|_| !address && !bold_heading) {
                    // (Inside a bold heading its closing `**` ends it, not the words.)
                    if let Some(h) = heading_end(&bare[m..]) {
                        let at = o + skip + (rest.len() - bare.len()) + m + h;
                        out.push(line.start + at);
                        heading_end_at = Some(at);
                    }
                }
            } else if after_end && marker.is_none() {
                let stars = rest.len() - bare.len();
                let end = if stars == 0 {
                    part_heading_end(bare)
                } else if bold.opens(o + skip) {
                    bold_part_heading_end(bare)
                } else {
                    None
                };
                if let Some(h) = end {
                    let at = o + skip + stars + h;
                    out.push(line.start + o + skip);
                    out.push(line.start + at);
                    heading_end_at = Some(at);
                    if stars > 0 {
                        // Past the bold heading: its `**` would find it again.
                        prev = text[..at].trim_end_matches('*').chars().next_back();
                        i = at;
                        continue;
                    }
                }
            }
        }
        if !is_hspace(c) && c != '*' && c != '\n' {
            prev2 = prev;
            prev = Some(c);
        }
    }
}

/// The runs of two or more `*` in a line, each with whether bold is open after it:
/// `**` toggles bold, so `**X**` opens and closes it and `****` closes and reopens it.
struct BoldRuns {
    /// (start byte, open after the run), in order.
    runs: Vec<(usize, bool)>,
}

impl BoldRuns {
    fn new(text: &str) -> BoldRuns {
        let b = text.as_bytes();
        let mut runs = Vec::new();
        let mut open = false;
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'*', &b[i..]) {
            let start = i + k;
            let len = b[start..].iter().take_while(|&&c| c == b'*').count();
            if len >= 2 {
                open ^= (len / 2) % 2 == 1;
                runs.push((start, open));
            }
            i = start + len;
        }
        BoldRuns { runs }
    }

    /// Does the star run that starts at byte `at` leave bold open (an opening `**`,
    /// or a `****` that closes one bold run and opens the next)? A closing `**` does not.
    fn opens(&self, at: usize) -> bool {
        self.runs
            .binary_search_by_key(&at, |r| r.0)
            .is_ok_and(|k| self.runs[k].1)
    }
}

/// ——2024年1月26日在…会议上: a break before the date line of the header.
fn date_line_break(
    text: &str,
    o: usize,
    c: char,
    prev: Option<char>,
    base: usize,
    out: &mut Vec<usize>,
) {
    if o > 0 && (c == '—' || c == '─') && prev.is_none_or(|p| p != c) {
        let rest = text[o..].trim_start_matches(c);
        if rest.len() + 2 * c.len_utf8() <= text.len() - o
            && rest.starts_with(|d: char| d.is_ascii_digit())
        {
            out.push(base + o);
        }
    }
}

/// A char that ends a heading on its own: a sentence end, colon or semicolon.
fn ends_heading(c: char) -> bool {
    SENTENCE_ENDS.contains(&c) || "：:；;".contains(c)
}

/// A char that can open the body after a heading: a Chinese character, a digit, “ or （.
fn opens_body_text(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "“（(".contains(c)
}

/// A heading longer than this (in chars) is running text, not a heading.
const MAX_HEADING_CHARS: usize = 50;

/// The end of a heading that lost its line break, given the text after its marker:
/// where its body opens (`data/heading_ends.tsv`): 一、2014年工作回顾2014年是… ends
/// before the second 2014年, （二）全面加强政府自身建设坚持… before 坚持. None when a
/// sentence stop or colon comes first (the heading ends there on its own) or nothing
/// opens a body within [`MAX_HEADING_CHARS`]. A heading that reads like an unnumbered
/// part heading (三、2018年重点工作|围绕上述目标…) ends where that one would, if earlier.
/// Byte offset in `s`.
fn heading_end(s: &str) -> Option<usize> {
    let w = super::heading_words::words();
    let as_part = opens_part(w, s).then(|| part_heading_end(s)).flatten();
    body_start(s).into_iter().chain(as_part).min()
}

/// Where the body opens after a heading, by the heading and body words (see
/// [`heading_end`]).
fn body_start(s: &str) -> Option<usize> {
    let w = super::heading_words::words();
    let mut prev: Option<char> = None;
    // Where the heading's current comma-separated part starts (byte offset).
    let mut part = 0;
    for (k, (o, c)) in s.char_indices().enumerate() {
        if k > MAX_HEADING_CHARS || ends_heading(c) {
            return None;
        }
        // An indent left from the lost line break (…2009年工作回顾　　2009年是…).
        if k >= 3 && (c == '\u{3000}' || s[o..].starts_with("  ")) {
            return Some(o);
        }
        let opens = prev.is_some_and(|p| body_opens(w, p, &s[part..o], &s[o..]));
        if k >= 3 && (opens || tail_ends(w, &s[..o], c)) {
            return Some(o);
        }
        if "，,、".contains(c) {
            part = o + c.len_utf8();
        }
        prev = Some(c);
    }
    None
}

/// An unnumbered part heading is at most this many chars (2010年及“十一五”时期工作回顾).
const MAX_PART_HEADING_CHARS: usize = 30;

/// The end of an unnumbered part heading that opens `s`, right after a sentence end in
/// a text without line breaks (…提出意见。2002年工作回顾过去一年，…): a run that opens
/// with a year or a part start and ends with a part tail, or opens with a plan verb and
/// ends with a verb part tail (`data/heading_ends.tsv`), before a body char; without
/// stop, comma, colon or copula. None for running text. Byte offset in `s`.
fn part_heading_end(s: &str) -> Option<usize> {
    let w = super::heading_words::words();
    // A year or part start opens a heading that ends in a part tail (2024年主要工作); a
    // plan verb one that ends in a verb part tail (全面加强政府自身建设).
    let tails = if opens_part(w, s) {
        &w.part_tails
    } else if w.plan_verbs.iter().any(|v| s.starts_with(v)) {
        &w.verb_part_tails
    } else {
        return None;
    };
    for (k, (o, c)) in s.char_indices().enumerate() {
        if k > MAX_PART_HEADING_CHARS || stops_part_heading(c) || w.part_inner_not.contains(&c) {
            return None;
        }
        let body_char = opens_body_text(c) && !"（(".contains(c);
        if k >= 4
            && body_char
            && !w.part_next_not.contains(&c)
            && tails.iter().any(|t| s[..o].ends_with(t))
            && !tail_runs_on(tails, s, o)
        {
            return Some(o);
        }
    }
    None
}

/// The end (after its closing `**`) of a bold unnumbered part heading that opens `s`
/// (the text after the opening `**`), right after a sentence end in a text without line
/// breaks (…提出意见。**2013年工作回顾**2013年，…): the bold run is at most
/// [`MAX_PART_HEADING_CHARS`], holds no stop, comma or colon (an enumeration comma is
/// allowed), and opens with a year or a
/// part start, ends with a part tail, or opens with a plan verb and ends with a verb part
/// tail. A bold lead sentence (**社会保障体系进一步完善。**)
/// is none. Byte offset in `s`.
fn bold_part_heading_end(s: &str) -> Option<usize> {
    let w = super::heading_words::words();
    let close = s.find("**")?;
    let head = &s[..close];
    let n = head.chars().count();
    // An enumeration comma may stand in a bold one (**2020年的总体要求、奋斗目标和重点任务**).
    let stops = |c: char| c != '、' && stops_part_heading(c);
    if !(4..=MAX_PART_HEADING_CHARS).contains(&n) || head.contains(stops) {
        return None;
    }
    let ends = w.part_tails.iter().any(|t| head.ends_with(t));
    // …as a plain one does: 加强政府自身建设 (a plan verb and a verb part tail).
    let verb_part = w.plan_verbs.iter().any(|v| head.starts_with(v))
        && w.verb_part_tails.iter().any(|t| head.ends_with(t));
    (opens_part(w, head) || ends || verb_part).then_some(close + 2)
}

/// Does `s` open like an unnumbered part heading: a four-digit year with 年, or a part
/// start (过去五年, “十四五”)?
fn opens_part(w: &super::heading_words::HeadingWords, s: &str) -> bool {
    let year =
        s.chars().take(4).filter(char::is_ascii_digit).count() == 4 && s[4..].starts_with('年');
    year || w.part_starts.iter().any(|p| s.starts_with(p))
}

/// A char that no unnumbered part heading holds: a sentence end, comma, colon, semicolon
/// or enumeration comma.
fn stops_part_heading(c: char) -> bool {
    SENTENCE_ENDS.contains(&c) || "，,：:；;、".contains(c)
}

/// Does a part tail run on past `o`: one that starts before it (2020年主要目标|任务的完成),
/// or another that starts right at it (2010年主要工作|回顾)?
fn tail_runs_on(tails: &[&str], s: &str, o: usize) -> bool {
    tails.iter().any(|t| {
        s[o..].starts_with(t)
            || s[..o]
                .char_indices()
                .rev()
                .take_while(|(j, _)| o - j < t.len())
                .any(|(j, _)| s[j..].starts_with(t))
    })
}

/// Does a body open at `rest`, after the heading char `prev` that ends the heading's
/// comma-separated part `part`?
fn body_opens(w: &super::heading_words::HeadingWords, prev: char, part: &str, rest: &str) -> bool {
    let ends_word = ('\u{4e00}'..='\u{9fff}').contains(&prev) || "”）)".contains(prev);
    if !ends_word || w.joiners.contains(&prev) || w.prefix_joiners.contains(&prev) {
        return false;
    }
    if year_body(w, rest)
        || period_body(w, rest)
        || super::canon::starts_with_marker(rest)
        || rest.starts_with("各位代表")
    {
        return true;
    }
    !w.subjects.contains(&prev)
        && (w.openers.iter().any(|o| starts_with_word(rest, o))
            || !w.verb_prev_not.contains(&prev) && verb_body(w, part, rest))
}

/// A heading part takes this many chars before a verb can open its body
/// (坚定不移|加快… is one heading).
const MIN_VERB_PART_CHARS: usize = 5;

/// （四）倾力建设双循环枢纽|加快提升…: a verb opener after a heading part that opened with
/// a plan verb and has [`MIN_VERB_PART_CHARS`]. After a part that opens otherwise, the
/// verb is the heading's own (改革开放深入推进).
fn verb_body(w: &super::heading_words::HeadingWords, part: &str, rest: &str) -> bool {
    let verb = |v: &&str| {
        let next = rest.strip_prefix(*v).and_then(|r| r.chars().next());
        next.is_some_and(|c| !w.verb_next_not.contains(&c))
    };
    w.verb_openers.iter().any(verb)
        && w.plan_verbs.iter().any(|v| part.starts_with(v))
        && part.chars().count() >= MIN_VERB_PART_CHARS
}

/// “十四五”时期，是… / “十五”期间是…: a plan period that opens a body (not “十四五”时期主要目标).
fn period_body(w: &super::heading_words::HeadingWords, rest: &str) -> bool {
    let Some(r) = rest
        .strip_prefix(['“', '"'])
        .and_then(|r| r.strip_prefix('十'))
    else {
        return false;
    };
    let Some(r) =
        period_close(r).or_else(|| period_close(r.strip_prefix(super::canon::is_cn_digit)?))
    else {
        return false;
    };
    let r = w
        .period_suffixes
        .iter()
        .find_map(|p| r.strip_prefix(p))
        .unwrap_or(r);
    r.chars().next().is_some_and(|c| w.year_next.contains(&c))
}

/// The text after the 五” that closes a plan period's name (十|五”, 十四|五”), if `r`
/// opens with it.
fn period_close(r: &str) -> Option<&str> {
    r.strip_prefix("五”").or_else(|| r.strip_prefix("五\""))
}

/// Does the heading end after `head`, before the body char `next` (…取得新突破⏎全市…)?
fn tail_ends(w: &super::heading_words::HeadingWords, head: &str, next: char) -> bool {
    opens_body_text(next) && !w.joiners.contains(&next) && w.tails.iter().any(|t| head.ends_with(t))
}

/// 2024年是… / 2023年，…: a year that opens a body (not 2024年工作安排).
fn year_body(w: &super::heading_words::HeadingWords, rest: &str) -> bool {
    let mut it = rest.chars();
    let digits = it
        .by_ref()
        .take(4)
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    digits == 4 && it.next() == Some('年') && it.next().is_some_and(|c| w.year_next.contains(&c))
}

/// `rest` starts with `word`, a full-width comma in the word matching either comma.
fn starts_with_word(rest: &str, word: &str) -> bool {
    let mut r = rest.chars();
    word.chars().all(|wc| match r.next() {
        Some(c) => c == wc || wc == '，' && c == ',',
        None => false,
    })
}

/// 第一， / 第二、 at the start of `s`: an ordinal list item.
fn ordinal_marker(s: &str) -> bool {
    let Some(r) = s.strip_prefix('第') else {
        return false;
    };
    let r = r.trim_start_matches(super::canon::is_cn_digit);
    r.len() + '第'.len_utf8() < s.len() && r.starts_with(['，', ',', '、'])
}

/// 一、 or （一） / (一) at the start of `s`: the marker's byte length.
fn top_or_paren_marker(s: &str) -> Option<usize> {
    let cn = super::canon::is_cn_digit;
    let mut it = s.chars();
    match it.next() {
        Some(c) if cn(c) => {
            let tail = it.as_str().trim_start_matches(cn);
            let body = tail.strip_prefix('、')?;
            // 一、二、三产业, 三、四月份: an enumeration of numerals, not a marker.
            let w = super::heading_words::words();
            let mut next = body.chars();
            let enumeration = next.next().is_some_and(cn)
                && next
                    .next()
                    .is_some_and(|c| w.numeral_list_next.contains(&c));
            (!enumeration).then(|| s.len() - body.len())
        }
        Some('（' | '(') => {
            let r = it.as_str();
            let tail = r.trim_start_matches(cn);
            let close = tail.chars().next().filter(|c| matches!(c, '）' | ')'))?;
            (tail.len() < r.len()).then(|| s.len() - tail.len() + close.len_utf8())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(src: &str) -> Vec<(&str, Mark, bool)> {
        scan(src)
            .items
            .iter()
            .map(|it| (&src[it.range.clone()], it.mark, it.hard))
            .collect()
    }

    #[test]
    fn front_matter_keeps_its_title() {
        let src = "---\ntitle: 泰安市政府工作报告（2021年1月25日 张涛）\nsource: http://x\n---\n\n各位代表：";
        let l = scan(src);
        assert_eq!(
            &src[l.title.clone().unwrap()],
            "泰安市政府工作报告（2021年1月25日 张涛）"
        );
        assert_eq!(l.items[0].range, 0..11);
        assert!(src[l.items[1].range.clone()].starts_with("\nsource"));
        assert!(l.items[1].hard);
        // The same block without line breaks, or with them written as text.
        for src in [
            "---source: https://x.cn/a.htmltitle: 天津市2021年政府工作报告---各位代表：",
            "---\\r\\ntitle: 天津市2021年政府工作报告\\r\\n---\\r\\n各位代表：",
        ] {
            let l = scan(src);
            let t = l.title.clone().expect(src);
            assert_eq!(&src[t], "天津市2021年政府工作报告", "{src}");
        }
    }

    #[test]
    fn bold_headings_and_inline_bold() {
        let m = marks("**一、工作回顾**\n正文**重点**。\n");
        assert_eq!(m[0], ("**", Mark::Drop, false));
        assert_eq!(m[1], ("**", Mark::Drop, true));
        assert_eq!(m[2], ("**", Mark::Drop, false));
        assert_eq!(m[3], ("**", Mark::Drop, false));
    }

    #[test]
    fn bullets_headings_tables() {
        let m = marks("## 二、安排\n- 一、打通断头路\n| 一、事项 | 单位 |\n| --- | --- |\n");
        assert_eq!(m[0], ("## ", Mark::Drop, true));
        assert_eq!(m[1], ("", Mark::Drop, true));
        assert_eq!(m[2], ("- ", Mark::Drop, true));
        assert_eq!(m[3], ("|", Mark::Drop, true));
        assert_eq!(m[4], ("|", Mark::Replace(';'), false));
        assert_eq!(m[5], ("|", Mark::Drop, true));
        assert_eq!(m[6], ("| --- | --- |", Mark::Drop, true));
    }

    #[test]
    fn written_escapes() {
        let m = marks("各位代表：\\r\\n现在\\t我代表\\n一、回顾");
        assert_eq!(m[0], ("\\r\\n", Mark::Newline, false));
        assert_eq!(m[1], ("\\t", Mark::Space, false));
        assert_eq!(m[2], ("\\n", Mark::Newline, false));
        // One escape is not enough in a text with real line breaks.
        assert!(marks("路径C:\\new\n正文").is_empty());
    }

    #[test]
    fn one_line_texts_break_before_markers() {
        let body = "经济增长。".repeat(250);
        let src = format!("政府工作报告各位代表：{body}一、回顾{body}（一）推进。二是做好。");
        let l = scan(&src);
        let at: Vec<&str> = l
            .items
            .iter()
            .filter(|it| it.mark == Mark::Break)
            .map(|it| &src[it.range.start..it.range.start + 6])
            .collect();
        assert_eq!(at, vec!["各位", "一、", "（一"]);
        // A bold heading ends at its closing `**`; a plain one before the body's year.
        let src = format!("{body}**一、回顾**过去一年。{body}二、2024年工作安排2024年是关键一年。");
        let l = scan(&src);
        let at: Vec<String> = l
            .items
            .iter()
            .filter(|it| it.mark == Mark::Break)
            .map(|it| src[it.range.start..].chars().take(2).collect::<String>())
            .collect();
        // (The break after `**` joins the one before it: one run, one paragraph break.)
        assert_eq!(at, vec!["**", "一、", "过去", "二、", "20"]);
    }

    fn breaks_at(src: &str) -> Vec<String> {
        scan(src)
            .items
            .iter()
            .filter(|it| it.mark == Mark::Break)
            .map(|it| src[it.range.start..].chars().take(4).collect::<String>())
            .collect()
    }

    #[test]
    fn one_line_part_headings_without_a_number() {
        let body = "经济增长。".repeat(250);
        // 东莞 2003 (lawtext), its line breaks removed.
        let src = format!(
            "{body}请予审议，并请政协委员和其他列席人员提出意见。2002年工作回顾过去一年，市政府在省委的领导下。{body}"
        );
        assert_eq!(breaks_at(&src), vec!["2002", "过去一年"]);
        // Running text: a tail that runs on (主要目标|任务), one followed by a verb (only
        // the address opens a paragraph).
        let src = format!(
            "{body}各位代表！2025年主要目标任务顺利完成，标志着圆满收官。“十二五”发展成就令人鼓舞。{body}"
        );
        assert_eq!(breaks_at(&src), vec!["各位代表"]);
        // No part start: 全面完成省政府下达的10件民生实事 is a sentence.
        let src = format!("{body}全面完成省政府下达的10件民生实事，惠及群众。{body}");
        assert!(breaks_at(&src).is_empty());
    }

    #[test]
    fn one_line_bold_part_headings_without_a_number() {
        let body = "经济增长。".repeat(250);
        // 宿迁 2014 (lawtext), its line breaks removed.
        let src = format!("{body}请予审议。**2013年工作回顾**2013年，全市上下坚持稳中求进。{body}");
        assert_eq!(breaks_at(&src), vec!["**20", "2013"]);
        // A bold heading right before a bold lead sentence (东莞 2006): the break goes
        // after both star pairs.
        let src = format!("{body}请予审议。**一、加强自主创新工作****增强创新能力。**全市。{body}");
        // (The marker is found from both ends of its opening `**`: two breaks around a
        // dropped item, one paragraph break.)
        assert_eq!(breaks_at(&src), vec!["**一、", "一、加强", "增强创新"]);
        // A bold lead sentence is running text (德阳 2014).
        let src = format!("{body}人民群众得到实惠。**“十大民生工程”全面完成。**各项工作。{body}");
        assert!(breaks_at(&src).is_empty());
    }

    #[test]
    fn one_line_bold_follows_the_star_parity() {
        let body = "经济增长。".repeat(250);
        // 温州 2025 (lawtext), its line breaks removed: the `**` before 各位代表 closes the
        // speaker's bold run, so the `**` before 一、 opens the heading, and its closing
        // `**` ends it.
        let src = format!(
            "{body}**在温州市第十四届人民代表大会第五次会议上****温州市市长 张文杰**各位代表：\
             请予审议。**一、2024年工作回顾**2024年是关键一年。{body}"
        );
        // (Each break is found from both ends of the `**` before it: one paragraph break.)
        assert_eq!(
            breaks_at(&src),
            vec!["**各位", "各位代表", "**一、", "一、20", "2024"]
        );
        // A marker after a closing `**` (…。**一、) is a plain heading: it ends before the
        // year that opens its body.
        let src = format!("{body}**全市上下奋力拼搏。**一、2024年工作回顾2024年是关键一年。{body}");
        assert_eq!(breaks_at(&src), vec!["**一、", "一、20", "2024"]);
        // 遵义 2020: an enumeration comma in a bold part heading.
        let src =
            format!("{body}问题。**2020年的总体要求、奋斗目标和重点任务**2020年是决胜之年。{body}");
        assert_eq!(breaks_at(&src), vec!["**20", "2020"]);
    }

    #[test]
    fn one_line_numeral_enumeration_is_no_marker() {
        let body = "经济增长。".repeat(250);
        // 广西 2026 (lawtext), its line breaks removed.
        let src = format!("{body}增长5.1%。一、二、三产业增加值分别增长4.2%、5%、5.4%。{body}");
        assert!(breaks_at(&src).is_empty());
    }

    #[test]
    fn one_line_heading_ends_at_the_indent_of_its_lost_break() {
        // National 2010 (national_reports.jsonl), its line breaks removed.
        let body = "经济增长。".repeat(250);
        let src = format!(
            "{body}一、2009年工作回顾\u{3000}\u{3000}2009年是新世纪以来最为困难的一年。{body}"
        );
        assert_eq!(breaks_at(&src), vec!["一、20", "\u{3000}\u{3000}20"]);
    }
}
