//! Fixtures per rule: for every rule of the grammar (a row or a group of rows of a data
//! table under `data/`, or a code path such as Chinese numerals or the outline walk) a few
//! sentences of real report text from `../shared/corpus`, in `tests/fixtures/rules/<name>.txt`,
//! and the records gwr reads from them, pinned as an insta snapshot
//! (`tests/snapshots/rule_fixtures__<name>.snap`, one line per record).
//!
//! Each fixture also
//! - must yield the record its rule is about, with a real value ([`Must`]), so a fixture
//!   that silently yields nothing fails;
//! - is checked by the span invariants: every `text` is the slice of the fixture at its
//!   byte and its char offsets, and every span lies inside its parent (a measure and a
//!   heading inside their task, a task inside its section, a record inside its task and
//!   section, everything inside the text);
//! - is real text: every line of the fixture occurs in the decoded source it names
//!   (the transformed layouts say which transformation was applied to which source text).
//!
//! To add a fixture: write the text file, add a row to [`FIXTURES`], run
//! `INSTA_UPDATE=always cargo test --release --test rule_fixtures` and read the new
//! `.snap` file before committing it.

mod common;

use std::fmt::Write as _;

use gwr::input::{self, ReadOptions};
use gwr::parse::{self, SourceInfo};
use serde_json::Value;

