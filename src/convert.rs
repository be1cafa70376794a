//! The batch job behind `gwr convert`: inputs → parallel parse → tables + manifest.
//!
//! Inputs are read in order into bounded batches (`--batch-size` reports or `--batch-mb`
//! of input); rayon parses the reports of a batch in parallel (each in isolation) while
//! a writer thread appends the previous batch as one row group per table, so reading,
//! parsing and writing overlap and at most three batches are alive. Results keep input
//! order. A deterministic shard filter lets N processes split a corpus.
//!
//! A run is all or nothing: every file goes to the run's staging folder, and only when
//! every input is processed and every writer closed are the files moved to their final
//! names and the manifest written, last (`sink::folder`). A folder holding an earlier
//! run is refused unless `--overwrite` says to replace it; any other non-empty folder is
//! always refused. This module orchestrates; it does not parse text or format tables.

use std::collections::{BTreeMap, BTreeSet};
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
use crate::sink::folder::{self, FolderState, PartId};
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
    /// The output folder cannot take this run (the CLI exits 2): it holds an earlier
    /// run and no `--overwrite` was given, or it holds files that are not gwr output.
    #[error("{0}")]
    Refused(String),
    #[error("{path}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn folder_err(path: &Path) -> impl Fn(std::io::Error) -> ConvertError + '_ {
    move |source| ConvertError::Folder {
        path: path.display().to_string(),
        source,
    }
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

/// What to do with an output folder that already holds gwr output of this run's part
/// (or of another way of sharding).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rerun {
    /// Refuse (exit 2): a rerun must say what it wants.
    #[default]
    Refuse,
    /// Replace it: the old files stay until the new run is complete, then none remains.
    Overwrite,
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
    pub rerun: Rerun,
    pub quiet: bool,
}

impl ConvertOptions {
    fn part(&self) -> PartId {
        match self.shard {
            Some(s) => PartId { k: s.k, n: s.n },
            None => PartId::WHOLE,
        }
    }

    /// The formats to write, sorted, without repeats (Parquet when none is given).
    fn formats(&self) -> Vec<Format> {
        let mut formats = self.formats.clone();
        formats.sort();
        formats.dedup();
        if formats.is_empty() {
            formats.push(Format::Parquet);
        }
        formats
    }
}

/// One input unit in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestInput {
    pub source: String,
    pub member: Option<u64>,
    pub report_id: String,
    pub status: String,
}

/// The record of what belongs to a run's output: written last, atomically. A file of a
/// table folder that no manifest lists is not part of the output (`gwr verify`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub gwr_version: String,
    pub schema_version: String,
    /// The run that wrote the files (also the name of its staging folder).
    pub run_id: String,
    pub part: String,
    pub shard: Option<(u64, u64)>,
    pub partition_by: Option<String>,
    pub formats: Vec<String>,
    pub inputs: Vec<ManifestInput>,
    /// Files in folders that were passed over (unknown file name endings).
    pub skipped: Vec<String>,
    /// `PATH: REASON` of every input that could not be read (the run exits 2).
    pub unreadable: Vec<String>,
    /// Every file of the run with its row count and size.
    pub files: Vec<WrittenFile>,
    pub rows: BTreeMap<String, u64>,
    pub reports: u64,
    pub ok: u64,
    pub partial: u64,
    pub failed: u64,
    pub text_bytes: u64,
    pub seconds: f64,
    pub mb_per_s: f64,
}

pub type Summary = Manifest;

impl Manifest {
    fn new(opts: &ConvertOptions, run_id: &str, formats: &[Format], skipped: Vec<String>) -> Self {
        Manifest {
            gwr_version: crate::model::PARSER_VERSION.into(),
            schema_version: crate::sink::SCHEMA_VERSION.into(),
            run_id: run_id.to_string(),
            part: opts.part().name(),
            shard: opts.shard.map(|s| (s.k, s.n)),
            partition_by: opts.partition_by.map(|p| format!("{p:?}").to_lowercase()),
            formats: formats.iter().map(|f| f.ext().to_string()).collect(),
            inputs: Vec::new(),
            skipped,
            unreadable: Vec::new(),
            files: Vec::new(),
            rows: TABLES.iter().map(|t| (t.to_string(), 0)).collect(),
            reports: 0,
            ok: 0,
            partial: 0,
            failed: 0,
            text_bytes: 0,
            seconds: 0.0,
            mb_per_s: 0.0,
        }
    }
}

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

