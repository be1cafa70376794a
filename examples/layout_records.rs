//! Parses every corpus report as found and after one layout change of
//! `tests/metamorphic.rs` (oneline or wrap38), and prints, per report whose records
//! change, the targets, achievements (`-A`/`+A`, not in the summary) and task headings
//! gained and lost. A tool for working on
//! `parse::layout`; it changes nothing.
//!
//! `cargo run --release --example layout_records -- oneline|wrap38 [-n SHOW] [-l LINES] [NAME-PART]`
//! (SHOW reports, each with up to LINES changed records; 30 and 12 unless given)

use gwr::model::ParsedReport;
use gwr::parse;
use rayon::prelude::*;

#[path = "../tests/common/layouts.rs"]
mod layouts;

fn transform(t: &str, text: &str) -> String {
    match t {
        "oneline" => layouts::one_line(text),
        _ => layouts::hard_wrap(text, 38),
    }
}

fn targets(r: &ParsedReport) -> Vec<String> {
    quantities(&r.targets)
}

fn quantities(qs: &[gwr::model::Quantity]) -> Vec<String> {
    let mut v: Vec<String> = qs
        .iter()
        .map(|t| {
            format!(
                "{}={:?}/{:?} {:?} h={} «{}»",
                t.metric.as_deref().unwrap_or("-"),
                t.value,
                t.value_high,
                t.comparator,
                t.headline,
                t.text.replace('\n', "⏎")
            )
        })
        .collect();
    v.sort();
    v
}

fn key(s: &str) -> &str {
    s.split(" «").next().unwrap_or(s)
}

fn tasks(r: &ParsedReport) -> Vec<String> {
    r.tasks
        .iter()
        .map(|t| {
            let h: String = t
                .heading
                .as_deref()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{3000}')
                .collect();
            let m: String = t.marker.chars().filter(|c| !c.is_whitespace()).collect();
            format!("{m}{h}")
        })
        .collect()
}

/// Items of `a` not matched (by key) in `b`.
fn minus(a: &[String], b: &[String], by_key: bool) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for x in a {
        let k = if by_key { key(x) } else { x.as_str() };
        match rest
            .iter()
            .position(|y| (if by_key { key(y) } else { y.as_str() }) == k)
        {
            Some(p) => {
                rest.remove(p);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let t = if args.is_empty() {
        "oneline".to_string()
    } else {
        args.remove(0)
    };
    let mut show = 30usize;
    if let Some(k) = args.iter().position(|a| a == "-n") {
        show = args.get(k + 1).and_then(|n| n.parse().ok()).unwrap_or(show);
        args.drain(k..(k + 2).min(args.len()));
    }
    let mut per_report = 12usize;
    if let Some(k) = args.iter().position(|a| a == "-l") {
        per_report = args
            .get(k + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(per_report);
        args.drain(k..(k + 2).min(args.len()));
    }
    let filter = args.first().cloned().unwrap_or_default();
    let docs: Vec<_> = layouts::read_docs(&layouts::corpus_dirs())
        .into_iter()
        .filter(|d| d.name.contains(&filter))
        .map(|d| (d.name, d.text, d.info))
        .collect();
    let outs: Vec<(String, Vec<String>)> = docs
        .par_iter()
        .map(|(name, text, info)| {
            let a = parse::parse(text, info);
            let b = parse::parse(&transform(&t, text), info);
            let (ta, tb) = (targets(&a), targets(&b));
            let (ka, kb) = (tasks(&a), tasks(&b));
            let mut lines = Vec::new();
            let secs = |r: &ParsedReport| -> Vec<String> {
                r.sections
                    .iter()
                    .map(|s| {
                        let h: String = s
                            .heading
                            .as_deref()
                            .unwrap_or("")
                            .chars()
                            .filter(|c| !c.is_whitespace() && *c != '*')
                            .collect();
                        format!("{} {h} [{}]", s.marker.as_deref().unwrap_or(""), s.group)
                    })
                    .collect()
            };
            let (sa, sb) = (secs(&a), secs(&b));
            if sa != sb {
                for x in minus(&sa, &sb, false) {
                    lines.push(format!("  -S {x}"));
                }
                for x in minus(&sb, &sa, false) {
                    lines.push(format!("  +S {x}"));
                }
            }
            for x in minus(&ta, &tb, true) {
                lines.push(format!("  -T {x}"));
            }
            for x in minus(&tb, &ta, true) {
                lines.push(format!("  +T {x}"));
            }
            let (aa, ab) = (quantities(&a.achievements), quantities(&b.achievements));
            for x in minus(&aa, &ab, true) {
                lines.push(format!("  -A {x}"));
            }
            for x in minus(&ab, &aa, true) {
                lines.push(format!("  +A {x}"));
            }
            if ka != kb {
                for x in minus(&ka, &kb, false) {
                    lines.push(format!("  -K {x}"));
                }
                for x in minus(&kb, &ka, false) {
                    lines.push(format!("  +K {x}"));
                }
                if lines.is_empty() {
                    lines.push("  K order differs".into());
                }
            }
            (name.clone(), lines)
        })
        .collect();
    let n = outs.len() as f64;
    let same_t = outs
        .iter()
        .filter(|o| {
            !o.1.iter()
                .any(|l| l.starts_with("  -T") || l.starts_with("  +T"))
        })
        .count();
    let same_k = outs
        .iter()
        .filter(|o| {
            !o.1.iter()
                .any(|l| l.starts_with("  -K") || l.starts_with("  +K") || l.starts_with("  K "))
        })
        .count();
    println!(
        "{t}: same targets {:.1} %, same tasks {:.1} %",
        100.0 * same_t as f64 / n,
        100.0 * same_k as f64 / n
    );
    let mut bad = 0;
    for (name, lines) in &outs {
        if lines.is_empty() {
            continue;
        }
        bad += 1;
        if bad <= show {
            println!("{name}");
            for l in lines.iter().take(per_report) {
                println!("{l}");
            }
        }
    }
    println!("{t}: {bad} of {} reports change", outs.len());
}
