//! The record types: what gwr promises downstream users (the contract of DESIGN.md).
//!
//! Plain serde structs, one per output table. Every record carries `report_id`, a
//! `span` into the decoded UTF-8 text and the `text` of that span. This module depends
//! on nothing else in the crate and must not contain parsing or I/O logic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the record schemas; bumped whenever a table's columns change.
pub const SCHEMA_VERSION: &str = "3";
/// Version of the parser, written on every report row.
pub const PARSER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A region of the decoded text: UTF-8 byte offsets and Unicode code point offsets,
/// both 0-based and end-exclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

impl Span {
    /// A span with byte offsets only; char offsets are filled in once per report.
    pub fn bytes(byte_start: usize, byte_end: usize) -> Self {
        Span {
            byte_start,
            byte_end,
            char_start: 0,
            char_end: 0,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.byte_end <= self.byte_start
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdminLevel {
    National,
    Province,
    Prefecture,
    County,
}

impl AdminLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AdminLevel::National => "national",
            AdminLevel::Province => "province",
            AdminLevel::Prefecture => "prefecture",
            AdminLevel::County => "county",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Parsed without findings above `info`.
    Ok,
    /// Parsed, but damage was found (see diagnostics).
    Partial,
    /// Could not be read or decoded; no records besides diagnostics.
    Failed,
}

/// What a document is: a work report, or something that travels with reports in
/// corpora (the NPC resolution approving it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Report,
    Resolution,
    Unknown,
}

/// Where a metadata value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Stated in the report text.
    Text,
    /// A field of the corpus record (JSONL/CSV column).
    Metadata,
    /// The file path (see `--path-pattern`).
    Path,
    /// Inferred from indirect evidence in the text (e.g. the latest year reviewed + 1).
    Inferred,
}

/// One report (one input file, or one member of a JSONL/CSV corpus).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Stable id: hex of sha256(source bytes + member), 16 chars.
    pub report_id: String,
    /// The input path as given (or "-" for stdin).
    pub source: String,
    /// Line or row number (0-based) inside a JSONL/CSV corpus; null for single files.
    pub member: Option<u64>,
    /// sha256 of the raw input bytes of this report (hex).
    pub sha256: String,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// Size of the decoded text in Unicode code points.
    pub chars: u64,
    /// Encoding the bytes were decoded from (e.g. UTF-8, GB18030, UTF-16LE).
    pub encoding: String,
    /// True when the text was extracted from HTML.
    pub from_html: bool,
    pub doc_kind: DocKind,
    pub title: Option<String>,
    pub title_source: Option<Provenance>,
    pub region: Option<String>,
    pub region_source: Option<Provenance>,
    /// GB/T 2260 code of the region valid in the report's year (100000 for national),
    /// filled by `pipeline` from `regions`; null when the name is missing, unknown, of
    /// another level or ambiguous (an `info` diagnostic `region_*` says which).
    pub region_code: Option<String>,
    /// The code of the level above: a prefecture's province, a county's prefecture; null
    /// for a province and the national level.
    pub parent_code: Option<String>,
    pub admin_level: Option<AdminLevel>,
    pub admin_level_source: Option<Provenance>,
    /// The year the report plans for.
    pub year: Option<i32>,
    pub year_source: Option<Provenance>,
    /// Date of delivery (YYYY-MM-DD or YYYY-MM) when stated.
    pub delivered_on: Option<String>,
    pub delivered_on_source: Option<Provenance>,
    pub speaker: Option<String>,
    pub speaker_source: Option<Provenance>,
    /// Headline metrics the report explicitly declines to set a number for
    /// (e.g. `gdp_growth` in the 2020 national report).
    pub declined_targets: Vec<String>,
    pub status: Status,
    pub parser_version: String,
    /// Extra fields carried by the corpus record (JSONL/CSV), as JSON text.
    pub source_meta: Option<String>,
    /// The whole decoded text.
    pub span: Span,
    pub text: String,
}

/// A node of the outline: top-level parts (一、) and their sub-parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    pub section_id: String,
    pub report_id: String,
    pub parent_id: Option<String>,
    /// 1 for 一、 parts, 2 for （一） parts inside them.
    pub level: u8,
    pub ordinal: Option<u32>,
    /// The marker as printed (二、), null when the heading was lost.
    pub marker: Option<String>,
    pub heading: Option<String>,
    /// review | plan | outlook | self_construction | other
    pub group: String,
    /// The heading line (marker + heading).
    pub span: Span,
    pub text: String,
    /// The body: from the first character after the heading line to the end of the part.
    pub body: Span,
}

