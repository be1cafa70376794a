//! `gwr convert --shard K/N`: the union of the N shards is the unsharded run, row for
//! row, in every table; shard manifests are named `_manifest-part-K-of-N.json`; and
//! `gwr verify` accepts a folder holding every shard and rejects one missing a shard.
//! Shards run into one folder: each publishes only its own files, a rerun of a shard
//! needs `--overwrite` (and replaces only that shard), an unsharded `--overwrite`
//! replaces them all.
//!
//! Runs the release binary on the real corpora, read in place from `../shared/corpus`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use polars::prelude::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
use gwr::sink::TABLES;
const N: u64 = 3;

fn inputs() -> Vec<String> {
    ["national_reports.jsonl", "provinces_2026", "cities_2024"]
        .iter()
        .map(|p| format!("{CORPUS}/{p}"))
        .collect()
}

fn gwr(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gwr"))
        .args(args)
        .output()
        .expect("run gwr")
}

fn convert(out: &Path, shard: Option<u64>) {
    let mut args: Vec<String> = vec![
        "convert".into(),
        "--quiet".into(),
        "-o".into(),
        out.display().to_string(),
    ];
    if let Some(k) = shard {
        args.push("--shard".into());
        args.push(format!("{k}/{N}"));
    }
    args.extend(inputs());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = gwr(&argv);
    assert!(
        o.status.success(),
        "gwr {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every row of every table under `dirs`, as NDJSON lines (one per row, columns in
/// schema order), sorted — so they begin with the table's id and sort by it.
fn rows(dirs: &[&Path]) -> BTreeMap<&'static str, Vec<String>> {
    let mut all = BTreeMap::new();
    for table in TABLES {
        let mut lines = Vec::new();
        for d in dirs {
            let tdir = d.join(table);
            let Ok(entries) = fs::read_dir(&tdir) else {
                continue;
            };
            for e in entries {
                let p = e.expect("list a table folder").path();
                if p.extension().is_none_or(|x| x != "parquet") {
                    continue;
                }
                let mut df = ParquetReader::new(fs::File::open(&p).expect("open Parquet"))
                    .finish()
                    .unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
                let mut buf = Vec::new();
                JsonWriter::new(&mut buf)
                    .with_json_format(JsonFormat::JsonLines)
                    .finish(&mut df)
                    .expect("rows as JSON");
                let text = String::from_utf8(buf).expect("UTF-8 JSON");
                lines.extend(text.lines().filter(|l| !l.is_empty()).map(str::to_string));
            }
        }
        lines.sort();
        all.insert(*table, lines);
    }
    all
}

fn manifest(dir: &Path, name: &str) -> serde_json::Value {
    let p = dir.join(name);
    let b = fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    serde_json::from_slice(&b).expect("manifest is JSON")
}

#[test]
fn union_of_shards_is_the_whole() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let whole = tmp.path().join("whole");
    convert(&whole, None);
    assert!(
        whole.join("_manifest.json").is_file(),
        "an unsharded run writes _manifest.json"
    );

    let shard_dirs: Vec<PathBuf> = (0..N)
        .map(|k| tmp.path().join(format!("shard{k}")))
        .collect();
    for (k, d) in shard_dirs.iter().enumerate() {
        convert(d, Some(k as u64));
        let name = format!("_manifest-part-{k}-of-{N}.json");
        let names: Vec<String> = fs::read_dir(d)
            .expect("list shard dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("_manifest"))
            .collect();
        assert_eq!(
            names,
            vec![name.clone()],
            "shard {k} writes exactly its own manifest"
        );
        let m = manifest(d, &name);
        assert_eq!(m["part"], format!("part-{k}-of-{N}"));
        assert_eq!(m["shard"], serde_json::json!([k, N]));
        for t in TABLES {
            assert!(
                d.join(t).join(format!("part-{k}-of-{N}.parquet")).is_file(),
                "shard {k} writes {t}/part-{k}-of-{N}.parquet"
            );
        }
    }

    // Every report is in exactly one shard, and every shard has some.
    let whole_m = manifest(&whole, "_manifest.json");
    let key = |i: &serde_json::Value| format!("{}#{}", i["source"], i["member"]);
    let mut want: Vec<String> = whole_m["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(key)
        .collect();
    let mut got = Vec::new();
    for (k, d) in shard_dirs.iter().enumerate() {
        let m = manifest(d, &format!("_manifest-part-{k}-of-{N}.json"));
        let ins = m["inputs"].as_array().expect("inputs");
        assert!(
            !ins.is_empty(),
            "shard {k}/{N} is empty: the hash does not spread the corpus"
        );
        got.extend(ins.iter().map(key));
    }
    want.sort();
    got.sort();
    assert!(want.len() > 100, "the corpus has {} reports", want.len());
    assert_eq!(got, want, "the shards' inputs partition the corpus");

    // Row for row, table by table.
    let a = rows(&[&whole]);
    let parts: Vec<&Path> = shard_dirs.iter().map(PathBuf::as_path).collect();
    let b = rows(&parts);
    for t in TABLES {
        let (x, y) = (&a[t], &b[t]);
        assert_eq!(
            x.len(),
            y.len(),
            "table {t}: {} rows unsharded, {} in the shards",
            x.len(),
            y.len()
        );
        if let Some(i) = (0..x.len()).find(|&i| x[i] != y[i]) {
            panic!(
                "table {t}: first differing row (sorted by id)\nunsharded: {}\nshards:    {}",
                x[i], y[i]
            );
        }
        if *t != "achievements" && *t != "projects" {
            assert!(
                !x.is_empty(),
                "table {t} is empty: the comparison would prove nothing"
            );
        }
    }

    // One folder holding every shard verifies; without one shard's manifest it does not.
    let merged = tmp.path().join("merged");
    for d in &shard_dirs {
        copy_tree(d, &merged);
    }
    let o = gwr(&["verify", &merged.display().to_string()]);
    assert!(
        o.status.success(),
        "verify failed on all shards: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    fs::remove_file(merged.join(format!("_manifest-part-1-of-{N}.json")))
        .expect("remove a manifest");
    let o = gwr(&["verify", &merged.display().to_string()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !o.status.success(),
        "verify passed with shard 1 missing: {out}"
    );
    assert!(
        out.contains(&format!("shard 1/{N}")),
        "verify names the missing shard: {out}"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for e in fs::read_dir(from).expect("list dir") {
        let e = e.expect("entry");
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            assert!(
                !dest.exists(),
                "{} is written by two shards",
                dest.display()
            );
            fs::copy(&p, &dest).expect("copy file");
        }
    }
}

fn convert_small(out: &Path, shard: Option<&str>, extra: &[&str]) -> std::process::Output {
    let dir = out.display().to_string();
    let cities = format!("{CORPUS}/cities_2024");
    let mut args = vec!["convert", "-q", "-o", &dir, &cities];
    if let Some(s) = shard {
        args.extend(["--shard", s]);
    }
    args.extend_from_slice(extra);
    gwr(&args)
}

#[test]
fn shards_share_one_folder_and_a_rerun_of_a_shard_needs_overwrite() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    for k in 0..N {
        let o = convert_small(&out, Some(&format!("{k}/{N}")), &[]);
        assert!(
            o.status.success(),
            "shard {k}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = gwr(&["verify", &out.display().to_string()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let before = |k: u64| fs::read(out.join(format!("targets/part-{k}-of-{N}.parquet"))).unwrap();
    let (zero, two) = (before(0), before(2));

    // The same shard again: refused, then replaced with --overwrite; the others stay.
    let o = convert_small(&out, Some(&format!("1/{N}")), &[]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = convert_small(&out, Some(&format!("1/{N}")), &["--overwrite"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        (before(0), before(2)),
        (zero, two),
        "another shard's files changed"
    );
    let o = gwr(&["verify", &out.display().to_string()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));

    // An unsharded run is not a shard of this run: refused, or it replaces them all.
    assert_eq!(convert_small(&out, None, &[]).status.code(), Some(2));
    assert!(convert_small(&out, None, &["--overwrite"]).status.success());
    let mut names: Vec<String> = fs::read_dir(out.join("targets"))
        .expect("targets")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["part-0-of-1.parquet"]);
    assert!(!out.join(format!("_manifest-part-0-of-{N}.json")).exists());
    let o = gwr(&["verify", &out.display().to_string()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}