/// What a fixture must yield, so that a fixture that silently yields nothing fails.
/// `table` is a record table of the report (targets, achievements, tasks, sections,
/// projects, diagnostics, paragraphs) or `report` (the report row); `field` may name a
/// nested field with dots (`measures.0.text`); `value` is JSON (`7.5`, `true`, `null`)
/// or, when it is not JSON, a string (`around`, `地区生产总值`).
enum Must {
    /// A record of `table` whose `field` equals `value`.
    Has(&'static str, &'static str, &'static str),
    /// No record of `table` has `field` equal to `value` (a rule that rejects a shape).
    Lacks(&'static str, &'static str, &'static str),
    /// `table` has no record at all.
    Empty(&'static str),
}

use Must::{Empty, Has, Lacks};

/// How the fixture text was taken from its source.
#[derive(Clone, Copy, PartialEq)]
enum Taken {
    /// Lines copied as they are (excerpts of one report, joined by line breaks).
    Copied,
    /// Real lines, written without their line breaks (a one-line layout).
    OneLine,
    /// Real lines, with every line break written as the four characters `\r\n`.
    EscapedBreaks,
    /// Real lines, hard-wrapped at a fixed width in chars.
    HardWrapped(usize),
}

struct Fixture {
    /// File stem under `tests/fixtures/rules/` and snapshot name.
    name: &'static str,
    /// The rule, as a data file row class or a code path.
    rule: &'static str,
    /// The source below `../shared/corpus/` (`#N`: member N of a JSONL corpus).
    source: &'static str,
    taken: Taken,
    must: &'static [Must],
}

/// The fixtures: name (file stem and snapshot), rule, source below `../shared/corpus/`,
/// how the text was taken, and what it must yield.
const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "lead_main_target_list",
        rule: "data/target_leads.tsv noun 目标 + qualifier 主要/预期 + copula 是: a headline target list",
        source: "cities_2024/吉林.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "地区生产总值"), Has("targets", "headline", "true"), Has("targets", "value", "7")],
    },
    Fixture {
        name: "lead_colon_only",
        rule: "data/target_leads.tsv: a lead-in opened by a colon alone (主要预期目标：)",
        source: "lawtext/政府工作报告-其他地市/鸡西市/2020.md",
        taken: Taken::Copied,
        must: &[Has("targets", "headline", "true"), Has("targets", "value", "4.5"), Has("targets", "metric", "above_scale_industrial_value_added_growth")],
    },
    Fixture {
        name: "lead_prospective_indicators",
        rule: "data/target_leads.tsv noun 指标 + prospective qualifier 预期性",
        source: "lawtext/政府工作报告-主要城市/南京市/2021.md",
        taken: Taken::Copied,
        must: &[Has("targets", "headline", "true"), Has("targets", "unit", "亿美元"), Has("targets", "value_base", "5000000000")],
    },
    Fixture {
        name: "lead_ends_paragraph",
        rule: "a lead-in that ends its paragraph opens the list in the next one (list_carries)",
        source: "national_reports.jsonl#23",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp_growth"), Has("targets", "value", "8")],
    },
    Fixture {
        name: "lead_five_year_scope",
        rule: "data/target_leads.tsv five_year (今后五年): a five-year list, not the headline",
        source: "national_reports.jsonl#35",
        taken: Taken::Copied,
        must: &[Has("targets", "horizon_end", "2005"), Has("targets", "reference", "2000年"), Lacks("targets", "headline", "true")],
    },
    Fixture {
        name: "lead_runs_into_first_item",
        rule: "walk::clauses: a lead-in without colon is cut from its first item (指标是地区生产总值…), unless an indicator stands before it",
        source: "lawtext/政府工作报告-省自治区/广西壮族自治区/2016.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "地区生产总值"), Has("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "lead_plan_this_year_old",
        rule: "old plans without a lead-in: 今年计划 + a macro metric (records)",
        source: "national_reports.jsonl#41",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp_growth"), Has("targets", "value", "9"), Has("targets", "unit", "百分之"), Has("targets", "metric_raw", "国内生产总值")],
    },
    Fixture {
        name: "inline_headline_plan_verb",
        rule: "data/inline_headline.tsv this_year 今年 + plan_verb 预期: the inline GDP target is the headline",
        source: "lawtext/政府工作报告-其他地市/鄂州市/2018.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp_growth"), Has("targets", "headline", "true"), Has("targets", "comparator", "around")],
    },
    Fixture {
        name: "headline_five_year_annual_average",
        rule: "inline_headline.rs five-year list: a headline list of annual averages (年均增长, data/quantity_words.tsv annual_average) is the five-year plan's, not the year's headline",
        source: "lawtext/政府工作报告-其他地市/怀化市/2016.md",
        taken: Taken::Copied,
        must: &[Has("targets", "horizon_end", "2020"), Has("targets", "annual_average", "true"), Has("targets", "headline", "true"), Has("targets", "value", "9")],
    },
    Fixture {
        name: "metric_part_of_economy",
        rule: "data/metric_context.tsv economy_part before an economy_head alias: 海洋生产总值 is not the region's GDP",
        source: "lawtext/政府工作报告-主要城市/青岛市/2019.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "海洋生产总值"), Lacks("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "metric_per_unit_gdp_energy",
        rule: "data/metrics.tsv energy_consumption_per_unit_gdp alias 万元生产总值能源消耗: not GDP growth",
        source: "lawtext/政府工作报告-省自治区/广西壮族自治区/2006.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "energy_consumption_per_unit_gdp"), Has("targets", "metric", "gdp_growth"), Has("targets", "headline", "true")],
    },
    Fixture {
        name: "metric_per_unit_gdp_water",
        rule: "data/metrics.tsv water_use_per_unit_gdp alias 万元地区生产总值水耗: not GDP growth",
        source: "lawtext/政府工作报告-主要城市/北京市/2017.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "water_use_per_unit_gdp"), Has("targets", "value", "3")],
    },
    Fixture {
        name: "metric_list_indicator_names",
        rule: "data/metrics.tsv indicator names of headline lists outside the panel (金融机构存贷款余额, 农产品加工转化率, 九年义务教育巩固率, 旅游人均花费, 人口出生率, 港口货物吞吐量 …)",
        source: "lawtext/政府工作报告-其他地市/铜仁市/2022.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "financial_institution_loans_growth"), Has("targets", "value", "18"), Has("targets", "headline", "true")],
    },
    Fixture {
        name: "metric_series_ordinal_industries",
        rule: "data/metrics.tsv aliases 一产业增加值/二产业增加值/三产业增加值: a series 一、二、三产业增加值分别增长 names the three industries (series.rs completes 二 with the last part's head)",
        source: "cities_2024/贺州.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "primary_industry_value_added_growth"), Has("targets", "metric", "secondary_industry_value_added_growth"), Has("targets", "value", "7")],
    },
    Fixture {
        name: "metric_growth_bare_relative",
        rule: "data/quantity_words.tsv growth_bare 增速: a goal without figure whose clause names a rate is a growth measure (地区生产总值增速高于全省平均水平 -> gdp_growth)",
        source: "lawtext/政府工作报告-其他地市/资阳市/2023.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp_growth"), Has("targets", "metric", "total_retail_sales_of_consumer_goods_growth"), Has("targets", "headline", "true")],
    },
    Fixture {
        name: "comparator_at_least_at_most",
        rule: "comparators 以上 (at_least), 控制在…以内 (at_most), 左右 (around), 基本同步 (relative)",
        source: "cities_2024/北海.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "comparator", "at_least"), Has("targets", "comparator", "at_most"), Has("targets", "comparator_raw", "以内"), Has("targets", "comparator", "relative")],
    },
    Fixture {
        name: "comparator_not_below",
        rule: "comparator 不低于 (at_least) with qualifier 确保; unit 万亩 (data/units.tsv, area)",
        source: "cities_2024/宜宾.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "comparator_raw", "不低于"), Has("targets", "qualifier", "确保"), Has("targets", "value_base", "5216000")],
    },
    Fixture {
        name: "comparator_range_dash",
        rule: "ranges N%—M% (number.rs range connectors)",
        source: "lawtext/政府工作报告-其他地市/鸡西市/2016.md",
        taken: Taken::Copied,
        must: &[Has("targets", "comparator", "range"), Has("targets", "value", "6.5"), Has("targets", "value_high", "7")],
    },
    Fixture {
        name: "comparator_relative_in_step",
        rule: "relative goal 与经济增长同步 (comparator relative, reference)",
        source: "cities_2024/吉林.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "comparator", "relative"), Has("targets", "reference", "经济增长")],
    },
    Fixture {
        name: "qualifier_and_currency_scale",
        rule: "qualifier 力争 and a currency level 突破1000亿元 (scale 亿 + 元, value_base)",
        source: "lawtext/政府工作报告-其他地市/安顺市/2020.md",
        taken: Taken::Copied,
        must: &[Has("targets", "comparator", "at_least"), Has("targets", "value_base", "100000000000"), Has("targets", "unit", "亿元")],
    },
    Fixture {
        name: "number_chinese_numerals",
        rule: "Chinese numerals 百分之六点七 / 百分之七点五 (number.rs) and a plan-period horizon (七五)",
        source: "national_reports.jsonl#46",
        taken: Taken::Copied,
        must: &[Has("targets", "value", "6.7"), Has("targets", "value", "7.5"), Has("targets", "unit_base", "percent")],
    },
    Fixture {
        name: "fold_fullwidth_percent",
        rule: "full-width ９０％ folded in the matching view (fold.rs); comparator 不低于 on a share",
        source: "cities_2024/六盘水.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "value", "90"), Has("targets", "unit_base", "percent")],
    },
    Fixture {
        name: "series_distributive_fenbie",
        rule: "distributive series 分别增长…左右 (series.rs); unit 万人 (persons)",
        source: "cities_2024/安顺.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "service_value_added_growth"), Has("targets", "metric", "rural_per_capita_disposable_income_growth"), Has("targets", "unit_base", "person")],
    },
    Fixture {
        name: "series_collective_members",
        rule: "data/collectives.tsv: one collective phrase with 分别 and one figure per member (城乡 → 城镇, 农村)",
        source: "cities_2024/济南.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "urban_per_capita_disposable_income_growth"), Has("targets", "metric", "rural_per_capita_disposable_income_growth")],
    },
    Fixture {
        name: "series_shared_jun",
        rule: "shared series A、B均增长N%以上 (series.rs)",
        source: "cities_2024/宁波.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "value", "5"), Has("targets", "comparator", "at_least")],
    },
    Fixture {
        name: "horizon_plan_period_sentence",
        rule: "horizon of a sentence naming a plan period (“十五”期间) and 年均 (annual_average)",
        source: "national_reports.jsonl#35",
        taken: Taken::Copied,
        must: &[Has("targets", "annual_average", "true"), Has("targets", "horizon_start", "2001"), Has("targets", "horizon_end", "2005")],
    },
    Fixture {
        name: "horizon_five_year_list",
        rule: "five-year context from 今后五年 / “十五” in the paragraph (horizon start-end)",
        source: "national_reports.jsonl#35",
        taken: Taken::Copied,
        must: &[Has("targets", "horizon_start", "2001"), Has("targets", "annual_average", "true"), Has("sections", "group", "five_year_plan")],
    },
    Fixture {
        name: "horizon_to_year_clause",
        rule: "horizon 到2025年 of the clauses after it",
        source: "lawtext/政府工作报告-主要城市/宁波市/2021.md",
        taken: Taken::Copied,
        must: &[Has("targets", "horizon_end", "2025"), Has("targets", "value_base", "1700000000000")],
    },
    Fixture {
        name: "achievement_review_part",
        rule: "a figure in a review part (…工作回顾) is an achievement; unit 万亿斤 (scale 万亿 + mass)",
        source: "national_reports.jsonl#1",
        taken: Taken::Copied,
        must: &[Has("achievements", "metric", "grain_output"), Has("achievements", "horizon_end", "2023"), Empty("targets")],
    },
    Fixture {
        name: "achievement_past_words",
        rule: "a paragraph outside any part with past words (过去) reads as review: achievements; 个百分点",
        source: "provinces_2026/2026_内蒙古自治区_政府工作报告.csv",
        taken: Taken::Copied,
        must: &[Has("achievements", "metric", "gdp_growth"), Has("achievements", "unit", "个百分点"), Empty("targets")],
    },
    Fixture {
        name: "achievement_five_year_review",
        rule: "review of five years (过去五年…回顾): achievements with 年均增长",
        source: "national_reports.jsonl#18",
        taken: Taken::Copied,
        must: &[Has("achievements", "annual_average", "true"), Has("achievements", "value", "9.3")],
    },
    Fixture {
        name: "review_and_plan_parts",
        rule: "the same shapes as achievements in the review part and as targets in the plan part",
        source: "cities_2024/北海.txt",
        taken: Taken::Copied,
        must: &[Has("achievements", "value", "5.8"), Has("targets", "value", "5.5"), Has("achievements", "metric", "secondary_industry_value_added_growth")],
    },
    Fixture {
        name: "outline_parts_and_groups",
        rule: "top-level parts 一、 and their groups review / plan / self_construction (outline::classify_group)",
        source: "cities_2024/北海.txt",
        taken: Taken::Copied,
        must: &[Has("sections", "group", "review"), Has("sections", "group", "plan"), Has("sections", "group", "self_construction")],
    },
    Fixture {
        name: "review_heading_effects",
        rule: "data/list_groups.tsv review 成效: a part heading that names last year's effects (2022年主要工作和成效) is review, though it names 工作; its figures are achievements",
        source: "lawtext/政府工作报告-其他地市/舟山市/2023.md",
        taken: Taken::Copied,
        must: &[Has("sections", "group", "review"), Has("achievements", "metric_raw", "主要经济指标中"), Lacks("targets", "metric_raw", "主要经济指标中"), Has("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "review_part_without_review_heading",
        rule: "outline::review_stretch: a numbered part whose heading names no kind of part (一、坚持克难奋进，实现本届政府良好开局) and whose paragraphs speak of the past (刚刚过去, 一年来: data/list_groups.tsv past) and not of the future is review as a whole; its items are review tasks and its figures achievements",
        source: "lawtext/政府工作报告-其他地市/淮南市/2014.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "group", "review"), Has("achievements", "value", "134.5"), Lacks("targets", "value", "134.5"), Has("targets", "metric", "gdp_growth"), Has("targets", "headline", "true")],
    },
    Fixture {
        name: "parts_under_unnumbered_review_heading",
        rule: "outline::inherit_parent_group: numbered parts right under an unnumbered review heading (**2014年工作回顾** then 一、经济发展质量明显提高) whose own headings name no kind of part are review, up to the next unnumbered heading (**2015年工作安排**); their items are review tasks and their figures achievements",
        source: "lawtext/政府工作报告-其他地市/云浮市/2015.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "group", "review"), Has("tasks", "group", "plan"), Has("achievements", "value", "148.1"), Lacks("targets", "value", "148.1"), Has("targets", "metric", "gdp_growth"), Has("targets", "value", "12")],
    },
    Fixture {
        name: "plan_after_self_construction",
        rule: "outline::year_targets_start: a self-construction part that goes on into this year's plan without a heading (加强政府自身建设 … 各位代表，2006年是实施“十一五”规划的第一年。今年全省经济社会发展的主要预期目标是:…) is plan from the paragraph that states this year's targets (leads::opens_year_targets) to its end, so the figures of 一是… 三是 after it are targets",
        source: "lawtext/政府工作报告-省自治区/贵州省/2006.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "group", "self_construction"), Has("targets", "metric", "gdp_growth"), Has("targets", "metric", "grain_output"), Has("targets", "metric", "coal_output"), Has("targets", "value", "290")],
    },
    Fixture {
        name: "plan_after_review_without_heading",
        rule: "outline::year_targets_start: a review part (一、2014年工作回顾) that goes on into this year's plan without a heading is plan from the paragraph that states this year's targets (经济社会发展主要预期目标是：…) to its end: the figures of the plan's items (全市粮食种植面积稳定在410万亩) are targets, not achievements, and its items are plan tasks",
        source: "lawtext/政府工作报告-其他地市/河池市/2015.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "group", "review"), Has("tasks", "group", "plan"), Has("achievements", "value", "106.52"), Has("targets", "value", "410"), Lacks("achievements", "value", "410"), Has("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "review_heading_head_final",
        rule: "list_groups::classify_heading: a heading with a review word and a plan word is review when the review word comes last, as the head of the phrase (四次会议确定的目标任务执行情况: data/list_groups.tsv review 执行情况), and decided paragraph by paragraph otherwise; its items are review tasks and its figures achievements",
        source: "lawtext/政府工作报告-省自治区/陕西省/2012.md",
        taken: Taken::Copied,
        must: &[Has("sections", "group", "review"), Has("tasks", "group", "review"), Lacks("tasks", "group", "other"), Has("achievements", "value", "5400"), Lacks("targets", "value", "5400"), Has("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "heading_cue_plan_name",
        rule: "data/outline_words.tsv heading_cue 十三五 (a five-year plan's name): a short unnumbered line naming a plan is a part heading (“十三五”蓝图为明年开局指明奋进方向), so the plan after it is not read as the review before it; a heading that names only a plan before the report's year (“十二五”) is review",
        source: "lawtext/政府工作报告-其他地市/怀化市/2016.md",
        taken: Taken::Copied,
        must: &[Has("sections", "heading", "“十三五”蓝图为明年开局指明奋进方向"), Has("sections", "group", "review"), Has("achievements", "value", "8.6"), Has("targets", "value", "11"), Has("targets", "annual_average", "true")],
    },
    Fixture {
        name: "endnotes_after_self_construction",
        rule: "data/outline_words.tsv heading_cue 自身建设 (加强政府自身建设 is a part heading) and endnote_heading 注解 (**注解：** ends the body): the endnotes' numbered terms are no tasks of the self-construction part",
        source: "lawtext/政府工作报告-其他地市/平凉市/2025.md",
        taken: Taken::Copied,
        must: &[Has("sections", "group", "self_construction"), Lacks("tasks", "group", "self_construction"), Has("targets", "value", "10")],
    },
    Fixture {
        name: "endnotes_before_livelihood_annex",
        rule: "outline::livelihood_annex_follows: endnotes (名词注解) followed by an annex that lists the year's projects for the people (2010年市政府十件实事) do not end the body, so the annex's list is kept",
        source: "lawtext/政府工作报告-主要城市/东莞市/2010.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "group", "livelihood_projects"), Has("tasks", "heading", "创建一批平安社区"), Has("targets", "value", "150")],
    },
    Fixture {
        name: "review_by_past_year",
        rule: "data/list_groups.tsv year_mark 年: a part heading that names only years before the report's (2014年主要工作 in a 2015 report) is review, though it names 工作 (outline::review_by_years); its figures are achievements",
        source: "lawtext/政府工作报告-主要城市/杭州市/2015.md",
        taken: Taken::Copied,
        must: &[Has("sections", "group", "review"), Has("achievements", "value", "16.2"), Lacks("targets", "value", "16.2"), Has("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "outline_tasks_paren_numerals",
        rule: "tasks （一）（二） in a plan part, with 一是 items inside them (outline series)",
        source: "cities_2024/吉林.txt",
        taken: Taken::Copied,
        must: &[Has("tasks", "marker", "（一）"), Has("tasks", "marker", "（二）"), Has("tasks", "heading", "坚定不移落实扩大内需战略")],
    },
    Fixture {
        name: "outline_tasks_shi_measures",
        rule: "tasks 一是/二是/三是; measure headings inside a task; theme/focus of X，全面提升Y",
        source: "lawtext/政府工作报告-其他地市/宿州市/2022.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "marker", "三是"), Has("tasks", "measures.0.text", "推动一产“两强一增”"), Has("tasks", "theme", "抓规划、扩能级"), Has("tasks", "focus", "城市品质")],
    },
    Fixture {
        name: "outline_tasks_arabic",
        rule: "tasks 1．2．3． after a lead sentence",
        source: "lawtext/政府工作报告-其他地市/镇江市/2019.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "marker", "3．"), Has("tasks", "heading", "优化养老服务")],
    },
    Fixture {
        name: "outline_lead_list_before_heading_tasks",
        rule: "outline::outer_series: a short inline list (一是…) before the part's heading list ((一)…) is a lead-in, the heading list is the tasks",
        source: "lawtext/政府工作报告-主要城市/武汉市/2009.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "heading", "增加投资，扩大消费，保持经济平稳较快增长"), Has("tasks", "marker", "（二）"), Lacks("tasks", "marker", "一是")],
    },
    Fixture {
        name: "outline_subtitle_takes_group",
        rule: "outline::subtitle_group: an unnumbered heading right under a review heading, with no body between (回顾2022年工作 ⏎ 我们锚定目标团结奋进攻坚克难), is its subtitle and reads as review, though it names 目标",
        source: "lawtext/政府工作报告-其他地市/邯郸市/2023.md",
        taken: Taken::Copied,
        must: &[Has("achievements", "value", "1.34"), Lacks("targets", "value", "1.34"), Has("sections", "heading", "我们锚定目标团结奋进攻坚克难"), Has("sections", "group", "plan")],
    },
    Fixture {
        name: "outline_work_list_before_heading_tasks",
        rule: "data/list_groups.tsv work_list (件大事): a short list of work items before the heading list is kept as tasks too",
        source: "lawtext/政府工作报告-其他地市/眉山市/2023.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "marker", "2."), Has("tasks", "marker", "（二）")],
    },
    Fixture {
        name: "metadata_one_line_header",
        rule: "metadata::header_pieces, data/region_words.tsv header_break (——, 各位代表): a text without line breaks still has its title, delivery line and speaker",
        source: "cities_2024/河池.txt",
        taken: Taken::OneLine,
        must: &[Has("report", "delivered_on", "2024-02-02"), Has("report", "year", "2024"), Has("report", "speaker", "王军"), Has("report", "region", "河池市")],
    },
    Fixture {
        name: "metadata_speaker_name_line",
        rule: "metadata::name_line, data/region_words.tsv congress_line_end (会议上): the speaker's name alone on the line under the congress line",
        source: "lawtext/政府工作报告-省自治区/湖南省/2022.md",
        taken: Taken::Copied,
        must: &[Has("report", "speaker", "毛伟明")],
    },
    Fixture {
        name: "outline_measure_heading",
        rule: "a measure heading (a short sentence opening a paragraph) inside a （三） task",
        source: "lawtext/政府工作报告-其他地市/六盘水市/2023.md",
        taken: Taken::Copied,
        must: &[Has("tasks", "marker", "（三）"), Has("tasks", "measures.0.text", "全面推进乡村振兴和乡村治理")],
    },
    Fixture {
        name: "list_groups_past_paragraphs",
        rule: "data/list_groups.tsv past (过去一年): in a report without parts, the paragraphs before the plan's lead-in (今年政府工作的总体要求是) that speak of the past make a review stretch, whose figures are achievements (outline::review_stretch)",
        source: "cities_2024/梧州.txt",
        taken: Taken::Copied,
        must: &[Has("achievements", "value", "50.47"), Lacks("targets", "value", "50.47"), Has("targets", "metric", "gdp_growth")],
    },
    Fixture {
        name: "one_line_bold_verb_part_heading",
        rule: "layout::bold_part_heading_end: in a text without line breaks a bold run that opens with a plan verb and ends with a verb part tail (**全面加强政府自身建设**, data/heading_ends.tsv) is an unnumbered part heading, as a plain one is",
        source: "lawtext/政府工作报告-其他地市/天水市/2018.md",
        taken: Taken::OneLine,
        must: &[Has("sections", "heading", "全面加强政府自身建设"), Has("sections", "group", "self_construction"), Lacks("sections", "heading", "全面加强政府自身建设**")],
    },
    Fixture {
        name: "list_end_explains_target",
        rule: "data/tense_words.tsv list_end (之所以): a sentence that explains the target list ends it, here in a text without line breaks where the explanation shares the list's paragraph",
        source: "lawtext/政府工作报告-省自治区/山东省/2021.md",
        taken: Taken::OneLine,
        must: &[Has("targets", "headline", "true"), Has("targets", "text", "之所以确定6%以上的经济增长目标"), Has("targets", "headline", "false")],
    },
    Fixture {
        name: "layout_front_matter_delivery_line",
        rule: "front matter title (layout.rs), delivery line ——date在…会议上, speaker line (metadata.rs)",
        source: "lawtext/政府工作报告-其他地市/鄂州市/2018.md",
        taken: Taken::Copied,
        must: &[Has("report", "title", "鄂州市政府工作报告(2018年1月4日王立)"), Has("report", "delivered_on", "2018-01-04"), Has("report", "speaker", "王立"), Has("report", "region", "鄂州市")],
    },
    Fixture {
        name: "layout_bold_headings",
        rule: "**bold** heading lines (layout.rs) read as parts",
        source: "lawtext/政府工作报告-主要城市/南京市/2021.md",
        taken: Taken::Copied,
        must: &[Has("sections", "heading", "2021年主要任务"), Has("sections", "group", "review")],
    },
    Fixture {
        name: "basis_year_on_year",
        rule: "data/quantity_words.tsv basis 同比/环比: a year-on-year basis ends the metric and its 比 compares nothing (地区生产总值同比增长6.5%左右)",
        source: "lawtext/政府工作报告-其他地市/朔州市/2020.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "地区生产总值"), Has("targets", "metric", "gdp_growth"), Lacks("targets", "metric_raw", "地区生产总值同")],
    },
    Fixture {
        name: "layout_bold_heading_with_body_on_line",
        rule: "a bold numbered or part heading with its body on the same line (**二、2012年工作目标要求** 今年，…) ends its paragraph (layout::bold_heading_break)",
        source: "lawtext/政府工作报告-主要城市/重庆市/2012.md",
        taken: Taken::Copied,
        must: &[Has("sections", "heading", "2012年工作目标要求"), Has("sections", "heading", "2012年的主要工作"), Has("targets", "value", "13.5")],
    },
    Fixture {
        name: "outline_review_items_with_inline_lists",
        rule: "items 一、 under an unnumbered part heading (2013年工作回顾) are its tasks although each holds an inline list 一是…二是… (outline::holds_list counts （一） lists only)",
        source: "lawtext/政府工作报告-主要城市/成都市/2014.md",
        taken: Taken::Copied,
        // Also data/quantity_words.tsv metric_prefix 预计/全市: a hedge or scope before the
        // predicate is no metric (预计实现规模以上工业增加值2800亿元).
        must: &[Has("tasks", "heading", "经济发展实现稳中快进"), Lacks("sections", "heading", "经济发展实现稳中快进"), Has("sections", "group", "review"), Has("achievements", "metric_raw", "实现规模以上工业增加值"), Lacks("achievements", "metric_raw", "预计")],
    },
    Fixture {
        name: "layout_ascii_point_marker",
        rule: "canon::starts_with_marker: 6.坚持… (an ASCII point before a word) is a marker, so the blank line after its heading line is a paragraph end",
        source: "lawtext/政府工作报告-其他地市/常德市/2021.md",
        taken: Taken::Copied,
        must: &[Has("paragraphs", "text", "6.坚持推动绿色发展，促进生态环境持续改善"), Has("paragraphs", "text", "7.坚持以人民为中心，改善城乡群众生活品质")],
    },
    Fixture {
        name: "target_item_marker_not_metric",
        rule: "quantities::item_marker_len: a list item's marker ((2), 9、) is not part of its metric",
        source: "lawtext/政府工作报告-其他地市/常德市/2021.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "新改造城镇老旧小区"), Has("targets", "metric_raw", "建设特困人员供养机构")],
    },
    Fixture {
        name: "list_over_item_paragraphs",
        rule: "walk::Carry: a target list goes on over paragraphs that open with its next item (——…, 1．… 2．…; data/tense_words.tsv item_dash), so every item of this year's list is headline",
        source: "lawtext/政府工作报告-主要城市/重庆市/2004.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp_growth"), Has("targets", "metric", "urban_registered_unemployment_rate"), Has("targets", "metric", "foreign_trade_growth"), Lacks("targets", "headline", "false")],
    },
    Fixture {
        name: "list_over_open_paragraphs",
        rule: "walk::Carry, ItemMark::Open: an unmarked paragraph of a target list that ends with ； (data/tense_words.tsv item_end) carries the list into a next paragraph that opens with an indicator",
        source: "lawtext/政府工作报告-其他地市/惠州市/2019.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp_growth"), Has("targets", "metric", "total_retail_sales_of_consumer_goods_growth"), Has("targets", "metric", "per_capita_disposable_income_growth"), Lacks("targets", "headline", "false")],
    },
    Fixture {
        name: "list_open_item_with_figure",
        rule: "walk::open_item_follows: after an open item paragraph (…；⏎), a paragraph whose first sentence states a figure goes on with the list although its first clause names no indicator (环境空气质量稳居全国重点城市前列；饮用水源水质达标率保持100%；)",
        source: "lawtext/政府工作报告-其他地市/惠州市/2022.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "drinking_water_source_compliance_ratio"), Has("targets", "metric", "gdp_growth"), Lacks("targets", "headline", "false")],
    },
    Fixture {
        name: "item_marker_before_numeral",
        rule: "quantities::item_marker_len: an arabic marker before a numeral is still a marker (7.三级、二级…), only 一、 or 第一、 run on into an enumeration",
        source: "lawtext/政府工作报告-省自治区/内蒙古自治区/2024.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "三级、二级、一级医疗机构职工医保门诊统筹起付线由统一"), Lacks("targets", "metric_raw", "7.三级、二级、一级医疗机构职工医保门诊统筹起付线由统一")],
    },
    Fixture {
        name: "metadata_date_in_numerals",
        rule: "canon::numeral_year_before (data/canon_marks.tsv year_zero, year_mark): a year in numerals (二〇二四年) is 2024年 in the view; metadata::date_number reads a month and day in numerals (一月十八日)",
        source: "lawtext/政府工作报告-其他地市/赤峰市/2024.md",
        taken: Taken::Copied,
        must: &[Has("report", "delivered_on", "2024-01-18"), Has("report", "year", "2024"), Has("report", "speaker", "栾天猛"), Has("report", "region", "赤峰市")],
    },
    Fixture {
        name: "horizon_vision_in_document_title",
        rule: "periods::sentence_horizon: a vision year inside a document title (《…和二〇三五年远景目标纲要（草案）》; data/tense_words.tsv title_open, title_close) is no horizon; the sentence's “十四五”期间 is",
        source: "lawtext/政府工作报告-其他地市/梧州市/2021.md",
        taken: Taken::Copied,
        must: &[Has("targets", "horizon_end", "2025"), Has("targets", "metric", "gdp_growth"), Lacks("targets", "horizon_end", "2035")],
    },
    Fixture {
        name: "project_scope_before_verb",
        rule: "data/projects.tsv scope (全年, 全市): a scope word before the lead verb is neither status nor object (全年实施亿元以上项目756个: status_raw 实施, head 项目)",
        source: "lawtext/政府工作报告-其他地市/荆门市/2016.md",
        taken: Taken::Copied,
        must: &[Has("projects", "status_raw", "实施"), Has("projects", "count", "756"), Lacks("projects", "head", "全年实施亿元以上项目")],
    },
    Fixture {
        name: "metric_prefix_span",
        rule: "data/quantity_words.tsv metric_prefix 五年, 累计: a span word before the predicate is no metric, so the figure takes the indicator before it (生产总值年均增长13.2%，五年增长1.3倍)",
        source: "lawtext/政府工作报告-省自治区/江西省/2011.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp"), Has("targets", "value", "1.3"), Lacks("targets", "metric_raw", "五年")],
    },
    Fixture {
        name: "leading_verb_resolve",
        rule: "data/quantity_words.tsv leading_verb 解决, 帮助, 扶持…: the noun after the figure is the indicator (解决18万农村人口饮水安全问题); metrics.tsv drinking_water_safety_solved",
        source: "lawtext/政府工作报告-其他地市/南平市/2014.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "农村人口饮水安全问题"), Has("targets", "metric", "drinking_water_safety_solved"), Lacks("targets", "metric_raw", "解决")],
    },
    Fixture {
        name: "inherit_year_only",
        rule: "quantities::inherits: a clause whose indicator phrase is only a year (2007年达到3000亿元) is about the indicator before it",
        source: "lawtext/政府工作报告-主要城市/青岛市/2003.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric", "gdp"), Has("targets", "value", "3000"), Lacks("targets", "metric_raw", "2007年")],
    },
    Fixture {
        name: "inherit_growth_reach_qualified",
        rule: "quantities::read_segment: after a growth figure, 力争达到 + a figure in its unit is a growth figure of the same indicator (增长10%以上，力争达到11%)",
        source: "lawtext/政府工作报告-主要城市/兰州市/2009.md",
        taken: Taken::Copied,
        must: &[Has("targets", "value", "11"), Has("targets", "qualifier", "力争"), Lacks("targets", "metric", "gdp"), Lacks("targets", "metric", "fixed_asset_investment")],
    },
    Fixture {
        name: "inherit_not_predicate_with_object",
        rule: "quantities::inherits: a clause of predicate and object (新增公共停车位2.5万个) names its own indicator, it does not inherit the one before",
        source: "lawtext/政府工作报告-主要城市/贵阳市/2022.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "新增公共停车位"), Has("targets", "metric_raw", "提升改造农超市场")],
    },
    Fixture {
        name: "fulfil_named_by_task",
        rule: "quantities::named_by_task: 全面完成脱贫攻坚任务 (fulfil_adverb, fulfil, fulfil_end) names its goal by the task; an issuer (国家下达的) and fillers (各项) are not the name",
        source: "lawtext/政府工作报告-省自治区/山东省/2020.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "脱贫攻坚"), Lacks("targets", "metric_raw", "全面")],
    },
    Fixture {
        name: "basis_after_metric",
        rule: "quantity_words basis: 按可比口径 between metric and predicate ends the metric (一般公共预算收入按可比口径增长6%左右)",
        source: "lawtext/政府工作报告-省自治区/内蒙古自治区/2017.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "一般公共预算收入"), Has("targets", "metric", "general_budget_revenue_growth")],
    },
    Fixture {
        name: "basis_before_metric",
        rule: "quantity_words basis: 按可比口径 before the metric is cut from its start, and its 比 is no comparison",
        source: "lawtext/政府工作报告-省自治区/福建省/2011.md",
        taken: Taken::Copied,
        must: &[Has("targets", "metric_raw", "实际利用外商直接投资"), Lacks("targets", "metric_raw", "按可")],
    },
    Fixture {
        name: "layout_jump_lines",
        rule: "newspaper jump lines （下转第四版） / （上接第三版） are layout (canon.rs)",
        source: "lawtext/政府工作报告-其他地市/天水市/2025.md",
        taken: Taken::Copied,
        must: &[Has("projects", "status", "planned")],
    },
    Fixture {
        name: "layout_one_line_heading_opener",
        rule: "one-line layout (a line over 3000 bytes, layout.rs): a heading ends before a body opener 坚持 (data/heading_ends.tsv opener)",
        source: "lawtext/政府工作报告-省自治区/江苏省/2019.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "（六）人民群众获得感幸福感安全感持续增强")],
    },
    Fixture {
        name: "layout_one_line_heading_tail",
        rule: "one-line layout (a line over 3000 bytes, layout.rs): a heading ends after the tail 工作回顾 before a year body (data/heading_ends.tsv tail, year_next)",
        source: "cities_2024/北海.txt",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "一、2023年工作回顾")],
    },
    Fixture {
        name: "layout_one_line_verb_opener",
        rule: "one-line layout (layout.rs verb_body): a heading part that opens with a plan verb (推动…) ends before a verb opener 深入 (data/heading_ends.tsv plan_verb, verb_opener)",
        source: "cities_2024/宁波.txt",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "（十）协力深化“七优享”工程，推动共同富裕示范先行")],
    },
    Fixture {
        name: "layout_one_line_period_body",
        rule: "one-line layout (layout.rs period_body): a heading ends before a plan period that opens a body, “十一五”时期，是… (data/heading_ends.tsv period_suffix, year_next)",
        source: "lawtext/政府工作报告-主要城市/北京市/2006.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "二、“十一五”时期的国民经济和社会发展"), Has("sections", "group", "five_year_plan")],
    },
    Fixture {
        name: "layout_one_line_bold_heading_after_speaker",
        rule: "one-line layout (layout.rs line_breaks): a bold numbered heading opens a paragraph after any char, here the speaker's name (…市长 邵占维**一、2012年工作回顾**2012年，…)",
        source: "lawtext/政府工作报告-主要城市/杭州市/2013.md",
        taken: Taken::OneLine,
        must: &[Has("sections", "heading", "2012年工作回顾"), Has("sections", "group", "review")],
    },
    Fixture {
        name: "layout_one_line_part_heading_tails",
        rule: "one-line layout (layout.rs part_heading_end): an unnumbered part heading after a sentence end, opened by a year and ended by a part tail, 2021年主要工作 (data/heading_ends.tsv part_tail)",
        source: "lawtext/政府工作报告-其他地市/嘉兴市/2021.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "2021年主要工作"), Has("sections", "group", "plan")],
    },
    Fixture {
        name: "layout_one_line_verb_part_heading",
        rule: "one-line layout (layout.rs part_heading_end): an unnumbered part heading after a sentence end, opened by a plan verb and ended by a verb part tail, 全面提高政府治理现代化水平 (data/heading_ends.tsv plan_verb, verb_part_tail)",
        source: "lawtext/政府工作报告-其他地市/嘉兴市/2021.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "全面提高政府治理现代化水平")],
    },
    Fixture {
        name: "layout_one_line_bold_heading_body_words",
        rule: "one-line layout (layout.rs line_breaks): inside a bold numbered heading its closing `**` ends it; the heading-end words do not run on into the body (**二、2025年工作安排**2025年是…也是全面振兴新突破|三年… was a break at the tail 新突破)",
        source: "lawtext/政府工作报告-主要城市/长春市/2025.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "二、2025年工作安排"), Lacks("paragraphs", "text", "2025年是“十四五”规划收官之年，也是全面振兴新突破")],
    },
    Fixture {
        name: "layout_one_line_part_like_numbered_heading",
        rule: "one-line layout (layout.rs heading_end): a numbered heading that reads like an unnumbered part heading, a year and a part tail, ends there (三、2018年重点工作|围绕上述目标…; data/heading_ends.tsv part_tail)",
        source: "lawtext/政府工作报告-其他地市/甘孜藏族自治州/2018.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "三、2018年重点工作"), Has("sections", "heading", "2018年重点工作")],
    },
    Fixture {
        name: "layout_one_line_numeral_enumeration",
        rule: "one-line layout (layout.rs top_or_paren_marker): 三、四月份 after a sentence end is an enumeration of numerals, no marker (data/heading_ends.tsv numeral_list_next)",
        source: "lawtext/政府工作报告-主要城市/长春市/2023.md",
        taken: Taken::OneLine,
        must: &[Has("paragraphs", "text", "（一）全力以赴抗击疫情"), Lacks("sections", "marker", "三、")],
    },
    Fixture {
        name: "layout_one_line_ordinal_items",
        rule: "one-line layout (layout.rs ordinal_marker): 第一，… after a sentence end opens a paragraph, so a 第一/第二 list is found as it is with its line breaks",
        source: "national_reports.jsonl#16",
        taken: Taken::OneLine,
        must: &[Has("tasks", "marker", "第一，"), Has("tasks", "heading", "保持经济运行处在合理区间")],
    },
    Fixture {
        name: "layout_one_line_colon_list",
        rule: "one-line layout (canon::Breaks::Inferred): the first item of a 一是 list after a colon (…把握：一是…) opens the series whose later items follow sentence ends (outline::after_colon)",
        source: "lawtext/政府工作报告-主要城市/天津市/2026.md",
        taken: Taken::OneLine,
        must: &[Has("tasks", "marker", "一是"), Has("tasks", "heading", "以推进京津冀协同发展为战略牵引，推动形成深度融合的发展格局"), Has("tasks", "group", "five_year_plan")],
    },
    Fixture {
        name: "layout_escaped_line_breaks",
        rule: "line breaks written as the characters \r\n (layout.rs)",
        source: "cities_2024/北海.txt",
        taken: Taken::EscapedBreaks,
        must: &[Has("sections", "heading", "2023年工作回顾"), Has("paragraphs", "text", "各位代表：")],
    },
    Fixture {
        name: "layout_hard_wrap",
        rule: "hard wrap at a fixed width (at least 8 lines of that width, wrap.rs): wrap breaks are not paragraph ends",
        source: "lawtext/政府工作报告-其他地市/六盘水市/2023.md",
        taken: Taken::HardWrapped(38),
        must: &[Has("targets", "value", "15"), Has("paragraphs", "text", "（三）推动城乡协调发展。坚持城乡融合，畅通城乡要素流动，加快形成以城带乡、城
乡互动的发展格局。")],
    },
    Fixture {
        name: "metadata_resolution",
        rule: "an NPC resolution on a report is no report (metadata.rs doc_kind); zero-width spaces",
        source: "national_reports.jsonl#6",
        taken: Taken::Copied,
        must: &[Has("report", "doc_kind", "resolution"), Has("diagnostics", "code", "not_a_report"), Empty("targets")],
    },
    Fixture {
        name: "metadata_national_heading_year",
        rule: "the plan year from a part heading (2012年工作总体部署) makes the list the headline",
        source: "national_reports.jsonl#20",
        taken: Taken::Copied,
        must: &[Has("report", "year", "2012"), Has("targets", "headline", "true"), Has("targets", "comparator_raw", "控制在…以内")],
    },
    Fixture {
        name: "project_tail_verb_statuses",
        rule: "data/projects.tsv tail_verb 建成投用 (completed), 加快推进 (ongoing), 开工建设 (new_start); named projects A、B等项目",
        source: "cities_2024/宁波.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "status", "completed"), Has("projects", "status", "ongoing"), Has("projects", "status", "new_start"), Has("projects", "names.1", "甬金铁路")],
    },
    Fixture {
        name: "project_tail_new_start",
        rule: "data/projects.tsv tail_verb 开工建设 after named projects",
        source: "lawtext/政府工作报告-主要城市/长春市/2012.md",
        taken: Taken::Copied,
        must: &[Has("projects", "status", "new_start"), Has("projects", "names.2", "百克生物")],
    },
    Fixture {
        name: "project_lead_planned_and_counted",
        rule: "data/projects.tsv lead_verb 加快推进…前期工作 (planned) and 开工建设 N个以上 (counted, new_start)",
        source: "cities_2024/安顺.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "status", "planned"), Has("projects", "count", "10"), Has("projects", "category", "新能源")],
    },
    Fixture {
        name: "project_threshold_investment",
        rule: "threshold 投资超亿元的 (investment_basis threshold), count 70多个",
        source: "lawtext/政府工作报告-主要城市/长春市/2012.md",
        taken: Taken::Copied,
        must: &[Has("projects", "investment_basis", "threshold"), Has("projects", "count", "70")],
    },
    Fixture {
        name: "project_threshold_count",
        rule: "threshold 5000万元以上项目405个 and a counted clause 53个重点项目当年开工",
        source: "cities_2024/吉林.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "count", "405")],
    },
    Fixture {
        name: "project_total_investment",
        rule: "investment 总投资339亿元的…项目 (basis total)",
        source: "cities_2024/吉林.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "investment_yi_yuan", "339"), Has("projects", "investment_basis", "total")],
    },
    Fixture {
        name: "project_invest_follow_up",
        rule: "data/projects.tsv invest_lead 完成投资 in the clause after a project (basis annual)",
        source: "cities_2024/鄂州.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "investment_value", "362"), Has("projects", "investment_basis", "annual"), Has("projects", "count", "203")],
    },
    Fixture {
        name: "project_class_status_investment",
        rule: "data/projects.tsv class_status 在建项目 (ongoing) with 共完成投资",
        source: "lawtext/政府工作报告-省自治区/湖南省/2005.md",
        taken: Taken::Copied,
        must: &[Has("projects", "status", "ongoing"), Has("projects", "count", "48"), Has("projects", "investment_yi_yuan", "423")],
    },
    Fixture {
        name: "project_elided_subset",
        rule: "elided subset 217个当年开工 after 引进…项目303个 (part_of)",
        source: "cities_2024/鄂州.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "part_of", "-J0001"), Has("projects", "count", "217"), Has("projects", "investment_basis", "threshold")],
    },
    Fixture {
        name: "project_size",
        rule: "size of works 海塘安澜工程90公里 (size_value, size_unit)",
        source: "cities_2024/宁波.txt",
        taken: Taken::Copied,
        must: &[Has("projects", "size_value", "90"), Has("projects", "size_unit", "公里")],
    },
    Fixture {
        name: "project_lead_ongoing",
        rule: "data/projects.tsv tail_verb 顺利推进 (ongoing) on a named 工程",
        source: "lawtext/政府工作报告-其他地市/甘南藏族自治州/2023.md",
        taken: Taken::Copied,
        must: &[Has("projects", "status", "ongoing"), Has("projects", "head", "临潭中部片区供水工程")],
    },
    Fixture {
        name: "project_umbrella_not_works",
        rule: "data/projects.tsv umbrella: “菜篮子”工程 is a policy programme, no project",
        source: "cities_2024/鄂州.txt",
        taken: Taken::Copied,
        must: &[Empty("projects"), Has("targets", "metric", "new_high_standard_farmland_area")],
    },
    Fixture {
        name: "project_designation_not_project",
        rule: "data/projects.tsv designation: 新增省级…基地 confers a title, no project",
        source: "cities_2024/宁波.txt",
        taken: Taken::Copied,
        must: &[Empty("projects"), Has("targets", "value", "30")],
    },
    Fixture {
        name: "unit_scale_and_count_words",
        rule: "data/units.tsv: 亿吨 (scale 亿 + mass 吨); 万标箱 has no row in the table",
        source: "cities_2024/舟山.txt",
        taken: Taken::Copied,
        must: &[Has("targets", "unit", "亿吨"), Has("targets", "value_base", "675000000")],
    },
];

fn fixture_text(f: &Fixture) -> String {
    let path = common::manifest_dir()
        .join("tests/fixtures/rules")
        .join(format!("{}.txt", f.name));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The decoded text of a fixture's source (member N of a JSONL or CSV corpus).
fn source_text(source: &str) -> String {
    let (path, member) = match source.split_once('#') {
        Some((p, m)) => (p, m.parse::<u64>().ok()),
        None => (source, None),
    };
    let full = common::corpus().join(path);
    let (files, _) = input::discover(&[common::s(&full).to_string()]);
    assert_eq!(files.len(), 1, "{source}: expected one input file");
    let mut found = None;
    input::read_units(&files[0], &ReadOptions::default(), &mut |u| {
        if member.is_none() || u.member == member {
            found.get_or_insert(u);
        }
    });
    let unit = found.unwrap_or_else(|| panic!("{source}: member not found"));
    String::from_utf8_lossy(&unit.bytes).into_owned()
}

/// The lines of the fixture as they stand in the source, undoing its [`Taken`].
fn source_lines(f: &Fixture, text: &str) -> Vec<String> {
    let lines: Vec<String> = match f.taken {
        Taken::Copied => text.split('\n').map(str::to_string).collect(),
        Taken::OneLine => vec![text.to_string()],
        Taken::EscapedBreaks => text.split("\\r\\n").map(str::to_string).collect(),
        Taken::HardWrapped(_) => vec![text.replace('\n', "")],
    };
    lines
        .into_iter()
        .map(|l| l.trim_end_matches(['\r', '\n']).to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn fixtures_are_real_text() {
    for f in FIXTURES {
        let text = fixture_text(f);
        let src = source_text(f.source);
        // A one-line or hard-wrapped fixture is compared with its source without breaks.
        let flat;
        let hay: &str = if f.taken == Taken::Copied || f.taken == Taken::EscapedBreaks {
            &src
        } else {
            flat = src.replace(['\n', '\r'], "");
            &flat
        };
        for line in source_lines(f, &text) {
            assert!(
                hay.contains(&line),
                "{}: this line is not in {}: {line}",
                f.name,
                f.source
            );
        }
        if let Taken::HardWrapped(width) = f.taken {
            let first = text.split('\n').next().unwrap_or("");
            assert_eq!(first.chars().count(), width, "{}: wrap width", f.name);
        }
    }
}

fn parsed(text: &str) -> Value {
    serde_json::to_value(parse::parse(text, &SourceInfo::default())).expect("records serialise")
}

/// The field at a dotted path.
fn field<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[k],
    })
}

fn rows<'a>(p: &'a Value, table: &str) -> Vec<&'a Value> {
    match &p[table] {
        Value::Array(a) => a.iter().collect(),
        Value::Null => vec![],
        v => vec![v],
    }
}

