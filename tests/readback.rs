//! Reads the output of `gwr convert` over the real corpus back with independent readers
//! (the `parquet` + `arrow` crates, serde_json): columns, row counts, metadata,
//! compression, spans against the re-decoded source, unique ids, determinism, and hive
//! partitions.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type, UInt64Type};
use common::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::metadata::ParquetMetaData;
use serde_json::Value;

use gwr::sink::rows::{
    DiagnosticRow, ParagraphRow, ProjectRow, QuantityRow, ReportRow, SectionRow, TaskRow,
};

/// The inputs: the seed, 40 city reports (.txt), 15 province reports (.csv, one row
/// each), 65 national documents (JSONL).
fn inputs() -> Vec<String> {
    let c = corpus();
    vec![
        s(&seed()).to_string(),
        s(&c.join("cities_2024")).to_string(),
        s(&c.join("provinces_2026")).to_string(),
        s(&c.join("national_reports.jsonl")).to_string(),
    ]
}

fn expected_reports() -> usize {
    let c = corpus();
    let count = |d: &str| std::fs::read_dir(c.join(d)).unwrap().count();
    let jsonl = std::fs::read_to_string(c.join("national_reports.jsonl")).unwrap();
    1 + count("cities_2024")
        + count("provinces_2026")
        + jsonl.lines().filter(|l| !l.trim().is_empty()).count()
}

fn convert_into(dir: &Path, extra: &[&str]) -> Value {
    let _ = std::fs::remove_dir_all(dir);
    let mut args = vec![
        "convert".to_string(),
        "-q".into(),
        "-o".into(),
        s(dir).to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    args.extend(inputs());
    let out = gwr().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "convert failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&std::fs::read(dir.join("_manifest.json")).unwrap()).unwrap()
}

/// One conversion of the corpus for all tests of this binary.
fn run_once() -> &'static (PathBuf, Value) {
    static RUN: OnceLock<(PathBuf, Value)> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readback-a");
        let m = convert_into(&dir, &["--format", "parquet,json,ndjson"]);
        (dir, m)
    })
}

struct Table {
    meta: std::sync::Arc<ParquetMetaData>,
    columns: Vec<String>,
    types: Vec<DataType>,
    batches: Vec<RecordBatch>,
}

fn read_parquet(path: &Path) -> Table {
    let f = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let b = ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let meta = b.metadata().clone();
    let columns = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let types = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    let batches = b.build().unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    Table {
        meta,
        columns,
        types,
        batches,
    }
}

impl Table {
    fn rows(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }
    fn strings(&self, name: &str) -> Vec<Option<String>> {
        let mut out = Vec::new();
        for b in &self.batches {
            let a = b
                .column_by_name(name)
                .unwrap_or_else(|| panic!("no column {name}"));
            let a = cast(a, &DataType::Utf8).unwrap();
            let a = a.as_string::<i32>();
            out.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i).to_string())));
        }
        out
    }
    fn f64s(&self, name: &str) -> Vec<Option<f64>> {
        let mut out = Vec::new();
        for b in &self.batches {
            let a = b
                .column_by_name(name)
                .unwrap_or_else(|| panic!("no column {name}"));
            let a = cast(a, &DataType::Float64).unwrap();
            let a = a.as_primitive::<Float64Type>();
            out.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i))));
        }
        out
    }
    fn u64s(&self, name: &str) -> Vec<Option<u64>> {
        let mut out = Vec::new();
        for b in &self.batches {
            let a = b
                .column_by_name(name)
                .unwrap_or_else(|| panic!("no column {name}"));
            let a = cast(a, &DataType::UInt64).unwrap();
            let a = a.as_primitive::<UInt64Type>();
            out.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i))));
        }
        out
    }
}

/// All Parquet files of `table` listed in the manifest, concatenated.
fn table(dir: &Path, m: &Value, name: &str) -> Vec<Table> {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["table"] == name && f["format"] == "parquet")
        .map(|f| read_parquet(&dir.join(f["path"].as_str().unwrap())))
        .collect()
}

fn columns_of(table: &str) -> &'static [&'static str] {
    match table {
        "reports" => ReportRow::COLUMNS,
        "sections" => SectionRow::COLUMNS,
        "tasks" => TaskRow::COLUMNS,
        "targets" | "achievements" => QuantityRow::COLUMNS,
        "projects" => ProjectRow::COLUMNS,
        "diagnostics" => DiagnosticRow::COLUMNS,
        "paragraphs" => ParagraphRow::COLUMNS,
        t => panic!("unknown table {t}"),
    }
}

