//! The batch job behind `gwr convert`: inputs → parallel parse → tables + manifest.
//!
//! Inputs are read in order into bounded batches (`--batch-size` reports or `--batch-mb`
//! of input); rayon parses the reports of a batch in parallel (each in isolation) while
//! a writer thread appends the previous batch as one row group per table, so reading,
//! parsing and writing overlap and at most three batches are alive. Results keep input
//! order. A deterministic shard filter lets N processes split a corpus.
//! This module orchestrates; it does not parse text or format tables itself.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::input::{self, InputFile, ReadOptions, Unit};
use crate::model::{ParsedReport, Status};
use crate::pipeline::{self, DecodeOptions};
use crate::sink::rows::*;
pub use crate::sink::Format;
use crate::sink::{Rows, SinkError, TableSink, WrittenFile, TABLES};

#[derive(Debug, Error)]
pub enum ConvertError {
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    #[error("the {0} stage of the batch job panicked (a bug in gwr: please report it)")]
    StagePanicked(&'static str),
    #[error("writing the manifest {path}")]
    Manifest {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "parquet" => Ok(Format::Parquet),
            "json" => Ok(Format::Json),
            "ndjson" | "jsonl" => Ok(Format::Ndjson),
            o => Err(format!("unknown format {o:?} (parquet, json, ndjson)")),
        }
    }
}

/// Hive-style partitioning of every table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PartitionBy {
    Year,
    Level,
}

/// Shard K of N (0-based K).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 0/4")?;
        let k: u64 = k.trim().parse().map_err(|_| "K must be a number")?;
        let n: u64 = n.trim().parse().map_err(|_| "N must be a number")?;
        if n == 0 || k >= n {
            return Err(format!("need 0 <= K < N, got {k}/{n}"));
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// Does the report with this identity belong to this shard? Hash of the identity,
    /// so adding inputs never moves the others.
    pub fn owns(&self, source: &str, member: Option<u64>) -> bool {
        let mut h = Sha256::new();
        h.update(source.as_bytes());
        if let Some(m) = member {
            h.update(format!("#{m}").as_bytes());
        }
        let d = h.finalize();
        let mut x = [0u8; 8];
        x.copy_from_slice(&d[..8]);
        u64::from_be_bytes(x) % self.n == self.k
    }
}

#[derive(Debug, Clone)]
pub struct ConvertOptions {
    pub output: PathBuf,
    pub read: ReadOptions,
    pub decode: DecodeOptions,
    pub jobs: Option<usize>,
    pub formats: Vec<Format>,
    pub partition_by: Option<PartitionBy>,
    pub shard: Option<Shard>,
    pub batch_size: usize,
    /// Input bytes per batch (a batch ends at `batch_size` units or this many bytes).
    pub batch_bytes: usize,
    /// Row groups per Parquet file before a table's next file is begun.
    pub max_row_groups: usize,
    pub quiet: bool,
}

/// One input unit in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestInput {
    pub source: String,
    pub member: Option<u64>,
    pub report_id: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub gwr_version: String,
    pub schema_version: String,
    pub part: String,
    pub shard: Option<(u64, u64)>,
    pub partition_by: Option<String>,
    pub formats: Vec<String>,
    pub inputs: Vec<ManifestInput>,
    /// Files in folders that were passed over (unknown file name endings).
    pub skipped: Vec<String>,
    pub files: Vec<WrittenFile>,
    pub rows: std::collections::BTreeMap<String, u64>,
    pub reports: u64,
    pub ok: u64,
    pub partial: u64,
    pub failed: u64,
    pub text_bytes: u64,
    pub seconds: f64,
    pub mb_per_s: f64,
}

pub type Summary = Manifest;

fn partition_of(r: &ParsedReport, by: Option<PartitionBy>) -> String {
    match by {
        None => String::new(),
        Some(PartitionBy::Year) => match r.report.year {
            Some(y) => format!("year={y}"),
            None => "year=__HIVE_DEFAULT_PARTITION__".into(),
        },
        Some(PartitionBy::Level) => match r.report.admin_level {
            Some(l) => format!("level={}", l.as_str()),
            None => "level=__HIVE_DEFAULT_PARTITION__".into(),
        },
    }
}

