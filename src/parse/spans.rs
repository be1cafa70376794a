//! Byte offsets → Unicode code point offsets, computed once per report.
//!
//! Records are built with byte spans; this module fills in `char_start`/`char_end` for
//! all of them in one sorted sweep over the text (no per-char table, so memory stays
//! proportional to the number of records, not to the size of the report).

use crate::model::Span;

/// Collects byte offsets, then answers char offsets for them.
#[derive(Default)]
pub struct CharOffsets {
    offsets: Vec<usize>,
    chars: Vec<usize>,
}

impl CharOffsets {
    pub fn want(&mut self, span: &Span) {
        self.offsets.push(span.byte_start);
        self.offsets.push(span.byte_end);
    }

    /// Computes the char offsets of every wanted byte offset in one pass over `text`.
    pub fn resolve(&mut self, text: &str) {
        self.offsets.sort_unstable();
        self.offsets.dedup();
        self.chars.clear();
        self.chars.reserve(self.offsets.len());
        let mut prev_byte = 0usize;
        let mut prev_char = 0usize;
        for &off in &self.offsets {
            let off = floor_char_boundary(text, off.min(text.len()));
            let seg = text.get(prev_byte..off).unwrap_or("");
            prev_char += count_chars(seg);
            prev_byte = off;
            self.chars.push(prev_char);
        }
    }

    fn char_of(&self, byte: usize) -> usize {
        match self.offsets.binary_search(&byte) {
            Ok(i) => self.chars[i],
            Err(_) => 0,
        }
    }

    pub fn fill(&self, span: &mut Span) {
        span.char_start = self.char_of(span.byte_start);
        span.char_end = self.char_of(span.byte_end);
    }
}

/// Number of code points (std's word-at-a-time count of non-continuation bytes).
pub fn count_chars(s: &str) -> usize {
    s.chars().count()
}

/// Whether `s` has between `lo` and `hi` chars (inclusive). A char is 1 to 4 bytes, so
/// the byte length alone decides most calls: a long paragraph is never counted to learn
/// that it is not a 12-char heading.
pub fn chars_within(s: &str, lo: usize, hi: usize) -> bool {
    let n = s.len();
    if n < lo || n.div_ceil(4) > hi {
        return false;
    }
    if n <= hi && n.div_ceil(4) >= lo {
        return true;
    }
    (lo..=hi).contains(&s.chars().count())
}

pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_python_indices() {
        let text = "\n\n辽源市人民政府工作报告\n\n(上接第一版)";
        let mut s = Span::bytes(2, 35);
        let mut c = CharOffsets::default();
        c.want(&s);
        c.resolve(text);
        c.fill(&mut s);
        assert_eq!((s.char_start, s.char_end), (2, 13));
    }

    #[test]
    fn chars_within_counts_chars_not_bytes() {
        assert!(chars_within("各位代表", 4, 4));
        assert!(!chars_within("各位代表", 0, 3));
        assert!(chars_within("到2025年", 0, 8));
        assert!(!chars_within("", 1, 8));
    }

    proptest::proptest! {
        #[test]
        fn chars_within_agrees_with_a_count(s in "[a-z5%年增长𝄞]{0,40}", lo in 0usize..30, span in 0usize..30) {
            let hi = lo + span;
            let n = s.chars().count();
            proptest::prop_assert_eq!(chars_within(&s, lo, hi), lo <= n && n <= hi);
        }
    }
}
