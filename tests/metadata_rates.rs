//! Metadata from the text alone: the 1,489 Markdown reports of `../shared/corpus/lawtext/`
//! (laid out as `<collection>/<region>/<year>.md`) are parsed with no path hint at all,
//! and the region and year read from their own text (front matter, title, congress
//! line, byline, or the places they name) are compared with the corpus path.

use std::path::{Path, PathBuf};

use gwr::parse::{self, SourceInfo};
use rayon::prelude::*;

fn lawtext() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/lawtext"
    ))
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// What the text says, against what the path says.
struct Reading {
    path: String,
    want_region: String,
    want_year: i32,
    region: Option<String>,
    year: Option<i32>,
}

fn read(p: &Path) -> Reading {
    let bytes = std::fs::read(p).unwrap_or_default();
    let text = gwr::decode::decode(&bytes, None, false)
        .map(|d| d.text)
        .unwrap_or_default();
    // No hints: not the file name, not the folder.
    let r = parse::parse(&text, &SourceInfo::default());
    let want_region = p
        .parent()
        .and_then(|d| d.file_name())
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let want_year = p
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reading {
        path: p.to_string_lossy().into_owned(),
        want_region,
        want_year,
        region: r.report.region,
        year: r.report.year,
    }
}

#[test]
fn region_and_year_come_from_the_text() {
    let mut files = Vec::new();
    md_files(&lawtext(), &mut files);
    files.sort();
    assert_eq!(files.len(), 1489, "lawtext reports");
    let readings: Vec<Reading> = files.par_iter().map(|p| read(p)).collect();
    let n = readings.len() as f64;
    let region_ok = readings
        .iter()
        .filter(|r| r.region.as_deref() == Some(r.want_region.as_str()))
        .count();
    let year_ok = readings
        .iter()
        .filter(|r| r.year == Some(r.want_year))
        .count();
    for r in readings.iter().filter(|r| {
        r.region.as_deref() != Some(r.want_region.as_str()) || r.year != Some(r.want_year)
    }) {
        eprintln!(
            "{}: region {:?} year {:?}",
            r.path.rsplit("lawtext/").next().unwrap_or(&r.path),
            r.region,
            r.year
        );
    }
    let (region_rate, year_rate) = (region_ok as f64 / n, year_ok as f64 / n);
    eprintln!(
        "region {region_ok}/{n} = {:.2} %, year {year_ok}/{n} = {:.2} %",
        100.0 * region_rate,
        100.0 * year_rate
    );
    assert!(
        region_rate >= 0.98,
        "region correct for {:.2} %",
        100.0 * region_rate
    );
    assert!(
        year_rate >= 0.99,
        "year correct for {:.2} %",
        100.0 * year_rate
    );
}