/// Progress on stderr: a bar on a terminal, a log line every few seconds otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    last_log: Instant,
    quiet: bool,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b
        });
        Progress {
            bar,
            last_log: Instant::now(),
            quiet,
        }
    }

    fn update(&mut self, reports: u64, bytes: u64, started: Instant) {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let msg = format!(
            "{reports} reports, {:.1} MB, {:.1} MB/s",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
        if let Some(b) = &self.bar {
            b.set_message(msg);
        } else if !self.quiet && self.last_log.elapsed() >= Duration::from_secs(5) {
            eprintln!("gwr: {msg}");
            self.last_log = Instant::now();
        }
    }

    fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn run(inputs: &[String], opts: &ConvertOptions) -> Result<Summary, ConvertError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| ConvertError::Threads(e.to_string()))?;
    let (files, skipped) = input::discover(inputs);
    let part = match opts.shard {
        Some(s) => format!("part-{}-of-{}", s.k, s.n),
        None => "part-0-of-1".to_string(),
    };
    let mut formats = opts.formats.clone();
    formats.sort();
    formats.dedup();
    if formats.is_empty() {
        formats.push(Format::Parquet);
    }
    let mut sink =
        TableSink::new(&opts.output, &part, &formats)?.with_max_row_groups(opts.max_row_groups);
    let mut manifest = Manifest {
        gwr_version: crate::model::PARSER_VERSION.into(),
        schema_version: crate::model::SCHEMA_VERSION.into(),
        part: part.clone(),
        shard: opts.shard.map(|s| (s.k, s.n)),
        partition_by: opts.partition_by.map(|p| format!("{p:?}").to_lowercase()),
        formats: formats.iter().map(|f| f.ext().to_string()).collect(),
        inputs: Vec::new(),
        skipped,
        files: Vec::new(),
        rows: Default::default(),
        reports: 0,
        ok: 0,
        partial: 0,
        failed: 0,
        text_bytes: 0,
        seconds: 0.0,
        mb_per_s: 0.0,
    };
    // Three stages overlap: the reader (this thread) fills batches, rayon parses one
    // batch while the writer thread turns the previous one into tables. Rendezvous
    // channels bound the memory: about three batches are alive at any time.
    let (parse_tx, parse_rx) = std::sync::mpsc::sync_channel::<Vec<Unit>>(0);
    let (write_tx, write_rx) = std::sync::mpsc::sync_channel::<(Vec<ParsedReport>, u64)>(0);
    let (sink, mut manifest, progress) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<_, ConvertError> {
            let mut progress = Progress::new(opts.quiet);
            for (parsed, text_bytes) in write_rx {
                manifest.text_bytes += text_bytes;
                write_batch(parsed, &mut sink, &mut manifest, opts.partition_by)?;
                progress.update(manifest.reports, manifest.text_bytes, started);
            }
            Ok((sink, manifest, progress))
        });
        let parser = scope.spawn(move || {
            for units in parse_rx {
                let text_bytes = units.iter().map(|u| u.bytes.len() as u64).sum::<u64>();
                // Each unit's bytes and the report's full text are freed as soon as the
                // report is parsed: no table stores them (`paragraphs` holds the text).
                let parsed: Vec<ParsedReport> = pool.install(|| {
                    units
                        .into_par_iter()
                        .map(|u| {
                            let mut r = pipeline::process(&u, &opts.decode);
                            r.report.text = String::new();
                            r
                        })
                        .collect()
                });
                if write_tx.send((parsed, text_bytes)).is_err() {
                    // The writer stopped on an error; it reports it.
                    break;
                }
            }
        });
        read_batches(&files, opts, &parse_tx);
        drop(parse_tx);
        let parsed_all = parser.join().is_ok();
        let written = match writer.join() {
            Ok(r) => r,
            Err(_) => Err(ConvertError::StagePanicked("writer")),
        };
        // A parser stage that died would leave the output short: never report success.
        match (written, parsed_all) {
            (Err(e), _) => Err(e),
            (Ok(_), false) => Err(ConvertError::StagePanicked("parser")),
            (Ok(r), true) => Ok(r),
        }
    })?;
    let mut sink = sink;
    progress.done();
    // Every table exists, even when empty.
    sink.ensure(
        "reports",
        ReportRow::frame(vec![]).map_err(polars_err("reports"))?,
    )?;
    sink.ensure(
        "sections",
        SectionRow::frame(vec![]).map_err(polars_err("sections"))?,
    )?;
    sink.ensure(
        "tasks",
        TaskRow::frame(vec![]).map_err(polars_err("tasks"))?,
    )?;
    sink.ensure(
        "targets",
        QuantityRow::frame(vec![]).map_err(polars_err("targets"))?,
    )?;
    sink.ensure(
        "achievements",
        QuantityRow::frame(vec![]).map_err(polars_err("achievements"))?,
    )?;
    sink.ensure(
        "projects",
        ProjectRow::frame(vec![]).map_err(polars_err("projects"))?,
    )?;
    sink.ensure(
        "diagnostics",
        DiagnosticRow::frame(vec![]).map_err(polars_err("diagnostics"))?,
    )?;
    sink.ensure(
        "paragraphs",
        ParagraphRow::frame(vec![]).map_err(polars_err("paragraphs"))?,
    )?;
    manifest.files = sink.finish()?;
    for t in TABLES {
        manifest.rows.entry(t.to_string()).or_insert(0);
    }
    manifest.seconds = started.elapsed().as_secs_f64();
    manifest.mb_per_s = manifest.text_bytes as f64 / 1e6 / manifest.seconds.max(1e-9);
    write_manifest(&opts.output, &manifest)?;
    if !opts.quiet {
        let records: u64 = manifest
            .rows
            .iter()
            .filter(|(t, _)| *t != "reports" && *t != "paragraphs")
            .map(|(_, n)| n)
            .sum();
        eprintln!(
            "gwr: {} reports (ok {}, partial {}, failed {}), {} records, {:.1} MB in {:.2} s ({:.1} MB/s) → {}",
            manifest.reports,
            manifest.ok,
            manifest.partial,
            manifest.failed,
            records,
            manifest.text_bytes as f64 / 1e6,
            manifest.seconds,
            manifest.mb_per_s,
            opts.output.display()
        );
    }
    Ok(manifest)
}

