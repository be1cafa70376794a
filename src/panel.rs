//! `gwr panel`: the targets × outcomes × levels panel, built from a finished `gwr convert`
//! output (its Parquet tables), one row per region × year × metric.
//!
//! A sink-level module: it reads the `reports`, `targets` and `achievements` tables and joins
//! them with polars (vectorised joins on region code, year and metric; no per-row loops over
//! the tables), then writes `PANEL_DIR/panel/part-0.parquet` and `PANEL_DIR/panel.csv`. It
//! must not parse report text: everything it knows comes from the tables' columns.
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

/// Reads every Parquet file of one table (`DIR/TABLE/**/*.parquet`), only `columns`.
pub fn read_table(dir: &Path, table: &'static str, columns: &[&str]) -> Result<DataFrame> {
    let pattern = dir.join(table).join("**").join("*.parquet");
    let mut files: Vec<PathBuf> = glob::glob(&pattern.to_string_lossy())
        .map(|g| g.filter_map(|p| p.ok()).collect())
        .unwrap_or_default();
    files.sort();
    let mut out: Option<DataFrame> = None;
    for path in files {
        let file = std::fs::File::open(&path).map_err(|source| PanelError::Io {
            path: path.clone(),
            source,
        })?;
        let df = ParquetReader::new(file)
            .finish()?
            .select(columns.iter().copied())?;
        match out.as_mut() {
            Some(acc) => {
                acc.vstack_mut_owned(df)?;
            }
            None => out = Some(df),
        }
    }
    let mut df = out.ok_or_else(|| PanelError::MissingTable {
        table,
        dir: dir.to_path_buf(),
    })?;
    df.rechunk_mut();
    Ok(df)
}

fn join(
    left: &DataFrame,
    right: &DataFrame,
    left_on: &[&str],
    right_on: &[&str],
    how: JoinType,
) -> Result<DataFrame> {
    Ok(left.join(
        right,
        left_on.iter().copied(),
        right_on.iter().copied(),
        JoinArgs::new(how),
        None,
    )?)
}

fn renamed(mut df: DataFrame, pairs: &[(&str, &str)]) -> Result<DataFrame> {
    for (from, to) in pairs {
        df.rename(from, (*to).into())?;
    }
    Ok(df)
}

fn first_by(df: &DataFrame, keys: &[&str]) -> Result<DataFrame> {
    let subset: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
    Ok(df.unique_stable(Some(&subset), UniqueKeepStrategy::First, None)?)
}

fn str_col<'a>(df: &'a DataFrame, name: &str) -> Result<&'a StringChunked> {
    Ok(df.column(name)?.str()?)
}

fn f64_col(df: &DataFrame, name: &str) -> Result<Float64Chunked> {
    Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.clone())
}

fn bool_col(df: &DataFrame, name: &str) -> Result<BooleanChunked> {
    Ok(df.column(name)?.cast(&DataType::Boolean)?.bool()?.clone())
}

fn i32_col(df: &DataFrame, name: &str) -> Result<Int32Chunked> {
    Ok(df.column(name)?.cast(&DataType::Int32)?.i32()?.clone())
}

fn add(df: &mut DataFrame, col: impl IntoColumn) -> Result<()> {
    df.with_column(col.into_column())?;
    Ok(())
}

/// The level a code stands for (100000 national, xx0000 province, xxyy00 prefecture).
fn level_of_code(code: &str) -> &'static str {
    if code == NATIONAL_CODE {
        "national"
    } else if code.ends_with("0000") {
        "province"
    } else if code.ends_with("00") {
        "prefecture"
    } else {
        "county"
    }
}

