//! Project gold: gwr's projects scored against the hand-made annotations of
//! `tests/gold/projects/*.json` (six reports, rules in that folder's README) and the
//! seed's 36 projects (`tests/gold/seed_liaoyuan_2021.json`).
//!
//! A gold record is found when an unused predicted project overlaps its char span
//! (records sharing a span, two aggregates of one clause, need two predictions).
//! Recall = found / gold, precision = matched predictions / all predictions of the
//! report. Status and count agreement are measured on the matched pairs. Every figure
//! is printed (`cargo test --release --test gold_projects -- --nocapture`).
//!
//! The panel test converts reports with the binary and reads the `projects` Parquet
//! table back with arrow: the counts per report, status and category are the hand
//! counts of the gold.

mod common;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use common::*;
use gwr::model::{ParsedReport, Project};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

fn load(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("gold json")
}

/// The gold status in gwr's spelling (the seed writes `complete`).
fn gold_status(g: &Value) -> Option<String> {
    g["status"].as_str().map(|s| match s {
        "complete" => "completed".to_string(),
        s => s.to_string(),
    })
}

fn span(v: &Value) -> (u64, u64) {
    (
        v["char_start"].as_u64().unwrap_or(0),
        v["char_end"].as_u64().unwrap_or(0),
    )
}

fn pspan(p: &Project) -> (u64, u64) {
    (p.span.char_start as u64, p.span.char_end as u64)
}

fn overlaps(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[derive(Debug, Default)]
struct Score {
    gold: usize,
    predicted: usize,
    found: usize,
    status_agree: usize,
    count_agree: usize,
    missed: Vec<String>,
    spurious: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }
    fn precision(&self) -> f64 {
        if self.predicted == 0 {
            return 1.0;
        }
        self.found as f64 / self.predicted as f64
    }
}

/// One-to-one matching by span overlap; a prediction with the same span and count is
/// preferred (two aggregates of one clause).
fn score(gold: &Value, r: &ParsedReport) -> Score {
    let golds = gold["projects"].as_array().expect("projects");
    let mut used = vec![false; r.projects.len()];
    let mut s = Score {
        gold: golds.len(),
        predicted: r.projects.len(),
        ..Score::default()
    };
    for g in golds {
        let gs = span(g);
        let cands: Vec<usize> = (0..r.projects.len())
            .filter(|&i| !used[i] && overlaps(pspan(&r.projects[i]), gs))
            .collect();
        let best = cands
            .iter()
            .copied()
            .find(|&i| r.projects[i].count == g["count"].as_u64())
            .or(cands.first().copied());
        let Some(i) = best else {
            s.missed.push(g["text"].as_str().unwrap_or("").to_string());
            continue;
        };
        used[i] = true;
        s.found += 1;
        let p = &r.projects[i];
        s.status_agree += usize::from(p.status.map(|x| x.as_str().to_string()) == gold_status(g));
        s.count_agree += usize::from(p.count == g["count"].as_u64());
    }
    s.spurious = (0..r.projects.len())
        .filter(|&i| !used[i])
        .map(|i| r.projects[i].text.clone())
        .collect();
    s
}

/// The bars (recall, precision) of every gold report, the seed's included.
const BAR: (f64, f64) = (0.9, 0.9);

fn gold_files() -> Vec<PathBuf> {
    let dir = manifest_dir().join("tests/gold/projects");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/gold/projects")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v.push(manifest_dir().join("tests/gold/seed_liaoyuan_2021.json"));
    v
}

