//! `gwr panel`: the targets × outcomes × levels panel, built from a finished `gwr convert`
//! output (its Parquet tables), one row per region × year × metric.
//!
//! A sink-level module: [`build`] scans the `reports`, `targets` and `achievements` tables
//! lazily (`scan_parquet`) and builds the panel as one polars `LazyFrame` query — filters,
//! sorts, first-of-group picks, and left joins on region code, year and metric, with
//! `when/then` expressions for the derived columns — collected once; no per-row loops over
//! the tables. [`write`] then writes `PANEL_DIR/panel/part-0.parquet` and
//! `PANEL_DIR/panel.csv`. It must not parse report text: everything it knows comes from the
//! tables' columns (the one text test, the 预计 estimate cue, is a substring test of a
//! column's records).
//!
//! The rules (also in the README):
//! - **the year's target** of a region-year-metric is its report's target for that metric
//!   whose horizon is the report's year (or unstated) and not an annual average over a plan
//!   period; headline targets (主要预期目标) before others, a base target before a 力争
//!   stretch target, then document order. The first 力争 target that is not the one picked
//!   is `target_stretch_value`.
//! - **the outcome** is the next year's report's first achievement for the metric whose
//!   period ends in the year and whose kind is the metric's usual target kind, a
//!   single-year figure first; `outcome_is_estimate` when it is marked 预计.
//! - **the parent** of a province (and a municipality) is the State Council; of a prefecture,
//!   its province; of a county, its prefecture. `parent_gap` = target − parent target, each a
//!   range's midpoint when it is a range.
//! - **rows**: every report gets a row for each headline metric (a metric that is a headline
//!   target in at least [`PanelOptions::headline_share`] of the reports), plus one for every
//!   other metric it sets a target for; with `--metrics`, exactly those metrics.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::AdminLevel;
use crate::regions::NATIONAL_CODE;

#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    #[error("no {table} table (*.parquet) under {dir}: is this a `gwr convert` output?")]
    MissingTable { table: &'static str, dir: PathBuf },
    #[error("polars: {0}")]
    Polars(#[from] PolarsError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
}

type Result<T> = std::result::Result<T, PanelError>;

/// What to build.
#[derive(Debug, Clone)]
pub struct PanelOptions {
    /// Only these metrics (every report gets a row for each); `None`: see the module doc.
    pub metrics: Option<Vec<String>>,
    /// Share of reports in which a metric must be a headline target to be a headline metric.
    pub headline_share: f64,
}

impl Default for PanelOptions {
    fn default() -> Self {
        PanelOptions {
            metrics: None,
            headline_share: 0.05,
        }
    }
}

/// Why part of a row is empty (`ok` when nothing is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PanelStatus {
    Ok,
    NoTargetStated,
    Declined,
    NextReportMissing,
    ParentReportMissing,
    AmbiguousRegion,
}

impl PanelStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PanelStatus::Ok => "ok",
            PanelStatus::NoTargetStated => "no_target_stated",
            PanelStatus::Declined => "declined",
            PanelStatus::NextReportMissing => "next_report_missing",
            PanelStatus::ParentReportMissing => "parent_report_missing",
            PanelStatus::AmbiguousRegion => "ambiguous_region",
        }
    }
}

/// One row of the panel: the contract of `panel.parquet`, `panel.csv` and
/// `schemas/panel.schema.json` (column order = field order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "panel")]
pub struct PanelRow {
    /// GB/T 2260 code valid in the year (100000 for national); null when unresolved.
    pub region_code: Option<String>,
    /// The code of the level above (a prefecture's province; 100000 for a province).
    pub parent_code: Option<String>,
    /// national | province | prefecture | county (from the code when there is one).
    pub admin_level: Option<String>,
    /// The region as the report names it.
    pub region: Option<String>,
    /// The plan year.
    pub year: i32,
    pub metric: String,
    pub metric_label: Option<String>,
    pub target_value: Option<f64>,
    pub target_value_high: Option<f64>,
    /// around | at_least | at_most | range | point | relative
    pub target_comparator: Option<String>,
    /// 力争, 确保, … as printed.
    pub target_qualifier: Option<String>,
    pub target_text: Option<String>,
    pub target_report_id: Option<String>,
    /// The `targets.id` of the target picked.
    pub target_id: Option<String>,
    pub target_byte_start: Option<u64>,
    pub target_byte_end: Option<u64>,
    pub target_char_start: Option<u64>,
    pub target_char_end: Option<u64>,
    /// True when the target is in the year's headline list (主要预期目标).
    pub target_headline: Option<bool>,
    /// A 力争 stretch target of the same report and metric, other than the one picked.
    pub target_stretch_value: Option<f64>,
    pub outcome_value: Option<f64>,
    pub outcome_value_high: Option<f64>,
    pub outcome_text: Option<String>,
    pub outcome_report_id: Option<String>,
    /// The `achievements.id` of the outcome.
    pub outcome_id: Option<String>,
    /// True when the next report gives the figure as an estimate (预计).
    pub outcome_is_estimate: Option<bool>,
    pub parent_target_value: Option<f64>,
    pub parent_target_value_high: Option<f64>,
    pub parent_target_comparator: Option<String>,
    pub national_target_value: Option<f64>,
    /// target − parent target in the metric's unit; a range counts as its midpoint.
    pub parent_gap: Option<f64>,
    /// ok | no_target_stated | declined | next_report_missing | parent_report_missing |
    /// ambiguous_region (the first that applies, in this order reversed: a region without a
    /// code is `ambiguous_region` whatever else holds).
    pub status: PanelStatus,
}