/// Converts `inputs` into the tables of `opts.output`: checks the folder, writes the
/// whole run to a staging folder, then publishes it and writes the manifest.
pub fn run(inputs: &[String], opts: &ConvertOptions) -> Result<Summary, ConvertError> {
    let started = Instant::now();
    let part = opts.part();
    let replaced = prepare_folder(&opts.output, part, opts.rerun)?;
    let run_id = folder::run_id();
    let staging = folder::staging_dir(&opts.output, part, &run_id);
    let (files, skipped) = input::discover(inputs);
    let formats = opts.formats();
    let manifest = Manifest::new(opts, &run_id, &formats, skipped);
    let named: BTreeSet<&str> = inputs.iter().map(String::as_str).collect();
    let staged = stage(&files, &named, opts, &staging, &formats, manifest, started);
    let mut manifest = match staged {
        Ok(m) => m,
        Err(e) => {
            // Best effort: the next run removes what is left.
            let _ = folder::remove_dir_if_exists(&staging);
            return Err(e);
        }
    };
    manifest.seconds = started.elapsed().as_secs_f64();
    manifest.mb_per_s = manifest.text_bytes as f64 / 1e6 / manifest.seconds.max(1e-9);
    commit(&opts.output, &staging, &replaced, &manifest)?;
    if !opts.quiet {
        print_summary(&manifest, &opts.output);
    }
    Ok(manifest)
}

/// Checks that the output folder may take this run and removes what crashed runs left.
/// Returns the parts whose old output the run replaces when it is published.
fn prepare_folder(root: &Path, me: PartId, rerun: Rerun) -> Result<BTreeSet<PartId>, ConvertError> {
    let st = FolderState::inspect(root).map_err(folder_err(root))?;
    if let Some(entry) = &st.foreign {
        return Err(ConvertError::Refused(format!(
            "{}: not an output folder of gwr (it holds {entry:?}); give a new or empty folder",
            root.display()
        )));
    }
    // Shards of the same sharded run share the folder; everything else is replaced.
    let replaced: BTreeSet<PartId> = st
        .parts
        .iter()
        .filter(|p| !p.is_sibling_of(&me))
        .copied()
        .collect();
    if !replaced.is_empty() && rerun == Rerun::Refuse {
        let names: Vec<String> = replaced.iter().map(PartId::name).collect();
        return Err(ConvertError::Refused(format!(
            "{}: holds the output of an earlier run ({}); use --overwrite to replace it",
            root.display(),
            names.join(", ")
        )));
    }
    for dir in &st.staging {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        if PartId::of_name(&name).is_none_or(|p| !p.is_sibling_of(&me)) {
            folder::remove_dir_if_exists(dir).map_err(folder_err(dir))?;
        }
    }
    std::fs::create_dir_all(root).map_err(folder_err(root))?;
    Ok(replaced)
}

/// Publishes a staged run: the old output of the replaced parts goes (manifests first,
/// so it never looks complete), the new files take their final names, the manifest is
/// written last and atomically.
fn commit(
    root: &Path,
    staging: &Path,
    replaced: &BTreeSet<PartId>,
    m: &Manifest,
) -> Result<(), ConvertError> {
    let rels: Vec<String> = m.files.iter().map(|f| f.path.clone()).collect();
    let keep: BTreeSet<String> = rels.iter().cloned().collect();
    folder::remove_parts(root, replaced, &keep).map_err(folder_err(root))?;
    folder::publish(staging, root, &rels).map_err(folder_err(staging))?;
    let path = root.join(
        PartId::of_name(&m.part)
            .unwrap_or(PartId::WHOLE)
            .manifest_name(),
    );
    let json = serde_json::to_vec_pretty(m).map_err(|e| folder_err(&path)(e.into()))?;
    folder::write_atomic(&path, &json).map_err(folder_err(&path))
}