/// Report rows that plan a year, one per region-year, with their panel keys.
fn report_keys(dir: &Path) -> Result<DataFrame> {
    let cols = [
        "report_id",
        "region",
        "region_code",
        "parent_code",
        "admin_level",
        "year",
        "doc_kind",
    ];
    let df = read_table(dir, "reports", &cols)?;
    let mask = str_col(&df, "doc_kind")?.equal("report") & df.column("year")?.is_not_null();
    let mut df = df.filter(&mask)?.drop("doc_kind")?;
    let codes = str_col(&df, "region_code")?;
    let levels = str_col(&df, "admin_level")?;
    let parents = str_col(&df, "parent_code")?;
    let regions = str_col(&df, "region")?;
    let mut level = Vec::with_capacity(df.height());
    let mut parent_key = Vec::with_capacity(df.height());
    let mut key = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let code = codes.get(i);
        let lv = code.map(level_of_code).or(levels.get(i));
        level.push(lv.map(str::to_string));
        parent_key.push(match lv {
            Some("national") | None => None,
            Some("province") => Some(NATIONAL_CODE.to_string()),
            _ => parents.get(i).map(str::to_string),
        });
        key.push(match code {
            Some(c) => c.to_string(),
            None => format!("?{}", regions.get(i).unwrap_or_default()),
        });
    }
    add(&mut df, Column::new("admin_level".into(), level))?;
    add(&mut df, Column::new("parent_key".into(), parent_key))?;
    add(&mut df, Column::new("key".into(), key))?;
    // Two copies of one region-year (a corpus that lists a report twice): the first counts.
    first_by(&df, &["key", "year"])
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

/// Quantities with a metric, joined to their report's key and year.
fn quantities(dir: &Path, table: &'static str, reports: &DataFrame) -> Result<DataFrame> {
    let df = read_table(dir, table, QUANTITY_COLUMNS)?;
    let mask = df.column("metric")?.is_not_null() & !bool_col(&df, "annual_average")?;
    let df = df.filter(&mask)?;
    let keys = reports.select(["report_id", "region_code", "year"])?;
    join(&df, &keys, &["report_id"], &["report_id"], JoinType::Inner)
}

/// The target of each report and metric, with the stretch value (see the module doc).
fn picked_targets(targets: &DataFrame) -> Result<DataFrame> {
    let year = i32_col(targets, "year")?;
    let horizon = i32_col(targets, "horizon_end")?;
    let this_year: BooleanChunked = horizon
        .iter()
        .zip(year.iter())
        .map(|(h, y)| Some(h.is_none() || h == y))
        .collect();
    let mut t = targets.filter(&this_year)?;
    let stretch = str_col(&t, "qualifier")?
        .equal("力争")
        .fill_null_with_values(false)?;
    add(&mut t, stretch.with_name("is_stretch".into()))?;
    let not_headline = (!bool_col(&t, "headline")?).with_name("not_headline".into());
    add(&mut t, not_headline)?;
    let order = SortMultipleOptions::default().with_maintain_order(true);
    let t = t.sort(
        ["report_id", "metric", "not_headline", "is_stretch", "id"],
        order.clone(),
    )?;
    let picked = first_by(&t, &["report_id", "metric"])?;
    let s = t.filter(&bool_col(&t, "is_stretch")?)?;
    let s =
        first_by(&s, &["report_id", "metric"])?.select(["report_id", "metric", "id", "value"])?;
    let s = renamed(
        s,
        &[("id", "stretch_id"), ("value", "target_stretch_value")],
    )?;
    let mut p = join(
        &picked,
        &s,
        &["report_id", "metric"],
        &["report_id", "metric"],
        JoinType::Left,
    )?;
    let same = str_col(&p, "id")?
        .equal(str_col(&p, "stretch_id")?)
        .fill_null_with_values(false)?;
    let sv = f64_col(&p, "target_stretch_value")?;
    let sv: Float64Chunked = sv
        .iter()
        .zip(same.iter())
        .map(|(v, s)| if s == Some(true) { None } else { v })
        .collect();
    add(&mut p, sv.with_name("target_stretch_value".into()))?;
    Ok(p)
}

/// The metrics every report gets a row for.
fn headline_metrics(
    targets: &DataFrame,
    n_reports: usize,
    opts: &PanelOptions,
) -> Result<Vec<String>> {
    if let Some(m) = &opts.metrics {
        return Ok(m.clone());
    }
    let h = targets.filter(&bool_col(targets, "headline")?)?;
    let h = first_by(&h, &["report_id", "metric"])?;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in str_col(&h, "metric")?.iter().flatten() {
        *counts.entry(m).or_default() += 1;
    }
    let min = (opts.headline_share * n_reports as f64).ceil().max(1.0) as usize;
    let mut out: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= min)
        .map(|(m, _)| m.to_string())
        .collect();
    out.sort();
    Ok(out)
}

