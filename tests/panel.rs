//! `gwr panel` on the real corpus (`../shared/corpus/` with `lawtext/`), read in place.
//!
//! Checks properties of the joins, not counts (the headline parser keeps improving):
//! a city's `parent_target_value` is its province report's own headline target; an
//! `outcome_value` is the achievement figure of the region's next-year report; the national
//! GDP-growth rows 2005–2024 have a target (or a declared refusal) and an outcome wherever
//! both reports are in the corpus; region codes follow the renames in the real reports.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use common::*;
use gwr::panel;
use polars::prelude::*;

struct Built {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
    panel: DataFrame,
}

/// Converts the whole corpus once and builds the panel with the binary.
fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let c = corpus();
        let o = run(&["convert", "-q", "-o", s(&out), s(&c)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let p = dir.path().join("panel");
        let o = run(&["panel", s(&out), "-o", s(&p)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(p.join("panel.csv").exists());
        let panel = panel::read_table(&p, "panel", panel::COLUMNS).unwrap();
        Built {
            _dir: dir,
            out,
            panel,
        }
    })
}

fn strs(df: &DataFrame, c: &str) -> Vec<Option<String>> {
    let col = df.column(c).unwrap().str().unwrap();
    col.iter().map(|v| v.map(str::to_string)).collect()
}
fn f64s(df: &DataFrame, c: &str) -> Vec<Option<f64>> {
    let col = df.column(c).unwrap().cast(&DataType::Float64).unwrap();
    col.f64().unwrap().iter().collect()
}
fn i32s(df: &DataFrame, c: &str) -> Vec<Option<i32>> {
    let col = df.column(c).unwrap().cast(&DataType::Int32).unwrap();
    col.i32().unwrap().iter().collect()
}
fn bools(df: &DataFrame, c: &str) -> Vec<Option<bool>> {
    df.column(c).unwrap().bool().unwrap().iter().collect()
}

fn table(out: &Path, name: &'static str, cols: &[&str]) -> DataFrame {
    panel::read_table(out, name, cols).unwrap()
}

/// report_id → (region_code, year) of the converted reports.
fn report_keys(out: &Path) -> HashMap<String, (Option<String>, Option<i32>)> {
    let r = table(out, "reports", &["report_id", "region_code", "year"]);
    let (ids, codes, years) = (
        strs(&r, "report_id"),
        strs(&r, "region_code"),
        i32s(&r, "year"),
    );
    ids.into_iter()
        .zip(codes.into_iter().zip(years))
        .filter_map(|(id, k)| id.map(|id| (id, k)))
        .collect()
}

#[test]
fn city_parent_targets_are_the_province_reports_own_headline_targets() {
    let b = built();
    let keys = report_keys(&b.out);
    let t = table(
        &b.out,
        "targets",
        &["report_id", "metric", "headline", "value"],
    );
    // (province code, year) → headline gdp_growth values of that province's report.
    let mut province: HashMap<(String, i32), Vec<f64>> = HashMap::new();
    let (rids, metrics, heads, values) = (
        strs(&t, "report_id"),
        strs(&t, "metric"),
        bools(&t, "headline"),
        f64s(&t, "value"),
    );
    for i in 0..t.height() {
        let (Some(rid), Some(m), Some(true), Some(v)) =
            (&rids[i], &metrics[i], heads[i], values[i])
        else {
            continue;
        };
        if m != "gdp_growth" {
            continue;
        }
        if let Some((Some(code), Some(y))) = keys.get(rid) {
            if code.ends_with("0000") {
                province.entry((code.clone(), *y)).or_default().push(v);
            }
        }
    }
    let p = &b.panel;
    let (lv, pc, yr, me, ptv) = (
        strs(p, "admin_level"),
        strs(p, "parent_code"),
        i32s(p, "year"),
        strs(p, "metric"),
        f64s(p, "parent_target_value"),
    );
    let mut checked = 0;
    for i in 0..p.height() {
        if lv[i].as_deref() != Some("prefecture") || me[i].as_deref() != Some("gdp_growth") {
            continue;
        }
        let (Some(parent), Some(y)) = (&pc[i], yr[i]) else {
            continue;
        };
        let Some(own) = province.get(&(parent.clone(), y)) else {
            continue;
        };
        let got = ptv[i].unwrap_or_else(|| panic!("row {i}: the province {parent} {y} has a headline target {own:?} but the city row has none"));
        assert!(
            own.contains(&got),
            "row {i}: parent target {got} is not among {parent} {y}'s headline targets {own:?}"
        );
        checked += 1;
    }
    assert!(
        checked >= 20,
        "only {checked} city-years with their province's report"
    );
}

#[test]
fn outcomes_are_the_next_year_reports_achievement_figures() {
    let b = built();
    let keys = report_keys(&b.out);
    let a = table(
        &b.out,
        "achievements",
        &["id", "report_id", "metric", "value", "horizon_end"],
    );
    let ids = strs(&a, "id");
    let by_id: HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| id.clone().map(|id| (id, i)))
        .collect();
    let (a_rid, a_met, a_val, a_hor) = (
        strs(&a, "report_id"),
        strs(&a, "metric"),
        f64s(&a, "value"),
        i32s(&a, "horizon_end"),
    );
    let p = &b.panel;
    let (oid, orid, oval, code, yr, me) = (
        strs(p, "outcome_id"),
        strs(p, "outcome_report_id"),
        f64s(p, "outcome_value"),
        strs(p, "region_code"),
        i32s(p, "year"),
        strs(p, "metric"),
    );
    let mut checked = HashSet::new();
    for i in 0..p.height() {
        let Some(id) = &oid[i] else { continue };
        let j = by_id[id];
        assert_eq!(
            oval[i], a_val[j],
            "row {i}: outcome value vs achievement {id}"
        );
        assert_eq!(orid[i], a_rid[j]);
        assert_eq!(me[i], a_met[j]);
        assert_eq!(a_hor[j], yr[i], "achievement {id} is for the row's year");
        let rid = a_rid[j].clone().unwrap_or_default();
        let (rc, ry) = keys[&rid].clone();
        assert_eq!(
            rc, code[i],
            "row {i}: the outcome's report is the same region's"
        );
        assert_eq!(
            ry,
            yr[i].map(|y| y + 1),
            "row {i}: the outcome's report is the next year's"
        );
        checked.insert(code[i].clone());
    }
    assert!(
        checked.len() >= 20,
        "outcomes for only {} regions",
        checked.len()
    );
}

