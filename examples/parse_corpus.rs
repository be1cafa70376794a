//! Parses every real report in `../shared/corpus` (or the paths given) N times on one
//! thread and prints MB/s: a fixed amount of work for `perf stat` / `perf record`,
//! whose instruction and cycle counts are steadier than wall time on a shared machine.
//!
//! `cargo run --release --example parse_corpus -- [-n N] [PATH…]`

use std::time::Instant;

#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use gwr::input::{self, ReadOptions};
use gwr::pipeline::{self, DecodeOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 5usize;
    if let Some(k) = args.iter().position(|a| a == "-n") {
        rounds = args
            .get(k + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(rounds);
        args.drain(k..(k + 2).min(args.len()));
    }
    if args.is_empty() {
        args.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string());
    }
    let (files, _) = input::discover(&args);
    let mut units = Vec::new();
    for f in &files {
        input::read_units(f, &ReadOptions::default(), &mut |u| units.push(u));
    }
    let bytes: usize = units.iter().map(|u| u.bytes.len()).sum();
    let opts = DecodeOptions::default();
    let started = Instant::now();
    let mut records = 0usize;
    for _ in 0..rounds {
        for u in &units {
            let r = pipeline::process(u, &opts);
            records += r.targets.len() + r.achievements.len() + r.projects.len() + r.tasks.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} reports × {rounds}: {:.1} MB/s (decode + parse, one thread), {} records",
        units.len(),
        (bytes * rounds) as f64 / 1e6 / secs,
        records / rounds.max(1)
    );
}
