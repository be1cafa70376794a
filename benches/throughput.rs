//! Throughput in MB/s of report text (criterion `Throughput::Bytes`).
//!
//! Every group also times a plain scan of the same bytes (memchr counting 。), the floor
//! no parser can beat, so each figure can be read as a ratio to that floor in the same
//! run on the same machine:
//!
//! - `parse/<corpus>`: `gwr::parse::parse` over already decoded texts, one thread
//!   (so the figure is per core). Corpora: the Liaoyuan seed, the national JSONL, the
//!   2026 provincial CSVs, the 2024 city texts, and all of them together.
//! - `decode_parse/all`: `gwr::pipeline::process` (decode + parse) over the raw units.
//! - `convert/jsonl_<N>MB`: end to end — read a JSONL corpus, decode, parse in parallel
//!   on all cores, write Parquet — over a large corpus built at bench time from the real
//!   reports (each copy a distinct member), `GWR_BENCH_MB` MB of report text (default
//!   1024), written under the cargo target dir and never committed.
//!
//! Run: `cargo bench --bench throughput` (add `-- parse` to skip the large convert).
//! Real inputs are read in place from `../shared/corpus` (override: `GWR_CORPUS`).

use std::fs;
use std::hint::black_box;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The binary's allocator, so the figures are the ones users get.
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

use gwr::convert::{self, ConvertOptions, Format};
use gwr::input::{self, ReadOptions, Unit};
use gwr::parse::SourceInfo;
use gwr::pipeline::{self, DecodeOptions};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");

fn corpus_dir() -> PathBuf {
    std::env::var_os("GWR_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(SHARED).join("corpus"))
}

/// The cargo target dir: `CARGO_TARGET_DIR`, else the bench executable's
/// `<target>/release/deps/` grandparent.
fn target_dir() -> PathBuf {
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(t);
    }
    std::env::current_exe()
        .ok()
        .filter(|exe| {
            exe.parent()
                .and_then(Path::file_name)
                .is_some_and(|d| d == "deps")
        })
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// All units of some inputs (files, folders, corpora), in order.
fn units(inputs: &[PathBuf]) -> Vec<Unit> {
    let args: Vec<String> = inputs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let (files, _) = input::discover(&args);
    let opts = ReadOptions::default();
    let mut out = Vec::new();
    for f in &files {
        input::read_units(f, &opts, &mut |u| out.push(u));
    }
    assert!(!out.is_empty(), "no inputs under {args:?}");
    out
}

/// Decoded texts plus what the parser is told about each.
struct Texts {
    docs: Vec<(String, SourceInfo)>,
    bytes: u64,
}

fn texts(units: &[Unit]) -> Texts {
    let mut docs = Vec::new();
    for u in units {
        if u.error.is_some() {
            continue;
        }
        let Ok(d) = gwr::decode::decode(&u.bytes, None, u.html_hint) else {
            continue;
        };
        let info = SourceInfo {
            report_id: u.report_id(),
            source: u.source.clone(),
            member: u.member,
            sha256: u.sha256(),
            bytes: u.bytes.len() as u64,
            encoding: d.encoding.to_string(),
            from_html: d.from_html,
            hints: u.hints.clone(),
            source_meta: u.source_meta.clone(),
            decode_issues: Vec::new(),
        };
        docs.push((d.text, info));
    }
    let bytes = docs.iter().map(|(t, _)| t.len() as u64).sum();
    Texts { docs, bytes }
}

/// The floor: one pass over the bytes counting 。 with memchr's SIMD substring search.
fn count_periods(finder: &memchr::memmem::Finder, bytes: &[u8]) -> usize {
    finder.find_iter(bytes).count()
}

/// Parses one text; a parser panic (a bug, which `pipeline::process` would turn into a
/// failed report) is caught so the bench still runs, and reported once on stderr.
fn parse_one(s: &str, info: &SourceInfo) -> usize {
    match std::panic::catch_unwind(|| gwr::parse::parse(s, info)) {
        Ok(r) => r.targets.len() + r.tasks.len() + r.paragraphs.len(),
        Err(_) => {
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                eprintln!(
                    "gwr bench: the parser panicked on {} #{:?}",
                    info.source, info.member
                )
            });
            0
        }
    }
}