/// Reads the inputs in order into batches of at most `batch_size` units or about
/// `batch_bytes` bytes and sends them on; stops early when the receiver is gone.
fn read_batches(
    files: &[InputFile],
    opts: &ConvertOptions,
    tx: &std::sync::mpsc::SyncSender<Vec<Unit>>,
) {
    let mut batch: Vec<Unit> = Vec::new();
    let mut batch_len = 0usize;
    let mut open = true;
    for f in files {
        if let InputFile::Unusable { .. } = f {
            if let Some(s) = opts.shard {
                if !s.owns(&f.name(), None) {
                    continue;
                }
            }
        }
        input::read_units(f, &opts.read, &mut |u| {
            if !open {
                return;
            }
            if let Some(s) = opts.shard {
                if !s.owns(&u.source, u.member) {
                    return;
                }
            }
            batch_len += u.bytes.len();
            batch.push(u);
            if batch.len() >= opts.batch_size || batch_len >= opts.batch_bytes {
                batch_len = 0;
                open = tx.send(std::mem::take(&mut batch)).is_ok();
            }
        });
        if !open {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
}

fn polars_err(table: &'static str) -> impl Fn(polars::prelude::PolarsError) -> ConvertError {
    move |source| {
        ConvertError::Sink(SinkError::Polars {
            table: table.to_string(),
            source,
        })
    }
}

fn write_batch(
    parsed: Vec<ParsedReport>,
    sink: &mut TableSink,
    manifest: &mut Manifest,
    by: Option<PartitionBy>,
) -> Result<(), ConvertError> {
    // Group reports by partition, keeping input order inside each.
    let mut groups: std::collections::BTreeMap<String, Rows> = Default::default();
    for r in parsed {
        manifest.reports += 1;
        match r.report.status {
            Status::Ok => manifest.ok += 1,
            Status::Partial => manifest.partial += 1,
            Status::Failed => manifest.failed += 1,
        }
        manifest.inputs.push(ManifestInput {
            source: r.report.source.clone(),
            member: r.report.member,
            report_id: r.report.report_id.clone(),
            status: format!("{:?}", r.report.status).to_lowercase(),
        });
        let key = partition_of(&r, by);
        groups.entry(key).or_default().push(r);
    }
    for (part, rows) in groups {
        for t in TABLES {
            *manifest.rows.entry(t.to_string()).or_insert(0) += rows.len(t) as u64;
        }
        let Rows {
            reports,
            sections,
            tasks,
            targets,
            achievements,
            projects,
            diagnostics,
            paragraphs,
        } = rows;
        sink.write(
            "reports",
            &part,
            ReportRow::frame(reports).map_err(polars_err("reports"))?,
        )?;
        sink.write(
            "sections",
            &part,
            SectionRow::frame(sections).map_err(polars_err("sections"))?,
        )?;
        sink.write(
            "tasks",
            &part,
            TaskRow::frame(tasks).map_err(polars_err("tasks"))?,
        )?;
        sink.write(
            "targets",
            &part,
            QuantityRow::frame(targets).map_err(polars_err("targets"))?,
        )?;
        sink.write(
            "achievements",
            &part,
            QuantityRow::frame(achievements).map_err(polars_err("achievements"))?,
        )?;
        sink.write(
            "projects",
            &part,
            ProjectRow::frame(projects).map_err(polars_err("projects"))?,
        )?;
        sink.write(
            "diagnostics",
            &part,
            DiagnosticRow::frame(diagnostics).map_err(polars_err("diagnostics"))?,
        )?;
        sink.write(
            "paragraphs",
            &part,
            ParagraphRow::frame(paragraphs).map_err(polars_err("paragraphs"))?,
        )?;
    }
    Ok(())
}

/// The manifest's file name for a part.
pub fn manifest_name(part: &str) -> String {
    if part == "part-0-of-1" {
        "_manifest.json".to_string()
    } else {
        format!("_manifest-{part}.json")
    }
}

fn write_manifest(dir: &Path, m: &Manifest) -> Result<(), ConvertError> {
    let path = dir.join(manifest_name(&m.part));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        manifest_name(&m.part),
        std::process::id()
    ));
    let err = |source| ConvertError::Manifest {
        path: path.display().to_string(),
        source,
    };
    let json = serde_json::to_vec_pretty(m).map_err(|e| err(std::io::Error::other(e)))?;
    std::fs::write(&tmp, json).map_err(err)?;
    std::fs::rename(&tmp, &path).map_err(err)?;
    Ok(())
}
