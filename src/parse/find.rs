//! Substring search for the short texts the grammar asks about (clauses, sentences).
//!
//! `str::find(&str)` builds a Two-Way searcher on every call, which costs more than
//! the search itself on a 60-byte clause. Here the rarest byte of a UTF-8 needle — its
//! last byte, a continuation byte for Chinese words — is found with `memchr` and the
//! candidates are compared in place: no per-call setup. This module only searches; it
//! must not know any word of the grammar.

/// Byte offset of the first occurrence of `needle` in `haystack`.
#[inline]
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    #[cfg(target_arch = "x86_64")]
    if h.len() >= PAIR_MIN_HAYSTACK && n.len() >= 3 {
        if let Some(found) = find_by_pair(h, n) {
            return found;
        }
    }
    let Some((&last, _)) = n.split_last() else {
        return Some(0);
    };
    let k = n.len() - 1;
    let tail = h.get(k..)?;
    memchr::memchr_iter(last, tail).find(|&p| h.get(p..p + n.len()) == Some(n))
}

/// Haystacks from this length on (paragraphs, long sentences) are searched with a byte
/// pair; shorter ones with `memchr` on the last byte.
#[cfg(target_arch = "x86_64")]
const PAIR_MIN_HAYSTACK: usize = 48;

/// memchr's AVX2 "packed pair" search on two bytes of the needle: the last byte and the
/// last byte of the char before it (or the lead byte of a one-char needle). In Chinese
/// text any one continuation byte is frequent, a pair of them at a fixed distance is
/// not. `None` when AVX2 is missing or the haystack is too short for the finder.
#[cfg(target_arch = "x86_64")]
#[inline]
fn find_by_pair(h: &[u8], n: &[u8]) -> Option<Option<usize>> {
    use memchr::arch::all::packedpair::Pair;
    use memchr::arch::x86_64::avx2::packedpair::Finder;
    let last = u8::try_from(n.len() - 1).ok()?;
    let other = last.saturating_sub(3);
    let finder = Finder::with_pair(n, Pair::with_indices(n, other, last)?)?;
    (h.len() >= finder.min_haystack_len()).then(|| finder.find(h, n))
}

/// Whether `needle` occurs in `haystack`.
#[inline]
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Non-overlapping occurrences of `needle`, left to right (`str::match_indices` without
/// its Two-Way setup). An empty needle yields nothing.
pub fn find_iter<'h>(haystack: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        let p = from + find(haystack.get(from..)?, needle)?;
        from = p + needle.len();
        Some(p)
    })
}

/// Whether `s` starts with `prefix` (`str::starts_with`). The byte where the prefix
/// would end is compared first: for a Chinese word that is a continuation byte, which
/// rejects almost every candidate without a call to `memcmp` (the grammar asks this of
/// word lists at every clause, and the words' lengths are only known at run time).
#[inline]
pub fn starts_with(s: &str, prefix: &str) -> bool {
    let (h, p) = (s.as_bytes(), prefix.as_bytes());
    match p.len().checked_sub(1) {
        None => true,
        Some(k) => h.get(k) == p.get(k) && h.get(..p.len()) == Some(p),
    }
}

/// Whether `s` ends with `suffix` (`str::ends_with`), its last byte compared first.
#[inline]
pub fn ends_with(s: &str, suffix: &str) -> bool {
    let (h, p) = (s.as_bytes(), suffix.as_bytes());
    match h.len().checked_sub(p.len()) {
        None => false,
        Some(_) if p.is_empty() => true,
        Some(at) => h.last() == p.last() && &h[at..] == p,
    }
}

/// `s` without `prefix` (`str::strip_prefix`), through [`starts_with`].
#[inline]
pub fn strip_prefix<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    starts_with(s, prefix).then(|| &s[prefix.len()..])
}

/// `s` without `suffix` (`str::strip_suffix`), through [`ends_with`].
#[inline]
pub fn strip_suffix<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    ends_with(s, suffix).then(|| &s[..s.len() - suffix.len()])
}