/// (report, metric) pairs: every report × the headline metrics, plus every pair with a target.
fn spine(
    reports: &DataFrame,
    picked: &DataFrame,
    metrics: &[String],
    restrict: bool,
) -> Result<DataFrame> {
    let ids = reports.select(["report_id"])?;
    let mut out = DataFrame::empty_with_schema(&Schema::from_iter([
        Field::new("report_id".into(), DataType::String),
        Field::new("metric".into(), DataType::String),
    ]));
    for m in metrics {
        let mut part = ids.clone();
        let metric = Column::new("metric".into(), vec![m.as_str(); part.height()]);
        add(&mut part, metric)?;
        out.vstack_mut_owned(part)?;
    }
    if !restrict {
        out.vstack_mut_owned(picked.select(["report_id", "metric"])?)?;
    }
    let out = first_by(&out, &["report_id", "metric"])?;
    join(
        &out,
        reports,
        &["report_id"],
        &["report_id"],
        JoinType::Inner,
    )
}

/// Words that mark an achievement figure as an estimate. The parser does not carry them
/// in `qualifier` (yet); the panel tests the record's own `text` for them as well.
const ESTIMATE_CUES: &[&str] = &["预计"];

/// The usual kind (growth_rate, level, …) of each metric's targets: an outcome must be of
/// the same kind (a 贡献率 share filed under gdp_growth is not a growth figure).
fn metric_kinds(targets: &DataFrame) -> Result<DataFrame> {
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    let metrics = str_col(targets, "metric")?;
    let kinds = str_col(targets, "kind")?;
    for (m, k) in metrics.iter().zip(kinds.iter()) {
        if let (Some(m), Some(k)) = (m, k) {
            *counts.entry((m, k)).or_default() += 1;
        }
    }
    let mut best: HashMap<&str, (&str, usize)> = HashMap::new();
    for ((m, k), n) in counts {
        let e = best.entry(m).or_insert((k, 0));
        if n > e.1 || (n == e.1 && k < e.0) {
            *e = (k, n);
        }
    }
    let mut pairs: Vec<(&str, &str)> = best.into_iter().map(|(m, (k, _))| (m, k)).collect();
    pairs.sort();
    let cols = vec![
        Column::new(
            "k_metric".into(),
            pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "k_kind".into(),
            pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
        ),
    ];
    Ok(DataFrame::new(pairs.len(), cols)?)
}

/// Achievement figures for the year before their report's: the outcome of that year.
/// Single-year figures before multi-year ones (连续四年…), then document order.
fn outcomes(achievements: &DataFrame, kinds: &DataFrame) -> Result<DataFrame> {
    let year = i32_col(achievements, "year")?;
    let horizon = i32_col(achievements, "horizon_end")?;
    let target_year: Int32Chunked = year.iter().map(|y| y.map(|y| y - 1)).collect();
    let last_year = horizon.equal(&target_year).fill_null_with_values(false)?;
    let a = achievements.filter(&last_year)?;
    let mut a = join(
        &a,
        kinds,
        &["metric", "kind"],
        &["k_metric", "k_kind"],
        JoinType::Inner,
    )?;
    let ty = i32_col(&a, "year")? - 1;
    add(&mut a, ty.with_name("outcome_year".into()))?;
    let start = i32_col(&a, "horizon_start")?;
    let multi: BooleanChunked = start
        .iter()
        .zip(i32_col(&a, "horizon_end")?.iter())
        .map(|(s, e)| Some(s.is_some() && s != e))
        .collect();
    add(&mut a, multi.with_name("multi_year".into()))?;
    let texts = str_col(&a, "text")?;
    let quals = str_col(&a, "qualifier")?;
    let est: BooleanChunked = texts
        .iter()
        .zip(quals.iter())
        .map(|(t, q)| {
            let cue =
                |s: Option<&str>| s.is_some_and(|s| ESTIMATE_CUES.iter().any(|c| s.contains(c)));
            Some(cue(q) || cue(t))
        })
        .collect();
    add(&mut a, est.with_name("outcome_is_estimate".into()))?;
    let order = SortMultipleOptions::default().with_maintain_order(true);
    let keys = ["region_code", "outcome_year", "metric", "multi_year", "id"];
    let a = a.sort(keys, order)?;
    let a = first_by(&a, &["region_code", "outcome_year", "metric"])?;
    let a = a.select([
        "region_code",
        "outcome_year",
        "metric",
        "value",
        "value_high",
        "text",
        "report_id",
        "id",
        "outcome_is_estimate",
    ])?;
    renamed(
        a,
        &[
            ("region_code", "o_code"),
            ("value", "outcome_value"),
            ("value_high", "outcome_value_high"),
            ("text", "outcome_text"),
            ("report_id", "outcome_report_id"),
            ("id", "outcome_id"),
        ],
    )
}

