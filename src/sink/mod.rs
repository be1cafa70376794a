//! Sinks: the output tables as Parquet (polars, zstd, row group per batch) and JSON.
//!
//! Rows arrive in batches; each table (and each hive partition of it) has one open
//! writer that appends a row group per batch, so memory does not grow with the corpus.
//! Files are written under a temporary name and renamed when complete. Sinks never
//! parse and never decide what a record is.

pub mod rows;
pub mod schema;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use thiserror::Error;

pub use rows::{Rows, TABLES};

#[derive(Debug, Error)]
pub enum SinkError {
    #[error("writing {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("building table {table}")]
    Polars {
        table: String,
        #[source]
        source: PolarsError,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Parquet,
    Json,
    Ndjson,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
        }
    }
}

/// One output file being written.
enum Writer {
    Parquet(Box<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>),
    Json { out: BufWriter<File>, first: bool },
    Ndjson(BufWriter<File>),
}

struct OpenFile {
    tmp: PathBuf,
    path: PathBuf,
    writer: Writer,
    rows: u64,
    /// Batches (row groups) written so far.
    batches: usize,
}

/// The default for [`TableSink::with_max_row_groups`]: with 12 MB batches a file holds
/// ~380 MB of input's rows, and the writer's retained metadata stays a few MB.
pub const DEFAULT_MAX_ROW_GROUPS: usize = 32;

/// A file that was written: its path relative to the output folder and its row count.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct WrittenFile {
    pub table: String,
    pub path: String,
    pub format: String,
    pub rows: u64,
}

type FileKey = (String, String, Format);

/// All writers of one run.
///
/// A Parquet writer keeps the metadata of every row group and page it wrote until the
/// file is closed, so a table's file is closed and a new one begun
/// (`part-0-of-1.parquet`, `part-0-of-1.1.parquet`, …) after `max_row_groups` batches:
/// memory stays flat however large the corpus.
pub struct TableSink {
    root: PathBuf,
    part: String,
    formats: Vec<Format>,
    files: BTreeMap<FileKey, OpenFile>,
    /// Number of files already closed per table, partition and format.
    closed: BTreeMap<FileKey, u32>,
    written: Vec<WrittenFile>,
    max_row_groups: usize,
    metadata: Vec<(String, String)>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> SinkError + '_ {
    move |source| SinkError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl TableSink {
    /// `part` names this run's files (`part-0-of-1`), so shards never collide.
    pub fn new(root: &Path, part: &str, formats: &[Format]) -> Result<TableSink, SinkError> {
        fs::create_dir_all(root).map_err(io_err(root))?;
        Ok(TableSink {
            root: root.to_path_buf(),
            part: part.to_string(),
            formats: formats.to_vec(),
            files: BTreeMap::new(),
            closed: BTreeMap::new(),
            written: Vec::new(),
            max_row_groups: DEFAULT_MAX_ROW_GROUPS,
            metadata: vec![
                ("gwr_version".into(), crate::model::PARSER_VERSION.into()),
                (
                    "gwr_schema_version".into(),
                    crate::model::SCHEMA_VERSION.into(),
                ),
            ],
        })
    }

    /// Begins a new Parquet file of a table after `n` batches (row groups) in one file.
    pub fn with_max_row_groups(mut self, n: usize) -> TableSink {
        self.max_row_groups = n.max(1);
        self
    }

    /// Appends one batch of a table's rows (already one partition) as a row group.
    pub fn write(
        &mut self,
        table: &str,
        partition: &str,
        mut df: DataFrame,
    ) -> Result<(), SinkError> {
        if df.height() == 0 {
            return Ok(());
        }
        df.rechunk_mut();
        for fmt in self.formats.clone() {
            let key = (table.to_string(), partition.to_string(), fmt);
            if !self.files.contains_key(&key) {
                let seq = self.closed.get(&key).copied().unwrap_or(0);
                let f = self.open(table, partition, fmt, seq, &df)?;
                self.files.insert(key.clone(), f);
            }
            let Some(f) = self.files.get_mut(&key) else {
                continue;
            };
            let perr = |source| SinkError::Polars {
                table: table.to_string(),
                source,
            };
            match &mut f.writer {
                Writer::Parquet(w) => w.write_batch(&df).map_err(perr)?,
                Writer::Ndjson(out) => {
                    JsonWriter::new(&mut *out)
                        .with_json_format(JsonFormat::JsonLines)
                        .finish(&mut df)
                        .map_err(perr)?;
                }
                Writer::Json { out, first } => {
                    let mut buf = Vec::new();
                    JsonWriter::new(&mut buf)
                        .with_json_format(JsonFormat::JsonLines)
                        .finish(&mut df)
                        .map_err(perr)?;
                    for line in buf.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                        let sep: &[u8] = if *first { b"[\n" } else { b",\n" };
                        *first = false;
                        out.write_all(sep).map_err(io_err(&f.tmp))?;
                        out.write_all(line).map_err(io_err(&f.tmp))?;
                    }
                }
            }
            f.rows += df.height() as u64;
            f.batches += 1;
            if fmt == Format::Parquet && f.batches >= self.max_row_groups {
                if let Some(full) = self.files.remove(&key) {
                    let done = self.close(&key, full)?;
                    self.written.push(done);
                    *self.closed.entry(key).or_insert(0) += 1;
                }
            }
        }
        Ok(())
    }

