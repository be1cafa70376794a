//! Finding and reading inputs: files, folders (recursive), globs, stdin, and the reports
//! inside JSONL and CSV corpora — with what their paths and fields say about each report.
//!
//! This is the I/O edge before the parser: it yields raw bytes plus hints, never parses
//! report text, and never fails a whole run because one input is bad (a bad input
//! becomes a unit carrying its error, which later becomes a `failed` report row).

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::{AdminLevel, Provenance};
use crate::parse::metadata::level_of_region;
use crate::parse::Hints;

/// One input found on the command line or below a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFile {
    Path(PathBuf),
    Stdin,
    /// A path that could not be used (unreadable, symlink loop, no match for a glob).
    Unusable {
        path: String,
        reason: String,
    },
}

impl InputFile {
    pub fn name(&self) -> String {
        match self {
            InputFile::Path(p) => p.to_string_lossy().into_owned(),
            InputFile::Stdin => "-".to_string(),
            InputFile::Unusable { path, .. } => path.clone(),
        }
    }
}

/// The diagnostic code of an input that could not be read (see [`Unit::unreadable`]).
pub const UNREADABLE: &str = "unreadable_input";

/// File name endings read as reports or corpora when a folder is walked.
const KNOWN_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "jsonl", "ndjson", "csv", "tsv",
];

/// Expands command-line inputs into files, in a deterministic (sorted) order.
/// Also returns files that were passed over inside folders (unknown endings), so the
/// run summary can list them.
pub fn discover(args: &[String]) -> (Vec<InputFile>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for a in args {
        if a == "-" {
            out.push(InputFile::Stdin);
            continue;
        }
        let p = Path::new(a);
        if p.is_dir() {
            let mut seen = HashSet::new();
            walk(p, &mut out, &mut skipped, &mut seen);
        } else if p.exists() || fs::symlink_metadata(p).is_ok() {
            out.push(InputFile::Path(p.to_path_buf()));
        } else if a.contains(['*', '?', '[']) {
            match glob::glob(a) {
                Ok(paths) => {
                    let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
                    found.sort();
                    if found.is_empty() {
                        out.push(InputFile::Unusable {
                            path: a.clone(),
                            reason: "the glob matches no file".into(),
                        });
                    }
                    for f in found {
                        if f.is_dir() {
                            let mut seen = HashSet::new();
                            walk(&f, &mut out, &mut skipped, &mut seen);
                        } else {
                            out.push(InputFile::Path(f));
                        }
                    }
                }
                Err(e) => out.push(InputFile::Unusable {
                    path: a.clone(),
                    reason: format!("bad glob pattern: {e}"),
                }),
            }
        } else {
            let reason = match fs::metadata(p) {
                Err(e) => e.to_string(),
                Ok(_) => "no such file or folder".into(),
            };
            out.push(InputFile::Unusable {
                path: a.clone(),
                reason,
            });
        }
    }
    (out, skipped)
}

fn walk(
    dir: &Path,
    out: &mut Vec<InputFile>,
    skipped: &mut Vec<String>,
    seen: &mut HashSet<PathBuf>,
) {
    let canonical = match fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            out.push(InputFile::Unusable {
                path: dir.to_string_lossy().into_owned(),
                reason: format!("cannot resolve folder: {e}"),
            });
            return;
        }
    };
    if !seen.insert(canonical) {
        out.push(InputFile::Unusable {
            path: dir.to_string_lossy().into_owned(),
            reason: "symlink loop: this folder was already visited".into(),
        });
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(InputFile::Unusable {
                path: dir.to_string_lossy().into_owned(),
                reason: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, skipped, seen);
        } else if fs::metadata(&p).is_err() {
            // A dangling symlink or a loop of links.
            out.push(InputFile::Unusable {
                path: p.to_string_lossy().into_owned(),
                reason: "cannot read: dangling or looping symlink".into(),
            });
        } else {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if ext.is_empty() || KNOWN_EXTENSIONS.contains(&ext.as_str()) {
                out.push(InputFile::Path(p));
            } else {
                skipped.push(p.to_string_lossy().into_owned());
            }
        }
    }
}