/// Column names of the panel, in order.
pub const COLUMNS: &[&str] = &[
    "region_code",
    "parent_code",
    "admin_level",
    "region",
    "year",
    "metric",
    "metric_label",
    "target_value",
    "target_value_high",
    "target_comparator",
    "target_qualifier",
    "target_text",
    "target_report_id",
    "target_id",
    "target_byte_start",
    "target_byte_end",
    "target_char_start",
    "target_char_end",
    "target_headline",
    "target_stretch_value",
    "outcome_value",
    "outcome_value_high",
    "outcome_text",
    "outcome_report_id",
    "outcome_id",
    "outcome_is_estimate",
    "parent_target_value",
    "parent_target_value_high",
    "parent_target_comparator",
    "national_target_value",
    "parent_gap",
    "status",
];

/// The Parquet files of one table (`DIR/TABLE/**/*.parquet`), sorted.
fn table_files(dir: &Path, table: &'static str) -> Result<Vec<PathBuf>> {
    let pattern = dir.join(table).join("**").join("*.parquet");
    let mut files: Vec<PathBuf> = glob::glob(&pattern.to_string_lossy())
        .map(|g| g.filter_map(|p| p.ok()).collect())
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        return Err(PanelError::MissingTable {
            table,
            dir: dir.to_path_buf(),
        });
    }
    Ok(files)
}

/// A lazy scan of every Parquet file of one table, only `columns`, in file and row order.
pub fn scan_table(dir: &Path, table: &'static str, columns: &[&str]) -> Result<LazyFrame> {
    let paths = table_files(dir, table)?
        .iter()
        .map(|p| PlRefPath::try_from_path(p))
        .collect::<PolarsResult<_>>()?;
    let args = ScanArgsParquet {
        // The tables are not hive-partitioned by path: every column is in the files.
        hive_options: HiveOptions {
            enabled: Some(false),
            ..Default::default()
        },
        ..Default::default()
    };
    let lf = LazyFrame::scan_parquet_sources(ScanSources::Paths(paths), args)?;
    Ok(lf.select(cols_of(columns)))
}

/// Reads every Parquet file of one table (`DIR/TABLE/**/*.parquet`), only `columns`.
pub fn read_table(dir: &Path, table: &'static str, columns: &[&str]) -> Result<DataFrame> {
    Ok(scan_table(dir, table, columns)?.collect()?)
}

fn cols_of(names: &[&str]) -> Vec<Expr> {
    names.iter().map(|c| col(*c)).collect()
}

/// A join that keeps the left frame's row order; `on` names the keys on both sides (the
/// right frame's keys are renamed to the left's before the join, and are dropped by it).
fn join(left: LazyFrame, right: LazyFrame, on: &[&str], how: JoinType) -> LazyFrame {
    let args = JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(how)
    };
    left.join(right, cols_of(on), cols_of(on), args)
}

/// Every row of `left` with every row of `right` (a join on a constant key: polars'
/// `cross_join` needs a feature gwr does not build).
fn cross(left: LazyFrame, right: LazyFrame) -> LazyFrame {
    let key = || lit(true).alias("_all");
    join(
        left.with_column(key()),
        right.with_column(key()),
        &["_all"],
        JoinType::Inner,
    )
    .drop(cols(["_all"]))
}

/// The first row of each group of `keys`, in the frame's order.
fn first_by(lf: LazyFrame, keys: &[&str]) -> LazyFrame {
    let keys: Vec<PlSmallStr> = keys.iter().map(|k| (*k).into()).collect();
    lf.unique_stable(Some(cols(keys)), UniqueKeepStrategy::First)
}

fn null_str() -> Expr {
    lit(NULL).cast(DataType::String)
}

/// True where the string column contains `cue` (a byte search: polars' `str` namespace
/// needs a feature gwr does not build).
fn contains(column: &str, cue: &str) -> Expr {
    let pattern = lit(cue.as_bytes().to_vec());
    col(column)
        .cast(DataType::Binary)
        .binary()
        .contains_literal(pattern)
        .fill_null(lit(false))
}

fn ends_with(code: Expr, suffix: &str) -> Expr {
    let pattern = lit(suffix.as_bytes().to_vec());
    code.cast(DataType::Binary).binary().ends_with(pattern)
}

/// The level a code stands for (100000 national, xx0000 province, xxyy00 prefecture).
fn level_of_code(code: Expr) -> Expr {
    let level = |l: AdminLevel| lit(l.as_str());
    when(code.clone().eq(lit(NATIONAL_CODE)))
        .then(level(AdminLevel::National))
        .when(ends_with(code.clone(), "0000"))
        .then(level(AdminLevel::Province))
        .when(ends_with(code, "00"))
        .then(level(AdminLevel::Prefecture))
        .otherwise(level(AdminLevel::County))
}