fn id_column(table: &str) -> &'static str {
    match table {
        "reports" => "report_id",
        "sections" => "section_id",
        "tasks" => "task_id",
        "targets" | "achievements" => "id",
        "projects" => "project_id",
        "diagnostics" => "diagnostic_id",
        "paragraphs" => "paragraph_id",
        t => panic!("unknown table {t}"),
    }
}

#[test]
fn parquet_tables_match_row_types_manifest_and_metadata() {
    let (dir, m) = run_once();
    assert_eq!(
        m["reports"].as_u64(),
        Some(expected_reports() as u64),
        "one report row per input"
    );
    for t in gwr::sink::TABLES {
        let files = table(dir, m, t);
        assert!(!files.is_empty(), "table {t}: no Parquet file");
        let mut rows = 0;
        for f in &files {
            let want: Vec<String> = columns_of(t).iter().map(|c| c.to_string()).collect();
            assert_eq!(
                f.columns, want,
                "table {t}: Parquet columns differ from the row type"
            );
            let kv: HashMap<String, Option<String>> = f
                .meta
                .file_metadata()
                .key_value_metadata()
                .expect("key-value metadata")
                .iter()
                .map(|k| (k.key.clone(), k.value.clone()))
                .collect();
            assert_eq!(
                kv.get("gwr_version"),
                Some(&Some(gwr::model::PARSER_VERSION.to_string())),
                "{t}"
            );
            assert_eq!(
                kv.get("gwr_schema_version"),
                Some(&Some(gwr::sink::SCHEMA_VERSION.to_string())),
                "{t}"
            );
            assert_eq!(kv.get("gwr_table"), Some(&Some(t.to_string())), "{t}");
            for rg in f.meta.row_groups() {
                for c in rg.columns() {
                    assert!(
                        matches!(c.compression(), Compression::ZSTD(_)),
                        "{t}.{}: {:?}, not ZSTD",
                        c.column_path(),
                        c.compression()
                    );
                }
            }
            let n: i64 = f.meta.row_groups().iter().map(|r| r.num_rows()).sum();
            assert_eq!(n as usize, f.rows());
            rows += f.rows();
        }
        assert_eq!(
            Some(rows as u64),
            m["rows"][t].as_u64(),
            "table {t}: rows differ from the manifest"
        );
        let per_file: u64 = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["table"] == *t && f["format"] == "parquet")
            .map(|f| f["rows"].as_u64().unwrap())
            .sum();
        assert_eq!(per_file, rows as u64, "table {t}: per-file manifest counts");
    }
    // Real content, not just shape.
    for t in [
        "sections",
        "tasks",
        "targets",
        "achievements",
        "projects",
        "paragraphs",
    ] {
        assert!(
            m["rows"][t].as_u64().unwrap() > 100,
            "table {t} nearly empty: {}",
            m["rows"]
        );
    }
}

/// Is an Arrow type (or the item type of a list) unsigned?
fn unsigned(t: &DataType) -> bool {
    match t {
        DataType::List(f) | DataType::LargeList(f) => unsigned(f.data_type()),
        t => matches!(
            t,
            DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64
        ),
    }
}

#[test]
fn no_column_of_any_table_is_unsigned_and_offsets_are_int64() {
    // Spark and Trino have no unsigned 64-bit type (Spark reads uint64 as decimal(20,0)).
    let (dir, m) = run_once();
    for t in gwr::sink::TABLES {
        for f in table(dir, m, t) {
            for (name, ty) in f.columns.iter().zip(&f.types) {
                assert!(!unsigned(ty), "{t}.{name} is {ty:?}");
                if name.ends_with("_start") || name.ends_with("_end") {
                    assert!(
                        matches!(ty, DataType::Int64 | DataType::Int32),
                        "{t}.{name} is {ty:?}"
                    );
                }
            }
        }
    }
    let tasks = &table(dir, m, "tasks")[0];
    let i = tasks
        .columns
        .iter()
        .position(|c| c == "measure_char_starts")
        .unwrap();
    assert!(
        matches!(&tasks.types[i], DataType::LargeList(f) if *f.data_type() == DataType::Int64),
        "{:?}",
        tasks.types[i]
    );
    // Classic Arrow string types in the footer's Arrow schema (pandas cannot convert a
    // list of string_view), for lists of strings too.
    let i = tasks.columns.iter().position(|c| c == "measures").unwrap();
    assert!(
        matches!(&tasks.types[i], DataType::LargeList(f) if *f.data_type() == DataType::LargeUtf8),
        "{:?}",
        tasks.types[i]
    );
    let i = tasks.columns.iter().position(|c| c == "text").unwrap();
    assert_eq!(tasks.types[i], DataType::LargeUtf8);
}

