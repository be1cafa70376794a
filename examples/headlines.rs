//! Prints every report's headline targets as JSON Lines (source, year, and the
//! headline records): the quick loop behind the panel work, without writing tables.
//!
//! `cargo run --release --example headlines -- PATH… > out.jsonl` (with the shared
//! `CARGO_TARGET_DIR`; the default features, so no second polars build)

use gwr::input::{self, ReadOptions};
use gwr::pipeline::{self, DecodeOptions};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (files, _) = input::discover(&args);
    let mut units = Vec::new();
    for f in &files {
        input::read_units(f, &ReadOptions::default(), &mut |u| units.push(u));
    }
    let opts = DecodeOptions::default();
    let lines: Vec<String> = units
        .par_iter()
        .map(|u| {
            let r = pipeline::process(u, &opts);
            let heads: Vec<_> = r
                .targets
                .iter()
                .filter(|t| t.headline)
                .map(|t| {
                    serde_json::json!({"metric": t.metric, "value": t.value,
                        "value_high": t.value_high, "comparator": t.comparator, "text": t.text,
                        "horizon": t.horizon_start})
                })
                .collect();
            let gdp: Vec<_> = r
                .targets
                .iter()
                .filter(|t| t.metric.as_deref() == Some("gdp_growth"))
                .map(|t| {
                    serde_json::json!([t.value, t.headline, t.horizon_start, t.horizon_end, t.text])
                })
                .collect();
            serde_json::json!({"source": r.report.source, "year": r.report.year,
                "region": r.report.region, "status": r.report.status,
                "sections": r.sections.len(), "tasks": r.tasks.len(),
                "declined": r.report.declined_targets, "headline": heads, "gdp": gdp})
            .to_string()
        })
        .collect();
    for l in lines {
        println!("{l}");
    }
}