/// Why `m` does not hold for the parsed report `p`, if it does not.
fn unmet(p: &Value, m: &Must) -> Option<String> {
    let matching = |table: &str, f: &str, v: &str| {
        let want: Value = serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.into()));
        rows(p, table).iter().any(|r| same(field(r, f), &want))
    };
    match *m {
        Has(t, f, v) => (!matching(t, f, v)).then(|| format!("no {t} with {f} = {v}")),
        Lacks(t, f, v) => matching(t, f, v).then(|| format!("a {t} with {f} = {v}")),
        Empty(t) => (!rows(p, t).is_empty()).then(|| format!("{t} is not empty")),
    }
}

#[test]
fn every_fixture_yields_the_records_of_its_rule() {
    let mut failures = Vec::new();
    for f in FIXTURES {
        assert!(
            f.must.iter().any(|m| matches!(m, Has(..))),
            "{}: a fixture must name a record it yields",
            f.name
        );
        let p = parsed(&fixture_text(f));
        for m in f.must {
            if let Some(why) = unmet(&p, m) {
                failures.push(format!("{} ({}): {why}", f.name, f.rule));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => a == b,
    }
}

/// Byte and char range of a span.
#[derive(Debug, Clone, Copy)]
struct Range2 {
    b: (usize, usize),
    c: (usize, usize),
}

fn range(v: &Value) -> Option<Range2> {
    let n = |k: &str| v[k].as_u64().map(|x| x as usize);
    Some(Range2 {
        b: (n("byte_start")?, n("byte_end")?),
        c: (n("char_start")?, n("char_end")?),
    })
}

fn inside(inner: Range2, outer: (usize, usize)) -> bool {
    outer.0 <= inner.b.0 && inner.b.1 <= outer.1
}

struct Checker<'a> {
    name: &'a str,
    src: &'a str,
    chars: Vec<char>,
    errors: Vec<String>,
}

impl Checker<'_> {
    /// `text` is the slice at both offset kinds, and the span is inside the text.
    fn slice(&mut self, what: &str, span: &Value, text: Option<&Value>) -> Option<Range2> {
        let Some(r) = range(span) else {
            self.errors
                .push(format!("{}: {what} has no span", self.name));
            return None;
        };
        let by_bytes = self.src.get(r.b.0..r.b.1);
        let by_chars: Option<String> = self.chars.get(r.c.0..r.c.1).map(|c| c.iter().collect());
        if by_bytes.is_none() || by_chars.is_none() || r.b.0 > r.b.1 {
            self.errors.push(format!(
                "{}: {what} span {r:?} is outside the text",
                self.name
            ));
            return None;
        }
        if by_bytes != by_chars.as_deref() {
            self.errors.push(format!(
                "{}: {what} byte and char offsets disagree",
                self.name
            ));
        }
        if let Some(t) = text.and_then(Value::as_str) {
            if by_bytes != Some(t) {
                self.errors
                    .push(format!("{}: {what} text is not its slice", self.name));
            }
        }
        Some(r)
    }

    fn within(&mut self, what: &str, inner: Option<Range2>, outer: Option<(usize, usize)>) {
        if let (Some(i), Some(o)) = (inner, outer) {
            if !inside(i, o) {
                self.errors.push(format!(
                    "{}: {what} {:?} is outside its parent {o:?}",
                    self.name, i.b
                ));
            }
        }
    }
}

