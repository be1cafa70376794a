//! One report from raw material to records: decode the bytes, then parse the text.
//!
//! The glue shared by `gwr parse` and `gwr convert`: it also gives the parsed report its
//! region codes (`regions`), so both commands show them. Never panics and never fails: a
//! unit that cannot be read or decoded becomes a `failed` report with a diagnostic.

use crate::decode::{self, DecodeFailure, IssueSeverity};
use crate::input::Unit;
use crate::model::{Diagnostic, DocKind, ParsedReport, Report, Severity, Span};
use crate::parse::{self, SourceInfo};
use crate::regions::{self, Unresolved};

/// Options that change how bytes become text.
#[derive(Debug, Clone, Default)]
pub struct DecodeOptions {
    /// An encoding label that overrides detection (gbk, gb18030, utf-16le, big5…).
    pub encoding: Option<String>,
}

/// Decodes and parses one unit.
pub fn process(unit: &Unit, opts: &DecodeOptions) -> ParsedReport {
    let (report_id, sha256) = unit.ids();
    let mut info = SourceInfo {
        report_id,
        source: unit.source.clone(),
        member: unit.member,
        sha256,
        bytes: unit.bytes.len() as u64,
        encoding: String::new(),
        from_html: false,
        hints: unit.hints.clone(),
        source_meta: unit.source_meta.clone(),
        decode_issues: Vec::new(),
    };
    if let Some((code, msg)) = &unit.error {
        return parse::failed(&info, code, msg);
    }
    let decoded = match decode::decode(&unit.bytes, opts.encoding.as_deref(), unit.html_hint) {
        Ok(d) => d,
        Err(e) => {
            let code = match e {
                DecodeFailure::Empty => "empty_input",
                DecodeFailure::Binary { .. } => "binary_input",
                DecodeFailure::UnknownEncoding(_) => "unknown_encoding",
            };
            return parse::failed(&info, code, &e.to_string());
        }
    };
    info.encoding = decoded.encoding.to_string();
    info.from_html = decoded.from_html;
    info.decode_issues = decoded
        .issues
        .iter()
        .map(|i| {
            let sev = match i.severity {
                IssueSeverity::Error => Severity::Error,
                IssueSeverity::Warning => Severity::Warning,
            };
            (
                sev,
                i.code.to_string(),
                i.message.clone(),
                i.byte_start..i.byte_end,
            )
        })
        .collect();
    // Defence in depth: a parser bug on one input must not take the batch down.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parse::parse(&decoded.text, &info)
    })) {
        Ok(mut r) => {
            attach_region_code(&mut r);
            r
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            parse::failed(
                &info,
                "internal_error",
                &format!("the parser failed on this input (a bug in gwr: please report it with the input): {what}"),
            )
        }
    }
}

/// Fills the report's `region_code` and `parent_code` (GB/T 2260, valid in its year), and
/// adds an `info` diagnostic when a work report names a region that gets no code (unknown
/// in that year, ambiguous, or of another level): the one place the lookup is made.
fn attach_region_code(r: &mut ParsedReport) {
    let rep = &mut r.report;
    let err = match regions::resolve(rep.region.as_deref(), rep.year, rep.admin_level) {
        Ok(code) => {
            rep.region_code = Some(code.code);
            rep.parent_code = code.parent_code;
            return;
        }
        Err(Unresolved::Missing) => return,
        Err(e) => e,
    };
    if rep.doc_kind != DocKind::Report || rep.region.is_none() {
        return;
    }
    let diagnostic = unresolved_diagnostic(rep, &err, r.diagnostics.len() + 1);
    r.diagnostics.push(diagnostic);
}

fn unresolved_diagnostic(rep: &Report, err: &Unresolved, n: usize) -> Diagnostic {
    let codes = match err {
        Unresolved::Ambiguous { codes } | Unresolved::OtherLevel { codes } => codes.join(", "),
        _ => String::new(),
    };
    let message = format!(
        "no region code for {:?} in {:?} at level {:?}: {}{}",
        rep.region.as_deref().unwrap_or_default(),
        rep.year,
        rep.admin_level.map(|l| l.as_str()),
        err.code(),
        if codes.is_empty() {
            String::new()
        } else {
            format!(" (candidates {codes})")
        }
    );
    Diagnostic {
        diagnostic_id: format!("{}-D{n:04}", rep.report_id),
        report_id: rep.report_id.clone(),
        severity: Severity::Info,
        code: err.code().to_string(),
        message,
        span: Span::default(),
        text: String::new(),
    }
}
