//! Cheap segmentation of the matching view: paragraphs, sentences, clauses.
//!
//! A single byte scan (no regex, no nom) that gives the grammar the units it runs on.
//! Offsets are byte offsets into the canonical text. Sentences end at 。！？ (folded to
//! 。 ! ?) and at paragraph breaks; clauses additionally end at , ; : (the gold rules:
//! `、` does not end a clause). This module must not interpret what the units say.

use std::ops::Range;

/// A text split once into paragraphs and their sentences, for every stage to read
/// (the outline, the paragraph rows and the clause walk).
#[derive(Debug, Clone, Default)]
pub struct Segments {
    paragraphs: Vec<Range<usize>>,
    sentences: Vec<Range<usize>>,
    /// Paragraph k's sentences are `sentences[first[k]..first[k + 1]]`.
    first: Vec<usize>,
}

impl Segments {
    /// Splits `text` into paragraphs ([`paragraphs`]) and each into sentences
    /// ([`sentences`]).
    pub fn new(text: &str) -> Segments {
        let paragraphs = paragraphs(text);
        let mut sentences = Vec::with_capacity(paragraphs.len() * 4);
        let mut first = Vec::with_capacity(paragraphs.len() + 1);
        for p in &paragraphs {
            first.push(sentences.len());
            sentences.extend(self::sentences(text, p.clone()));
        }
        first.push(sentences.len());
        Segments {
            paragraphs,
            sentences,
            first,
        }
    }

    /// The paragraphs, in text order.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// The paragraphs inside `r`, cut to it, as [`paragraphs`] gives them for `&text[r]`.
    pub fn paragraphs_in(&self, r: &Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
        let from = self.paragraphs.partition_point(|p| p.end <= r.start);
        let (start, end) = (r.start, r.end);
        self.paragraphs[from..]
            .iter()
            .take_while(move |p| p.start < end)
            .map(move |p| p.start.max(start)..p.end.min(end))
            .filter(|p| p.start < p.end)
    }

    /// The sentences of the paragraphs inside `r`, cut to it: those of a whole paragraph
    /// as split once, those of a cut one split again ([`sentences`]).
    pub fn sentences_in(&self, text: &str, r: &Range<usize>) -> Vec<Range<usize>> {
        let from = self.paragraphs.partition_point(|p| p.end <= r.start);
        let mut out = Vec::new();
        for (k, p) in self.paragraphs.iter().enumerate().skip(from) {
            if p.start >= r.end {
                break;
            }
            let cut = p.start.max(r.start)..p.end.min(r.end);
            if cut == *p {
                out.extend_from_slice(self.sentences_of(k));
            } else if cut.start < cut.end {
                out.extend(sentences(text, cut));
            }
        }
        out
    }

    /// The sentences of paragraph `k` (none for an index past the end).
    pub fn sentences_of(&self, k: usize) -> &[Range<usize>] {
        match (self.first.get(k), self.first.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.sentences[a..b],
            _ => &[],
        }
    }
}

/// Paragraphs: the lines of the canonical text (hard breaks only), empty lines skipped.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        if nl > start {
            out.push(start..nl);
        }
        start = nl + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

const FULL_STOP: &[u8] = "。".as_bytes();

fn is_sentence_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'!' | b'?' => Some(1),
        0xE3 if bytes.get(i..i + 3) == Some(FULL_STOP) => Some(3),
        _ => None,
    }
}

/// Sentences inside `range` of `text`; each includes its final punctuation.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = range.start;
    let mut i = range.start;
    // Only '!', '?' and the lead byte of 。 (0xE3) can end a sentence: jump between them.
    for cand in memchr::memchr3_iter(b'!', b'?', 0xE3, &bytes[range.clone()]) {
        let pos = range.start + cand;
        if pos < i {
            continue;
        }
        if let Some(len) = is_sentence_end(bytes, pos) {
            let mut end = pos + len;
            // A closing quote or bracket right after the stop belongs to the sentence.
            while end < range.end && is_closer(&text[end..]) {
                end += text[end..].chars().next().map_or(1, char::len_utf8);
            }
            if end > start {
                out.push(start..end);
            }
            start = end;
            i = end;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

fn is_closer(s: &str) -> bool {
    s.starts_with('”') || s.starts_with(')') || s.starts_with('」') || s.starts_with('’')
}

/// Clauses inside `range`: runs between , ; : ! ? 。 — without the delimiter.
pub fn clauses(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let dlen = match bytes[i] {
            b',' | b';' | b':' | b'!' | b'?' | b'\n' => 1,
            0xE3 if bytes.get(i..i + 3) == Some(FULL_STOP) => 3,
            _ => 0,
        };
        if dlen > 0 {
            if i > start {
                out.push(start..i);
            }
            start = i + dlen;
            i += dlen;
        } else {
            i += 1;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_hold_each_paragraphs_sentences() {
        // 吉林 2024 (cities_2024): a lead-in paragraph of two sentences, then a lead line.
        let t = "主要预期目标是:地区生产总值增长7%左右。城镇登记失业率控制在4.5%以内。\n\n重点做好九个方面工作:";
        let s = Segments::new(t);
        assert_eq!(s.paragraphs(), paragraphs(t).as_slice());
        for (k, p) in s.paragraphs().iter().enumerate() {
            assert_eq!(s.sentences_of(k), sentences(t, p.clone()).as_slice());
        }
        assert_eq!(s.sentences_of(0).len(), 2);
        // A range that cuts paragraphs: as if the cut text were split on its own.
        let at = |w: &str| t.find(w).unwrap_or(0);
        for r in [3..t.len(), 0..at("城镇") + 6, at("增长")..at("九")] {
            let own: Vec<Range<usize>> = paragraphs(&t[r.clone()])
                .into_iter()
                .map(|p| r.start + p.start..r.start + p.end)
                .collect();
            assert_eq!(s.paragraphs_in(&r).collect::<Vec<_>>(), own);
            let own_sentences: Vec<Range<usize>> =
                own.iter().flat_map(|p| sentences(t, p.clone())).collect();
            assert_eq!(s.sentences_in(t, &r), own_sentences);
        }
        assert!(s.sentences_of(2).is_empty());
    }

    #[test]
    fn splits_real_text() {
        let t = "主要预期目标是:地区生产总值增长7%左右,规模以上工业增加值增长8%。城镇登记失业率控制在4.5%以内。\n重点做好九个方面工作:";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2);
        let s = sentences(t, p[0].clone());
        assert_eq!(
            &t[s[0].clone()],
            "主要预期目标是:地区生产总值增长7%左右,规模以上工业增加值增长8%。"
        );
        let c = clauses(t, p[0].clone());
        let texts: Vec<&str> = c.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                "主要预期目标是",
                "地区生产总值增长7%左右",
                "规模以上工业增加值增长8%",
                "城镇登记失业率控制在4.5%以内"
            ]
        );
    }

    #[test]
    fn closing_quote_stays_with_sentence() {
        let t = "他说:“要干。”然后";
        let s = sentences(t, 0..t.len());
        assert_eq!(&t[s[0].clone()], "他说:“要干。”");
    }
}
