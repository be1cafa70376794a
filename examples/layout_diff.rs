//! Compares the paragraph breaks of the matching view of every corpus report with those
//! of the same report after a layout change (the transformations of
//! `tests/metamorphic.rs`): a break the change lost, or one it added, is printed with
//! its context. A tool for working on `parse::layout`; it changes nothing.
//!
//! `cargo run --release --example layout_diff -- oneline|wrap38 [-n SHOW] [NAME-PART]`

use gwr::parse::canon::Canon;
use rayon::prelude::*;

#[path = "../tests/common/layouts.rs"]
mod layouts;

fn corpus() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string()
}

fn transform(t: &str, text: &str) -> String {
    match t {
        "oneline" => layouts::one_line(text),
        _ => layouts::hard_wrap(text, 38),
    }
}

/// The view without its line breaks, and where the breaks were (char offsets in it).
fn breaks(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(text.len() / 3);
    let mut at = Vec::new();
    for c in text.chars() {
        if c == '\n' {
            at.push(chars.len());
        } else {
            chars.push(c);
        }
    }
    (chars, at)
}

fn context(chars: &[char], p: usize) -> String {
    let a: String = chars[p.saturating_sub(25)..p].iter().collect();
    let b: String = chars[p..(p + 25).min(chars.len())].iter().collect();
    format!("{a}⏎{b}")
}

struct Diff {
    name: String,
    first_diff: Option<String>,
    missing: Vec<String>,
    extra: Vec<String>,
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let t = if args.is_empty() {
        "oneline".to_string()
    } else {
        args.remove(0)
    };
    let mut show = 40usize;
    if let Some(k) = args.iter().position(|a| a == "-n") {
        show = args.get(k + 1).and_then(|n| n.parse().ok()).unwrap_or(show);
        args.drain(k..(k + 2).min(args.len()));
    }
    let mut dump = None;
    if let Some(k) = args.iter().position(|a| a == "--dump") {
        dump = args.get(k + 1).cloned();
        args.drain(k..(k + 2).min(args.len()));
    }
    let filter = args.first().cloned().unwrap_or_default();
    let docs: Vec<_> = layouts::read_docs(&[corpus()])
        .into_iter()
        .filter(|d| d.name.contains(&filter))
        .map(|d| (d.name, d.text))
        .collect();
    if t == "soft" {
        // Originals that the hard-wrap rule reads as wrapped.
        for (name, text) in &docs {
            let n = gwr::parse::wrap::soft_breaks(text, 0).len();
            if n > 0 {
                println!("{name}: {n} soft breaks");
            }
        }
        return;
    }
    if let Some(word) = dump {
        for (name, text) in &docs {
            let changed = transform(&t, text);
            let c = Canon::new(&changed).text;
            if let Some(p) = changed.find(&word) {
                let a = gwr::parse::spans::floor_char_boundary(&changed, p.saturating_sub(400));
                let b =
                    gwr::parse::spans::floor_char_boundary(&changed, (p + 300).min(changed.len()));
                println!("== {name} source:\n{}", &changed[a..b]);
            }
            if let Some(p) = c.find(&word) {
                let a = gwr::parse::spans::floor_char_boundary(&c, p.saturating_sub(400));
                let b = gwr::parse::spans::floor_char_boundary(&c, (p + 300).min(c.len()));
                println!("== {name} canon:\n{}", &c[a..b]);
            }
        }
        return;
    }
    let diffs: Vec<Diff> = docs
        .par_iter()
        .map(|(name, text)| {
            let (ca, ba) = breaks(&Canon::new(text).text);
            let (cb, bb) = breaks(&Canon::new(&transform(&t, text)).text);
            let missing = ba
                .iter()
                .filter(|p| bb.binary_search(p).is_err())
                .map(|&p| context(&ca, p))
                .collect();
            let extra = bb
                .iter()
                .filter(|p| ba.binary_search(p).is_err())
                .map(|&p| context(&cb, p.min(cb.len())))
                .collect();
            Diff {
                name: name.clone(),
                first_diff: (ca != cb).then(|| {
                    let k = ca.iter().zip(&cb).take_while(|(a, b)| a == b).count();
                    format!("{} | {}", context(&ca, k), context(&cb, k))
                }),
                missing,
                extra,
            }
        })
        .collect();
    let clean = diffs
        .iter()
        .filter(|d| d.first_diff.is_none() && d.missing.is_empty() && d.extra.is_empty())
        .count();
    let (mut m, mut e) = (0, 0);
    let mut shown = 0;
    for d in &diffs {
        m += d.missing.len();
        e += d.extra.len();
        if let Some(at) = &d.first_diff {
            println!("CHARS DIFFER {} {at}", d.name);
            continue;
        }
        for s in &d.missing {
            if shown < show {
                println!("- {} {s}", d.name);
                shown += 1;
            }
        }
        for s in &d.extra {
            if shown < show {
                println!("+ {} {s}", d.name);
                shown += 1;
            }
        }
    }
    println!(
        "{t}: {clean} of {} reports keep every break; {m} breaks lost, {e} added",
        diffs.len()
    );
}