/// One report's raw material.
#[derive(Debug, Clone)]
pub struct Unit {
    pub source: String,
    pub member: Option<u64>,
    pub bytes: Vec<u8>,
    pub hints: Hints,
    pub source_meta: Option<String>,
    pub html_hint: bool,
    /// Set when the unit could not be read; it becomes a failed report.
    pub error: Option<(String, String)>,
}

impl Unit {
    /// Stable id: sha256 of the bytes and the member number, 16 hex chars.
    pub fn report_id(&self) -> String {
        self.ids().0
    }

    pub fn sha256(&self) -> String {
        self.ids().1
    }

    /// The report id and the SHA-256 of the bytes, from one pass over the bytes: the id
    /// hashes the bytes, then the member number (and the source of a failed unit).
    pub fn ids(&self) -> (String, String) {
        let mut h = Sha256::new();
        h.update(&self.bytes);
        let sha = hex(&h.clone().finalize());
        if let Some(m) = self.member {
            h.update(format!("#{m}").as_bytes());
        }
        if self.error.is_some() {
            h.update(self.source.as_bytes());
        }
        (hex(&h.finalize()[..8]), sha)
    }

    /// Why this unit's input could not be read at all (missing path, no permission, a
    /// glob matching nothing, an I/O error), as opposed to content that is not a report.
    /// The CLI prints these as `gwr: PATH: REASON` and exits non-zero.
    pub fn unreadable(&self) -> Option<&str> {
        match &self.error {
            Some((code, msg)) if code == UNREADABLE => Some(msg),
            _ => None,
        }
    }

    fn failed(source: &str, member: Option<u64>, code: &str, msg: String) -> Unit {
        Unit {
            source: source.to_string(),
            member,
            bytes: Vec::new(),
            hints: Hints::default(),
            source_meta: None,
            html_hint: false,
            error: Some((code.to_string(), msg)),
        }
    }
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// How a user's paths encode region, year and level: `{level}/{year}/{region}.txt`.
/// Placeholders match one path component (or, for the last, the file stem); `*` matches
/// any component. Matched against the end of the path.
#[derive(Debug, Clone, Default)]
pub struct PathPattern {
    parts: Vec<String>,
}

impl PathPattern {
    pub fn new(p: &str) -> PathPattern {
        PathPattern {
            parts: p
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string())
                .collect(),
        }
    }

    fn apply(&self, path: &Path, hints: &mut Hints) -> bool {
        let comps: Vec<String> = path
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        if self.parts.is_empty() || comps.len() < self.parts.len() {
            return false;
        }
        let tail = &comps[comps.len() - self.parts.len()..];
        for (k, (pat, comp)) in self.parts.iter().zip(tail).enumerate() {
            let last = k + 1 == self.parts.len();
            let value = if last {
                // Strip the extension of the file name and of the pattern.
                let stem = comp.rsplit_once('.').map_or(comp.as_str(), |(s, _)| s);
                let pstem = pat.rsplit_once('.').map_or(pat.as_str(), |(s, _)| s);
                (pstem, stem)
            } else {
                (pat.as_str(), comp.as_str())
            };
            match value.0 {
                "{year}" => hints.year = value.1.parse().ok(),
                "{region}" => hints.region = Some(value.1.to_string()),
                "{level}" => hints.admin_level = parse_level(value.1),
                _ => {}
            }
        }
        hints.region_source = Some(Provenance::Path);
        hints.year_source = Some(Provenance::Path);
        true
    }
}

fn parse_level(s: &str) -> Option<AdminLevel> {
    let s = s.to_lowercase();
    if s.contains("nation") || s.contains("全国") || s.contains("国务院") {
        Some(AdminLevel::National)
    } else if s.contains("prov") || s.contains('省') {
        Some(AdminLevel::Province)
    } else if s.contains("cit") || s.contains("pref") || s.contains('市') {
        Some(AdminLevel::Prefecture)
    } else if s.contains("count") || s.contains('县') {
        Some(AdminLevel::County)
    } else {
        None
    }
}

