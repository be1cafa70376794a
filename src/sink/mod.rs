//! Sinks: the output tables as Parquet (polars, zstd, row group per batch) and JSON.
//!
//! Rows arrive in batches; each table (and each hive partition of it) has one open
//! writer that appends a row group per batch, so memory does not grow with the corpus.
//! A sink writes below the root it is given (the run's staging folder, see [`folder`]);
//! each format has its own root: `TABLE/*.parquet`, `ndjson/TABLE/*.ndjson`,
//! `json/TABLE/*.json`. Sinks never parse and never decide what a record is.

pub mod folder;
pub mod rows;
pub mod schema;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use thiserror::Error;

pub use rows::{Rows, TABLES};

/// Version of the table layout (columns and their types), written into every Parquet
/// file (`gwr_schema_version`) and manifest. 2: every offset and count is signed
/// (`int64`/`int32`; was `uint64`/`uint32`), JSON and NDJSON have their own roots.
pub const SCHEMA_VERSION: &str = crate::model::SCHEMA_VERSION;

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
    path: PathBuf,
    writer: Writer,
    rows: u64,
    /// Batches (row groups) written so far.
    batches: usize,
}

/// The `ARROW:schema` footer entry, with the classic Arrow types (`large_string`,
/// `large_list`) instead of the view types polars writes (`string_view`): pyarrow
/// reads the columns as these types, and pandas cannot convert a `list<string_view>`
/// ("Not implemented type for Arrow list to pandas"), so `pd.read_parquet` failed on
/// every table with a list column. The Parquet data itself is the same either way.
fn arrow_schema_key(df: &DataFrame) -> (String, String) {
    let arrow = df.schema().to_arrow(CompatLevel::oldest());
    let kv = polars_parquet::write::schema_to_metadata_key(&arrow);
    (kv.key, kv.value.unwrap_or_default())
}

/// The default for [`TableSink::with_max_row_groups`]: with 12 MB batches a file holds
/// ~380 MB of input's rows, and the writer's retained metadata stays a few MB.
pub const DEFAULT_MAX_ROW_GROUPS: usize = 32;

/// A file that was written: its path relative to the output folder (`/` separators),
/// its row count and its size in bytes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct WrittenFile {
    pub table: String,
    pub path: String,
    pub format: String,
    pub rows: u64,
    pub bytes: u64,
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
                ("gwr_schema_version".into(), SCHEMA_VERSION.into()),
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
                        out.write_all(sep).map_err(io_err(&f.path))?;
                        out.write_all(line).map_err(io_err(&f.path))?;
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
        let mut dir = self.root.join(folder::table_dir(fmt, table));
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
        let file = File::create(&path).map_err(io_err(&path))?;
        let out = BufWriter::with_capacity(1 << 20, file);
        let writer = match fmt {
            Format::Parquet => {
                let mut kv = self.metadata.clone();
                kv.push(("gwr_table".into(), table.into()));
                kv.push(arrow_schema_key(df));
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

    /// Closes every file. Returns what was written, sorted by table and path.
    pub fn finish(mut self) -> Result<Vec<WrittenFile>, SinkError> {
        let mut written = std::mem::take(&mut self.written);
        for (key, f) in std::mem::take(&mut self.files) {
            written.push(self.close(&key, f)?);
        }
        written.sort_by(|a, b| (&a.table, &a.path).cmp(&(&b.table, &b.path)));
        Ok(written)
    }

    /// Completes one file (footer, flush) and measures it.
    fn close(&self, key: &FileKey, f: OpenFile) -> Result<WrittenFile, SinkError> {
        let (table, _, fmt) = key;
        // The Parquet writer's buffer is flushed when it is dropped, which reports no
        // error: the file's size must then equal the size the writer wrote.
        let mut parquet_size = None;
        match f.writer {
            Writer::Parquet(w) => {
                let size = w.finish().map_err(|source| SinkError::Polars {
                    table: table.clone(),
                    source,
                })?;
                parquet_size = Some(size);
            }
            Writer::Json { mut out, first } => {
                let end: &[u8] = if first { b"[]\n" } else { b"\n]\n" };
                out.write_all(end).map_err(io_err(&f.path))?;
                out.flush().map_err(io_err(&f.path))?;
            }
            Writer::Ndjson(mut out) => out.flush().map_err(io_err(&f.path))?,
        }
        let bytes = fs::metadata(&f.path).map_err(io_err(&f.path))?.len();
        if parquet_size.is_some_and(|n| n != bytes) {
            let short =
                std::io::Error::other(format!("{bytes} bytes on disk, {parquet_size:?} written"));
            return Err(io_err(&f.path)(short));
        }
        let rel = f.path.strip_prefix(&self.root).unwrap_or(&f.path);
        Ok(WrittenFile {
            table: table.clone(),
            path: folder::rel_string(rel),
            format: fmt.ext().to_string(),
            rows: f.rows,
            bytes,
        })
    }
}