/// The byte range of each section (heading line to body end) and task, by id.
fn parents(p: &Value, table: &str, id: &str) -> Vec<(String, (usize, usize))> {
    rows(p, table)
        .iter()
        .filter_map(|r| {
            let s = range(&r["span"])?;
            let end = range(&r["body"]).map_or(s.b.1, |b| b.b.1.max(s.b.1));
            Some((r[id].as_str()?.to_string(), (s.b.0, end)))
        })
        .collect()
}

fn parent_of(list: &[(String, (usize, usize))], id: &Value) -> Option<(usize, usize)> {
    let id = id.as_str()?;
    list.iter().find(|(k, _)| k == id).map(|(_, r)| *r)
}

fn check_spans(name: &str, src: &str, p: &Value) -> Vec<String> {
    let mut c = Checker {
        name,
        src,
        chars: src.chars().collect(),
        errors: vec![],
    };
    let sections = parents(p, "sections", "section_id");
    let tasks = parents(p, "tasks", "task_id");
    for s in rows(p, "sections") {
        c.slice("section", &s["span"], Some(&s["text"]));
        c.slice("section body", &s["body"], None);
    }
    for t in rows(p, "tasks") {
        let r = c.slice("task", &t["span"], Some(&t["text"]));
        let sec = parent_of(&sections, &t["section_id"]);
        c.within("task", r, sec);
        if !t["heading_span"].is_null() {
            let h = c.slice("task heading", &t["heading_span"], Some(&t["heading"]));
            c.within("task heading", h, r.map(|r| r.b));
        }
        for m in t["measures"].as_array().into_iter().flatten() {
            let mr = c.slice("measure", &m["span"], Some(&m["text"]));
            c.within("measure", mr, r.map(|r| r.b));
        }
    }
    for table in ["targets", "achievements", "projects"] {
        for q in rows(p, table) {
            let r = c.slice(table, &q["span"], Some(&q["text"]));
            c.within(table, r, parent_of(&sections, &q["section_id"]));
            c.within(table, r, parent_of(&tasks, &q["task_id"]));
        }
    }
    for d in rows(p, "diagnostics") {
        c.slice("diagnostic", &d["span"], Some(&d["text"]));
    }
    for q in rows(p, "paragraphs") {
        let r = c.slice("paragraph", &q["span"], Some(&q["text"]));
        c.within("paragraph", r, parent_of(&sections, &q["section_id"]));
    }
    c.slice("report", &p["report"]["span"], Some(&p["report"]["text"]));
    c.errors
}

