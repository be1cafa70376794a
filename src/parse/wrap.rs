//! Hard-wrapped texts (PDF-style, or wrapped by a converter at a fixed width): finds
//! the wrap width from the lengths of the lines and the line breaks that only wrap a
//! paragraph, so that the canon does not read them as paragraph ends.
//!
//! When most lines of a text have the same length in chars and hardly any is longer,
//! that length is the wrap width: a line of that length ran into the margin, so the
//! next line continues its paragraph whatever its last char is; a paragraph ends on a
//! shorter line. This module only finds such breaks; it must not decide any other.

use std::ops::Range;

use super::canon::starts_with_marker;

/// Lines shorter than this are never the wrap width (headings, dates, list items).
const MIN_WIDTH: usize = 16;

/// A line of the source: its byte range (without `\r` and `\n`) and its length in chars.
#[derive(Debug, Clone)]
struct Line {
    range: Range<usize>,
    chars: usize,
}

fn lines(src: &str, from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = from;
    for nl in memchr::memchr_iter(b'\n', &src.as_bytes()[from..]).map(|p| from + p) {
        let text = src[start..nl].trim_end_matches('\r');
        out.push(Line {
            range: start..start + text.len(),
            chars: text.chars().count(),
        });
        start = nl + 1;
    }
    out
}

/// The wrap width of the text, if it is hard-wrapped: the most common line length (of
/// at least [`MIN_WIDTH`] chars) when it holds at least 30 % of the lines that are not
/// blank and lines longer than it are rare (a quarter of its count at most).
fn width(lines: &[Line]) -> Option<usize> {
    let mut counts: Vec<usize> = Vec::new();
    let mut filled = 0usize;
    for l in lines.iter().filter(|l| l.chars > 0) {
        filled += 1;
        if l.chars >= counts.len() {
            counts.resize(l.chars + 1, 0);
        }
        counts[l.chars] += 1;
    }
    let (w, &n) = counts
        .iter()
        .enumerate()
        .skip(MIN_WIDTH)
        .max_by_key(|&(len, n)| (*n, len))?;
    let longer: usize = counts.get(w + 1..).map_or(0, |c| c.iter().sum());
    (n >= 8 && n * 10 >= filled * 3 && longer * 4 <= n).then_some(w)
}

/// Does the text separate its paragraphs by blank lines? Then a single line break is
/// never a paragraph end in a wrapped text (until a paragraph ends without one).
fn blank_line_paragraphs(lines: &[Line], width: usize) -> bool {
    let short_then_blank = lines
        .windows(2)
        .filter(|w| w[0].chars > 0 && w[0].chars < width && w[1].chars == 0)
        .count();
    let short = lines
        .iter()
        .filter(|l| l.chars > 0 && l.chars < width)
        .count();
    short_then_blank * 2 > short
}

/// Sentence ends and colons (a semicolon before 二是 mostly joins the items of one list).
const SENTENCE_END: &[char] = &['。', '！', '？', '：', '!', '?', ':'];
const CLOSERS: &[char] = &['”', '’', '）', ')', '」', '』'];

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(CLOSERS);
    t.ends_with(SENTENCE_END)
}

/// The line breaks of `src` (from byte `from` on) that wrap a paragraph: each range is
/// one `\n` (with the `\r` before it).
pub fn soft_breaks(src: &str, from: usize) -> Vec<Range<usize>> {
    let lines = lines(src, from);
    let Some(w) = width(&lines) else {
        return Vec::new();
    };
    let mut blank_paras = blank_line_paragraphs(&lines, w);
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        let (line, next) = (&pair[0], &pair[1]);
        if line.chars > 0 && line.chars < w {
            // How the last paragraph ended: texts change their style part by part.
            blank_paras = next.chars == 0;
        }
        if line.chars < w || next.chars == 0 {
            continue;
        }
        // A full line that ends a sentence, before a line that opens with a marker: a
        // paragraph that happens to end at the margin (unless blank lines mark them
        // where the text is).
        let text = &src[line.range.clone()];
        let next_text = src[next.range.clone()].trim_start_matches([' ', '\u{3000}', '\t']);
        if !blank_paras
            && ends_sentence(text)
            && (starts_with_marker(next_text) || next_text.starts_with("各位代表"))
        {
            continue;
        }
        let nl_start = line.range.end;
        out.push(nl_start..next.range.start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_of_a_wrapped_text() {
        // Paragraphs of 96 chars: four full lines of 20 and a short last line.
        let para = "一二三四五六七八九十".repeat(9) + "一二三四五";
        let mut src = String::new();
        for _ in 0..5 {
            for (k, c) in para.chars().enumerate() {
                if k > 0 && k % 20 == 0 {
                    src.push('\n');
                }
                src.push(c);
            }
            src.push_str("。\n");
        }
        let l = lines(&src, 0);
        assert_eq!(width(&l), Some(20));
        assert_eq!(soft_breaks(&src, 0).len(), 5 * 4);
    }
}
