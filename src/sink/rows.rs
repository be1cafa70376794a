//! The flat row types of the output tables and their conversion from records.
//!
//! One struct per table, generated with its polars column builder by `table!`, so the
//! Parquet columns, the JSON outputs and the JSON Schemas in `schemas/` all come from
//! the same definition. Spans are flattened (`byte_start`, `char_start`, …). This module
//! converts; it must not parse text or write files.

use polars::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::*;

/// Builds a polars column from a vector of one field's values.
pub trait ToColumn: Sized {
    fn column(name: &str, values: Vec<Self>) -> Column;
}

macro_rules! simple_column {
    ($($t:ty),*) => {$(
        impl ToColumn for $t {
            fn column(name: &str, values: Vec<Self>) -> Column {
                Column::new(name.into(), values)
            }
        }
    )*};
}
simple_column!(
    String,
    Option<String>,
    bool,
    i64,
    Option<i64>,
    i32,
    Option<i32>,
    f64,
    Option<f64>
);

/// A severity as the string the tables store (info | warning | error).
impl ToColumn for Severity {
    fn column(name: &str, values: Vec<Self>) -> Column {
        let names: Vec<&str> = values
            .into_iter()
            .map(|s| match s {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            })
            .collect();
        Column::new(name.into(), names)
    }
}

/// A `List<String>` column from one vector per row, built in one pass into a single
/// values buffer (not one `Series` per row cast to a list afterwards).
impl ToColumn for Vec<String> {
    fn column(name: &str, values: Vec<Self>) -> Column {
        let total = values.iter().map(Vec::len).sum();
        let mut builder = ListStringChunkedBuilder::new(name.into(), values.len(), total);
        for row in &values {
            builder.append_values_iter(row.iter().map(String::as_str));
        }
        builder.finish().into_series().into()
    }
}

/// A `List<Int64>` column from one vector per row.
impl ToColumn for Vec<i64> {
    fn column(name: &str, values: Vec<Self>) -> Column {
        let total = values.iter().map(Vec::len).sum();
        let mut builder = ListPrimitiveChunkedBuilder::<Int64Type>::new(
            name.into(),
            values.len(),
            total,
            DataType::Int64,
        );
        for row in &values {
            builder.append_slice(row);
        }
        builder.finish().into_series().into()
    }
}