#[test]
fn every_fixture_keeps_the_span_invariants() {
    let mut errors = Vec::new();
    for f in FIXTURES {
        let text = fixture_text(f);
        errors.extend(check_spans(f.name, &text, &parsed(&text)));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// A value for a line: strings quoted, numbers and booleans as JSON.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) => format!("[{}]", a.iter().map(show).collect::<Vec<_>>().join(" ")),
        v => v.to_string(),
    }
}

/// The id without the (empty) report id before it: `-K001` → `K001`.
fn short_id(v: &Value) -> String {
    v.as_str()
        .map_or(String::new(), |s| s.trim_start_matches('-').to_string())
}

fn span_of(v: &Value) -> String {
    range(v).map_or("?".into(), |r| format!("{}..{}", r.b.0, r.b.1))
}

/// The first `n` chars of a text, with … when cut.
fn cut(v: &Value, n: usize) -> String {
    let s = v.as_str().unwrap_or("");
    let head: String = s.chars().take(n).collect();
    let more = if s.chars().count() > n { "…" } else { "" };
    format!("{:?}", format!("{head}{more}"))
}

/// `key=value` for each field of `r` that is set (not null, false, empty or zero-size).
fn fields(r: &Value, keys: &[&str]) -> String {
    let mut out = String::new();
    for k in keys {
        let v = &r[*k];
        let unset = matches!(v, Value::Null | Value::Bool(false))
            || v.as_array().is_some_and(Vec::is_empty);
        if !unset {
            let _ = write!(out, " {k}={}", show(v));
        }
    }
    out
}