/// Report rows that plan a year, one per region-year, with their panel keys: `admin_level`
/// (from the code when there is one) and `parent_key` (the code of the level above).
fn report_keys(dir: &Path) -> Result<LazyFrame> {
    let columns = [
        "report_id",
        "region",
        "region_code",
        "parent_code",
        "admin_level",
        "year",
        "doc_kind",
    ];
    let code = col("region_code");
    let level = col("admin_level");
    let is = |l: AdminLevel| level.clone().eq(lit(l.as_str()));
    let lf = scan_table(dir, "reports", &columns)?
        .filter(
            col("doc_kind")
                .eq(lit("report"))
                .and(col("year").is_not_null()),
        )
        .with_column(
            when(code.clone().is_null())
                .then(level.clone())
                .otherwise(level_of_code(code.clone()))
                .alias("admin_level"),
        )
        .with_columns([
            when(level.clone().is_null().or(is(AdminLevel::National)))
                .then(null_str())
                .when(is(AdminLevel::Province))
                .then(lit(NATIONAL_CODE))
                .otherwise(col("parent_code"))
                .alias("parent_key"),
            // A region without a code is told apart by its name.
            when(code.is_null())
                .then(col("region"))
                .otherwise(null_str())
                .alias("uncoded"),
        ]);
    // Two copies of one region-year (a corpus that lists a report twice): the first counts.
    Ok(first_by(lf, &["region_code", "uncoded", "year"]).drop(cols(["doc_kind", "uncoded"])))
}

const QUANTITY_COLUMNS: &[&str] = &[
    "id",
    "report_id",
    "headline",
    "metric",
    "metric_label",
    "value",
    "value_high",
    "comparator",
    "qualifier",
    "annual_average",
    "kind",
    "horizon_start",
    "horizon_end",
    "byte_start",
    "byte_end",
    "char_start",
    "char_end",
    "text",
];

/// Quantities with a metric, not annual averages, joined to their report's key and year.
fn quantities(dir: &Path, table: &'static str, reports: &LazyFrame) -> Result<LazyFrame> {
    let q = scan_table(dir, table, QUANTITY_COLUMNS)?.filter(
        col("metric")
            .is_not_null()
            .and(col("annual_average").cast(DataType::Boolean).not()),
    );
    let keys = reports
        .clone()
        .select(cols_of(&["report_id", "region_code", "year"]));
    Ok(join(q, keys, &["report_id"], JoinType::Inner))
}

/// The metrics of `--metrics`, once each.
fn metric_list(metrics: &[String]) -> Result<LazyFrame> {
    let column = Column::new("metric".into(), metrics.to_vec());
    let df = DataFrame::new(metrics.len(), vec![column])?;
    Ok(df.lazy().unique_stable(None, UniqueKeepStrategy::First))
}

const REPORT_METRIC: &[&str] = &["report_id", "metric"];

/// The target of each report and metric, with the stretch value (see the module doc).
fn picked_targets(targets: &LazyFrame) -> LazyFrame {
    let horizon = col("horizon_end").cast(DataType::Int32);
    let order = SortMultipleOptions::default().with_maintain_order(true);
    let t = targets
        .clone()
        .filter(
            horizon
                .clone()
                .is_null()
                .or(horizon.eq(col("year").cast(DataType::Int32))),
        )
        .with_columns([
            col("qualifier")
                .eq(lit("力争"))
                .fill_null(lit(false))
                .alias("is_stretch"),
            col("headline")
                .cast(DataType::Boolean)
                .not()
                .alias("not_headline"),
        ])
        .sort(
            ["report_id", "metric", "not_headline", "is_stretch", "id"],
            order,
        );
    let picked = first_by(t.clone(), REPORT_METRIC);
    let stretch = first_by(t.filter(col("is_stretch")), REPORT_METRIC).select([
        col("report_id"),
        col("metric"),
        col("id").alias("stretch_id"),
        col("value").alias("stretch_value"),
    ]);
    join(picked, stretch, REPORT_METRIC, JoinType::Left).with_column(
        when(col("id").eq(col("stretch_id")))
            .then(lit(NULL).cast(DataType::Float64))
            .otherwise(col("stretch_value").cast(DataType::Float64))
            .alias("target_stretch_value"),
    )
}

/// The metrics every report gets a row for (column `metric`): those of `--metrics`, else
/// those that are a headline target in at least `headline_share` of the reports.
fn headline_metrics(
    targets: &LazyFrame,
    reports: &LazyFrame,
    opts: &PanelOptions,
) -> Result<LazyFrame> {
    if let Some(m) = &opts.metrics {
        return metric_list(m);
    }
    let counts = first_by(targets.clone().filter(col("headline")), REPORT_METRIC)
        .group_by([col("metric")])
        .agg([len().alias("n")]);
    let total = reports.clone().select([len().alias("reports")]);
    // n ≥ ⌈share · reports⌉ for a whole n is n ≥ share · reports.
    let min = col("reports").cast(DataType::Float64) * lit(opts.headline_share);
    let order = SortMultipleOptions::default();
    Ok(cross(counts, total)
        .filter(col("n").cast(DataType::Float64).gt_eq(min))
        .select([col("metric")])
        .sort(["metric"], order))
}

