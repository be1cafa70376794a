//! The output folder's commit protocol: what a folder holds, one staging area per run,
//! publishing a finished run by renames, atomic small files, cleaning up crashed runs.
//!
//! A run writes every file under `OUTPUT/_staging-<part>-<run id>/` (no reader's glob
//! such as `targets/*.parquet` matches it, and pyarrow/Spark skip `_` folders). Only when
//! every writer has closed does [`publish`] move the files to their final names; the
//! caller then writes the manifest last with [`write_atomic`]. Layout of the final
//! names: `TABLE/…/*.parquet`, `ndjson/TABLE/…/*.ndjson`, `json/TABLE/…/*.json`.
//! This module moves and deletes only files of gwr's own layout; it never parses
//! reports and never builds tables.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{Format, TABLES};

/// The prefix of a run's staging folder.
pub const STAGING_PREFIX: &str = "_staging-";

/// Files a folder may hold besides gwr output and still count as empty.
const HARMLESS: &[&str] = &[".gitkeep", ".gitignore", ".DS_Store"];

/// Which slice of a run a file belongs to: `part-K-of-N` (0-based K).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartId {
    pub k: u64,
    pub n: u64,
}

impl PartId {
    pub const WHOLE: PartId = PartId { k: 0, n: 1 };

    pub fn name(&self) -> String {
        format!("part-{}-of-{}", self.k, self.n)
    }

    /// The manifest's file name: `_manifest.json` for a whole run,
    /// `_manifest-part-K-of-N.json` for a shard.
    pub fn manifest_name(&self) -> String {
        if *self == PartId::WHOLE {
            "_manifest.json".to_string()
        } else {
            format!("_manifest-{}.json", self.name())
        }
    }

    /// The part named at the start of `s` (`part-3-of-16.1.parquet`, `part-0-of-1-…`).
    fn parse_prefix(s: &str) -> Option<PartId> {
        let rest = s.strip_prefix("part-")?;
        let (k, rest) = rest.split_once("-of-")?;
        let n_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let k = k.parse().ok()?;
        let n = rest[..n_len].parse().ok()?;
        (k < n).then_some(PartId { k, n })
    }

    /// The part a gwr file name belongs to: data files, manifests, staging folders and
    /// the hidden temporary files of earlier versions.
    pub fn of_name(name: &str) -> Option<PartId> {
        let name = name.trim_start_matches('.');
        if name == "_manifest.json" || name.starts_with("_manifest.json.tmp-") {
            return Some(PartId::WHOLE);
        }
        for prefix in ["_manifest-", STAGING_PREFIX] {
            if let Some(rest) = name.strip_prefix(prefix) {
                return PartId::parse_prefix(rest);
            }
        }
        PartId::parse_prefix(name)
    }

    /// Another shard of the same sharded run (they share a folder by design).
    pub fn is_sibling_of(&self, other: &PartId) -> bool {
        self.n == other.n && self.k != other.k
    }
}

/// The folder holding a table's files in one format (relative to the output root).
pub fn table_dir(format: Format, table: &str) -> PathBuf {
    match format {
        Format::Parquet => PathBuf::from(table),
        f => Path::new(f.ext()).join(table),
    }
}

/// Every table folder of every format, relative to the output root.
pub fn table_dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in [Format::Parquet, Format::Ndjson, Format::Json] {
        out.extend(TABLES.iter().map(|t| table_dir(f, t)));
    }
    out
}

/// What an output folder holds before a run.
#[derive(Debug, Default)]
pub struct FolderState {
    /// Parts that have a manifest or data files here.
    pub parts: BTreeSet<PartId>,
    /// Staging folders and temporary manifests of runs that did not finish (or are
    /// still running).
    pub staging: Vec<PathBuf>,
    /// The first entry that is not gwr output, if any.
    pub foreign: Option<String>,
}