/// Default reading of a path: a 4-digit year anywhere in the last two components, a
/// level word in the folder name, and a Chinese place name as the file stem.
fn hints_from_path(path: &Path, pattern: Option<&PathPattern>) -> Hints {
    let mut h = Hints::default();
    if let Some(p) = pattern {
        if p.apply(path, &mut h) {
            finish_region(&mut h);
            return h;
        }
    }
    let comps: Vec<String> = path
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let n = comps.len();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = if n >= 2 {
        comps[n - 2].clone()
    } else {
        String::new()
    };
    for c in [&stem, &folder] {
        if h.year.is_none() {
            h.year = find_year(c);
        }
    }
    h.admin_level = parse_level(&folder);
    // The stem minus years, separators and the words 政府工作报告.
    let region: String = stem
        .split(['_', '-', ' ', '.'])
        .filter(|s| !s.is_empty() && find_year(s).is_none() && !s.contains("工作报告"))
        .find(|s| s.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .unwrap_or_default()
        .to_string();
    if !region.is_empty() {
        h.region = Some(region);
    }
    h.region_source = Some(Provenance::Path);
    h.year_source = Some(Provenance::Path);
    finish_region(&mut h);
    h
}

/// Completes a bare place name from its level: 吉林 at prefecture level is 吉林市.
fn finish_region(h: &mut Hints) {
    if let Some(r) = &h.region {
        if let Some(l) = level_of_region(r) {
            h.admin_level.get_or_insert(l);
        } else if h.admin_level == Some(AdminLevel::Prefecture) {
            h.region = Some(format!("{r}市"));
        }
    }
}

fn find_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let w = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let after_ok = i + 4 == b.len() || !b[i + 4].is_ascii_digit();
        if w.iter().all(u8::is_ascii_digit) && before_ok && after_ok {
            let y: i32 = std::str::from_utf8(w).ok()?.parse().ok()?;
            if (1949..=2100).contains(&y) {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

/// Options for reading corpora.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub text_column: Option<String>,
    pub path_pattern: Option<PathPattern>,
    /// Larger single inputs are refused (recorded as failed) rather than read.
    pub max_bytes: u64,
}

/// Reads one input file and hands each report in it to `emit`, in order.
/// Never fails: problems become failed units.
pub fn read_units(file: &InputFile, opts: &ReadOptions, emit: &mut dyn FnMut(Unit)) {
    match file {
        InputFile::Unusable { path, reason } => {
            emit(Unit::failed(path, None, UNREADABLE, reason.clone()));
        }
        InputFile::Stdin => {
            let mut buf = Vec::new();
            match std::io::stdin().read_to_end(&mut buf) {
                Ok(_) => emit(Unit {
                    source: "-".into(),
                    member: None,
                    bytes: buf,
                    hints: Hints::default(),
                    source_meta: None,
                    html_hint: false,
                    error: None,
                }),
                Err(e) => emit(Unit::failed(
                    "-",
                    None,
                    UNREADABLE,
                    format!("cannot read stdin: {e}"),
                )),
            }
        }
        InputFile::Path(p) => {
            let name = p.to_string_lossy().into_owned();
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let size = fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            if opts.max_bytes > 0 && size > opts.max_bytes && ext != "jsonl" && ext != "ndjson" {
                emit(Unit::failed(
                    &name,
                    None,
                    "input_too_large",
                    format!(
                        "{size} bytes is over the limit of {} bytes (--max-bytes)",
                        opts.max_bytes
                    ),
                ));
                return;
            }
            match ext.as_str() {
                "jsonl" | "ndjson" => read_jsonl(p, &name, opts, emit),
                "csv" | "tsv" => read_csv(p, &name, &ext, opts, emit),
                _ => match fs::read(p) {
                    Ok(bytes) => emit(Unit {
                        source: name.clone(),
                        member: None,
                        bytes,
                        hints: hints_from_path(p, opts.path_pattern.as_ref()),
                        source_meta: None,
                        html_hint: ext == "html" || ext == "htm",
                        error: None,
                    }),
                    Err(e) => emit(Unit::failed(
                        &name,
                        None,
                        UNREADABLE,
                        format!("cannot read: {e}"),
                    )),
                },
            }
        }
    }
}

const TEXT_FIELDS: &[&str] = &["full_text", "content", "text", "body", "正文"];

fn hints_from_fields(
    fields: &serde_json::Map<String, serde_json::Value>,
    path_hints: &Hints,
) -> Hints {
    let mut h = path_hints.clone();
    let s = |k: &str| {
        fields
            .get(k)
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    };
    if let Some(t) = s("title") {
        h.title = Some(t);
    }
    let year = fields.get("year").and_then(|v| match v {
        serde_json::Value::Number(n) => n.as_i64().map(|y| y as i32),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    if let Some(y) = year {
        h.year = Some(y);
        h.year_source = Some(Provenance::Metadata);
    }
    for k in ["region", "province", "city", "county"] {
        if let Some(r) = s(k) {
            h.region = Some(r);
            h.region_source = Some(Provenance::Metadata);
            h.admin_level = level_of_region(h.region.as_deref().unwrap_or("")).or(h.admin_level);
            break;
        }
    }
    if let Some(d) = s("delivered_on").or_else(|| s("date")) {
        h.delivered_on = Some(d);
    }
    h
}

fn read_jsonl(p: &Path, name: &str, opts: &ReadOptions, emit: &mut dyn FnMut(Unit)) {
    let f = match fs::File::open(p) {
        Ok(f) => f,
        Err(e) => {
            emit(Unit::failed(
                name,
                None,
                UNREADABLE,
                format!("cannot open: {e}"),
            ));
            return;
        }
    };
    let path_hints = hints_from_path(p, opts.path_pattern.as_ref());
    let fields = opts
        .text_column
        .as_deref()
        .map(|c| vec![c])
        .unwrap_or_else(|| TEXT_FIELDS.to_vec());
    let mut reader = BufReader::with_capacity(1 << 20, f);
    let mut line = Vec::new();
    let mut member = 0u64;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                emit(Unit::failed(
                    name,
                    Some(member),
                    UNREADABLE,
                    format!("read error: {e}"),
                ));
                break;
            }
        }
        let this = member;
        member += 1;
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let line = JsonlLine {
            name,
            member: this,
            bytes: trimmed,
        };
        emit(line.unit(&fields, &path_hints));
    }
}

/// One non-empty line of a JSONL file.
struct JsonlLine<'a> {
    name: &'a str,
    member: u64,
    bytes: &'a [u8],
}