fn bench_parse(c: &mut Criterion) {
    // Keep the panic hook quiet after the first report: benches time the parser.
    let hook = std::panic::take_hook();
    let seen = std::sync::atomic::AtomicBool::new(false);
    std::panic::set_hook(Box::new(move |p| {
        if !seen.swap(true, std::sync::atomic::Ordering::Relaxed) {
            hook(p);
        }
    }));
    let dir = corpus_dir();
    let seed: Vec<PathBuf> = fs::read_dir(SEED)
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let sets: Vec<(&str, Vec<PathBuf>)> = vec![
        ("seed", seed),
        ("national", vec![dir.join("national_reports.jsonl")]),
        ("provinces", vec![dir.join("provinces_2026")]),
        ("cities", vec![dir.join("cities_2024")]),
        (
            "all",
            vec![
                dir.join("national_reports.jsonl"),
                dir.join("provinces_2026"),
                dir.join("cities_2024"),
            ],
        ),
    ];
    let finder = memchr::memmem::Finder::new("。".as_bytes());
    for (name, inputs) in sets {
        let t = texts(&units(&inputs));
        let mut g = c.benchmark_group(format!("parse/{name}"));
        g.throughput(Throughput::Bytes(t.bytes));
        g.sample_size(if t.bytes > 1 << 20 { 10 } else { 30 });
        g.warm_up_time(Duration::from_secs(1));
        g.measurement_time(Duration::from_secs(if t.bytes > 1 << 20 { 10 } else { 5 }));
        g.bench_function("memchr_floor", |b| {
            b.iter(|| {
                t.docs
                    .iter()
                    .map(|(s, _)| count_periods(&finder, black_box(s.as_bytes())))
                    .sum::<usize>()
            })
        });
        g.bench_function("parse", |b| {
            b.iter(|| {
                t.docs
                    .iter()
                    .map(|(s, info)| parse_one(black_box(s), info))
                    .sum::<usize>()
            })
        });
        g.finish();
    }

    // Decode + parse (the per-report pipeline), raw bytes in.
    let all = units(&[
        dir.join("national_reports.jsonl"),
        dir.join("provinces_2026"),
        dir.join("cities_2024"),
    ]);
    let bytes: u64 = all.iter().map(|u| u.bytes.len() as u64).sum();
    let mut g = c.benchmark_group("decode_parse/all");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("memchr_floor", |b| {
        b.iter(|| {
            all.iter()
                .map(|u| count_periods(&finder, black_box(&u.bytes)))
                .sum::<usize>()
        })
    });
    let opts = DecodeOptions::default();
    g.bench_function("decode_parse", |b| {
        b.iter(|| {
            all.iter()
                .map(|u| pipeline::process(black_box(u), &opts).paragraphs.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// Builds (once, reused while its size matches) a JSONL corpus of at least `mb` MB of
/// report text: every real report of the corpus repeated, each copy a distinct member
/// with a `copy` field. Returns its path and its report-text bytes.
pub fn big_corpus(mb: u64) -> (PathBuf, u64) {
    let dir = target_dir().join("gwr-bench");
    fs::create_dir_all(&dir).expect("create the bench dir");
    let path = dir.join(format!("corpus-{mb}MB.jsonl"));
    let meta = dir.join(format!("corpus-{mb}MB.bytes"));
    if let (Ok(_), Ok(b)) = (fs::metadata(&path), fs::read_to_string(&meta)) {
        if let Ok(b) = b.trim().parse() {
            return (path, b);
        }
    }
    let cdir = corpus_dir();
    let base = units(&[
        cdir.join("national_reports.jsonl"),
        cdir.join("provinces_2026"),
        cdir.join("cities_2024"),
    ]);
    let mut lines: Vec<(serde_json::Map<String, serde_json::Value>, usize)> = Vec::new();
    for u in base.iter().filter(|u| u.error.is_none()) {
        let Ok(text) = std::str::from_utf8(&u.bytes) else {
            continue;
        };
        let mut obj = serde_json::Map::new();
        obj.insert("content".into(), text.into());
        if let Some(t) = &u.hints.title {
            obj.insert("title".into(), t.clone().into());
        }
        if let Some(y) = u.hints.year {
            obj.insert("year".into(), y.into());
        }
        if let Some(r) = &u.hints.region {
            obj.insert("region".into(), r.clone().into());
        }
        lines.push((obj, text.len()));
    }
    let per_copy: usize = lines.iter().map(|(_, n)| n).sum();
    let want = mb * 1_000_000;
    let tmp = dir.join(format!(".corpus-{mb}MB.jsonl.tmp"));
    let mut out =
        BufWriter::with_capacity(1 << 20, fs::File::create(&tmp).expect("create the corpus"));
    let mut text_bytes = 0u64;
    let mut copy = 0u64;
    while text_bytes < want {
        for (obj, n) in &lines {
            let mut o = obj.clone();
            o.insert("copy".into(), copy.into());
            serde_json::to_writer(&mut out, &o).expect("write the corpus");
            out.write_all(b"\n").expect("write the corpus");
            text_bytes += *n as u64;
        }
        copy += 1;
    }
    out.flush().expect("write the corpus");
    drop(out);
    fs::rename(&tmp, &path).expect("rename the corpus");
    fs::write(&meta, text_bytes.to_string()).expect("write the corpus size");
    eprintln!(
        "gwr bench: built {} ({copy} copies of {} reports, {per_copy} text bytes each; {:.0} MB of text)",
        path.display(),
        lines.len(),
        text_bytes as f64 / 1e6
    );
    (path, text_bytes)
}

fn bench_convert(c: &mut Criterion) {
    let mb: u64 = std::env::var("GWR_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1024);
    // Building the large corpus takes a while: skip it when a filter on the command line
    // (`cargo bench -- parse`) selects other benches only.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filters.is_empty()
        && !filters
            .iter()
            .any(|f| "convert/jsonl".contains(f.as_str()) || f.contains("convert"))
    {
        return;
    }
    let (path, text_bytes) = big_corpus(mb);
    let out_dir = target_dir().join("gwr-bench").join("convert-out");
    let finder = memchr::memmem::Finder::new("。".as_bytes());
    let mut g = c.benchmark_group(format!("convert/jsonl_{mb}MB"));
    g.throughput(Throughput::Bytes(text_bytes));
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(1));
    g.measurement_time(Duration::from_secs(1));
    // The floor for an end-to-end run: stream the same file from disk, count 。.
    g.bench_function("memchr_floor", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                let mut f = fs::File::open(&path).expect("open the corpus");
                let mut buf = vec![0u8; 1 << 20];
                let mut n = 0usize;
                loop {
                    let k = f.read(&mut buf).expect("read the corpus");
                    if k == 0 {
                        break;
                    }
                    n += count_periods(&finder, &buf[..k]);
                }
                black_box(n);
            }
            start.elapsed()
        })
    });
    let opts = ConvertOptions {
        output: out_dir.clone(),
        read: ReadOptions::default(),
        decode: DecodeOptions::default(),
        jobs: None,
        formats: vec![Format::Parquet],
        partition_by: None,
        shard: None,
        batch_size: 512,
        batch_bytes: 12 << 20,
        max_row_groups: gwr::sink::DEFAULT_MAX_ROW_GROUPS,
        rerun: Default::default(),
        quiet: true,
    };
    let inputs = vec![path.to_string_lossy().into_owned()];
    g.bench_function("convert", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let _ = fs::remove_dir_all(&out_dir);
                let start = Instant::now();
                let summary = convert::run(&inputs, &opts).expect("convert");
                total += start.elapsed();
                assert_eq!(summary.text_bytes, text_bytes);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench_parse, bench_convert);
criterion_main!(benches);