#[test]
fn national_gdp_growth_has_target_and_outcome_wherever_both_reports_exist() {
    let b = built();
    let r = table(&b.out, "reports", &["region_code", "year", "doc_kind"]);
    let (codes, years, kinds) = (
        strs(&r, "region_code"),
        i32s(&r, "year"),
        strs(&r, "doc_kind"),
    );
    let national: HashSet<i32> = (0..r.height())
        .filter(|&i| codes[i].as_deref() == Some(gwr::regions::NATIONAL_CODE))
        .filter(|&i| kinds[i].as_deref() == Some("report"))
        .filter_map(|i| years[i])
        .collect();
    let p = &b.panel;
    let (code, yr, me, tv, ov, st) = (
        strs(p, "region_code"),
        i32s(p, "year"),
        strs(p, "metric"),
        f64s(p, "target_value"),
        f64s(p, "outcome_value"),
        strs(p, "status"),
    );
    let (mut years, mut no_outcome, mut joined) = (0, Vec::new(), Vec::new());
    for y in 2005..=2024 {
        if !(national.contains(&y) && national.contains(&(y + 1))) {
            continue;
        }
        let rows: Vec<usize> = (0..p.height())
            .filter(|&i| {
                code[i].as_deref() == Some("100000")
                    && yr[i] == Some(y)
                    && me[i].as_deref() == Some("gdp_growth")
            })
            .collect();
        assert_eq!(rows.len(), 1, "one national gdp_growth row for {y}");
        let i = rows[0];
        assert!(
            tv[i].is_some() || st[i].as_deref() == Some("declined"),
            "{y}: no target ({:?})",
            st[i]
        );
        match ov[i] {
            None => no_outcome.push(y),
            Some(v) => joined.push((y, v)),
        }
        years += 1;
    }
    // Some next-year reports give the parser no single-year growth figure for the year
    // before (the 2008 report states five-year averages): no outcome can be joined there.
    // Wherever the figure is in the achievements table, the panel must have it.
    let keys = report_keys(&b.out);
    let a = table(
        &b.out,
        "achievements",
        &[
            "report_id",
            "metric",
            "kind",
            "horizon_start",
            "horizon_end",
            "value",
        ],
    );
    let (rid, met, kind, from, hor, val) = (
        strs(&a, "report_id"),
        strs(&a, "metric"),
        strs(&a, "kind"),
        i32s(&a, "horizon_start"),
        i32s(&a, "horizon_end"),
        f64s(&a, "value"),
    );
    // The single-year GDP growth figures of each year, as the next national report states
    // them (a growth since 2002 or a five-year average is no year's outcome).
    let mut stated: HashMap<i32, Vec<f64>> = HashMap::new();
    for i in 0..a.height() {
        let Some((code, Some(y))) = rid[i].as_deref().and_then(|r| keys.get(r)) else {
            continue;
        };
        let growth = matches!(met[i].as_deref(), Some("gdp_growth") | Some("gdp"))
            && kind[i].as_deref() == Some("growth_rate");
        let one_year = hor[i] == Some(y - 1) && from[i].is_none_or(|f| f == y - 1);
        if code.as_deref() == Some("100000") && growth && one_year {
            stated.entry(y - 1).or_default().extend(val[i]);
        }
    }
    let lost: Vec<&i32> = no_outcome
        .iter()
        .filter(|y| stated.contains_key(y))
        .collect();
    assert!(
        lost.is_empty(),
        "outcome stated in the next report but not joined: {lost:?}"
    );
    for (y, v) in &joined {
        let figures = stated.get(y).cloned().unwrap_or_default();
        assert!(
            figures.contains(v),
            "{y}: outcome {v} is none of the next report's one-year figures {figures:?}"
        );
    }
    assert!(
        years - no_outcome.len() >= 3,
        "outcomes for only {} years",
        years - no_outcome.len()
    );
    eprintln!(
        "national gdp_growth: {years} years with both reports, no outcome for {no_outcome:?}"
    );
    assert!(years >= 5, "only {years} national years with both reports");
}