impl JsonlLine<'_> {
    /// The report of the line (its text field, the other fields as `source_meta`), or a
    /// failed unit that says why the line holds none.
    fn unit(&self, fields: &[&str], path_hints: &Hints) -> Unit {
        let value: serde_json::Value = match serde_json::from_slice(self.bytes) {
            Ok(v) => v,
            Err(e) => return self.failed("invalid_jsonl_line", format!("not valid JSON: {e}")),
        };
        // Owned: the text moves out of the parsed line instead of being copied twice.
        let serde_json::Value::Object(mut obj) = value else {
            return self.failed("invalid_jsonl_line", "not a JSON object".into());
        };
        let Some(key) = fields
            .iter()
            .copied()
            .find(|k| obj.get(*k).is_some_and(serde_json::Value::is_string))
        else {
            let why = format!("no text field ({})", fields.join(", "));
            return self.failed("no_text_field", why);
        };
        let hints = hints_from_fields(&obj, path_hints);
        let text = match obj.remove(key) {
            Some(serde_json::Value::String(t)) => t,
            _ => String::new(),
        };
        for k in fields {
            obj.remove(*k);
        }
        Unit {
            source: self.name.to_string(),
            member: Some(self.member),
            bytes: text.into_bytes(),
            hints,
            source_meta: Some(serde_json::Value::Object(obj).to_string()),
            html_hint: false,
            error: None,
        }
    }

    fn failed(&self, code: &'static str, why: String) -> Unit {
        let mut u = Unit::failed(
            self.name,
            Some(self.member),
            code,
            format!("line {}: {why}", self.member + 1),
        );
        u.bytes = self.bytes.to_vec();
        u
    }
}