fn print_summary(m: &Manifest, output: &Path) {
    let records: u64 = m
        .rows
        .iter()
        .filter(|(t, _)| *t != "reports" && *t != "paragraphs")
        .map(|(_, n)| n)
        .sum();
    eprintln!(
        "gwr: {} reports (ok {}, partial {}, failed {}), {} records, {:.1} MB in {:.2} s ({:.1} MB/s) → {}",
        m.reports,
        m.ok,
        m.partial,
        m.failed,
        records,
        m.text_bytes as f64 / 1e6,
        m.seconds,
        m.mb_per_s,
        output.display()
    );
}

/// Writes every table of the run below `staging` and closes every file; the manifest
/// comes back with the files, row counts and unreadable inputs filled in.
fn stage(
    files: &[InputFile],
    named: &BTreeSet<&str>,
    opts: &ConvertOptions,
    staging: &Path,
    formats: &[Format],
    manifest: Manifest,
    started: Instant,
) -> Result<Manifest, ConvertError> {
    let sink = TableSink::new(staging, &opts.part().name(), formats)?
        .with_max_row_groups(opts.max_row_groups);
    let (mut sink, mut manifest) = run_stages(files, named, opts, sink, manifest, started)?;
    ensure_every_table(&mut sink)?;
    manifest.files = sink.finish()?;
    Ok(manifest)
}

/// The three overlapping stages: the reader (this thread) fills batches, rayon parses
/// one batch while the writer thread turns the previous one into tables. Rendezvous
/// channels bound the memory: about three batches are alive at any time.
fn run_stages(
    files: &[InputFile],
    named: &BTreeSet<&str>,
    opts: &ConvertOptions,
    mut sink: TableSink,
    mut manifest: Manifest,
    started: Instant,
) -> Result<(TableSink, Manifest), ConvertError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| ConvertError::Threads(e.to_string()))?;
    let (parse_tx, parse_rx) = std::sync::mpsc::sync_channel::<Vec<Unit>>(0);
    let (write_tx, write_rx) = std::sync::mpsc::sync_channel::<(Vec<ParsedReport>, u64)>(0);
    let (sink, mut manifest, unreadable) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<_, ConvertError> {
            let mut progress = Progress::new(opts.quiet);
            for (parsed, text_bytes) in write_rx {
                manifest.text_bytes += text_bytes;
                write_batch(parsed, &mut sink, &mut manifest, opts.partition_by)?;
                progress.update(manifest.reports, manifest.text_bytes, started);
            }
            progress.done();
            Ok((sink, manifest))
        });
        let parser = scope.spawn(move || parse_stage(parse_rx, write_tx, &pool, opts));
        let unreadable = read_batches(files, named, opts, &parse_tx);
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
            (Ok((s, m)), true) => Ok((s, m, unreadable)),
        }
    })?;
    manifest.unreadable = unreadable;
    Ok((sink, manifest))
}

/// Parses each batch with rayon and hands it to the writer, in order.
fn parse_stage(
    rx: std::sync::mpsc::Receiver<Vec<Unit>>,
    tx: std::sync::mpsc::SyncSender<(Vec<ParsedReport>, u64)>,
    pool: &rayon::ThreadPool,
    opts: &ConvertOptions,
) {
    for units in rx {
        let text_bytes = units.iter().map(|u| u.bytes.len() as u64).sum::<u64>();
        // Each unit's bytes and the report's full text are freed as soon as the report
        // is parsed: no table stores them (`paragraphs` holds the text).
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
        if tx.send((parsed, text_bytes)).is_err() {
            // The writer stopped on an error; it reports it.
            break;
        }
    }
}