/// Byte offset of the first ASCII digit of `s` (what `s.find(|c: char| c.is_ascii_digit())`
/// returns, without decoding chars: an ASCII byte is always a char of its own).
#[inline]
pub fn first_digit(s: &str) -> Option<usize> {
    s.bytes().position(|b| b.is_ascii_digit())
}

/// Whether `s` holds an ASCII digit. Sentences and clauses are tested whole, so the
/// bytes are tested 32 at a time without an early exit inside a block (the compiler
/// vectorises the block; a byte-by-byte `any` cannot be).
#[inline]
pub fn has_digit(s: &str) -> bool {
    s.as_bytes()
        .chunks(32)
        .any(|block| block.iter().fold(false, |d, b| d | b.is_ascii_digit()))
}

/// `s` without any number of leading `prefix`es (`str::trim_start_matches` for a
/// string pattern, without building a searcher).
pub fn trim_start_all<'a>(mut s: &'a str, prefix: &str) -> &'a str {
    if prefix.is_empty() {
        return s;
    }
    while let Some(rest) = strip_prefix(s, prefix) {
        s = rest;
    }
    s
}

/// `s` without any number of trailing `suffix`es (`str::trim_end_matches`).
pub fn trim_end_all<'a>(mut s: &'a str, suffix: &str) -> &'a str {
    if suffix.is_empty() {
        return s;
    }
    while let Some(rest) = strip_suffix(s, suffix) {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_words_in_real_clauses() {
        let c = "地区生产总值增长5.5%左右";
        assert_eq!(find(c, "增长"), c.find("增长"));
        assert_eq!(find(c, "左右"), Some(c.len() - "左右".len()));
        assert_eq!(find(c, "下降"), None);
        assert_eq!(find("项目进入国家项目库", "国家"), Some(12));
        assert!(contains(c, "5.5%") && !contains(c, "下降"));
        assert_eq!(find("", "增长"), None);
        assert_eq!(find("增", "增长"), None);
        assert_eq!(find(c, ""), Some(0));
    }

    #[test]
    fn iterates_and_trims_like_std() {
        let c = "项目进入国家项目库";
        assert_eq!(find_iter(c, "项目").collect::<Vec<_>>(), vec![0, 18]);
        assert_eq!(trim_start_all("以上以上项目", "以上"), "项目");
        assert_eq!(trim_end_all("一批建设建设", "建设"), "一批");
        assert_eq!(find_iter(c, "").count(), 0);
    }

    proptest! {
        #[test]
        fn agrees_with_std(h in "[增长5.%年目标a-c]{0,80}", n in "[增长5.%年目标a-c]{0,3}") {
            prop_assert_eq!(find(&h, &n), h.find(n.as_str()));
            if !n.is_empty() {
                let ours: Vec<usize> = find_iter(&h, &n).collect();
                let std: Vec<usize> = h.match_indices(n.as_str()).map(|(p, _)| p).collect();
                prop_assert_eq!(ours, std);
            }
            prop_assert_eq!(trim_start_all(&h, &n), h.trim_start_matches(n.as_str()));
            prop_assert_eq!(trim_end_all(&h, &n), h.trim_end_matches(n.as_str()));
            prop_assert_eq!(starts_with(&h, &n), h.starts_with(n.as_str()));
            prop_assert_eq!(first_digit(&h), h.find(|c: char| c.is_ascii_digit()));
            prop_assert_eq!(has_digit(&h), h.chars().any(|c| c.is_ascii_digit()));
            prop_assert_eq!(ends_with(&h, &n), h.ends_with(n.as_str()));
            prop_assert_eq!(strip_prefix(&h, &n), h.strip_prefix(n.as_str()));
            prop_assert_eq!(strip_suffix(&h, &n), h.strip_suffix(n.as_str()));
        }
    }
}
