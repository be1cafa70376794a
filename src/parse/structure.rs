//! Structure diagnostics: what the outline and the text say about a report's wholeness
//! (numbering gaps, a missing beginning, undecodable characters). It only reports; it
//! must not change any record.

use super::outline::Outline;
use super::{find, Builder};
use crate::model::Severity;

/// Adds the report's structure diagnostics.
pub(super) fn diagnose(b: &mut Builder, ol: &Outline) {
    sequence_gaps(b, ol);
    truncated_start(b, ol);
    replacement_characters(b);
}

fn sequence_gaps(b: &mut Builder, ol: &Outline) {
    for g in &ol.gaps {
        let names: Vec<String> = g.missing.iter().map(|&m| g.kind.render(m)).collect();
        b.diag(
            Severity::Warning,
            "sequence_gap",
            format!(
                "numbered item {} is missing between {} and {}; its text is inside the span of {}",
                names.join("、"),
                g.kind.render(g.after),
                g.kind.render(g.before),
                g.kind.render(g.after)
            ),
            g.region.clone(),
        );
    }
}

/// A newspaper continuation (上接第…版) or a first heading that is not 一、.
fn truncated_start(b: &mut Builder, ol: &Outline) {
    let canon = b.canon;
    let head: String = canon.text.chars().take(300).collect();
    if let Some(p) = find::find(&head, "上接第") {
        let end = head[p..]
            .find([')', '）'])
            .map_or(p + "上接第".len(), |e| p + e + 1);
        let start = if p > 0 && head[..p].ends_with('(') {
            p - 1
        } else {
            p
        };
        b.diag(
            Severity::Warning,
            "truncated_start",
            "the text is a newspaper continuation (上接…版): its beginning is not in the input"
                .into(),
            start..end,
        );
    } else if ol.first_top_ordinal.is_some_and(|o| o > 1) {
        b.diag(
            Severity::Warning,
            "truncated_start",
            "the first top-level heading is not 一、: the beginning of the report is missing"
                .into(),
            0..0,
        );
    }
}

fn replacement_characters(b: &mut Builder) {
    let canon = b.canon;
    let text = canon.text.as_bytes();
    // memmem: a whole-text search, where its SIMD pair filter pays for its setup.
    let fffd = "\u{fffd}".as_bytes();
    let replacement = memchr::memmem::find_iter(text, fffd).count();
    if replacement > 0 {
        let p = memchr::memmem::find(text, fffd).unwrap_or(0);
        b.diag(
            Severity::Warning,
            "replacement_characters",
            format!("{replacement} undecodable characters (U+FFFD) in the text"),
            p..p + 3,
        );
    }
}