    fn open(
        &self,
        table: &str,
        partition: &str,
        fmt: Format,
        seq: u32,
        df: &DataFrame,
    ) -> Result<OpenFile, SinkError> {
        let mut dir = self.root.join(table);
        if !partition.is_empty() {
            dir = dir.join(partition);
        }
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let stem = if seq == 0 {
            self.part.clone()
        } else {
            format!("{}.{seq}", self.part)
        };
        let path = dir.join(format!("{stem}.{}", fmt.ext()));
        let tmp = dir.join(format!(".{stem}.{}.tmp-{}", fmt.ext(), std::process::id()));
        let file = File::create(&tmp).map_err(io_err(&tmp))?;
        let out = BufWriter::with_capacity(1 << 20, file);
        let writer = match fmt {
            Format::Parquet => {
                let mut kv = self.metadata.clone();
                kv.push(("gwr_table".into(), table.into()));
                // Columns are encoded on the writer thread itself: with polars' own pool
                // the encoding competed with the parser for the same two cores, and RSS
                // grew with the corpus (1 GB: 466 → 380 MiB, 2 GB: 522 → 412 MiB, and ~5 %
                // less user CPU).
                let w = ParquetWriter::new(out)
                    .set_parallel(false)
                    .with_compression(ParquetCompression::Zstd(None))
                    .with_key_value_metadata(Some(KeyValueMetadata::from_static(kv)))
                    .batched(df.schema())
                    .map_err(|source| SinkError::Polars {
                        table: table.to_string(),
                        source,
                    })?;
                Writer::Parquet(Box::new(w))
            }
            Format::Json => Writer::Json { out, first: true },
            Format::Ndjson => Writer::Ndjson(out),
        };
        Ok(OpenFile {
            tmp,
            path,
            writer,
            rows: 0,
            batches: 0,
        })
    }

    /// Makes sure `table` has a file even when no batch had rows for it: an empty table
    /// with the right columns (readers can then always open every table).
    pub fn ensure(&mut self, table: &str, empty: DataFrame) -> Result<(), SinkError> {
        let has = |k: &FileKey| k.0 == table;
        if self.files.keys().any(has) || self.closed.keys().any(has) {
            return Ok(());
        }
        for fmt in self.formats.clone() {
            let f = self.open(table, "", fmt, 0, &empty)?;
            self.files
                .insert((table.to_string(), String::new(), fmt), f);
        }
        Ok(())
    }

    /// Closes every file and renames it into place. Returns what was written.
    pub fn finish(mut self) -> Result<Vec<WrittenFile>, SinkError> {
        let mut written = std::mem::take(&mut self.written);
        for (key, f) in std::mem::take(&mut self.files) {
            written.push(self.close(&key, f)?);
        }
        written.sort_by(|a, b| (&a.table, &a.path).cmp(&(&b.table, &b.path)));
        Ok(written)
    }

    /// Completes one file and renames it into place.
    fn close(&self, key: &FileKey, f: OpenFile) -> Result<WrittenFile, SinkError> {
        let (table, _, fmt) = key;
        match f.writer {
            Writer::Parquet(w) => {
                w.finish().map_err(|source| SinkError::Polars {
                    table: table.clone(),
                    source,
                })?;
            }
            Writer::Json { mut out, first } => {
                let end: &[u8] = if first { b"[]\n" } else { b"\n]\n" };
                out.write_all(end).map_err(io_err(&f.tmp))?;
                out.flush().map_err(io_err(&f.tmp))?;
            }
            Writer::Ndjson(mut out) => out.flush().map_err(io_err(&f.tmp))?,
        }
        fs::rename(&f.tmp, &f.path).map_err(io_err(&f.path))?;
        let rel = f
            .path
            .strip_prefix(&self.root)
            .unwrap_or(&f.path)
            .to_string_lossy()
            .into_owned();
        Ok(WrittenFile {
            table: table.clone(),
            path: rel,
            format: fmt.ext().to_string(),
            rows: f.rows,
        })
    }
}
