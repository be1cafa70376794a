//! The `gwr` command line: wires inputs, the parser, the sinks and the batch job.
//! Exit status: 0 success; 1 `--strict` findings, a failed run, a `verify` problem, or a
//! `parse` input that cannot be read; 2 usage errors, a `convert` input that cannot be
//! read (after the run) or an output folder that is refused.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use gwr::convert::{self, ConvertError, ConvertOptions, Format, PartitionBy, Rerun, Shard};
use gwr::input::{self, PathPattern, ReadOptions};
use gwr::model::Status;
use gwr::pipeline::{self, DecodeOptions};

#[derive(Parser)]
#[command(
    name = "gwr",
    version,
    about = "Chinese government work reports (政府工作报告) → typed, source-grounded records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct InputArgs {
    /// Override encoding detection (gbk, gb18030, utf-8, utf-16le, big5, …).
    #[arg(long)]
    encoding: Option<String>,
    /// Column/field holding the report text in CSV/JSONL corpora (default: full_text, content, text).
    #[arg(long)]
    text_column: Option<String>,
    /// How paths encode metadata, matched against the end of each path, e.g.
    /// '{level}/{year}/{region}.txt' ('*' skips a component).
    #[arg(long)]
    path_pattern: Option<String>,
    /// Refuse single inputs larger than this many bytes (recorded as failed).
    #[arg(long, default_value_t = 512 * 1024 * 1024)]
    max_bytes: u64,
}

impl InputArgs {
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            text_column: self.text_column.clone(),
            path_pattern: self.path_pattern.as_deref().map(PathPattern::new),
            max_bytes: self.max_bytes,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Parse reports and print their records as JSON (one object per report; several
    /// reports are printed as JSON Lines).
    Parse(ParseArgs),
    /// Convert reports in parallel into Parquet (and JSON) tables.
    Convert(ConvertArgs),
    /// Check an output folder: manifests, files, row counts, schemas, leftovers.
    Verify {
        /// The output folder of `gwr convert`.
        dir: PathBuf,
    },
    /// Build the targets × outcomes × levels panel from a finished `gwr convert` output.
    Panel(PanelArgs),
    /// Write the JSON Schema of every output table.
    Schema {
        /// Folder to write the schemas to.
        #[arg(short, long, default_value = "schemas")]
        output: PathBuf,
    },
}

#[derive(clap::Args)]
struct ParseArgs {
    /// Report files, folders, globs, JSONL/CSV corpora, or - for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    #[command(flatten)]
    input: InputArgs,
    /// Include the paragraphs table.
    #[arg(long)]
    paragraphs: bool,
    /// Include the whole text in the report record.
    #[arg(long)]
    full_text: bool,
    /// Print JSON Lines even for a single report.
    #[arg(long)]
    ndjson: bool,
    /// Exit 1 when a report is partial or failed.
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args)]
struct ConvertArgs {
    /// Report files, folders, globs, JSONL/CSV corpora, or - for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output folder.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Output formats, comma-separated: parquet, json, ndjson.
    #[arg(long, default_value = "parquet", value_delimiter = ',')]
    format: Vec<Format>,
    /// Hive-style partitions of every table: year or level.
    #[arg(long)]
    partition_by: Option<PartitionBy>,
    /// Process only shard K of N (K in 0..N): a deterministic slice of the inputs.
    #[arg(long)]
    shard: Option<Shard>,
    /// Reports per batch (bounds memory).
    #[arg(long, default_value_t = 512)]
    batch_size: usize,
    /// Megabytes of input per batch (bounds memory: about three batches are in
    /// flight, each taking ~10× its input in memory while parsed and written).
    #[arg(long, default_value_t = 12)]
    batch_mb: usize,
    /// Begin a new Parquet file of a table after this many batches (row groups):
    /// `part-0-of-1.parquet`, `part-0-of-1.1.parquet`, … A Parquet writer keeps every
    /// row group's metadata until its file is closed; this keeps memory flat.
    #[arg(long, default_value_t = gwr::sink::DEFAULT_MAX_ROW_GROUPS)]
    max_row_groups: usize,
    /// Exit 1 when a report is partial or failed.
    #[arg(long)]
    strict: bool,
    /// Replace the output of an earlier run in the output folder. The old files stay
    /// readable until the new run is complete; then none of them remains. Without it
    /// a folder holding gwr output is refused (exit 2). Other shards of the same
    /// `--shard K/N` run are kept.
    #[arg(long)]
    overwrite: bool,
    /// No progress output on stderr.
    #[arg(short, long)]
    quiet: bool,
}