/// (report, metric) rows: every report × the headline metrics, plus every pair with a
/// target (unless `--metrics` restricts them), with the report's keys.
fn spine(
    reports: &LazyFrame,
    picked: &LazyFrame,
    metrics: LazyFrame,
    restrict: bool,
) -> Result<LazyFrame> {
    let all = cross(reports.clone().select([col("report_id")]), metrics);
    let pairs = if restrict {
        all
    } else {
        let targeted = picked.clone().select(cols_of(REPORT_METRIC));
        concat([all, targeted], UnionArgs::default())?
    };
    Ok(join(
        first_by(pairs, REPORT_METRIC),
        reports.clone(),
        &["report_id"],
        JoinType::Inner,
    ))
}

/// Words that mark an achievement figure as an estimate. The parser does not carry them
/// in `qualifier` (yet); the panel tests the record's own `text` for them as well.
const ESTIMATE_CUES: &[&str] = &["预计"];

/// The usual kind (growth_rate, level, …) of each metric's targets: an outcome must be of
/// the same kind (a 贡献率 share filed under gdp_growth is not a growth figure). The most
/// frequent kind; of equally frequent ones, the first in alphabetical order.
fn metric_kinds(targets: &LazyFrame) -> LazyFrame {
    let order = SortMultipleOptions::default().with_order_descending_multi([false, true, false]);
    let kinds = targets
        .clone()
        .filter(col("kind").is_not_null())
        .group_by([col("metric"), col("kind")])
        .agg([len().alias("n")])
        .sort(["metric", "n", "kind"], order);
    first_by(kinds, &["metric"]).select([col("metric"), col("kind")])
}

/// Achievement figures for the year before their report's: the outcome of that year.
/// Single-year figures before multi-year ones (连续四年…), then document order; a growth
/// over several years is never one year's outcome (only a level or share at their end is).
/// Keyed by
/// `region_code`, `year` (the outcome's year) and `metric`.
fn outcomes(achievements: LazyFrame, kinds: LazyFrame) -> LazyFrame {
    let year = col("year").cast(DataType::Int32);
    let (start, end) = (col("horizon_start"), col("horizon_end"));
    let estimate = ESTIMATE_CUES
        .iter()
        .map(|c| contains("qualifier", c).or(contains("text", c)))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    let order = SortMultipleOptions::default().with_maintain_order(true);
    let a = achievements.filter(end.clone().cast(DataType::Int32).eq(year.clone() - lit(1)));
    let a = join(a, kinds, &["metric", "kind"], JoinType::Inner)
        .with_columns([
            (year - lit(1)).alias("outcome_year"),
            start
                .clone()
                .is_not_null()
                .and(start.neq_missing(end))
                .alias("multi_year"),
            estimate.alias("outcome_is_estimate"),
        ])
        // A growth or change over several years (比2002年增长65.5%) is not one year's
        // outcome; a level or a share at the end of them is the last year's.
        .filter(
            col("multi_year")
                .not()
                .or(col("kind").eq(lit("level")))
                .or(col("kind").eq(lit("share"))),
        )
        .sort(
            ["region_code", "outcome_year", "metric", "multi_year", "id"],
            order,
        );
    first_by(a, &["region_code", "outcome_year", "metric"]).select([
        col("region_code"),
        col("outcome_year").alias("year"),
        col("metric"),
        col("value").alias("outcome_value"),
        col("value_high").alias("outcome_value_high"),
        col("text").alias("outcome_text"),
        col("report_id").alias("outcome_report_id"),
        col("id").alias("outcome_id"),
        col("outcome_is_estimate"),
    ])
}

/// Midpoint of a value and an optional upper end.
fn midpoint(value: &str, high: &str) -> Expr {
    let (v, h) = (
        col(value).cast(DataType::Float64),
        col(high).cast(DataType::Float64),
    );
    when(h.clone().is_null())
        .then(v.clone())
        .otherwise((v + h) / lit(2.0))
}

/// The picked targets of coded regions, keyed as `key` (the left frame's name for the
/// region's code), `year` and `metric`, their values as `{prefix}value`, … .
fn level_targets(picked: &LazyFrame, key: &str, prefix: &str) -> LazyFrame {
    let named = |c: &str| col(c).alias(format!("{prefix}{c}"));
    picked
        .clone()
        .filter(col("region_code").is_not_null())
        .select([
            col("region_code").alias(key),
            col("year"),
            col("metric"),
            named("value"),
            named("value_high"),
            named("comparator"),
        ])
}