const QUANTITY_KEYS: &[&str] = &[
    "metric_raw",
    "metric",
    "kind",
    "value",
    "value_high",
    "unit",
    "unit_base",
    "value_base",
    "comparator",
    "comparator_raw",
    "qualifier",
    "reference",
    "headline",
    "annual_average",
    "horizon_start",
    "horizon_end",
];

const PROJECT_KEYS: &[&str] = &[
    "names",
    "head",
    "category",
    "count",
    "investment_value",
    "investment_unit",
    "investment_yi_yuan",
    "investment_basis",
    "size_value",
    "size_unit",
    "status",
    "status_raw",
    "part_of",
];

const REPORT_KEYS: &[&str] = &[
    "doc_kind",
    "title",
    "region",
    "admin_level",
    "year",
    "year_source",
    "delivered_on",
    "speaker",
    "declined_targets",
    "status",
];

/// One line per record: kind, id, byte span, text, key fields.
fn render(p: &Value) -> String {
    let mut out = format!("report{}\n", fields(&p["report"], REPORT_KEYS));
    for s in rows(p, "sections") {
        let _ = writeln!(
            out,
            "section {} {} {}{}",
            short_id(&s["section_id"]),
            span_of(&s["span"]),
            cut(&s["text"], 30),
            fields(s, &["ordinal", "marker", "heading", "group"])
        );
    }
    for t in rows(p, "tasks") {
        let _ = writeln!(
            out,
            "task {} {} {} section={}{}",
            short_id(&t["task_id"]),
            span_of(&t["span"]),
            cut(&t["text"], 24),
            short_id(&t["section_id"]),
            fields(
                t,
                &["ordinal", "marker", "group", "heading", "theme", "focus"]
            )
        );
        for m in t["measures"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "  measure {} {} {}",
                m["ordinal"],
                span_of(&m["span"]),
                show(&m["text"])
            );
        }
    }
    for (table, kind) in [("targets", "target"), ("achievements", "achievement")] {
        for q in rows(p, table) {
            let _ = writeln!(
                out,
                "{kind} {} {} {} task={}{}",
                short_id(&q["id"]),
                span_of(&q["span"]),
                show(&q["text"]),
                short_id(&q["task_id"]),
                fields(q, QUANTITY_KEYS)
            );
        }
    }
    for j in rows(p, "projects") {
        let _ = writeln!(
            out,
            "project {} {} {}{}",
            short_id(&j["project_id"]),
            span_of(&j["span"]),
            cut(&j["text"], 40),
            fields(j, PROJECT_KEYS)
        );
    }
    for d in rows(p, "diagnostics") {
        let _ = writeln!(
            out,
            "diagnostic {} {} {}",
            d["severity"].as_str().unwrap_or("?"),
            d["code"].as_str().unwrap_or("?"),
            span_of(&d["span"])
        );
    }
    for q in rows(p, "paragraphs") {
        let _ = writeln!(
            out,
            "paragraph {} {} {} section={}",
            short_id(&q["paragraph_id"]),
            span_of(&q["span"]),
            cut(&q["text"], 16),
            short_id(&q["section_id"])
        );
    }
    out
}