#[test]
fn report_rows_carry_codes_that_follow_renames() {
    let b = built();
    let r = table(
        &b.out,
        "reports",
        &[
            "source",
            "region",
            "year",
            "region_code",
            "parent_code",
            "admin_level",
        ],
    );
    let (src, code, parent, yr) = (
        strs(&r, "source"),
        strs(&r, "region_code"),
        strs(&r, "parent_code"),
        i32s(&r, "year"),
    );
    let find = |dir: &str, y: i32| {
        (0..r.height()).find(|&i| {
            src[i]
                .as_deref()
                .is_some_and(|s| s.contains(&format!("/{dir}/{y}.md")))
        })
    };
    // 莱芜 (a prefecture until its merger into 济南 in 2019) in its 2014 report.
    let i = find("莱芜市", 2014).expect("莱芜市/2014.md in the corpus");
    assert_eq!(
        (code[i].as_deref(), parent[i].as_deref()),
        (Some("371200"), Some("370000"))
    );
    let i = find("恩施土家族苗族自治州", 2020).or_else(|| find("恩施土家族苗族自治州", 2019));
    if let Some(i) = i {
        assert_eq!(code[i].as_deref(), Some("422800"));
    }
    let i = find("北京市", 2010).expect("北京市/2010.md");
    assert_eq!(code[i].as_deref(), Some("110000"));
    assert!(yr[i] == Some(2010));
    // Most reports resolve; the rest are unknown or ambiguous names, each with a diagnostic.
    let resolved = code.iter().filter(|c| c.is_some()).count();
    assert!(
        resolved * 10 >= r.height() * 9,
        "{resolved} of {} reports have a code",
        r.height()
    );
}

#[test]
fn metrics_option_restricts_the_rows() {
    let b = built();
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "panel",
        s(&b.out),
        "-o",
        s(dir.path()),
        "--metrics",
        "gdp_growth,cpi",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let p = panel::read_table(dir.path(), "panel", &["metric", "status"]).unwrap();
    let metrics: HashSet<Option<String>> = strs(&p, "metric").into_iter().collect();
    assert_eq!(
        metrics,
        HashSet::from([Some("gdp_growth".into()), Some("cpi".into())])
    );
    // Every report has a row for each metric asked for, with a status.
    let reports = b
        .panel
        .column("target_report_id")
        .unwrap()
        .n_unique()
        .unwrap();
    assert!(
        p.height() >= reports,
        "{} rows for {} reports",
        p.height(),
        reports
    );
}

/// `gwr parse` shows the region codes too: they are on the report record, filled once in
/// the pipeline, with the `region_*` diagnostic when a name gets no code.
#[test]
fn gwr_parse_shows_the_report_region_codes() {
    let dir = corpus().join("lawtext/政府工作报告-其他地市");
    let parse = |file: &Path| -> serde_json::Value {
        let o = run(&["parse", s(file)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_str(&stdout_str(&o)).unwrap()
    };
    let v = parse(&dir.join("莱芜市/2014.md"));
    assert_eq!(v["report"]["region_code"], "371200");
    assert_eq!(v["report"]["parent_code"], "370000");
    // 恩施州 (the title's short form; the text never prints the full name) is the
    // autonomous prefecture 恩施土家族苗族自治州, not 恩施州市.
    let v = parse(&dir.join("恩施土家族苗族自治州/2014.md"));
    assert_eq!(v["report"]["region"], "恩施州");
    assert_eq!(v["report"]["region_code"], "422800");
    // A name that is no division's (长白山 is a management area): no code, and why.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("report.txt");
    std::fs::write(
        &file,
        "2014年长白山市人民政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n",
    )
    .unwrap();
    let v = parse(&file);
    assert_eq!(v["report"]["region"], "长白山市");
    assert!(v["report"]["region_code"].is_null());
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"region_unknown"), "{codes:?}");
}