/// The national target of each year and metric (`national_value`).
fn national_targets(picked: &LazyFrame) -> LazyFrame {
    picked
        .clone()
        .filter(col("region_code").eq(lit(NATIONAL_CODE)))
        .select([
            col("year"),
            col("metric"),
            col("value").alias("national_value"),
        ])
}

/// `flag` = true for (`key`, year) where the region has a report for year + `ahead`.
fn exists_flag(reports: &LazyFrame, flag: &str, key: &str, ahead: i32) -> LazyFrame {
    let flags = reports
        .clone()
        .filter(col("region_code").is_not_null())
        .select([
            col("region_code").alias(key),
            (col("year").cast(DataType::Int32) - lit(ahead)).alias("year"),
            lit(true).alias(flag),
        ]);
    first_by(flags, &[key, "year"])
}

/// (report, metric) pairs the report explicitly declines to set (`declined` = true).
fn declined(dir: &Path) -> Result<LazyFrame> {
    let opts = ExplodeOptions {
        empty_as_null: false,
        keep_nulls: false,
    };
    let d = scan_table(dir, "reports", &["report_id", "declined_targets"])?
        .explode(cols(["declined_targets"]), opts)
        .filter(col("declined_targets").is_not_null())
        .select([
            col("report_id"),
            col("declined_targets").alias("metric"),
            lit(true).alias("declined"),
        ]);
    Ok(first_by(d, REPORT_METRIC))
}

/// The columns of a picked target that the panel shows.
fn target_columns(picked: &LazyFrame) -> LazyFrame {
    let c = [
        "report_id",
        "metric",
        "metric_label",
        "value",
        "value_high",
        "comparator",
        "qualifier",
        "text",
        "id",
        "byte_start",
        "byte_end",
        "char_start",
        "char_end",
        "headline",
        "target_stretch_value",
    ];
    picked.clone().select(cols_of(&c))
}

/// One left join of the panel's rows: `frame`, keyed on `on` (named as in the rows).
struct Lookup {
    frame: LazyFrame,
    on: &'static [&'static str],
}

/// Builds the panel from the output folder of `gwr convert` (one lazy query, collected
/// once).
pub fn build(dir: &Path, opts: &PanelOptions) -> Result<DataFrame> {
    let reports = report_keys(dir)?;
    let mut targets = quantities(dir, "targets", &reports)?;
    if let Some(m) = &opts.metrics {
        targets = join(targets, metric_list(m)?, &["metric"], JoinType::Inner);
    }
    let picked = picked_targets(&targets);
    let metrics = headline_metrics(&targets, &reports, opts)?;
    let rows = spine(&reports, &picked, metrics, opts.metrics.is_some())?;
    let achievements = quantities(dir, "achievements", &reports)?;
    let lookups = [
        Lookup {
            frame: target_columns(&picked),
            on: REPORT_METRIC,
        },
        Lookup {
            frame: declined(dir)?,
            on: REPORT_METRIC,
        },
        Lookup {
            frame: outcomes(achievements, metric_kinds(&targets)),
            on: &["region_code", "year", "metric"],
        },
        Lookup {
            frame: level_targets(&picked, "parent_key", "parent_"),
            on: &["parent_key", "year", "metric"],
        },
        Lookup {
            frame: national_targets(&picked),
            on: &["year", "metric"],
        },
        Lookup {
            frame: exists_flag(&reports, "next", "region_code", 1),
            on: &["region_code", "year"],
        },
        Lookup {
            frame: exists_flag(&reports, "parent", "parent_key", 0),
            on: &["parent_key", "year"],
        },
    ];
    let df = lookups
        .into_iter()
        .fold(rows, |df, l| join(df, l.frame, l.on, JoinType::Left));
    Ok(finish(df).collect()?)
}

/// Why part of a row is empty: the first reason that applies, in the order of
/// [`PanelStatus`]'s doc on [`PanelRow::status`].
fn status() -> Expr {
    let s = |x: PanelStatus| lit(x.as_str());
    let set = |c: &str| col(c).fill_null(lit(false));
    let national = col("admin_level")
        .eq(lit(AdminLevel::National.as_str()))
        .fill_null(lit(false));
    when(col("region_code").is_null())
        .then(s(PanelStatus::AmbiguousRegion))
        .when(set("declined"))
        .then(s(PanelStatus::Declined))
        .when(col("id").is_null())
        .then(s(PanelStatus::NoTargetStated))
        .when(set("next").not())
        .then(s(PanelStatus::NextReportMissing))
        .when(national.not().and(set("parent").not()))
        .then(s(PanelStatus::ParentReportMissing))
        .otherwise(s(PanelStatus::Ok))
}

/// Output columns taken from a working column of another name.
const SOURCES: &[(&str, &str)] = &[
    ("parent_code", "parent_key"),
    ("target_value", "value"),
    ("target_value_high", "value_high"),
    ("target_comparator", "comparator"),
    ("target_qualifier", "qualifier"),
    ("target_text", "text"),
    ("target_id", "id"),
    ("target_byte_start", "byte_start"),
    ("target_byte_end", "byte_end"),
    ("target_char_start", "char_start"),
    ("target_char_end", "char_end"),
    ("target_headline", "headline"),
    ("parent_target_value", "parent_value"),
    ("parent_target_value_high", "parent_value_high"),
    ("parent_target_comparator", "parent_comparator"),
    ("national_target_value", "national_value"),
];