/// `gwr panel OUTPUT -o PANEL_DIR [--metrics gdp_growth,cpi]`.
#[derive(clap::Args)]
struct PanelArgs {
    /// The output folder of `gwr convert` (its Parquet tables).
    input: PathBuf,
    /// Folder to write panel/part-0.parquet and panel.csv to.
    #[arg(short, long, default_value = "panel")]
    output: PathBuf,
    /// Only these metrics, comma-separated (default: every metric with a target).
    #[arg(long, value_delimiter = ',')]
    metrics: Option<Vec<String>>,
}

fn run_panel(a: PanelArgs) -> Result<ExitCode> {
    let opts = gwr::panel::PanelOptions {
        metrics: a.metrics,
        ..Default::default()
    };
    let mut df = gwr::panel::build(&a.input, &opts)?;
    let files = gwr::panel::write(&mut df, &a.output)?;
    eprintln!(
        "gwr panel: {} rows -> {} and {}",
        files.rows,
        files.parquet.display(),
        files.csv.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gwr: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Parse(args) => parse_cmd(args),
        Command::Convert(args) => convert_cmd(args),
        Command::Verify { dir } => {
            let problems = gwr::verify::verify(&dir)?;
            if problems.is_empty() {
                println!("ok: {}", dir.display());
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    println!("problem: {p}");
                }
                Ok(ExitCode::from(1))
            }
        }
        Command::Panel(a) => run_panel(a),
        Command::Schema { output } => {
            gwr::sink::schema::write_all(&output)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `gwr parse`: exit 1 when an input named on the command line cannot be read (after
/// printing every report) or, with `--strict`, when a report is partial or failed.
fn parse_cmd(a: ParseArgs) -> Result<ExitCode> {
    let (files, _skipped) = input::discover(&a.inputs);
    let opts = a.input.read_options();
    let dec = DecodeOptions {
        encoding: a.input.encoding.clone(),
    };
    let named: std::collections::BTreeSet<&str> = a.inputs.iter().map(String::as_str).collect();
    let mut reports = Vec::new();
    let mut unreadable = false;
    for f in &files {
        input::read_units(f, &opts, &mut |u| {
            if let Some(why) = u.unreadable().filter(|_| named.contains(u.source.as_str())) {
                eprintln!("gwr: {}: {why}", u.source);
                unreadable = true;
            }
            reports.push(pipeline::process(&u, &dec))
        });
    }
    let show = Shown {
        paragraphs: a.paragraphs,
        full_text: a.full_text,
        many: reports.len() > 1 || a.ndjson,
    };
    print_reports(&reports, &show)?;
    let bad = reports.iter().any(|r| r.report.status != Status::Ok);
    Ok(if unreadable || (a.strict && bad) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `gwr convert`: exit 2 when the output folder is refused or an input cannot be read,
/// 1 with `--strict` when a report is partial or failed.
fn convert_cmd(a: ConvertArgs) -> Result<ExitCode> {
    let opts = ConvertOptions {
        output: a.output,
        read: a.input.read_options(),
        decode: DecodeOptions {
            encoding: a.input.encoding.clone(),
        },
        jobs: a.jobs,
        formats: a.format,
        partition_by: a.partition_by,
        shard: a.shard,
        batch_size: a.batch_size.max(1),
        batch_bytes: a.batch_mb.max(1) << 20,
        max_row_groups: a.max_row_groups.max(1),
        rerun: if a.overwrite {
            Rerun::Overwrite
        } else {
            Rerun::Refuse
        },
        quiet: a.quiet,
    };
    let summary = match convert::run(&a.inputs, &opts) {
        Err(ConvertError::Refused(why)) => {
            eprintln!("gwr: {why}");
            return Ok(ExitCode::from(2));
        }
        r => r?,
    };
    Ok(if !summary.unreadable.is_empty() {
        ExitCode::from(2)
    } else if a.strict && (summary.partial + summary.failed) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What `gwr parse` prints of each report.
struct Shown {
    paragraphs: bool,
    full_text: bool,
    /// JSON Lines (several reports or `--ndjson`) rather than one pretty object.
    many: bool,
}

fn print_reports(reports: &[gwr::model::ParsedReport], show: &Shown) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in reports {
        let mut v = serde_json::to_value(r).context("serialising records")?;
        if let Some(obj) = v.as_object_mut() {
            if !show.paragraphs {
                obj.remove("paragraphs");
            }
            if !show.full_text {
                if let Some(rep) = obj.get_mut("report").and_then(|x| x.as_object_mut()) {
                    rep.remove("text");
                }
            }
        }
        if show.many {
            serde_json::to_writer(&mut out, &v)?;
        } else {
            serde_json::to_writer_pretty(&mut out, &v)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