fn read_csv(p: &Path, name: &str, ext: &str, opts: &ReadOptions, emit: &mut dyn FnMut(Unit)) {
    let bytes = match fs::read(p) {
        Ok(b) => b,
        Err(e) => {
            emit(Unit::failed(
                name,
                None,
                UNREADABLE,
                format!("cannot read: {e}"),
            ));
            return;
        }
    };
    let body = bytes
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(if ext == "tsv" { b'\t' } else { b',' })
        .flexible(true)
        .from_reader(body);
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            emit(Unit::failed(
                name,
                None,
                "invalid_csv",
                format!("cannot read the header: {e}"),
            ));
            return;
        }
    };
    let col = match &opts.text_column {
        Some(c) => headers.iter().position(|h| h == c),
        None => TEXT_FIELDS
            .iter()
            .find_map(|f| headers.iter().position(|h| h == f)),
    };
    let Some(col) = col else {
        emit(Unit::failed(
            name,
            None,
            "no_text_field",
            format!(
                "no text column (looked for {}; use --text-column)",
                opts.text_column
                    .clone()
                    .unwrap_or_else(|| TEXT_FIELDS.join(", "))
            ),
        ));
        return;
    };
    let path_hints = hints_from_path(p, opts.path_pattern.as_ref());
    for (row, rec) in rdr.records().enumerate() {
        let row = row as u64;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                emit(Unit::failed(
                    name,
                    Some(row),
                    "invalid_csv_row",
                    format!("row {}: {e}", row + 1),
                ));
                continue;
            }
        };
        let Some(text) = rec.get(col) else {
            emit(Unit::failed(
                name,
                Some(row),
                "no_text_field",
                format!("row {}: the text column is missing", row + 1),
            ));
            continue;
        };
        let mut meta = serde_json::Map::new();
        for (k, h) in headers.iter().enumerate() {
            if k != col {
                if let Some(v) = rec.get(k) {
                    meta.insert(h.clone(), serde_json::Value::String(v.to_string()));
                }
            }
        }
        let mut hints = hints_from_fields(&meta, &path_hints);
        if let Some(d) = meta.get("publish_date").and_then(|v| v.as_str()) {
            hints.delivered_on.get_or_insert(d.to_string());
        }
        emit(Unit {
            source: name.to_string(),
            member: Some(row),
            bytes: text.as_bytes().to_vec(),
            hints,
            source_meta: Some(serde_json::Value::Object(meta).to_string()),
            html_hint: false,
            error: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_hints() {
        let h = hints_from_path(Path::new("corpus/cities_2024/吉林.txt"), None);
        assert_eq!(h.region.as_deref(), Some("吉林市"));
        assert_eq!(h.year, Some(2024));
        assert_eq!(h.admin_level, Some(AdminLevel::Prefecture));
        let h = hints_from_path(
            Path::new("provinces_2026/2026_北京市_政府工作报告.csv"),
            None,
        );
        assert_eq!(h.region.as_deref(), Some("北京市"));
        assert_eq!(h.year, Some(2026));
        let pat = PathPattern::new("{level}/{year}/{region}.txt");
        let h = hints_from_path(Path::new("data/county/2019/某县.txt"), Some(&pat));
        assert_eq!(
            (h.year, h.region.as_deref(), h.admin_level),
            (Some(2019), Some("某县"), Some(AdminLevel::County))
        );
    }
}