/// Every table exists, even when empty: readers can always open every table.
fn ensure_every_table(sink: &mut TableSink) -> Result<(), ConvertError> {
    let empty = |table: &'static str| -> Result<polars::prelude::DataFrame, ConvertError> {
        let df = match table {
            "reports" => ReportRow::frame(vec![]),
            "sections" => SectionRow::frame(vec![]),
            "tasks" => TaskRow::frame(vec![]),
            "projects" => ProjectRow::frame(vec![]),
            "diagnostics" => DiagnosticRow::frame(vec![]),
            "paragraphs" => ParagraphRow::frame(vec![]),
            _ => QuantityRow::frame(vec![]),
        };
        df.map_err(polars_err(table))
    };
    for t in TABLES {
        sink.ensure(t, empty(t)?)?;
    }
    Ok(())
}

/// Reads the inputs in order into batches of at most `batch_size` units or about
/// `batch_bytes` bytes and sends them on; stops early when the receiver is gone.
/// An input named on the command line that cannot be read is reported on stderr as
/// `gwr: PATH: REASON` (by every shard) and returned; it still becomes a failed report
/// of the shard that owns it, as does a file below a named folder that cannot be read.
fn read_batches(
    files: &[InputFile],
    named: &BTreeSet<&str>,
    opts: &ConvertOptions,
    tx: &std::sync::mpsc::SyncSender<Vec<Unit>>,
) -> Vec<String> {
    let mut unreadable = Vec::new();
    let mut batch: Vec<Unit> = Vec::new();
    let mut batch_len = 0usize;
    let mut open = true;
    for f in files {
        input::read_units(f, &opts.read, &mut |u| {
            if let Some(why) = u.unreadable().filter(|_| named.contains(u.source.as_str())) {
                eprintln!("gwr: {}: {why}", u.source);
                unreadable.push(format!("{}: {why}", u.source));
            }
            if !open || opts.shard.is_some_and(|s| !s.owns(&u.source, u.member)) {
                return;
            }
            batch_len += u.bytes.len();
            batch.push(u);
            if batch.len() >= opts.batch_size || batch_len >= opts.batch_bytes {
                batch_len = 0;
                open = tx.send(std::mem::take(&mut batch)).is_ok();
            }
        });
        if !open {
            return unreadable;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    unreadable
}

fn polars_err(table: &'static str) -> impl Fn(polars::prelude::PolarsError) -> ConvertError {
    move |source| {
        ConvertError::Sink(SinkError::Polars {
            table: table.to_string(),
            source,
        })
    }
}

/// Counts a batch into the manifest and appends its rows, grouped by partition.
fn write_batch(
    parsed: Vec<ParsedReport>,
    sink: &mut TableSink,
    manifest: &mut Manifest,
    by: Option<PartitionBy>,
) -> Result<(), ConvertError> {
    // Group reports by partition, keeping input order inside each.
    let mut groups: BTreeMap<String, Rows> = Default::default();
    for r in parsed {
        count_report(manifest, &r);
        let key = partition_of(&r, by);
        groups.entry(key).or_default().push(r);
    }
    for (part, rows) in groups {
        for t in TABLES {
            *manifest.rows.entry(t.to_string()).or_insert(0) += rows.len(t) as u64;
        }
        write_rows(sink, &part, rows)?;
    }
    Ok(())
}

fn count_report(manifest: &mut Manifest, r: &ParsedReport) {
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
}

/// One row group per table of one partition.
fn write_rows(sink: &mut TableSink, part: &str, rows: Rows) -> Result<(), ConvertError> {
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
    let frames = [
        ("reports", ReportRow::frame(reports)),
        ("sections", SectionRow::frame(sections)),
        ("tasks", TaskRow::frame(tasks)),
        ("targets", QuantityRow::frame(targets)),
        ("achievements", QuantityRow::frame(achievements)),
        ("projects", ProjectRow::frame(projects)),
        ("diagnostics", DiagnosticRow::frame(diagnostics)),
        ("paragraphs", ParagraphRow::frame(paragraphs)),
    ];
    for (table, df) in frames {
        sink.write(table, part, df.map_err(polars_err(table))?)?;
    }
    Ok(())
}

/// The manifest's file name for a part (`part-0-of-1` → `_manifest.json`).
pub fn manifest_name(part: &str) -> String {
    PartId::of_name(part)
        .unwrap_or(PartId::WHOLE)
        .manifest_name()
}