impl FolderState {
    /// Reads the folder (a missing folder is empty).
    pub fn inspect(root: &Path) -> io::Result<FolderState> {
        let mut st = FolderState::default();
        let entries = match fs::read_dir(root) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(st),
            Err(e) => return Err(e),
        };
        let formats = [Format::Json.ext(), Format::Ndjson.ext()];
        for e in entries {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type()?.is_dir();
            if is_dir && name.starts_with(STAGING_PREFIX) {
                st.staging.push(e.path());
            } else if is_dir && (TABLES.contains(&name.as_str()) || formats.contains(&&*name)) {
                // Table folders are read below.
            } else if !is_dir && name.contains(".tmp-") && name.contains("_manifest") {
                // A manifest being written, or left by a killed run.
                st.staging.push(e.path());
            } else if !is_dir && name.trim_start_matches('.').starts_with("_manifest") {
                st.parts.extend(PartId::of_name(&name));
            } else if !HARMLESS.contains(&name.as_str()) && st.foreign.is_none() {
                st.foreign = Some(name);
            }
        }
        for rel in data_files(root)? {
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            match PartId::of_name(name) {
                Some(p) => {
                    st.parts.insert(p);
                }
                None if st.foreign.is_none() => st.foreign = Some(rel),
                None => {}
            }
        }
        Ok(st)
    }
}

/// Every file below the table folders of every format, as paths relative to `root`
/// with `/` separators, sorted.
pub fn data_files(root: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = table_dirs().into_iter().map(|d| root.join(d)).collect();
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for e in entries {
            let e = e?;
            if e.file_type()?.is_dir() {
                stack.push(e.path());
            } else if let Ok(rel) = e.path().strip_prefix(root) {
                out.push(rel_string(rel));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A relative path with `/` separators (the manifest's spelling).
pub fn rel_string(rel: &Path) -> String {
    rel.iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A fresh id for this run: time and process, so two runs never share a staging name.
pub fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{}", std::process::id())
}

/// The staging folder of a run.
pub fn staging_dir(root: &Path, part: PartId, run_id: &str) -> PathBuf {
    root.join(format!("{STAGING_PREFIX}{}-{run_id}", part.name()))
}

/// Deletes the files of `parts` (manifests and data files, named by part) and empty
/// table folders left behind. Files of other parts stay.
pub fn remove_parts(
    root: &Path,
    parts: &BTreeSet<PartId>,
    keep: &BTreeSet<String>,
) -> io::Result<()> {
    let owned = |name: &str| PartId::of_name(name).is_some_and(|p| parts.contains(&p));
    for p in parts {
        remove_if_exists(&root.join(p.manifest_name()))?;
    }
    for rel in data_files(root)? {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if owned(name) && !keep.contains(&rel) {
            remove_if_exists(&root.join(&rel))?;
        }
    }
    Ok(())
}

/// Removes a file; a file that is already gone is fine (a sibling shard may race).
pub fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a whole folder (or a file); one that is already gone is fine.
pub fn remove_dir_if_exists(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
        return remove_if_exists(path);
    }
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Moves every staged file (`rel` paths below `staging`) to its final name below `root`,
/// replacing a file of the same name in one rename, then removes the staging folder.
pub fn publish(staging: &Path, root: &Path, rels: &[String]) -> io::Result<()> {
    for rel in rels {
        let to = root.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::rename(staging.join(rel), &to)?;
    }
    remove_dir_if_exists(staging)
}

/// Writes `bytes` to `path` in one step: a hidden temporary file in the same folder,
/// then a rename, so a reader sees the old file or the whole new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_of_every_kind_of_name() {
        let p = |k, n| Some(PartId { k, n });
        assert_eq!(PartId::of_name("part-0-of-1.parquet"), p(0, 1));
        assert_eq!(PartId::of_name("part-3-of-16.2.parquet"), p(3, 16));
        assert_eq!(PartId::of_name("_manifest.json"), p(0, 1));
        assert_eq!(PartId::of_name("_manifest-part-2-of-3.json"), p(2, 3));
        assert_eq!(
            PartId::of_name("._manifest-part-2-of-3.json.tmp-77"),
            p(2, 3)
        );
        assert_eq!(PartId::of_name("_staging-part-1-of-4-18f3a-99"), p(1, 4));
        assert_eq!(PartId::of_name(".part-0-of-1.ndjson.tmp-12"), p(0, 1));
        assert_eq!(PartId::of_name("part-4-of-4.parquet"), None);
        assert_eq!(PartId::of_name("notes.txt"), None);
        assert_eq!(
            PartId { k: 2, n: 3 }.manifest_name(),
            "_manifest-part-2-of-3.json"
        );
    }

    #[test]
    fn format_roots() {
        assert_eq!(
            table_dir(Format::Parquet, "targets"),
            PathBuf::from("targets")
        );
        assert_eq!(
            table_dir(Format::Ndjson, "targets"),
            PathBuf::from("ndjson/targets")
        );
        assert_eq!(
            table_dir(Format::Json, "tasks"),
            PathBuf::from("json/tasks")
        );
    }
}