macro_rules! table {
    ($(#[doc = $doc:literal])* $name:ident ($table:literal) { $( $(#[$fattr:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[schemars(title = $table)]
        pub struct $name { $( $(#[$fattr])* pub $field: $ty ),* }

        impl $name {
            pub const TABLE: &'static str = $table;
            /// Column names in order.
            pub const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The rows as a polars DataFrame (one column per field).
            pub fn frame(rows: Vec<Self>) -> PolarsResult<DataFrame> {
                let height = rows.len();
                $( let mut $field: Vec<$ty> = Vec::with_capacity(height); )*
                for r in rows {
                    $( $field.push(r.$field); )*
                }
                DataFrame::new(height, vec![$( <$ty as ToColumn>::column(stringify!($field), $field) ),*])
            }
        }
    };
}

/// An offset or count as the tables store it: signed, because Spark, Trino and Hive
/// have no unsigned 64-bit type (Spark reads `uint64` as `decimal(20,0)`).
/// Saturates (a value above `i64::MAX` cannot occur in a report below 512 MB).
fn i64_of<T: TryInto<i64>>(x: T) -> i64 {
    x.try_into().unwrap_or(i64::MAX)
}

/// A count or ordinal as an `int32` column (saturating, like [`i64_of`]).
fn i32_of<T: TryInto<i32>>(x: T) -> i32 {
    x.try_into().unwrap_or(i32::MAX)
}

fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

table! {
    /// One row per report (input file or corpus member). The text itself is in `paragraphs`.
    ReportRow("reports") {
        report_id: String,
        source: String,
        member: Option<i64>,
        sha256: String,
        bytes: i64,
        chars: i64,
        encoding: String,
        from_html: bool,
        /// report | resolution | unknown
        doc_kind: String,
        title: Option<String>,
        title_source: Option<String>,
        region: Option<String>,
        region_source: Option<String>,
        /// GB/T 2260 code of the region valid in the report's year (100000 for national);
        /// null when the name is unknown or ambiguous (see the `region_*` diagnostics).
        region_code: Option<String>,
        /// The code of the level above: a prefecture's province, a county's prefecture.
        parent_code: Option<String>,
        /// national | province | prefecture | county
        admin_level: Option<String>,
        admin_level_source: Option<String>,
        /// The year the report plans for.
        year: Option<i32>,
        year_source: Option<String>,
        delivered_on: Option<String>,
        delivered_on_source: Option<String>,
        speaker: Option<String>,
        speaker_source: Option<String>,
        /// Headline metrics the report explicitly sets no number for.
        declined_targets: Vec<String>,
        /// ok | partial | failed
        status: String,
        parser_version: String,
        /// Other fields of the corpus record, as JSON.
        source_meta: Option<String>,
        n_sections: i32,
        n_tasks: i32,
        n_targets: i32,
        n_achievements: i32,
        n_projects: i32,
        n_diagnostics: i32,
        byte_start: i64,
        byte_end: i64,
        char_start: i64,
        char_end: i64,
    }
}

table! {
    /// Top-level parts of a report (一、二、…) with their heading line and body.
    SectionRow("sections") {
        section_id: String,
        report_id: String,
        parent_id: Option<String>,
        level: i32,
        ordinal: Option<i32>,
        marker: Option<String>,
        heading: Option<String>,
        /// review | plan | five_year_plan | livelihood_projects | self_construction | other
        /// (the groups of `tasks.group`; a part's group is its heading's)
        group: String,
        byte_start: i64,
        byte_end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
        body_byte_start: i64,
        body_byte_end: i64,
        body_char_start: i64,
        body_char_end: i64,
    }
}

table! {
    /// Numbered work items (一是…, （一）…) with their measures (sub-headings).
    TaskRow("tasks") {
        task_id: String,
        report_id: String,
        section_id: Option<String>,
        /// The kind of list the item is in: plan (the year's key tasks) | five_year_plan
        /// (a five-year plan's key tasks, in its start year) | livelihood_projects (民生实事,
        /// 十件实事, 为民办实事: the year's projects for the people; their figures are also
        /// targets) | review (last year's or the last five years' accomplishments) |
        /// self_construction (the government's own construction) | other (a part no
        /// heading classifies)
        group: String,
        /// First year the item is for: the plan's first year for five_year_plan, the plan
        /// year for plan and livelihood_projects; null for review, self_construction and
        /// other.
        horizon_start: Option<i32>,
        /// Last year the item is for (the plan's last year for five_year_plan).
        horizon_end: Option<i32>,
        ordinal: i32,
        marker: String,
        marker_present: bool,
        heading: Option<String>,
        heading_char_start: Option<i64>,
        heading_char_end: Option<i64>,
        theme: Option<String>,
        focus: Option<String>,
        measures: Vec<String>,
        measure_char_starts: Vec<i64>,
        measure_char_ends: Vec<i64>,
        byte_start: i64,
        byte_end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
    }
}

table! {
    /// Targets (goals) and achievements (realised figures): the same columns.
    QuantityRow("targets") {
        id: String,
        report_id: String,
        section_id: Option<String>,
        task_id: Option<String>,
        headline: bool,
        metric_raw: String,
        metric: Option<String>,
        metric_label: Option<String>,
        /// growth_rate | level | share | count | change_points | qualitative
        kind: String,
        value: Option<f64>,
        value_high: Option<f64>,
        value_text: Option<String>,
        unit: Option<String>,
        unit_base: Option<String>,
        value_base: Option<f64>,
        value_high_base: Option<f64>,
        /// around | at_least | at_most | range | point | relative
        comparator: String,
        comparator_raw: Option<String>,
        qualifier: Option<String>,
        reference: Option<String>,
        annual_average: bool,
        horizon_start: Option<i32>,
        horizon_end: Option<i32>,
        byte_start: i64,
        byte_end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
    }
}

table! {
    /// Construction and investment projects: one row per clause and counted aggregate
    /// (a clause with two aggregates gives two rows with the same span), in the plan
    /// part and in the review part (last year's starts and completions).
    ProjectRow("projects") {
        /// Stable id: report_id, `-J`, ordinal in the report.
        project_id: String,
        /// The report (`reports.report_id`).
        report_id: String,
        /// The top-level section the clause is in (`sections.section_id`); its `group`
        /// says review or plan.
        section_id: Option<String>,
        /// The task the clause is in (`tasks.task_id`), if any.
        task_id: Option<String>,
        /// Names of individual projects as printed, split at 、 and 和.
        names: Vec<String>,
        /// The class phrase as printed (产业类项目, 重点工程); null when the name carries it.
        head: Option<String>,
        /// The printed classifier of a 项目 head, rank words left out (产业类, 基础设施类,
        /// 技改, 建链, 服务业…); null for 工程 / 基地 / 园 heads.
        category: Option<String>,
        /// The printed count of the aggregate (N个; N个以上 and N余个 give N); null for
        /// 一批 and named projects.
        count: Option<i64>,
        /// Investment figure as printed (in the clause or the clause after it).
        investment_value: Option<f64>,
        /// Unit of `investment_value` as printed (亿元, 万元, 万亿元).
        investment_unit: Option<String>,
        /// `investment_value` in 亿元.
        investment_yi_yuan: Option<f64>,
        /// What the investment measures: total (总投资), annual (完成投资 in the year) or
        /// threshold (a minimum per project: 亿元以上项目).
        investment_basis: Option<String>,
        /// Area or length of the works as printed (90 for 海塘安澜工程90公里).
        size_value: Option<f64>,
        /// Unit of `size_value` as printed (万亩, 平方公里, 万平方米, 公里).
        size_unit: Option<String>,
        /// new_start | planned | ongoing | completed, from the governing verb (a status
        /// phrase after the head wins: 项目开工建设); null when the verb says nothing.
        status: Option<String>,
        /// The governing verb as printed (for a clause sharing the previous clause's verb,
        /// that verb).
        status_raw: Option<String>,
        /// project_id of the aggregate this row is a subset of (其中…, 217个当年开工).
        part_of: Option<String>,
        /// UTF-8 byte offset where the clause starts in the decoded text.
        byte_start: i64,
        /// UTF-8 byte offset just past the clause's end.
        byte_end: i64,
        /// Code point offset where the clause starts.
        char_start: i64,
        /// Code point offset just past the clause's end.
        char_end: i64,
        /// The clause, the exact slice of the decoded text.
        text: String,
    }
}

table! {
    /// What the parser noticed and could not resolve.
    DiagnosticRow("diagnostics") {
        diagnostic_id: String,
        report_id: String,
        /// info | warning | error
        #[schemars(with = "String")]
        severity: Severity,
        code: String,
        message: String,
        byte_start: i64,
        byte_end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
    }
}

table! {
    /// The text split into paragraphs, for text mining.
    ParagraphRow("paragraphs") {
        paragraph_id: String,
        report_id: String,
        section_id: Option<String>,
        ordinal: i32,
        byte_start: i64,
        byte_end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
    }
}

/// All rows of one report, per table.
#[derive(Debug, Default)]
pub struct Rows {
    pub reports: Vec<ReportRow>,
    pub sections: Vec<SectionRow>,
    pub tasks: Vec<TaskRow>,
    pub targets: Vec<QuantityRow>,
    pub achievements: Vec<QuantityRow>,
    pub projects: Vec<ProjectRow>,
    pub diagnostics: Vec<DiagnosticRow>,
    pub paragraphs: Vec<ParagraphRow>,
}

pub const TABLES: &[&str] = &[
    "reports",
    "sections",
    "tasks",
    "targets",
    "achievements",
    "projects",
    "diagnostics",
    "paragraphs",
];

impl Rows {
    pub fn push(&mut self, r: ParsedReport) {
        let counts = RecordCounts::of(&r);
        self.reports.push(report_row(r.report, &counts));
        self.sections
            .extend(r.sections.into_iter().map(SectionRow::from));
        self.tasks.extend(r.tasks.into_iter().map(TaskRow::from));
        self.targets
            .extend(r.targets.into_iter().map(QuantityRow::from));
        self.achievements
            .extend(r.achievements.into_iter().map(QuantityRow::from));
        self.projects
            .extend(r.projects.into_iter().map(ProjectRow::from));
        self.diagnostics
            .extend(r.diagnostics.into_iter().map(DiagnosticRow::from));
        self.paragraphs
            .extend(r.paragraphs.into_iter().map(ParagraphRow::from));
    }

    pub fn len(&self, table: &str) -> usize {
        match table {
            "reports" => self.reports.len(),
            "sections" => self.sections.len(),
            "tasks" => self.tasks.len(),
            "targets" => self.targets.len(),
            "achievements" => self.achievements.len(),
            "projects" => self.projects.len(),
            "diagnostics" => self.diagnostics.len(),
            "paragraphs" => self.paragraphs.len(),
            _ => 0,
        }
    }
}

/// How many records of each kind a report has (its row's `n_*` columns).
struct RecordCounts {
    sections: usize,
    tasks: usize,
    targets: usize,
    achievements: usize,
    projects: usize,
    diagnostics: usize,
}

impl RecordCounts {
    fn of(r: &ParsedReport) -> RecordCounts {
        RecordCounts {
            sections: r.sections.len(),
            tasks: r.tasks.len(),
            targets: r.targets.len(),
            achievements: r.achievements.len(),
            projects: r.projects.len(),
            diagnostics: r.diagnostics.len(),
        }
    }
}

fn report_row(rep: Report, counts: &RecordCounts) -> ReportRow {
    let prov = |p: Option<Provenance>| p.map(|p| enum_str(&p));
    ReportRow {
        report_id: rep.report_id,
        source: rep.source,
        member: rep.member.map(i64_of),
        sha256: rep.sha256,
        bytes: i64_of(rep.bytes),
        chars: i64_of(rep.chars),
        encoding: rep.encoding,
        from_html: rep.from_html,
        doc_kind: enum_str(&rep.doc_kind),
        title: rep.title,
        title_source: prov(rep.title_source),
        region: rep.region,
        region_source: prov(rep.region_source),
        region_code: rep.region_code,
        parent_code: rep.parent_code,
        admin_level: rep.admin_level.map(|l| l.as_str().to_string()),
        admin_level_source: prov(rep.admin_level_source),
        year: rep.year,
        year_source: prov(rep.year_source),
        delivered_on: rep.delivered_on,
        delivered_on_source: prov(rep.delivered_on_source),
        speaker: rep.speaker,
        speaker_source: prov(rep.speaker_source),
        declined_targets: rep.declined_targets,
        status: enum_str(&rep.status),
        parser_version: rep.parser_version,
        source_meta: rep.source_meta,
        n_sections: i32_of(counts.sections),
        n_tasks: i32_of(counts.tasks),
        n_targets: i32_of(counts.targets),
        n_achievements: i32_of(counts.achievements),
        n_projects: i32_of(counts.projects),
        n_diagnostics: i32_of(counts.diagnostics),
        byte_start: i64_of(rep.span.byte_start),
        byte_end: i64_of(rep.span.byte_end),
        char_start: i64_of(rep.span.char_start),
        char_end: i64_of(rep.span.char_end),
    }
}

impl From<Section> for SectionRow {
    fn from(s: Section) -> SectionRow {
        SectionRow {
            section_id: s.section_id,
            report_id: s.report_id,
            parent_id: s.parent_id,
            level: s.level.into(),
            ordinal: s.ordinal.map(i32_of),
            marker: s.marker,
            heading: s.heading,
            group: s.group,
            byte_start: i64_of(s.span.byte_start),
            byte_end: i64_of(s.span.byte_end),
            char_start: i64_of(s.span.char_start),
            char_end: i64_of(s.span.char_end),
            text: s.text,
            body_byte_start: i64_of(s.body.byte_start),
            body_byte_end: i64_of(s.body.byte_end),
            body_char_start: i64_of(s.body.char_start),
            body_char_end: i64_of(s.body.char_end),
        }
    }
}

impl From<Task> for TaskRow {
    fn from(t: Task) -> TaskRow {
        TaskRow {
            task_id: t.task_id,
            report_id: t.report_id,
            section_id: t.section_id,
            group: t.group.as_str().to_string(),
            horizon_start: t.horizon_start,
            horizon_end: t.horizon_end,
            ordinal: i32_of(t.ordinal),
            marker: t.marker,
            marker_present: t.marker_present,
            heading: t.heading,
            heading_char_start: t.heading_span.map(|h| i64_of(h.char_start)),
            heading_char_end: t.heading_span.map(|h| i64_of(h.char_end)),
            theme: t.theme,
            focus: t.focus,
            measure_char_starts: t
                .measures
                .iter()
                .map(|m| i64_of(m.span.char_start))
                .collect(),
            measure_char_ends: t.measures.iter().map(|m| i64_of(m.span.char_end)).collect(),
            measures: t.measures.into_iter().map(|m| m.text).collect(),
            byte_start: i64_of(t.span.byte_start),
            byte_end: i64_of(t.span.byte_end),
            char_start: i64_of(t.span.char_start),
            char_end: i64_of(t.span.char_end),
            text: t.text,
        }
    }
}

impl From<Quantity> for QuantityRow {
    fn from(q: Quantity) -> QuantityRow {
        QuantityRow {
            id: q.id,
            report_id: q.report_id,
            section_id: q.section_id,
            task_id: q.task_id,
            headline: q.headline,
            metric_raw: q.metric_raw,
            metric: q.metric,
            metric_label: q.metric_label,
            kind: enum_str(&q.kind),
            value: q.value,
            value_high: q.value_high,
            value_text: q.value_text,
            unit: q.unit,
            unit_base: q.unit_base,
            value_base: q.value_base,
            value_high_base: q.value_high_base,
            comparator: enum_str(&q.comparator),
            comparator_raw: q.comparator_raw,
            qualifier: q.qualifier,
            reference: q.reference,
            annual_average: q.annual_average,
            horizon_start: q.horizon_start,
            horizon_end: q.horizon_end,
            byte_start: i64_of(q.span.byte_start),
            byte_end: i64_of(q.span.byte_end),
            char_start: i64_of(q.span.char_start),
            char_end: i64_of(q.span.char_end),
            text: q.text,
        }
    }
}

impl From<Project> for ProjectRow {
    fn from(p: Project) -> ProjectRow {
        ProjectRow {
            project_id: p.project_id,
            report_id: p.report_id,
            section_id: p.section_id,
            task_id: p.task_id,
            names: p.names,
            head: p.head,
            category: p.category,
            count: p.count.map(i64_of),
            investment_value: p.investment_value,
            investment_unit: p.investment_unit,
            investment_yi_yuan: p.investment_yi_yuan,
            investment_basis: p.investment_basis.map(|b| b.as_str().to_string()),
            size_value: p.size_value,
            size_unit: p.size_unit,
            status: p.status.map(|s| s.as_str().to_string()),
            status_raw: p.status_raw,
            part_of: p.part_of,
            byte_start: i64_of(p.span.byte_start),
            byte_end: i64_of(p.span.byte_end),
            char_start: i64_of(p.span.char_start),
            char_end: i64_of(p.span.char_end),
            text: p.text,
        }
    }
}

impl From<Diagnostic> for DiagnosticRow {
    fn from(d: Diagnostic) -> DiagnosticRow {
        DiagnosticRow {
            diagnostic_id: d.diagnostic_id,
            report_id: d.report_id,
            severity: d.severity,
            code: d.code,
            message: d.message,
            byte_start: i64_of(d.span.byte_start),
            byte_end: i64_of(d.span.byte_end),
            char_start: i64_of(d.span.char_start),
            char_end: i64_of(d.span.char_end),
            text: d.text,
        }
    }
}

impl From<Paragraph> for ParagraphRow {
    fn from(p: Paragraph) -> ParagraphRow {
        ParagraphRow {
            paragraph_id: p.paragraph_id,
            report_id: p.report_id,
            section_id: p.section_id,
            ordinal: i32_of(p.ordinal),
            byte_start: i64_of(p.span.byte_start),
            byte_end: i64_of(p.span.byte_end),
            char_start: i64_of(p.span.char_start),
            char_end: i64_of(p.span.char_end),
            text: p.text,
        }
    }
}