#[test]
fn rule_fixtures_are_pinned() {
    let mut names = std::collections::HashSet::new();
    for f in FIXTURES {
        assert!(names.insert(f.name), "{}: two fixtures of one name", f.name);
        let text = fixture_text(f);
        let rendered = format!(
            "rule: {}\nsource: {}\n{}",
            f.rule,
            f.source,
            render(&parsed(&text))
        );
        insta::assert_snapshot!(f.name, rendered);
    }
}

/// The checks can fail: a text that is not its slice, byte and char offsets that disagree
/// and a measure outside its task are each reported.
#[test]
fn the_span_checks_find_broken_spans() {
    let f = FIXTURES
        .iter()
        .find(|f| f.name == "outline_tasks_shi_measures")
        .expect("the fixture is in the table");
    let text = fixture_text(f);
    let mut p = parsed(&text);
    assert!(check_spans(f.name, &text, &p).is_empty());
    p["tasks"][0]["text"] = Value::String("不是原文".into());
    p["tasks"][1]["span"]["byte_start"] = Value::from(0);
    p["tasks"][0]["measures"][0]["span"]["byte_end"] = Value::from(text.len());
    let errors = check_spans(f.name, &text, &p).join("\n");
    for want in [
        "task text is not its slice",
        "measure (172, 467) is outside its parent",
        "byte and char offsets disagree",
    ] {
        assert!(errors.contains(want), "missing {want:?} in:\n{errors}");
    }
}