#[test]
fn projects_meet_the_bars_on_every_gold_report() {
    let files = gold_files();
    assert!(files.len() >= 7, "{} gold files", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let gold = load(f);
        let r = parse_gold_source(&gold);
        let s = score(&gold, &r);
        let name = f.file_stem().and_then(|x| x.to_str()).unwrap_or("?");
        let line = format!(
            "{name}: recall {:.3} ({}/{}), precision {:.3} ({}/{}), status agree {}/{}, count agree {}/{}",
            s.recall(),
            s.found,
            s.gold,
            s.precision(),
            s.found,
            s.predicted,
            s.status_agree,
            s.found,
            s.count_agree,
            s.found
        );
        eprintln!("{line}");
        let (want_recall, want_precision) = BAR;
        if s.recall() < want_recall || s.precision() < want_precision {
            failures.push(format!(
                "{line}\n  missed {:?}\n  spurious {:?}",
                s.missed, s.spurious
            ));
        }
        if name.starts_with("seed") {
            assert_eq!(
                s.found, 36,
                "seed: every project found; missed {:?}",
                s.missed
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The hand count of the gold per (status, category): what the panel must answer.
fn gold_panel(gold: &Value) -> BTreeMap<(String, String), usize> {
    let mut m = BTreeMap::new();
    for g in gold["projects"].as_array().into_iter().flatten() {
        let st = gold_status(g).unwrap_or_else(|| "null".into());
        let cat = g["category"].as_str().unwrap_or("null").to_string();
        *m.entry((st, cat)).or_insert(0) += 1;
    }
    m
}

fn strings(b: &arrow::array::RecordBatch, name: &str) -> Vec<Option<String>> {
    let a = b
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no {name}"));
    let a = cast(a, &DataType::Utf8).expect("utf8");
    let a = a.as_string::<i32>();
    (0..a.len())
        .map(|i| (!a.is_null(i)).then(|| a.value(i).to_string()))
        .collect()
}

/// (report_id, status, category) → rows, from every projects Parquet file of a run.
fn parquet_panel(dir: &Path) -> BTreeMap<(String, String, String), usize> {
    let mut m = BTreeMap::new();
    let pdir = dir.join("projects");
    for e in std::fs::read_dir(&pdir).expect("projects folder") {
        let p = e.expect("entry").path();
        if p.extension().is_none_or(|x| x != "parquet") {
            continue;
        }
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&p).expect("open"))
            .expect("parquet")
            .build()
            .expect("reader");
        for b in reader {
            let b = b.expect("batch");
            let (ids, st, cat) = (
                strings(&b, "report_id"),
                strings(&b, "status"),
                strings(&b, "category"),
            );
            for i in 0..b.num_rows() {
                let key = (
                    ids[i].clone().unwrap_or_default(),
                    st[i].clone().unwrap_or_else(|| "null".into()),
                    cat[i].clone().unwrap_or_else(|| "null".into()),
                );
                *m.entry(key).or_insert(0) += 1;
            }
        }
    }
    m
}

#[test]
fn the_projects_table_counts_projects_by_status_and_category() {
    let gold_seed = load(&manifest_dir().join("tests/gold/seed_liaoyuan_2021.json"));
    let gold_city = load(&manifest_dir().join("tests/gold/projects/city_ezhou_2024.json"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gold-projects-panel");
    let _ = std::fs::remove_dir_all(&dir);
    let city = gold_source_path(&gold_city).0;
    let out = run(&["convert", "-q", "-o", s(&dir), s(&seed()), s(&city)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let panel = parquet_panel(&dir);
    let by_status = |m: &BTreeMap<(String, String), usize>| {
        let mut o: BTreeMap<String, usize> = BTreeMap::new();
        for ((st, _), n) in m {
            *o.entry(st.clone()).or_insert(0) += n;
        }
        o
    };
    for (gold, exact) in [(&gold_seed, true), (&gold_city, false)] {
        let r = parse_gold_source(gold);
        let rid = r.report.report_id.clone();
        let table: BTreeMap<(String, String), usize> = panel
            .iter()
            .filter(|((id, _, _), _)| *id == rid)
            .map(|((_, st, cat), n)| ((st.clone(), cat.clone()), *n))
            .collect();
        // The table holds exactly the library's records, grouped.
        let mut lib: BTreeMap<(String, String), usize> = BTreeMap::new();
        for p in &r.projects {
            let st = p.status.map_or("null", |s| s.as_str()).to_string();
            let cat = p.category.clone().unwrap_or_else(|| "null".into());
            *lib.entry((st, cat)).or_insert(0) += 1;
        }
        assert_eq!(table, lib, "{rid}: Parquet rows per status and category");
        let (got, want) = (by_status(&table), by_status(&gold_panel(gold)));
        eprintln!("{rid}: per status from Parquet {got:?}, by hand {want:?}");
        if exact {
            assert_eq!(got, want, "{rid}: projects per status");
        } else {
            // Each status count within 2 of the hand count.
            for k in got.keys().chain(want.keys()) {
                let (g, w) = (
                    got.get(k).copied().unwrap_or(0),
                    want.get(k).copied().unwrap_or(0),
                );
                assert!(g.abs_diff(w) <= 2, "{rid}: {k}: {g} rows, {w} by hand");
            }
        }
    }
    // Real values of the seed: 5 named 产业链 clauses, 330 projects planned in all.
    let seed_rid = parse_gold_source(&gold_seed).report.report_id;
    let cat = |c: &str| {
        panel
            .iter()
            .filter(|((id, _, k), _)| *id == seed_rid && k == c)
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    assert_eq!((cat("产业类"), cat("基础设施类"), cat("民生类")), (1, 1, 1));
}
