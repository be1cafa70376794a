//! `gwr verify DIR`: checks a finished output folder — every manifest present and
//! readable, every file it lists present, Parquet row counts equal to the manifest's,
//! one schema per table across all parts, and no leftover temporary files.
//!
//! Reads only; never repairs or rewrites anything.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use crate::convert::Manifest;

/// Problems found (empty when the output is complete and consistent).
pub fn verify(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut manifests = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("_manifest") && name.ends_with(".json") {
            match std::fs::read(&p)
                .ok()
                .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
            {
                Some(m) => manifests.push(m),
                None => problems.push(format!("{name}: not a readable manifest")),
            }
        }
    }
    if manifests.is_empty() {
        problems.push("no _manifest*.json: the run did not finish".into());
        return Ok(problems);
    }
    // All shards of a sharded run.
    if let Some((_, n)) = manifests.iter().find_map(|m| m.shard) {
        for k in 0..n {
            if !manifests.iter().any(|m| m.shard == Some((k, n))) {
                problems.push(format!("shard {k}/{n}: manifest missing"));
            }
        }
    }
    let mut schemas: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for m in &manifests {
        let mut per_table: BTreeMap<&str, u64> = BTreeMap::new();
        for f in m.files.iter().filter(|f| f.format == "parquet") {
            *per_table.entry(f.table.as_str()).or_insert(0) += f.rows;
            let path = dir.join(&f.path);
            let file = match File::open(&path) {
                Ok(x) => x,
                Err(e) => {
                    problems.push(format!("{}: {e}", f.path));
                    continue;
                }
            };
            let mut reader = ParquetReader::new(file);
            match reader.num_rows() {
                Ok(n) if n as u64 == f.rows => {}
                Ok(n) => problems.push(format!("{}: {n} rows, manifest says {}", f.path, f.rows)),
                Err(e) => problems.push(format!("{}: unreadable Parquet: {e}", f.path)),
            }
            if let Ok(schema) = reader.schema() {
                let cols: Vec<String> = schema
                    .iter()
                    .map(|(name, field)| format!("{name}:{:?}", field.dtype))
                    .collect();
                match schemas.get(&f.table) {
                    Some((first, c)) if *c != cols => {
                        problems.push(format!("{}: schema differs from {first}", f.path))
                    }
                    Some(_) => {}
                    None => {
                        schemas.insert(f.table.clone(), (f.path.clone(), cols));
                    }
                }
            }
        }
        if m.formats.iter().any(|f| f == "parquet") {
            for (t, n) in &m.rows {
                let got = per_table.get(t.as_str()).copied().unwrap_or(0);
                if got != *n {
                    problems.push(format!(
                        "{}: table {t} has {got} rows in files, manifest says {n}",
                        m.part
                    ));
                }
            }
        }
        if m.reports != m.inputs.len() as u64 || m.ok + m.partial + m.failed != m.reports {
            problems.push(format!("{}: report counts do not add up", m.part));
        }
    }
    // Leftover temporary files mean a crashed writer.
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)?.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains(".tmp-"))
            {
                problems.push(format!("{}: leftover temporary file", p.display()));
            }
        }
    }
    Ok(problems)
}
