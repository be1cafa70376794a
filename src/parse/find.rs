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
    let Some((&last, _)) = n.split_last() else {
        return Some(0);
    };
    let k = n.len() - 1;
    let tail = h.get(k..)?;
    memchr::memchr_iter(last, tail).find(|&p| h.get(p..p + n.len()) == Some(n))
}

/// Whether `needle` occurs in `haystack`.
#[inline]
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
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

    proptest! {
        #[test]
        fn agrees_with_std(h in "[增长5.%年目标a-c]{0,24}", n in "[增长5.%年目标a-c]{0,3}") {
            prop_assert_eq!(find(&h, &n), h.find(n.as_str()));
        }
    }
}