/// Midpoint of a value and an optional upper end.
fn midpoint(v: &Float64Chunked, high: &Float64Chunked) -> Float64Chunked {
    v.iter()
        .zip(high.iter())
        .map(|(v, h)| v.map(|v| h.map_or(v, |h| (v + h) / 2.0)))
        .collect()
}

/// Targets keyed for the parent and national joins.
fn level_targets(picked: &DataFrame, prefix: &str) -> Result<DataFrame> {
    let df = picked.select([
        "region_code",
        "year",
        "metric",
        "value",
        "value_high",
        "comparator",
    ])?;
    let names: Vec<(String, String)> = ["region_code", "year", "value", "value_high", "comparator"]
        .iter()
        .map(|c| (c.to_string(), format!("{prefix}{c}")))
        .collect();
    let pairs: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    renamed(df.filter(&df.column("region_code")?.is_not_null())?, &pairs)
}

fn exists_flag(reports: &DataFrame, name: &str, year_shift: i32) -> Result<DataFrame> {
    let mut df = reports.select(["region_code", "year"])?;
    let shifted = i32_col(&df, "year")? - year_shift;
    add(&mut df, shifted.with_name("year".into()))?;
    let n = df.height();
    add(&mut df, Column::new(name.into(), vec![true; n]))?;
    let df = df.filter(&df.column("region_code")?.is_not_null())?;
    let df = first_by(&df, &["region_code", "year"])?;
    let (code, year) = (format!("{name}_k_code"), format!("{name}_k_year"));
    renamed(
        df,
        &[("region_code", code.as_str()), ("year", year.as_str())],
    )
}

/// Builds the panel from the output folder of `gwr convert`.
pub fn build(dir: &Path, opts: &PanelOptions) -> Result<DataFrame> {
    let reports = report_keys(dir)?;
    let mut targets = quantities(dir, "targets", &reports)?;
    if let Some(m) = &opts.metrics {
        let allowed = Series::new("m".into(), m.clone());
        let mask = is_in_list(str_col(&targets, "metric")?, &allowed);
        targets = targets.filter(&mask)?;
    }
    let picked = picked_targets(&targets)?;
    let metrics = headline_metrics(&targets, reports.height(), opts)?;
    let rows = spine(&reports, &picked, &metrics, opts.metrics.is_some())?;
    let p = picked.select([
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
    ])?;
    let mut df = join(
        &rows,
        &p,
        &["report_id", "metric"],
        &["report_id", "metric"],
        JoinType::Left,
    )?;
    let rid = df
        .column("report_id")?
        .clone()
        .with_name("target_report_id".into());
    add(&mut df, rid)?;
    df = attach_declined(dir, df)?;
    let achievements = quantities(dir, "achievements", &reports)?;
    let outcome = outcomes(&achievements, &metric_kinds(&targets)?)?;
    df = join(
        &df,
        &outcome,
        &["region_code", "year", "metric"],
        &["o_code", "outcome_year", "metric"],
        JoinType::Left,
    )?;
    df = join(
        &df,
        &level_targets(&picked, "parent_")?,
        &["parent_key", "year", "metric"],
        &["parent_region_code", "parent_year", "metric"],
        JoinType::Left,
    )?;
    let national = level_targets(&picked, "national_")?;
    let national =
        national.filter(&str_col(&national, "national_region_code")?.equal(NATIONAL_CODE))?;
    let national = national.select(["national_year", "metric", "national_value"])?;
    df = join(
        &df,
        &national,
        &["year", "metric"],
        &["national_year", "metric"],
        JoinType::Left,
    )?;
    let next = exists_flag(&reports, "next", 1)?;
    df = join(
        &df,
        &next,
        &["region_code", "year"],
        &["next_k_code", "next_k_year"],
        JoinType::Left,
    )?;
    let parent = exists_flag(&reports, "parent", 0)?;
    df = join(
        &df,
        &parent,
        &["parent_key", "year"],
        &["parent_k_code", "parent_k_year"],
        JoinType::Left,
    )?;
    finish(df)
}