#[test]
fn json_and_ndjson_outputs_agree_with_the_manifest() {
    let (dir, m) = run_once();
    for t in gwr::sink::TABLES {
        let nd =
            std::fs::read_to_string(dir.join("ndjson").join(t).join("part-0-of-1.ndjson")).unwrap();
        let nd: Vec<Value> = nd
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let js: Vec<Value> = serde_json::from_slice(
            &std::fs::read(dir.join("json").join(t).join("part-0-of-1.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(Some(nd.len() as u64), m["rows"][t].as_u64(), "{t}.ndjson");
        assert_eq!(nd, js, "{t}: json and ndjson differ");
        if let Some(first) = nd.first() {
            let keys: Vec<&str> = first
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut want = columns_of(t).to_vec();
            let mut keys = keys;
            want.sort();
            keys.sort();
            assert_eq!(keys, want, "{t}: JSON keys");
        }
    }
}

/// Re-decodes the source of each report independently of gwr: JSONL member m → its
/// `content`, CSV row m → `full_text`, anything else → the file as UTF-8 (BOM removed).
#[derive(Default)]
struct Sources {
    jsonl: HashMap<String, Vec<Option<String>>>,
    csv: HashMap<String, Vec<String>>,
}

impl Sources {
    fn text(&mut self, source: &str, member: Option<u64>) -> Option<String> {
        if source.ends_with(".jsonl") {
            let lines = self.jsonl.entry(source.to_string()).or_insert_with(|| {
                std::fs::read_to_string(source)
                    .unwrap()
                    .lines()
                    .map(|l| {
                        serde_json::from_str::<Value>(l)
                            .ok()
                            .and_then(|v| v["content"].as_str().map(str::to_string))
                    })
                    .collect()
            });
            lines.get(member? as usize).cloned().flatten()
        } else if source.ends_with(".csv") {
            let rows = self.csv.entry(source.to_string()).or_insert_with(|| {
                let bytes = std::fs::read(source).unwrap();
                let body = bytes
                    .strip_prefix(b"\xef\xbb\xbf".as_slice())
                    .unwrap_or(&bytes);
                let mut r = csv::Reader::from_reader(body);
                let col = r
                    .headers()
                    .unwrap()
                    .iter()
                    .position(|h| h == "full_text")
                    .expect("full_text column");
                r.records()
                    .map(|rec| rec.unwrap()[col].to_string())
                    .collect()
            });
            rows.get(member? as usize).cloned()
        } else {
            let bytes = std::fs::read(source).ok()?;
            let body = bytes
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(&bytes);
            String::from_utf8(body.to_vec()).ok()
        }
    }
}

#[test]
fn every_record_text_equals_its_source_slice() {
    let (dir, m) = run_once();
    let reports = table(dir, m, "reports");
    let mut sources = Sources::default();
    let mut texts: HashMap<String, String> = HashMap::new();
    for r in &reports {
        let ids = r.strings("report_id");
        let src = r.strings("source");
        let member = r.u64s("member");
        let status = r.strings("status");
        let (bytes_end, chars) = (r.u64s("byte_end"), r.u64s("chars"));
        for i in 0..ids.len() {
            let id = ids[i].clone().unwrap();
            let Some(text) = sources.text(src[i].as_deref().unwrap(), member[i]) else {
                assert_eq!(status[i].as_deref(), Some("failed"), "{id}: no source text");
                continue;
            };
            if status[i].as_deref() != Some("failed") {
                assert_eq!(
                    bytes_end[i],
                    Some(text.len() as u64),
                    "{id}: report byte_end"
                );
                assert_eq!(
                    chars[i],
                    Some(text.chars().count() as u64),
                    "{id}: report chars"
                );
            }
            texts.insert(id, text);
        }
    }
    assert_eq!(texts.len() as u64, m["reports"].as_u64().unwrap());
    let indexes: HashMap<&str, CharIndex> = texts
        .iter()
        .map(|(k, v)| (k.as_str(), CharIndex::new(v)))
        .collect();
    let mut checked = BTreeMap::new();
    for t in [
        "targets",
        "achievements",
        "tasks",
        "projects",
        "sections",
        "paragraphs",
        "diagnostics",
    ] {
        for f in table(dir, m, t) {
            let (ids, rids, text) = (
                f.strings(id_column(t)),
                f.strings("report_id"),
                f.strings("text"),
            );
            let (bs, be) = (f.u64s("byte_start"), f.u64s("byte_end"));
            let (cs, ce) = (f.u64s("char_start"), f.u64s("char_end"));
            for i in 0..ids.len() {
                let rid = rids[i].as_deref().unwrap();
                let src = texts
                    .get(rid)
                    .unwrap_or_else(|| panic!("{t} row {:?}: unknown report {rid}", ids[i]));
                let span = [bs[i], be[i], cs[i], ce[i]].map(|x| x.unwrap() as usize);
                let what = format!("{t} {}", ids[i].as_deref().unwrap());
                assert_span(&what, src, &indexes[rid], text[i].as_deref().unwrap(), span);
                *checked.entry(t).or_insert(0) += 1;
            }
        }
    }
    for t in ["targets", "tasks", "projects", "sections", "paragraphs"] {
        assert!(
            checked.get(t).copied().unwrap_or(0) > 100,
            "{t}: only {checked:?}"
        );
    }
}

#[test]
fn ids_are_unique_per_table_and_reference_reports() {
    let (dir, m) = run_once();
    let report_ids: HashSet<String> = table(dir, m, "reports")
        .iter()
        .flat_map(|f| f.strings("report_id"))
        .map(Option::unwrap)
        .collect();
    assert_eq!(
        report_ids.len() as u64,
        m["reports"].as_u64().unwrap(),
        "report ids are not unique"
    );
    for t in gwr::sink::TABLES {
        let mut seen = HashSet::new();
        for f in table(dir, m, t) {
            for (id, rid) in f
                .strings(id_column(t))
                .into_iter()
                .zip(f.strings("report_id"))
            {
                let id = id.unwrap();
                assert!(
                    report_ids.contains(rid.as_deref().unwrap()),
                    "{t} {id}: dangling report_id"
                );
                assert!(seen.insert(id.clone()), "{t}: duplicate id {id}");
            }
        }
    }
}

#[test]
fn national_2024_headline_gdp_target_is_5_percent() {
    let (dir, m) = run_once();
    let rep = &table(dir, m, "reports")[0];
    let (ids, years, levels, members) = (
        rep.strings("report_id"),
        rep.u64s("year"),
        rep.strings("admin_level"),
        rep.u64s("member"),
    );
    let src = rep.strings("source");
    let i = (0..ids.len())
        .find(|&i| {
            years[i] == Some(2024)
                && levels[i].as_deref() == Some("national")
                && src[i].as_deref().unwrap().ends_with(".jsonl")
        })
        .unwrap_or_else(|| panic!("no national 2024 report; members {members:?}"));
    let rid = ids[i].clone();
    let t = &table(dir, m, "targets")[0];
    let (r, metric, value, head) = (
        t.strings("report_id"),
        t.strings("metric"),
        t.f64s("value"),
        t.strings("headline"),
    );
    let hit = (0..r.len()).find(|&k| {
        r[k] == rid
            && metric[k].as_deref() == Some("gdp_growth")
            && head[k].as_deref() == Some("true")
    });
    let k = hit.expect("a headline gdp_growth target in the national 2024 report");
    assert_eq!(value[k], Some(5.0), "国内生产总值增长5%左右");
}

#[test]
fn no_report_fails_with_an_internal_error() {
    // A parser panic is caught and recorded as `internal_error`; on the real corpus
    // there must be none.
    let (dir, m) = run_once();
    let d = &table(dir, m, "diagnostics")[0];
    let (codes, rids, msgs) = (
        d.strings("code"),
        d.strings("report_id"),
        d.strings("message"),
    );
    let rep = &table(dir, m, "reports")[0];
    let names: HashMap<String, String> = rep
        .strings("report_id")
        .into_iter()
        .zip(rep.strings("source").into_iter().zip(rep.u64s("member")))
        .map(|(id, (s, mem))| (id.unwrap(), format!("{}#{mem:?}", s.unwrap())))
        .collect();
    let bad: Vec<String> = (0..codes.len())
        .filter(|&i| codes[i].as_deref() == Some("internal_error"))
        .map(|i| {
            format!(
                "{} ({})",
                names[rids[i].as_deref().unwrap()],
                msgs[i].as_deref().unwrap_or("")
            )
        })
        .collect();
    assert!(bad.is_empty(), "parser panicked on: {bad:#?}");
}

#[test]
fn a_second_run_gives_identical_rows() {
    let (dir, m) = run_once();
    // One thread and batches of 7 reports; two threads and 1 MB batches (the 5.7 MB of
    // real text then flows through the read → parse → write pipeline in six batches).
    let variants: [(&str, &[&str]); 2] = [
        ("readback-b", &["--jobs", "1", "--batch-size", "7"]),
        ("readback-c", &["--jobs", "2", "--batch-mb", "1"]),
    ];
    for (name, args) in variants {
        let dir2 = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        let mut all = vec!["--format", "ndjson"];
        all.extend_from_slice(args);
        let m2 = convert_into(&dir2, &all);
        for t in gwr::sink::TABLES {
            let a = std::fs::read(dir.join("ndjson").join(t).join("part-0-of-1.ndjson")).unwrap();
            let b = std::fs::read(dir2.join("ndjson").join(t).join("part-0-of-1.ndjson")).unwrap();
            assert!(a == b, "{t}: rows differ between two runs ({args:?})");
        }
        assert_eq!(m["inputs"], m2["inputs"]);
        assert_eq!(m["rows"], m2["rows"]);
        let _ = std::fs::remove_dir_all(&dir2);
    }
}

#[test]
fn tables_roll_over_into_more_files_with_the_same_rows() {
    // 1 MB batches and 2 row groups per file: every table spreads over several Parquet
    // files (part-0-of-1.parquet, part-0-of-1.1.parquet, …). Read in the order of their
    // number, they hold the single-file run's rows in order, and verify accepts them.
    let (dir, m) = run_once();
    let dir2 = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readback-roll");
    let m2 = convert_into(&dir2, &["--batch-mb", "1", "--max-row-groups", "2"]);
    assert_eq!(m["rows"], m2["rows"]);
    let verify = gwr().args(["verify", s(&dir2)]).output().unwrap();
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    for t in gwr::sink::TABLES {
        let mut parts: Vec<(u32, PathBuf)> = std::fs::read_dir(dir2.join(t))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                let n = name
                    .strip_prefix("part-0-of-1.")
                    .and_then(|r| r.strip_suffix(".parquet"))
                    .and_then(|k| k.parse().ok())
                    .unwrap_or(0);
                (n, p)
            })
            .collect();
        parts.sort();
        let whole = read_parquet(&dir.join(t).join("part-0-of-1.parquet"));
        if whole.rows() > 2000 {
            assert!(parts.len() > 1, "{t}: {} file(s)", parts.len());
        }
        let key = whole.columns[0].clone();
        let mut ids = Vec::new();
        for (_, p) in &parts {
            let part = read_parquet(p);
            assert_eq!(part.columns, whole.columns, "{}", p.display());
            ids.extend(part.strings(&key));
        }
        assert_eq!(ids, whole.strings(&key), "{t}: rows differ");
    }
    let _ = std::fs::remove_dir_all(&dir2);
}

#[test]
fn partition_by_year_writes_hive_folders() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readback-year");
    let m = convert_into(&dir, &["--partition-by", "year"]);
    assert_eq!(m["partition_by"], "year");
    let part = dir.join("targets/year=2024/part-0-of-1.parquet");
    assert!(part.is_file(), "{} missing", part.display());
    assert!(dir.join("targets/year=2026/part-0-of-1.parquet").is_file());
    // Rows in year=2024 all belong to reports planning for 2024.
    let reps = read_parquet(&dir.join("reports/year=2024/part-0-of-1.parquet"));
    let years = reps.u64s("year");
    assert!(years.iter().all(|y| *y == Some(2024)), "{years:?}");
    assert!(
        reps.rows() >= 40,
        "40 city reports of 2024, got {}",
        reps.rows()
    );
    let ids: HashSet<String> = reps
        .strings("report_id")
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let t = read_parquet(&part);
    assert!(t.rows() > 100);
    assert!(t
        .strings("report_id")
        .iter()
        .all(|r| ids.contains(r.as_deref().unwrap())));
    // Totals still add up, and verify accepts the layout.
    let (_, full) = run_once();
    assert_eq!(m["rows"], full["rows"]);
    let v = run(&["verify", s(&dir)]);
    assert_eq!(v.status.code(), Some(0), "{}", stdout_str(&v));
    let _ = std::fs::remove_dir_all(&dir);
}
