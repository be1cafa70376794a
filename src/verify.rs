//! `gwr verify DIR`: checks an output folder and trusts nothing — every manifest
//! readable and every shard's manifest present; every listed file present with its
//! size, and its row count equal to the file's own (the Parquet footer, the lines of
//! NDJSON/JSON); one schema per table across all parts; no data file that no manifest
//! lists; no leftover staging folder or temporary file.
//!
//! Reads only; never repairs or rewrites anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use polars::prelude::*;

use crate::convert::Manifest;
use crate::sink::folder::{self, STAGING_PREFIX};
use crate::sink::WrittenFile;

/// Problems found, one line each (empty when the output is complete and consistent).
pub fn verify(dir: &Path) -> io::Result<Vec<String>> {
    let mut problems = Vec::new();
    let manifests = read_manifests(dir, &mut problems)?;
    if manifests.is_empty() && problems.is_empty() {
        problems.push("no _manifest*.json: the run did not finish".into());
    }
    check_shards(&manifests, &mut problems);
    let mut schemas = Schemas::default();
    let mut listed = BTreeSet::new();
    for (name, m) in &manifests {
        listed.extend(m.files.iter().map(|f| f.path.clone()));
        check_manifest(dir, name, m, &mut schemas, &mut problems);
    }
    for rel in folder::data_files(dir)? {
        if !listed.contains(&rel) && !rel.contains(".tmp-") {
            problems.push(format!("{rel}: not listed in any manifest"));
        }
    }
    check_leftovers(dir, &mut problems)?;
    Ok(problems)
}

/// Every `_manifest*.json` at the top of `dir`, by file name.
fn read_manifests(dir: &Path, problems: &mut Vec<String>) -> io::Result<Vec<(String, Manifest)>> {
    let mut manifests = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !(name.starts_with("_manifest") && name.ends_with(".json")) {
            continue;
        }
        match std::fs::read(&p)
            .ok()
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
        {
            Some(m) => manifests.push((name, m)),
            None => problems.push(format!("{name}: not a readable manifest of this gwr")),
        }
    }
    manifests.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(manifests)
}

/// All shards of a sharded run, and only one way of sharding per folder.
fn check_shards(manifests: &[(String, Manifest)], problems: &mut Vec<String>) {
    let ns: BTreeSet<u64> = manifests
        .iter()
        .map(|(_, m)| m.shard.map_or(1, |(_, n)| n))
        .collect();
    if ns.len() > 1 {
        problems.push(format!(
            "manifests of different runs: split into {ns:?} parts"
        ));
    }
    if let Some((_, n)) = manifests.iter().find_map(|(_, m)| m.shard) {
        for k in 0..n {
            if !manifests.iter().any(|(_, m)| m.shard == Some((k, n))) {
                problems.push(format!("shard {k}/{n}: manifest missing"));
            }
        }
    }
    let versions: BTreeSet<&str> = manifests
        .iter()
        .map(|(_, m)| m.schema_version.as_str())
        .collect();
    if versions.len() > 1 {
        problems.push(format!(
            "manifests of different schema versions: {versions:?}"
        ));
    }
}

/// The first file's column list per table and format.
#[derive(Default)]
struct Schemas(BTreeMap<(String, String), (String, Vec<String>)>);

impl Schemas {
    fn check(&mut self, f: &WrittenFile, cols: Vec<String>, problems: &mut Vec<String>) {
        let key = (f.table.clone(), f.format.clone());
        match self.0.get(&key) {
            Some((first, c)) if *c != cols => {
                problems.push(format!("{}: schema differs from {first}", f.path))
            }
            Some(_) => {}
            None => {
                self.0.insert(key, (f.path.clone(), cols));
            }
        }
    }
}

fn check_manifest(
    dir: &Path,
    name: &str,
    m: &Manifest,
    schemas: &mut Schemas,
    problems: &mut Vec<String>,
) {
    let mut per_table: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for f in &m.files {
        *per_table
            .entry((f.format.as_str(), f.table.as_str()))
            .or_insert(0) += f.rows;
        check_file(dir, name, f, schemas, problems);
    }
    for format in &m.formats {
        for (t, n) in &m.rows {
            let got = per_table
                .get(&(format.as_str(), t.as_str()))
                .copied()
                .unwrap_or(0);
            if got != *n {
                problems.push(format!(
                    "{name}: table {t} has {got} rows in {format} files, the manifest says {n}"
                ));
            }
        }
    }
    if m.reports != m.inputs.len() as u64 || m.ok + m.partial + m.failed != m.reports {
        problems.push(format!("{name}: report counts do not add up"));
    }
}

/// One listed file: present, its size, its own row count, its schema.
fn check_file(
    dir: &Path,
    manifest: &str,
    f: &WrittenFile,
    schemas: &mut Schemas,
    problems: &mut Vec<String>,
) {
    let path = dir.join(&f.path);
    let size = match std::fs::metadata(&path) {
        Ok(md) => md.len(),
        Err(e) => {
            problems.push(format!("{}: listed in {manifest} but {e}", f.path));
            return;
        }
    };
    if size != f.bytes {
        problems.push(format!(
            "{}: {size} bytes, {manifest} says {}",
            f.path, f.bytes
        ));
    }
    let counted = match f.format.as_str() {
        "parquet" => parquet_rows(&path, f, schemas, problems),
        "ndjson" => count_lines(&path).map(|n| n as u64),
        // `[`, one row per line, `]` (an empty table is the one line `[]`).
        "json" => count_lines(&path).map(|n| n.saturating_sub(2) as u64),
        other => Err(format!("unknown format {other:?}")),
    };
    match counted {
        Ok(n) if n == f.rows => {}
        Ok(n) => problems.push(format!(
            "{}: {n} rows in the file, {manifest} says {}",
            f.path, f.rows
        )),
        Err(e) => problems.push(format!("{}: {e}", f.path)),
    }
}

/// The row count of a Parquet file's footer; checks its schema on the way.
fn parquet_rows(
    path: &Path,
    f: &WrittenFile,
    schemas: &mut Schemas,
    problems: &mut Vec<String>,
) -> Result<u64, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mut reader = ParquetReader::new(file);
    let n = reader
        .num_rows()
        .map_err(|e| format!("unreadable Parquet: {e}"))?;
    if let Ok(schema) = reader.schema() {
        let cols = schema
            .iter()
            .map(|(name, field)| format!("{name}:{:?}", field.dtype))
            .collect();
        schemas.check(f, cols, problems);
    }
    Ok(n as u64)
}

fn count_lines(path: &Path) -> Result<usize, String> {
    let mut r = BufReader::with_capacity(1 << 20, File::open(path).map_err(|e| e.to_string())?);
    let mut n = 0;
    loop {
        let buf = r.fill_buf().map_err(|e| e.to_string())?;
        if buf.is_empty() {
            return Ok(n);
        }
        n += memchr::memchr_iter(b'\n', buf).count();
        let len = buf.len();
        r.consume(len);
    }
}

/// Staging folders and temporary files are what a crashed (or running) writer leaves.
fn check_leftovers(dir: &Path, problems: &mut Vec<String>) -> io::Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)?.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = folder::rel_string(p.strip_prefix(dir).unwrap_or(&p));
            if d == dir && name.starts_with(STAGING_PREFIX) {
                problems.push(format!(
                    "{rel}: leftover staging folder of an unfinished run"
                ));
            } else if p.is_dir() {
                stack.push(p);
            } else if name.contains(".tmp-") {
                problems.push(format!("{rel}: leftover temporary file"));
            }
        }
    }
    Ok(())
}