fn is_in_list(values: &StringChunked, allowed: &Series) -> BooleanChunked {
    let allowed: Vec<&str> = allowed
        .str()
        .map(|s| s.iter().flatten().collect())
        .unwrap_or_default();
    values
        .iter()
        .map(|v| Some(v.is_some_and(|v| allowed.contains(&v))))
        .collect()
}

/// Marks (report, metric) pairs the report explicitly declines to set.
fn attach_declined(dir: &Path, df: DataFrame) -> Result<DataFrame> {
    let r = read_table(dir, "reports", &["report_id", "declined_targets"])?;
    let opts = ExplodeOptions {
        empty_as_null: false,
        keep_nulls: false,
    };
    let r = r.explode(["declined_targets"], opts)?;
    let mut r = r.filter(&r.column("declined_targets")?.is_not_null())?;
    let n = r.height();
    add(&mut r, Column::new("declined".into(), vec![true; n]))?;
    let r = renamed(
        r,
        &[
            ("report_id", "d_report_id"),
            ("declined_targets", "d_metric"),
        ],
    )?;
    let r = first_by(&r, &["d_report_id", "d_metric"])?;
    join(
        &df,
        &r,
        &["report_id", "metric"],
        &["d_report_id", "d_metric"],
        JoinType::Left,
    )
}

/// Derived columns (gap, status), final names and order.
fn finish(mut df: DataFrame) -> Result<DataFrame> {
    let t = midpoint(&f64_col(&df, "value")?, &f64_col(&df, "value_high")?);
    let p = midpoint(
        &f64_col(&df, "parent_value")?,
        &f64_col(&df, "parent_value_high")?,
    );
    add(&mut df, (&t - &p).with_name("parent_gap".into()))?;
    let status = statuses(&df)?;
    add(&mut df, Column::new("status".into(), status))?;
    let df = renamed(
        df,
        &[
            ("parent_key", "parent_code_out"),
            ("value", "target_value"),
            ("value_high", "target_value_high"),
            ("comparator", "target_comparator"),
            ("qualifier", "target_qualifier"),
            ("text", "target_text"),
            ("id", "target_id"),
            ("byte_start", "target_byte_start"),
            ("byte_end", "target_byte_end"),
            ("char_start", "target_char_start"),
            ("char_end", "target_char_end"),
            ("headline", "target_headline"),
            ("parent_value", "parent_target_value"),
            ("parent_value_high", "parent_target_value_high"),
            ("parent_comparator", "parent_target_comparator"),
            ("national_value", "national_target_value"),
        ],
    )?;
    let mut df = df.drop("parent_code")?;
    df.rename("parent_code_out", "parent_code".into())?;
    // A target row of a report with no target for the metric has no report id of its own.
    let has_target = df.column("target_id")?.is_not_null();
    let rid = str_col(&df, "target_report_id")?.zip_with(
        &has_target,
        &StringChunked::full_null("x".into(), df.height()),
    )?;
    add(&mut df, rid.with_name("target_report_id".into()))?;
    let order = SortMultipleOptions::default()
        .with_maintain_order(true)
        .with_nulls_last(true);
    let df = df.sort(["region_code", "region", "year", "metric"], order)?;
    Ok(df.select(COLUMNS.iter().copied())?)
}

fn statuses(df: &DataFrame) -> Result<Vec<&'static str>> {
    let code = df.column("region_code")?.is_not_null();
    let declined = bool_col(df, "declined")?;
    let target = df.column("id")?.is_not_null();
    let next = bool_col(df, "next")?;
    let level = str_col(df, "admin_level")?;
    let parent = bool_col(df, "parent")?;
    Ok((0..df.height())
        .map(|i| {
            let s = if code.get(i) != Some(true) {
                PanelStatus::AmbiguousRegion
            } else if declined.get(i) == Some(true) {
                PanelStatus::Declined
            } else if target.get(i) != Some(true) {
                PanelStatus::NoTargetStated
            } else if next.get(i) != Some(true) {
                PanelStatus::NextReportMissing
            } else if level.get(i) != Some("national") && parent.get(i) != Some(true) {
                PanelStatus::ParentReportMissing
            } else {
                PanelStatus::Ok
            };
            s.as_str()
        })
        .collect())
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