/// Derived columns (gap, status), final names and order.
fn finish(df: LazyFrame) -> LazyFrame {
    let order = SortMultipleOptions::default()
        .with_maintain_order(true)
        .with_nulls_last(true);
    let output = COLUMNS.iter().map(|c| {
        let from = SOURCES.iter().find(|(to, _)| to == c).map_or(*c, |s| s.1);
        col(from).alias(*c)
    });
    df.with_columns([
        (midpoint("value", "value_high") - midpoint("parent_value", "parent_value_high"))
            .alias("parent_gap"),
        status().alias("status"),
        // A row of a report with no target for the metric has no target report id.
        when(col("id").is_not_null())
            .then(col("report_id"))
            .otherwise(null_str())
            .alias("target_report_id"),
    ])
    .sort(["region_code", "region", "year", "metric"], order)
    .select(output.collect::<Vec<_>>())
}

/// Files written by [`write`].
#[derive(Debug, Clone)]
pub struct PanelFiles {
    pub parquet: PathBuf,
    pub csv: PathBuf,
    pub rows: usize,
}

/// Writes `OUT/panel/part-0.parquet` and `OUT/panel.csv`.
pub fn write(df: &mut DataFrame, out: &Path) -> Result<PanelFiles> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PanelError::Io { path, source }
    };
    let dir = out.join("panel");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let parquet = dir.join("part-0.parquet");
    let file = std::fs::File::create(&parquet).map_err(io(&parquet))?;
    ParquetWriter::new(file).finish(df)?;
    let csv = out.join("panel.csv");
    write_csv(df, &csv)?;
    Ok(PanelFiles {
        parquet,
        csv,
        rows: df.height(),
    })
}