/// A sub-heading inside a task (强化科技创新平台支撑。).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    pub ordinal: u32,
    pub span: Span,
    pub text: String,
}

/// The kind of numbered list a task belongs to (the `group` column of `tasks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// The year's key tasks (三、2024年重点工作).
    Plan,
    /// The key tasks of a five-year plan, listed in its start year (二、“十四五”时期主要目标
    /// 任务, 今后五年…): `horizon_start`/`horizon_end` give the plan's years.
    FiveYearPlan,
    /// The year's projects for the people (民生实事, 十件实事, 为民办实事, 惠民实事), a list of
    /// its own or nested in a task; their figures are targets too.
    LivelihoodProjects,
    /// Last year's or the last five years' accomplishments (一、2023年工作回顾), also when
    /// the review heading is lost and the part reads in the past (全年完成…, 预计…).
    Review,
    /// The government's own construction (加强政府自身建设).
    SelfConstruction,
    /// A list in a part no heading classifies.
    Other,
}

impl Group {
    /// The group's name as the tables store it (plan, five_year_plan, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Plan => "plan",
            Group::FiveYearPlan => "five_year_plan",
            Group::LivelihoodProjects => "livelihood_projects",
            Group::Review => "review",
            Group::SelfConstruction => "self_construction",
            Group::Other => "other",
        }
    }
}

/// A numbered work item (一是…, （一）…, 1．…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    pub task_id: String,
    pub report_id: String,
    pub section_id: Option<String>,
    /// The kind of list the item is in.
    pub group: Group,
    /// The years the item is for: the plan's years for five_year_plan (2021, 2025), the
    /// plan year as both for plan and livelihood_projects, null for review,
    /// self_construction and other (and when the report's year is unknown).
    pub horizon_start: Option<i32>,
    pub horizon_end: Option<i32>,
    pub ordinal: u32,
    /// The marker as printed; for a lost marker, the expected one (五是) with marker_present false.
    pub marker: String,
    pub marker_present: bool,
    /// The heading without marker and without the closing 。; null when lost.
    pub heading: Option<String>,
    pub heading_span: Option<Span>,
    /// X of 聚焦X，在Y上集中发力 (or of 「X，全面提升Y」).
    pub theme: Option<String>,
    /// Y of the same shapes.
    pub focus: Option<String>,
    pub measures: Vec<Measure>,
    /// From the marker to the end of the item's last sentence.
    pub span: Span,
    pub text: String,
}

/// around | at_least | at_most | range | point | relative
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    Around,
    AtLeast,
    AtMost,
    Range,
    Point,
    Relative,
}

/// growth_rate | level | share | count | change_points | qualitative
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    GrowthRate,
    Level,
    Share,
    Count,
    ChangePoints,
    Qualitative,
}

/// A target (a goal for the future) or an achievement (a realised figure): same shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantity {
    /// `{report_id}-T0001` for targets, `-A0001` for achievements.
    pub id: String,
    pub report_id: String,
    pub section_id: Option<String>,
    pub task_id: Option<String>,
    /// True for the items of the year's headline target list (主要预期目标).
    pub headline: bool,
    /// The indicator as printed (地区生产总值).
    pub metric_raw: String,
    /// Canonical id from the metric dictionary; null when unknown.
    pub metric: Option<String>,
    pub metric_label: Option<String>,
    pub kind: QuantityKind,
    /// The number as printed (6.5 for 6.5%; 16.4 for 16.4亿元).
    pub value: Option<f64>,
    pub value_high: Option<f64>,
    /// The printed number as exact decimal text.
    pub value_text: Option<String>,
    /// The unit as printed (%, 亿元, 万亩, 个百分点).
    pub unit: Option<String>,
    /// The unit normalised to a base unit (percent, pp, CNY, mu, person, …).
    pub unit_base: Option<String>,
    /// value in `unit_base` (16.4亿元 → 1640000000), exact decimal rounded once to f64.
    pub value_base: Option<f64>,
    pub value_high_base: Option<f64>,
    pub comparator: Comparator,
    /// The printed words behind the comparator (左右, 以上, 控制在…以内, 同步…).
    pub comparator_raw: Option<String>,
    /// 力争, 确保, 努力, 基本, 保证 …
    pub qualifier: Option<String>,
    /// Benchmark of a relative goal (经济增长 in 与经济增长同步; 2020年 in 比2020年翻一番).
    pub reference: Option<String>,
    /// Growth stated as an annual average (年均).
    pub annual_average: bool,
    /// First and last year the figure is for (targets: the horizon; achievements: the period).
    pub horizon_start: Option<i32>,
    pub horizon_end: Option<i32>,
    pub span: Span,
    pub text: String,
}