fn cell(v: AnyValue) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn write_csv(df: &DataFrame, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(df.get_column_names().iter().map(|s| s.as_str()))?;
    let cols = df.columns();
    for i in 0..df.height() {
        let mut rec = Vec::with_capacity(cols.len());
        for c in cols {
            rec.push(cell(c.get(i)?));
        }
        w.write_record(&rec)?;
    }
    w.flush().map_err(|source| PanelError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::rows::ToColumn;

    fn str_col<'a>(df: &'a DataFrame, name: &str) -> PolarsResult<&'a StringChunked> {
        df.column(name)?.str()
    }
    fn f64_col(df: &DataFrame, name: &str) -> PolarsResult<Float64Chunked> {
        Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.clone())
    }
    fn bool_col(df: &DataFrame, name: &str) -> PolarsResult<BooleanChunked> {
        Ok(df.column(name)?.cast(&DataType::Boolean)?.bool()?.clone())
    }
    fn i32_col(df: &DataFrame, name: &str) -> PolarsResult<Int32Chunked> {
        Ok(df.column(name)?.cast(&DataType::Int32)?.i32()?.clone())
    }

    /// A report: (id, region, code, parent code, level, year, declined metrics).
    type Rep<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        i32,
        &'a [&'a str],
    );
    /// A quantity: (id, report id, headline, metric, value, high, qualifier, horizon end).
    type Qty<'a> = (
        &'a str,
        &'a str,
        bool,
        &'a str,
        f64,
        Option<f64>,
        Option<&'a str>,
        i32,
    );

    fn parquet(dir: &Path, table: &str, mut df: DataFrame) {
        let d = dir.join(table);
        std::fs::create_dir_all(&d).unwrap();
        let f = std::fs::File::create(d.join("part-0-of-1.parquet")).unwrap();
        ParquetWriter::new(f).finish(&mut df).unwrap();
    }

    fn reports(rows: &[Rep]) -> DataFrame {
        let s = |f: fn(&Rep) -> String| -> Vec<Option<String>> {
            rows.iter()
                .map(|r| Some(f(r)).filter(|x| !x.is_empty()))
                .collect()
        };
        let declined: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.6.iter().map(|m| m.to_string()).collect())
            .collect();
        let cols = vec![
            Column::new("report_id".into(), s(|r| r.0.to_string())),
            Column::new("region".into(), s(|r| r.1.to_string())),
            Column::new("region_code".into(), s(|r| r.2.to_string())),
            Column::new("parent_code".into(), s(|r| r.3.to_string())),
            Column::new("admin_level".into(), s(|r| r.4.to_string())),
            Column::new("year".into(), rows.iter().map(|r| r.5).collect::<Vec<_>>()),
            Column::new("doc_kind".into(), vec!["report"; rows.len()]),
            <Vec<String> as ToColumn>::column("declined_targets", declined),
        ];
        DataFrame::new(rows.len(), cols).unwrap()
    }

    fn quantities(rows: &[Qty]) -> DataFrame {
        let n = rows.len();
        let col = |name: &str, v: Vec<Option<String>>| Column::new(name.into(), v);
        let strs = |f: &dyn Fn(&Qty) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
        let cols = vec![
            col("id", strs(&|q| Some(q.0.into()))),
            col("report_id", strs(&|q| Some(q.1.into()))),
            Column::new(
                "headline".into(),
                rows.iter().map(|q| q.2).collect::<Vec<_>>(),
            ),
            col("metric", strs(&|q| Some(q.3.into()))),
            col("metric_label", strs(&|q| Some(q.3.into()))),
            Column::new(
                "value".into(),
                rows.iter().map(|q| Some(q.4)).collect::<Vec<_>>(),
            ),
            Column::new(
                "value_high".into(),
                rows.iter().map(|q| q.5).collect::<Vec<_>>(),
            ),
            col(
                "comparator",
                strs(&|q| Some(if q.5.is_some() { "range" } else { "around" }.into())),
            ),
            col("qualifier", strs(&|q| q.6.map(str::to_string))),
            Column::new("annual_average".into(), vec![false; n]),
            col("kind", strs(&|_| Some("growth_rate".into()))),
            Column::new(
                "horizon_start".into(),
                rows.iter().map(|q| Some(q.7)).collect::<Vec<_>>(),
            ),
            Column::new(
                "horizon_end".into(),
                rows.iter().map(|q| Some(q.7)).collect::<Vec<_>>(),
            ),
            Column::new("byte_start".into(), vec![0u64; n]),
            Column::new("byte_end".into(), vec![1u64; n]),
            Column::new("char_start".into(), vec![0u64; n]),
            Column::new("char_end".into(), vec![1u64; n]),
            col("text", strs(&|q| Some(format!("text of {}", q.0)))),
        ];
        DataFrame::new(n, cols).unwrap()
    }

    /// National 2023–24, one province 2023, two cities: one with its province's report
    /// (2023), one whose province report is missing (2024).
    fn fixture() -> (tempfile::TempDir, DataFrame) {
        let dir = tempfile::tempdir().unwrap();
        let reps: &[Rep] = &[
            ("n23", "全国", "100000", "", "national", 2023, &[]),
            ("n24", "全国", "100000", "", "national", 2024, &[]),
            ("p23", "吉林省", "220000", "", "province", 2023, &[]),
            ("c23", "吉林市", "220200", "220000", "prefecture", 2023, &[]),
            (
                "c24",
                "吉林市",
                "220200",
                "220000",
                "prefecture",
                2024,
                &["cpi"],
            ),
            ("x23", "朝阳", "", "", "", 2023, &[]),
        ];
        let targets: &[Qty] = &[
            ("n23-T1", "n23", true, "gdp_growth", 5.0, None, None, 2023),
            (
                "p23-T1",
                "p23",
                true,
                "gdp_growth",
                6.0,
                Some(6.5),
                None,
                2023,
            ),
            ("c23-T1", "c23", false, "gdp_growth", 9.0, None, None, 2023),
            ("c23-T2", "c23", true, "gdp_growth", 7.0, None, None, 2023),
            (
                "c23-T3",
                "c23",
                true,
                "gdp_growth",
                8.0,
                None,
                Some("力争"),
                2023,
            ),
            ("c23-T4", "c23", true, "gdp_growth", 6.0, None, None, 2025),
            ("c24-T1", "c24", true, "gdp_growth", 6.5, None, None, 2024),
        ];
        let achievements: &[Qty] = &[
            ("n24-A1", "n24", true, "gdp_growth", 5.2, None, None, 2023),
            (
                "c24-A1",
                "c24",
                false,
                "gdp_growth",
                6.8,
                None,
                Some("预计"),
                2023,
            ),
            ("c24-A2", "c24", false, "gdp_growth", 3.0, None, None, 2022),
        ];
        parquet(dir.path(), "reports", reports(reps));
        parquet(dir.path(), "targets", quantities(targets));
        parquet(dir.path(), "achievements", quantities(achievements));
        let opts = PanelOptions {
            metrics: Some(vec!["gdp_growth".into(), "cpi".into()]),
            ..Default::default()
        };
        let df = build(dir.path(), &opts).unwrap();
        (dir, df)
    }

    fn row(df: &DataFrame, region: &str, year: i32, metric: &str) -> DataFrame {
        let mask = str_col(df, "region").unwrap().equal(region)
            & i32_col(df, "year").unwrap().equal(year)
            & str_col(df, "metric").unwrap().equal(metric);
        let r = df.filter(&mask).unwrap();
        assert_eq!(r.height(), 1, "one row for {region} {year} {metric}:\n{r}");
        r
    }

    fn f(r: &DataFrame, c: &str) -> Option<f64> {
        f64_col(r, c).unwrap().get(0)
    }
    fn st<'a>(r: &'a DataFrame, c: &str) -> Option<&'a str> {
        str_col(r, c).unwrap().get(0)
    }

    #[test]
    fn columns_are_the_schema() {
        let (_d, df) = fixture();
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, COLUMNS);
        let schema = serde_json::to_value(schemars::schema_for!(PanelRow)).unwrap();
        let props = schema["properties"].as_object().unwrap();
        assert_eq!(props.len(), COLUMNS.len());
        assert!(COLUMNS.iter().all(|c| props.contains_key(*c)));
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/panel.schema.json");
        let on_disk = std::fs::read_to_string(file).unwrap();
        assert_eq!(
            on_disk,
            crate::sink::schema::panel().1,
            "run gwr schema -o schemas"
        );
    }

    #[test]
    fn headline_base_target_is_picked_and_stretch_kept() {
        let (_d, df) = fixture();
        let r = row(&df, "吉林市", 2023, "gdp_growth");
        assert_eq!(f(&r, "target_value"), Some(7.0));
        assert_eq!(st(&r, "target_id"), Some("c23-T2"));
        assert_eq!(f(&r, "target_stretch_value"), Some(8.0));
        assert_eq!(st(&r, "target_report_id"), Some("c23"));
    }

    #[test]
    fn outcome_is_the_next_reports_figure_for_the_year_with_its_estimate_flag() {
        let (_d, df) = fixture();
        let r = row(&df, "吉林市", 2023, "gdp_growth");
        assert_eq!(f(&r, "outcome_value"), Some(6.8));
        assert_eq!(st(&r, "outcome_report_id"), Some("c24"));
        assert_eq!(
            bool_col(&r, "outcome_is_estimate").unwrap().get(0),
            Some(true)
        );
        let n = row(&df, "全国", 2023, "gdp_growth");
        assert_eq!(f(&n, "outcome_value"), Some(5.2));
        assert_eq!(
            bool_col(&n, "outcome_is_estimate").unwrap().get(0),
            Some(false)
        );
        assert_eq!(st(&n, "status"), Some("ok"));
    }

    #[test]
    fn parent_targets_and_gap_use_range_midpoints() {
        let (_d, df) = fixture();
        let c = row(&df, "吉林市", 2023, "gdp_growth");
        assert_eq!(f(&c, "parent_target_value"), Some(6.0));
        assert_eq!(f(&c, "parent_target_value_high"), Some(6.5));
        assert_eq!(f(&c, "national_target_value"), Some(5.0));
        assert_eq!(f(&c, "parent_gap"), Some(7.0 - 6.25));
        assert_eq!(st(&c, "status"), Some("ok"));
        let p = row(&df, "吉林省", 2023, "gdp_growth");
        assert_eq!(st(&p, "parent_code"), Some("100000"));
        assert_eq!(f(&p, "parent_gap"), Some(6.25 - 5.0));
        // No 2024 report of the province: no parent target, and the status says why.
        let c24 = row(&df, "吉林市", 2024, "gdp_growth");
        assert_eq!(f(&c24, "parent_target_value"), None);
        assert_eq!(st(&c24, "status"), Some("next_report_missing"));
    }

    #[test]
    fn missing_parts_have_a_reason() {
        let (_d, df) = fixture();
        assert_eq!(
            st(&row(&df, "吉林市", 2024, "cpi"), "status"),
            Some("declined")
        );
        let r = row(&df, "吉林市", 2023, "cpi");
        assert_eq!(st(&r, "status"), Some("no_target_stated"));
        assert_eq!(st(&r, "target_report_id"), None);
        assert_eq!(
            st(&row(&df, "朝阳", 2023, "gdp_growth"), "status"),
            Some("ambiguous_region")
        );
        let p = row(&df, "吉林省", 2023, "gdp_growth");
        assert_eq!(st(&p, "status"), Some("next_report_missing"));
    }

    #[test]
    fn a_missing_parent_report_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let reps: &[Rep] = &[
            ("c23", "吉林市", "220200", "220000", "prefecture", 2023, &[]),
            ("c24", "吉林市", "220200", "220000", "prefecture", 2024, &[]),
        ];
        let targets: &[Qty] = &[("c23-T1", "c23", true, "gdp_growth", 7.0, None, None, 2023)];
        parquet(dir.path(), "reports", reports(reps));
        parquet(dir.path(), "targets", quantities(targets));
        parquet(dir.path(), "achievements", quantities(&[]));
        let df = build(dir.path(), &PanelOptions::default()).unwrap();
        let r = row(&df, "吉林市", 2023, "gdp_growth");
        assert_eq!(st(&r, "status"), Some("parent_report_missing"));
        assert_eq!(f(&r, "parent_gap"), None);
        // The default metrics: those with a headline target in enough reports.
        assert_eq!(
            st(&row(&df, "吉林市", 2024, "gdp_growth"), "status"),
            Some("no_target_stated")
        );
    }

    #[test]
    fn writes_parquet_and_csv() {
        let (_d, mut df) = fixture();
        let out = tempfile::tempdir().unwrap();
        let files = write(&mut df, out.path()).unwrap();
        let csv = std::fs::read_to_string(&files.csv).unwrap();
        assert_eq!(csv.lines().count(), df.height() + 1);
        assert!(csv.starts_with("region_code,parent_code,admin_level,region,year,"));
        let back = ParquetReader::new(std::fs::File::open(&files.parquet).unwrap())
            .finish()
            .unwrap();
        assert_eq!(back.shape(), df.shape());
    }
}