/// Where a project stands, from the verb that governs it (a status phrase after the
/// head, 项目开工建设, wins over the verb that opens the clause).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// To be started: 新开工, 开工建设, 启动 (also last year's starts in a review).
    NewStart,
    /// Prepared, not yet started: 谋划, 前期工作, 争取, 储备, 计划实施.
    Planned,
    /// Under way: 加快, 加快推进, 在建, 续建, 进展顺利.
    Ongoing,
    /// Finished: 建成, 投产, 竣工, 开园, 完成 (in a review: done last year).
    Completed,
}

impl ProjectStatus {
    /// The spelling used in outputs and in `data/projects.tsv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::NewStart => "new_start",
            ProjectStatus::Planned => "planned",
            ProjectStatus::Ongoing => "ongoing",
            ProjectStatus::Completed => "completed",
        }
    }

    /// Reads the spelling of [`ProjectStatus::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            ProjectStatus::NewStart,
            ProjectStatus::Planned,
            ProjectStatus::Ongoing,
            ProjectStatus::Completed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// What a project's investment figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvestmentBasis {
    /// The total of the project or aggregate (总投资, 投资4.5亿元实施).
    Total,
    /// Invested in the year (完成投资, 年度完成投资).
    Annual,
    /// A minimum per project (50亿元以上项目, 投资超亿元的).
    Threshold,
}

impl InvestmentBasis {
    /// The spelling used in outputs and in `data/projects.tsv`.
    pub fn as_str(self) -> &'static str {
        match self {
            InvestmentBasis::Total => "total",
            InvestmentBasis::Annual => "annual",
            InvestmentBasis::Threshold => "threshold",
        }
    }

    /// Reads the spelling of [`InvestmentBasis::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            InvestmentBasis::Total,
            InvestmentBasis::Annual,
            InvestmentBasis::Threshold,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A construction or investment undertaking introduced for implementation (plan part)
/// or reported as started or done (review part). One record per clause and counted
/// aggregate: a clause with two aggregates (30万亩…、98个…建设工程) gives two records with
/// the same span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Project {
    pub project_id: String,
    pub report_id: String,
    pub section_id: Option<String>,
    pub task_id: Option<String>,
    /// Names of individual projects as printed, split at 、 and 和.
    pub names: Vec<String>,
    /// The class phrase as printed (产业类项目, 重点工程); null when the name carries it.
    pub head: Option<String>,
    /// The printed classifier of a 项目 head, rank words left out (产业类, 基础设施类, 技改,
    /// 建链…); null for 工程 / 基地 / 园 heads.
    pub category: Option<String>,
    /// The printed N个 of the aggregate (N个以上, N余个 → N); null for 一批 and for names.
    pub count: Option<u64>,
    /// Investment as printed (value and unit, 亿元 / 万元…), and in 亿元.
    pub investment_value: Option<f64>,
    pub investment_unit: Option<String>,
    pub investment_yi_yuan: Option<f64>,
    /// What the investment figure measures: total, annual (the year's) or threshold (per project).
    pub investment_basis: Option<InvestmentBasis>,
    /// Area or length of the works as printed (海塘安澜工程90公里 → 90, 公里).
    pub size_value: Option<f64>,
    pub size_unit: Option<String>,
    /// new_start | planned | ongoing | completed; null when the verb says nothing (实施, 推进).
    pub status: Option<ProjectStatus>,
    /// The governing verb as printed (for a clause sharing the previous clause's verb, that verb).
    pub status_raw: Option<String>,
    /// project_id of the counted aggregate this one belongs to (其中…, 217个当年开工).
    pub part_of: Option<String>,
    pub span: Span,
    pub text: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something the parser noticed and could not resolve. Damage is reported, never dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    pub diagnostic_id: String,
    pub report_id: String,
    pub severity: Severity,
    /// Stable machine-readable code (sequence_gap, truncated_start, invalid_utf8, …).
    pub code: String,
    pub message: String,
    pub span: Span,
    pub text: String,
}

/// A paragraph of the text, for text mining.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Paragraph {
    pub paragraph_id: String,
    pub report_id: String,
    pub section_id: Option<String>,
    pub ordinal: u32,
    pub span: Span,
    pub text: String,
}

/// Everything parsed from one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParsedReport {
    pub report: Report,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    pub targets: Vec<Quantity>,
    pub achievements: Vec<Quantity>,
    pub projects: Vec<Project>,
    pub diagnostics: Vec<Diagnostic>,
    pub paragraphs: Vec<Paragraph>,
}
