//! Bytes → UTF-8 text: the I/O-free edge of the parser.
//!
//! [`decode`] takes the raw bytes of one report and returns its text as a `String`, with
//! a record of how it got there ([`Decoded`]):
//! - a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins and is removed;
//! - UTF-16 without a BOM is recognised (best effort) by its pattern of high bytes;
//! - valid UTF-8 is taken as is (one validation pass plus one copy);
//! - UTF-8 with a few broken sequences (a truncated file) stays UTF-8, each bad run
//!   becomes U+FFFD and is reported (`invalid_utf8`, `truncated_utf8`);
//! - anything else is a legacy encoding: an HTML `<meta charset>` if there is one, else a
//!   guess by `chardetng` (GBK/GB18030 for most Chinese government sites, Big5 for
//!   traditional ones), decoded with `encoding_rs`; malformed sequences become U+FFFD and
//!   are reported (`undecodable_bytes`);
//! - HTML (by the caller's hint or by its look) is reduced to its visible text with a real
//!   HTML5 parser (`scraper`/html5ever): `head`, `script`, `style` and the like dropped,
//!   block elements turned into line breaks, entities decoded.
//!
//! Empty input, binary input (NUL/control bytes, PDF/ZIP/PNG… signatures) and an unknown
//! forced encoding label are failures the caller can tell apart ([`DecodeFailure`]).
//!
//! What it must not do: no file or network I/O (the caller reads the bytes), no parsing of
//! report structure (sections, targets… belong to the parser), no normalisation of the
//! text beyond what decoding needs (line endings, full-width forms and spaces are kept:
//! spans downstream refer to this text), and no panic on any input.

use encoding_rs::{DecoderResult, Encoding, GB18030, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

/// How bad a decoding issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueSeverity {
    /// Some bytes were replaced; the text is usable.
    Warning,
    /// More than 1% of the bytes were replaced.
    Error,
}

/// Something the decoder noticed and could not fully resolve.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecodeIssue {
    pub severity: IssueSeverity,
    /// Stable machine-readable code, e.g. `"invalid_utf8"`, `"undecodable_bytes"`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
    /// Byte offset into the *decoded* text where known, else 0.
    pub byte_start: usize,
    /// End byte offset into the decoded text where known, else 0.
    pub byte_end: usize,
}

/// The decoded text and how it was obtained.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded text: BOM removed; for HTML the extracted visible text.
    pub text: String,
    /// `encoding_rs` name of the encoding used: "UTF-8", "UTF-16LE", "GBK", "Big5", …
    pub encoding: &'static str,
    /// A byte-order mark was present (and removed).
    pub had_bom: bool,
    /// The text was extracted from HTML.
    pub from_html: bool,
    /// The encoding was guessed (no BOM, no forced label, no `<meta charset>`, not UTF-8).
    pub detected: bool,
    /// Damage found while decoding. Spans of issues refer to `text`; for HTML input they
    /// are 0..0 because extraction moves the text.
    pub issues: Vec<DecodeIssue>,
}

/// Why no text could be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeFailure {
    /// No bytes, only a BOM, or nothing but whitespace (for HTML: no visible text).
    #[error("input is empty (no text content)")]
    Empty,
    /// The bytes are not text: NUL/control bytes, or a known binary file signature.
    #[error("input is binary, not text{}", binary_suffix(*.format))]
    Binary {
        /// The recognised file format ("PDF", "ZIP (DOCX/XLSX/…)", "PNG", …), if any.
        format: Option<&'static str>,
    },
    /// The forced encoding label is not one `encoding_rs` knows.
    #[error("unknown encoding label {0:?}")]
    UnknownEncoding(String),
}

fn binary_suffix(format: Option<&'static str>) -> String {
    match format {
        Some(f) => format!(" (looks like {f})"),
        None => String::new(),
    }
}

/// How many leading bytes the binary and UTF-16 sniffers look at.
const SNIFF_LEN: usize = 8 * 1024;
/// At most this many located issues per code; the rest are summed up in one issue.
const MAX_ISSUES_PER_CODE: usize = 20;
/// chardetng sees at most about this many bytes (cut at a line end); plenty for a guess.
const DETECT_LEN: usize = 256 * 1024;

/// Decode one report's bytes to UTF-8 text.
///
/// `forced_encoding` is an encoding label ("gbk", "gb18030", "utf-16le", "big5", …) that
/// overrides all detection; `html_hint` says the file name looks like HTML (.html/.htm).
pub fn decode(
    bytes: &[u8],
    forced_encoding: Option<&str>,
    html_hint: bool,
) -> Result<Decoded, DecodeFailure> {
    if bytes.is_empty() {
        return Err(DecodeFailure::Empty);
    }
    let mut issues = Vec::new();
    let raw = match forced_encoding {
        Some(label) => decode_forced(bytes, label, &mut issues)?,
        None => match Encoding::for_bom(bytes) {
            Some((enc, len)) => decode_bom(enc, &bytes[len..], &mut issues)?,
            None => decode_sniffed(bytes, html_hint, &mut issues)?,
        },
    };
    note_nul_chars(&raw.text, &mut issues);
    let (text, from_html) = strip_html(raw.text, html_hint, &mut issues);
    if text.trim().is_empty() {
        return Err(DecodeFailure::Empty);
    }
    Ok(Decoded {
        text,
        encoding: raw.encoding.name(),
        had_bom: raw.had_bom,
        from_html,
        detected: raw.detected,
        issues,
    })
}

/// Decoded bytes before the HTML and NUL checks.
struct RawText {
    encoding: &'static Encoding,
    text: String,
    had_bom: bool,
    /// The encoding was guessed, not declared.
    detected: bool,
}

/// `--encoding LABEL`: that encoding, after its own BOM if the bytes start with one.
fn decode_forced(
    bytes: &[u8],
    label: &str,
    issues: &mut Vec<DecodeIssue>,
) -> Result<RawText, DecodeFailure> {
    let enc = Encoding::for_label(label.trim().as_bytes())
        .filter(|e| *e != REPLACEMENT)
        .ok_or_else(|| DecodeFailure::UnknownEncoding(label.to_string()))?;
    match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => decode_bom(enc, &bytes[len..], issues),
        _ => {
            if !is_utf16(enc) {
                check_binary(bytes)?;
            }
            let text = decode_with(enc, bytes, issues);
            Ok(RawText {
                encoding: enc,
                text,
                had_bom: false,
                detected: false,
            })
        }
    }
}

/// The body after a byte-order mark, in the mark's encoding.
fn decode_bom(
    enc: &'static Encoding,
    body: &[u8],
    issues: &mut Vec<DecodeIssue>,
) -> Result<RawText, DecodeFailure> {
    if !is_utf16(enc) {
        check_binary(body)?;
    }
    Ok(RawText {
        encoding: enc,
        text: decode_with(enc, body, issues),
        had_bom: true,
        detected: false,
    })
}

/// No BOM and no `--encoding`: binary signatures, UTF-16 without a BOM, UTF-8 (the fast
/// path, or lossy when it is mostly UTF-8), else a declared or guessed legacy encoding.
fn decode_sniffed(
    bytes: &[u8],
    html_hint: bool,
    issues: &mut Vec<DecodeIssue>,
) -> Result<RawText, DecodeFailure> {
    if let Some(format) = binary_signature(bytes) {
        return Err(DecodeFailure::Binary {
            format: Some(format),
        });
    }
    let raw = |encoding, text, detected| RawText {
        encoding,
        text,
        had_bom: false,
        detected,
    };
    if let Some(enc) = sniff_utf16(bytes) {
        return Ok(raw(enc, decode_legacy(enc, bytes, issues), true));
    }
    check_binary(bytes)?;
    let e = match validate_utf8(bytes) {
        // The fast path: one validation pass, one copy.
        Ok(s) => return Ok(raw(UTF_8, s.to_owned(), false)),
        Err(e) => e,
    };
    if e.error_len().is_none() || mostly_utf8(bytes) {
        return Ok(raw(UTF_8, decode_utf8_lossy(bytes, issues), false));
    }
    let declared = if html_hint || looks_like_html(bytes) {
        meta_charset(bytes)
    } else {
        None
    };
    let (enc, detected) = match declared {
        Some(enc) => (prefer_gb18030(enc, bytes), false),
        None => (guess_legacy(bytes), true),
    };
    Ok(raw(enc, decode_with(enc, bytes, issues), detected))
}

/// A warning for NUL chars, which are kept (as U+0000).
fn note_nul_chars(text: &str, issues: &mut Vec<DecodeIssue>) {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        let n = memchr::memchr_iter(0, text.as_bytes()).count();
        issues.push(DecodeIssue {
            severity: IssueSeverity::Warning,
            code: "nul_chars",
            message: format!("{n} NUL char(s) in the text (kept as U+0000)"),
            byte_start: 0,
            byte_end: 0,
        });
    }
}

/// The text of an HTML page (issues then point at no byte of it), or the text as it is;
/// and whether it was HTML.
fn strip_html(text: String, html_hint: bool, issues: &mut Vec<DecodeIssue>) -> (String, bool) {
    if looks_like_html(text.as_bytes()) || (html_hint && has_markup(&text)) {
        for issue in issues.iter_mut() {
            issue.byte_start = 0;
            issue.byte_end = 0;
        }
        return (html_to_text(&text), true);
    }
    if html_hint {
        issues.push(DecodeIssue {
            severity: IssueSeverity::Warning,
            code: "not_html",
            message: "file name says HTML but the text has no markup; read as plain text"
                .to_string(),
            byte_start: 0,
            byte_end: 0,
        });
    }
    (text, false)
}

/// `std::str::from_utf8`, with simdutf8's SIMD check first: std validates Chinese text
/// at ~1.5 GB/s, simdutf8 at ~10 GB/s (3 % of a parse). Only invalid input takes the
/// second, std pass, for the error's position and kind.
fn validate_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    }
}

fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// Decode `body` (BOM already removed) with a known encoding.
fn decode_with(enc: &'static Encoding, body: &[u8], issues: &mut Vec<DecodeIssue>) -> String {
    if enc == UTF_8 {
        match validate_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(_) => decode_utf8_lossy(body, issues),
        }
    } else {
        decode_legacy(enc, body, issues)
    }
}

// ---------------------------------------------------------------------------------------
// Sniffing

/// Known binary file signatures (documents people mistake for text reports, images,
/// archives).
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP (DOCX/XLSX/…)"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "OLE2 (DOC/XLS/WPS)"),
        (b"\x89PNG\r\n\x1A\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"\x1F\x8B", "gzip"),
        (b"\x28\xB5\x2F\xFD", "zstd"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
        (b"Rar!\x1A\x07", "RAR"),
        (b"\x7FELF", "ELF executable"),
        (b"PAR1", "Parquet"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, name)| name)
}

/// Binary when more than 2 % of the first 8 KiB are control bytes other than
/// tab, LF, CR, form feed and escape (NUL counts).
fn check_binary(bytes: &[u8]) -> Result<(), DecodeFailure> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let suspicious = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    if suspicious * 50 > sample.len() {
        Err(DecodeFailure::Binary { format: None })
    } else {
        Ok(())
    }
}

/// UTF-16 without BOM: at least 90 % of the code units in the first 8 KiB have a high
/// byte typical of Chinese text (0 for ASCII, U+2000 punctuation, U+3000 CJK punctuation,
/// U+4E00–U+9FFF ideographs, U+FF00 full-width forms) in one byte order, and some of them
/// are ASCII (NUL high byte), so plain UTF-8 or GBK never qualifies.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let plausible = |hi: u8, lo: u8| match hi {
        0 => lo != 0,
        0x20 | 0x30 | 0xFF | 0x4E..=0x9F => true,
        _ => false,
    };
    let (mut le, mut be, mut le_ascii, mut be_ascii) = (0usize, 0usize, 0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        let (a, b) = (pair[0], pair[1]);
        if plausible(b, a) {
            le += 1;
            le_ascii += usize::from(b == 0);
        }
        if plausible(a, b) {
            be += 1;
            be_ascii += usize::from(a == 0);
        }
    }
    if le * 10 >= units * 9 && le_ascii > 0 && le > be {
        Some(UTF_16LE)
    } else if be * 10 >= units * 9 && be_ascii > 0 && be > le {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Invalid UTF-8 that is still UTF-8: in the first 256 KiB, valid multi-byte chars
/// outnumber broken runs at least twenty to one.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    let mut multibyte = 0usize;
    let mut broken = 0usize;
    for chunk in sample.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && broken * 20 <= multibyte
}

/// Guess a legacy (non-UTF-8) encoding with chardetng; if it guesses a single-byte
/// encoding for text that is mostly high bytes and decodes cleanly as GB18030, take
/// GB18030 (Chinese content).
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = if bytes.len() > DETECT_LEN {
        // Cut at a line end so no multi-byte char is split.
        match memchr::memrchr(b'\n', &bytes[..DETECT_LEN]) {
            Some(i) => &bytes[..=i],
            None => bytes,
        }
    } else {
        bytes
    };
    detector.feed(sample, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    prefer_gb18030(guess, bytes)
}

fn is_cjk_multibyte(enc: &'static Encoding) -> bool {
    enc == encoding_rs::GBK
        || enc == GB18030
        || enc == encoding_rs::BIG5
        || enc == encoding_rs::EUC_KR
        || enc == encoding_rs::SHIFT_JIS
        || enc == encoding_rs::EUC_JP
        || enc == encoding_rs::ISO_2022_JP
}

fn prefer_gb18030(enc: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if is_cjk_multibyte(enc) || is_utf16(enc) {
        return enc;
    }
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high * 10 >= bytes.len() * 3
        && GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
    {
        GB18030
    } else {
        enc
    }
}

/// The charset of an HTML `<meta charset=…>` / `<meta http-equiv … content="…charset=…">`
/// in the first 4 KiB, unless it claims UTF-8/UTF-16 (the bytes are not UTF-8 when this
/// is asked) or names no known encoding.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let mut from = memchr::memmem::find(&head, b"<meta")?;
    while let Some(off) = memchr::memmem::find(&head[from..], b"charset") {
        let mut i = from + off + b"charset".len();
        while head.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if head.get(i) == Some(&b'=') {
            i += 1;
            while head
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                i += 1;
            }
            let start = i;
            while head.get(i).is_some_and(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
            }) {
                i += 1;
            }
            let enc = Encoding::for_label(&head[start..i])?;
            return (enc != UTF_8 && !is_utf16(enc) && enc != REPLACEMENT).then_some(enc);
        }
        from = i;
    }
    None
}

fn contains_ci(haystack_lower: &[u8], needle_lower: &[u8]) -> bool {
    memchr::memmem::find(haystack_lower, needle_lower).is_some()
}

/// The text clearly is HTML: it starts (after whitespace, an XML declaration or a comment)
/// with `<!doctype html` or `<html`, or has `<body` and `</p>` in its first 16 KiB.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(16 * 1024)].to_ascii_lowercase();
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let trimmed = &head[start..];
    trimmed.starts_with(b"<!doctype html")
        || trimmed.starts_with(b"<html")
        || ((trimmed.starts_with(b"<?xml") || trimmed.starts_with(b"<!--"))
            && contains_ci(trimmed, b"<html"))
        || (contains_ci(&head, b"<body") && contains_ci(&head, b"</p>"))
}

/// Some tag-like markup (`<` followed by a letter, `/` or `!`) in the first 64 KiB.
fn has_markup(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    memchr::memchr_iter(b'<', head).any(|i| {
        head.get(i + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!')
    })
}

// ---------------------------------------------------------------------------------------
// Decoding with damage reports

/// A run of damaged input, located in the output text.
struct Run {
    start: usize,
    end: usize,
    bytes: usize,
}

/// Collects damaged runs of one kind; adjacent runs merge.
#[derive(Default)]
struct Runs {
    located: Vec<Run>,
    runs: usize,
    bytes: usize,
    last_end: Option<usize>,
}

impl Runs {
    fn add(&mut self, start: usize, end: usize, bytes: usize) {
        self.bytes += bytes;
        let adjacent = self.last_end == Some(start);
        self.last_end = Some(end);
        if adjacent {
            if self.runs == self.located.len() {
                if let Some(last) = self.located.last_mut() {
                    last.end = end;
                    last.bytes += bytes;
                }
            }
            return;
        }
        self.runs += 1;
        if self.located.len() < MAX_ISSUES_PER_CODE {
            self.located.push(Run { start, end, bytes });
        }
    }

    fn report(
        self,
        issues: &mut Vec<DecodeIssue>,
        code: &'static str,
        severity: IssueSeverity,
        what: &str,
    ) {
        let shown = self.located.len();
        for run in self.located {
            issues.push(DecodeIssue {
                severity,
                code,
                message: format!("{} {what} replaced with U+FFFD", plural_bytes(run.bytes)),
                byte_start: run.start,
                byte_end: run.end,
            });
        }
        if self.runs > shown {
            issues.push(DecodeIssue {
                severity,
                code,
                message: format!(
                    "{} more run(s) of {what} not listed; {} in all",
                    self.runs - shown,
                    plural_bytes(self.bytes)
                ),
                byte_start: 0,
                byte_end: 0,
            });
        }
    }
}

fn plural_bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// UTF-8 with broken sequences: each maximal invalid sequence becomes one U+FFFD.
fn decode_utf8_lossy(bytes: &[u8], issues: &mut Vec<DecodeIssue>) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut invalid = Runs::default();
    let mut consumed = 0usize;
    let mut truncated: Option<(usize, usize, usize)> = None;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        consumed += chunk.valid().len();
        let bad = chunk.invalid();
        if bad.is_empty() {
            continue;
        }
        consumed += bad.len();
        let start = out.len();
        out.push(char::REPLACEMENT_CHARACTER);
        let cut_at_end = consumed == bytes.len()
            && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none());
        if cut_at_end {
            truncated = Some((start, out.len(), bad.len()));
        } else {
            invalid.add(start, out.len(), bad.len());
        }
    }
    let severity = if invalid.bytes * 100 > bytes.len() {
        IssueSeverity::Error
    } else {
        IssueSeverity::Warning
    };
    invalid.report(issues, "invalid_utf8", severity, "of invalid UTF-8");
    if let Some((start, end, n)) = truncated {
        issues.push(DecodeIssue {
            severity: IssueSeverity::Warning,
            code: "truncated_utf8",
            message: format!(
                "input ends inside a UTF-8 character ({} of it present); replaced with U+FFFD",
                plural_bytes(n)
            ),
            byte_start: start,
            byte_end: end,
        });
    }
    out
}

/// Decode with a non-UTF-8 encoding; each malformed sequence becomes one U+FFFD.
fn decode_legacy(enc: &'static Encoding, bytes: &[u8], issues: &mut Vec<DecodeIssue>) -> String {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let mut undecodable = Runs::default();
    let mut pos = 0usize;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
                    .unwrap_or(1024)
                    .max(16);
                out.reserve(more);
            }
            DecoderResult::Malformed(bad, _) => {
                let start = out.len();
                out.push(char::REPLACEMENT_CHARACTER);
                undecodable.add(start, out.len(), usize::from(bad));
            }
        }
    }
    let severity = if undecodable.bytes * 100 > bytes.len() {
        IssueSeverity::Error
    } else {
        IssueSeverity::Warning
    };
    let what = format!("undecodable as {}", enc.name());
    undecodable.report(issues, "undecodable_bytes", severity, &what);
    out
}

// ---------------------------------------------------------------------------------------
// HTML → text

/// Elements whose content is never visible text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "button"
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Inline,
    Block,
    Br,
    Cell,
    Pre,
}

fn kind_of(name: &str) -> Kind {
    match name {
        "br" => Kind::Br,
        "td" | "th" => Kind::Cell,
        "pre" | "textarea" | "listing" | "plaintext" => Kind::Pre,
        "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "section"
        | "article" | "ul" | "ol" | "dl" | "dt" | "dd" | "table" | "thead" | "tbody" | "tfoot"
        | "caption" | "blockquote" | "header" | "footer" | "nav" | "main" | "aside" | "figure"
        | "figcaption" | "address" | "center" | "hr" | "form" | "fieldset" | "legend"
        | "details" | "summary" | "body" | "html" => Kind::Block,
        _ => Kind::Inline,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ws {
    None,
    Space,
    /// Collapsible whitespace containing a line break: dropped between two wide (CJK)
    /// chars, as CSS does, so a source line break inside a Chinese sentence leaves no gap.
    Break,
}

/// Builds the visible text: collapses whitespace like a browser, turns block boundaries
/// into line breaks, allows at most one blank line in a row.
struct TextOut {
    out: String,
    ws: Ws,
    newlines: usize,
    pre: usize,
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl TextOut {
    fn block(&mut self) {
        self.newlines = self.newlines.max(1);
    }

    fn line_break(&mut self) {
        self.newlines = (self.newlines + 1).min(2);
    }

    fn cell(&mut self) {
        self.ws = self.ws.max(Ws::Space);
    }

    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if self.pre > 0 {
                if c == '\n' {
                    self.line_break();
                } else if c != '\r' {
                    self.emit(c);
                }
            } else if matches!(c, '\n' | '\r') {
                self.ws = Ws::Break;
            } else if matches!(c, ' ' | '\t' | '\u{0C}') {
                self.ws = self.ws.max(Ws::Space);
            } else {
                self.emit(c);
            }
        }
    }

    fn emit(&mut self, c: char) {
        if self.newlines > 0 {
            if !self.out.is_empty() {
                let have = self.out.bytes().rev().take_while(|&b| b == b'\n').count();
                for _ in have..self.newlines {
                    self.out.push('\n');
                }
            }
            self.newlines = 0;
        } else if self.ws != Ws::None {
            if let Some(prev) = self.out.chars().next_back() {
                let drop = prev == '\n' || (self.ws == Ws::Break && is_wide(prev) && is_wide(c));
                if !drop {
                    self.out.push(' ');
                }
            }
        }
        self.ws = Ws::None;
        self.out.push(c);
    }
}

/// Visible text of an HTML document.
fn html_to_text(html: &str) -> String {
    enum Step<N> {
        Enter(N),
        Leave(Kind),
    }
    let doc = scraper::Html::parse_document(html);
    let mut out = TextOut {
        out: String::with_capacity(html.len() / 2),
        ws: Ws::None,
        newlines: 0,
        pre: 0,
    };
    // An explicit stack, not recursion: nesting depth is input-controlled.
    let mut stack = vec![Step::Enter(doc.tree.root())];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                let kind = match node.value() {
                    scraper::Node::Text(t) => {
                        out.text(t);
                        continue;
                    }
                    scraper::Node::Element(e) => {
                        let name = e.name();
                        if is_skipped(name) {
                            continue;
                        }
                        kind_of(name)
                    }
                    scraper::Node::Document | scraper::Node::Fragment => Kind::Inline,
                    _ => continue,
                };
                match kind {
                    Kind::Br => out.line_break(),
                    Kind::Block => out.block(),
                    Kind::Cell => out.cell(),
                    Kind::Pre => {
                        out.block();
                        out.pre += 1;
                    }
                    Kind::Inline => {}
                }
                stack.push(Step::Leave(kind));
                for child in node.children().rev() {
                    stack.push(Step::Enter(child));
                }
            }
            Step::Leave(kind) => match kind {
                Kind::Block => out.block(),
                Kind::Cell => out.cell(),
                Kind::Pre => {
                    out.pre = out.pre.saturating_sub(1);
                    out.block();
                }
                Kind::Br | Kind::Inline => {}
            },
        }
    }
    let mut text = out.out;
    let keep = text.trim_end().len();
    text.truncate(keep);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "地区生产总值增长7%左右";

    fn ok(bytes: &[u8], forced: Option<&str>, html: bool) -> Decoded {
        match decode(bytes, forced, html) {
            Ok(d) => d,
            Err(e) => panic!("decode failed: {e}"),
        }
    }

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = enc.encode(s);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf8_without_bom() {
        let d = ok(SENTENCE.as_bytes(), None, false);
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.had_bom && !d.detected && !d.from_html);
        assert!(d.issues.is_empty());
    }

    #[test]
    fn utf8_with_bom() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(SENTENCE.as_bytes());
        let d = ok(&b, None, false);
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_bom);
    }

    #[test]
    fn utf16_with_bom() {
        let text = "各位代表：\n地区生产总值增长7%左右。";
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16(text, true));
        let d = ok(&le, None, false);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (text, "UTF-16LE", true)
        );

        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16(text, false));
        let d = ok(&be, None, false);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (text, "UTF-16BE", true)
        );
    }

    #[test]
    fn utf16_without_bom_is_sniffed() {
        let text = "政府工作报告\n2021年1月\n地区生产总值增长7%左右。";
        let d = ok(&utf16(text, true), None, false);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.detected),
            (text, "UTF-16LE", true)
        );
        let d = ok(&utf16(text, false), None, false);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.detected),
            (text, "UTF-16BE", true)
        );
    }

    #[test]
    fn gbk_is_detected() {
        let text = "各位代表：\n现在，我代表市人民政府，向大会报告工作。今年主要预期目标是：地区生产总值增长7%左右。";
        let d = ok(&encode(encoding_rs::GBK, text), None, false);
        assert_eq!(d.text, text);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        assert!(d.detected);
        assert!(d.issues.is_empty(), "{:?}", d.issues);

        // The short sentence alone.
        let d = ok(&encode(encoding_rs::GBK, SENTENCE), None, false);
        assert_eq!(d.text, SENTENCE);
        assert!(d.detected);
    }

    #[test]
    fn big5_is_detected() {
        let text =
            "各位代表：現在，我代表市人民政府，向大會報告工作。地區生產總值增長百分之七左右。";
        let d = ok(&encode(encoding_rs::BIG5, text), None, false);
        assert_eq!((d.text.as_str(), d.encoding), (text, "Big5"));
    }

    #[test]
    fn forced_encoding() {
        let gbk = encode(encoding_rs::GBK, SENTENCE);
        for label in ["gbk", "GB18030", " gb2312 "] {
            let d = ok(&gbk, Some(label), false);
            assert_eq!(d.text, SENTENCE);
            assert!(!d.detected);
        }
        let d = ok(&utf16(SENTENCE, true), Some("utf-16le"), false);
        assert_eq!((d.text.as_str(), d.encoding), (SENTENCE, "UTF-16LE"));
        // Forcing UTF-8 on GBK bytes: kept as UTF-8, damage reported.
        let d = ok(&gbk, Some("utf-8"), false);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.issues.iter().any(|i| i.code == "invalid_utf8"));
        assert_eq!(
            decode(&gbk, Some("klingon"), false).err(),
            Some(DecodeFailure::UnknownEncoding("klingon".to_string()))
        );
        // encoding_rs maps some labels to the "replacement" encoding: refused too.
        assert!(matches!(
            decode(&gbk, Some("iso-2022-kr"), false),
            Err(DecodeFailure::UnknownEncoding(_))
        ));
    }

    #[test]
    fn undecodable_bytes_in_legacy_encoding() {
        let mut b = encode(encoding_rs::GBK, "增长7%");
        b.push(0xFF);
        b.extend(encode(encoding_rs::GBK, "左右"));
        let d = ok(&b, Some("gbk"), false);
        assert_eq!(d.text, "增长7%\u{FFFD}左右");
        let issue = d.issues.iter().find(|i| i.code == "undecodable_bytes");
        let Some(issue) = issue else {
            panic!("{:?}", d.issues)
        };
        assert_eq!(&d.text[issue.byte_start..issue.byte_end], "\u{FFFD}");
        assert!(issue.message.contains("1 byte"), "{}", issue.message);
    }

    #[test]
    fn html_page_reduced_to_text() {
        let page = "<!DOCTYPE html>\n<html><head><title>政府工作报告</title>\
            <style>p { color: red }</style><script>var x = '<p>隐藏</p>';</script></head>\n\
            <body><div class=\"nav\">首页 &gt; 政务公开</div>\n\
            <h1>2021年政府工作报告</h1>\n<p>各位代表：</p>\n\n\n<p>地区生产总值\n增长7%左右&amp;\
            城镇新增就业1.2万人。</p><p>第一行<br>第二行</p><script>alert(1)</script>\
            <ul><li>一是</li><li>二是</li></ul></body></html>";
        let d = ok(page.as_bytes(), None, false);
        assert!(d.from_html);
        assert_eq!(
            d.text,
            "首页 > 政务公开\n2021年政府工作报告\n各位代表：\n地区生产总值增长7%左右&城镇新增就业1.2万人。\n\
             第一行\n第二行\n一是\n二是"
        );
        // The hint makes a fragment HTML too.
        let d = ok("<p>甲</p><p>乙</p>".as_bytes(), None, true);
        assert!(d.from_html);
        assert_eq!(d.text, "甲\n乙");
        // A hint on plain text is reported, and the text is kept as it is.
        let d = ok("甲\n乙".as_bytes(), None, true);
        assert!(!d.from_html);
        assert_eq!(d.text, "甲\n乙");
        assert!(d.issues.iter().any(|i| i.code == "not_html"));
    }

    #[test]
    fn html_blank_lines_collapse() {
        let d = ok(
            "<html><body>a<br><br><br><br>b<div><div><p>c</p></div></div></body></html>".as_bytes(),
            None,
            false,
        );
        assert_eq!(d.text, "a\n\nb\nc");
    }

    #[test]
    fn html_meta_charset_gbk() {
        let page =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                    </head><body><p>地区生产总值增长7%左右</p></body></html>";
        let d = ok(&encode(encoding_rs::GBK, page), None, true);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.detected),
            (SENTENCE, "GBK", false)
        );
        assert!(d.from_html);
    }

    #[test]
    fn empty_input() {
        assert_eq!(decode(b"", None, false).err(), Some(DecodeFailure::Empty));
        assert_eq!(
            decode(b"\xEF\xBB\xBF", None, false).err(),
            Some(DecodeFailure::Empty)
        );
        assert_eq!(
            decode(b" \n\t\r\n", None, false).err(),
            Some(DecodeFailure::Empty)
        );
        assert_eq!(
            decode(b"<html><script>x()</script></html>", None, false).err(),
            Some(DecodeFailure::Empty)
        );
    }

    #[test]
    fn binary_input() {
        let mut png = b"\x89PNG\r\n\x1A\n".to_vec();
        png.extend([0u8; 64]);
        assert_eq!(
            decode(&png, None, false).err(),
            Some(DecodeFailure::Binary {
                format: Some("PNG")
            })
        );
        // No known signature, but full of NULs and control bytes.
        let mut junk = b"IHDR".to_vec();
        junk.extend([0u8, 1, 2, 3, 0, 0, 0x10, 0x11].repeat(20));
        assert_eq!(
            decode(&junk, None, false).err(),
            Some(DecodeFailure::Binary { format: None })
        );
        // Forcing a legacy encoding does not make binary text.
        assert!(matches!(
            decode(&junk, Some("gbk"), false),
            Err(DecodeFailure::Binary { .. })
        ));
        assert!(DecodeFailure::Binary {
            format: Some("PDF")
        }
        .to_string()
        .contains("PDF"));
    }

    #[test]
    fn truncated_utf8() {
        let full = SENTENCE.as_bytes();
        // "右" is the last char (3 bytes); cut after its first byte.
        let cut = &full[..full.len() - 2];
        let d = ok(cut, None, false);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "地区生产总值增长7%左\u{FFFD}");
        assert_eq!(d.issues.len(), 1, "{:?}", d.issues);
        let issue = &d.issues[0];
        assert_eq!(issue.code, "truncated_utf8");
        assert_eq!(&d.text[issue.byte_start..issue.byte_end], "\u{FFFD}");
        assert!(!d.detected);
    }

    #[test]
    fn invalid_utf8_in_the_middle() {
        let mut b = "地区生产总值增长".as_bytes().to_vec();
        b.extend([0xE5, 0x9C]); // a 3-byte char with its last byte lost
        b.extend("7%左右，一般公共预算收入增长8%以上。".as_bytes());
        let d = ok(&b, None, false);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.text,
            "地区生产总值增长\u{FFFD}7%左右，一般公共预算收入增长8%以上。"
        );
        assert_eq!(d.issues.len(), 1);
        assert_eq!(d.issues[0].code, "invalid_utf8");
        assert_eq!(d.issues[0].byte_start, "地区生产总值增长".len());
    }

    #[test]
    fn many_broken_runs_are_capped() {
        let mut b = Vec::new();
        for _ in 0..100 {
            b.extend("地区生产总值增长百分之七左右，".repeat(3).as_bytes());
            b.push(0xFF);
        }
        let d = ok(&b, None, false);
        assert_eq!(d.encoding, "UTF-8");
        let n = d.issues.iter().filter(|i| i.code == "invalid_utf8").count();
        assert_eq!(n, MAX_ISSUES_PER_CODE + 1);
        assert!(d.issues.iter().any(|i| i.message.contains("80 more")));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let samples: Vec<Vec<u8>> = vec![
            vec![0xFF],
            vec![0xFE],
            vec![0xFF, 0xFE],
            vec![0xFF, 0xFE, 0x00],
            vec![0xFE, 0xFF, 0xD8, 0x00],
            vec![0x80; 7],
            b"<".to_vec(),
            b"<html".to_vec(),
            b"<meta charset=".to_vec(),
            b"<html><meta charset=\"".to_vec(),
            "<p>".repeat(5000).into_bytes(),
            "<div>".repeat(3000).into_bytes(),
            (0u8..=255).collect(),
            (0u8..=255).rev().cycle().take(10_000).collect(),
        ];
        for s in samples {
            for forced in [None, Some("gbk"), Some("utf-16be")] {
                for hint in [false, true] {
                    let _ = decode(&s, forced, hint);
                }
            }
        }
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    #[test]
    #[ignore = "timing loop; run with --release -- --ignored --nocapture"]
    fn throughput() {
        let para = "地区生产总值增长7%左右，一般公共预算收入增长8%以上。城镇新增就业1.2万人。\n";
        let text = para.repeat(10 * 1024 * 1024 / para.len());
        let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        let html = format!(
            "<html><body><p>{}</p></body></html>",
            text.replace('\n', "</p><p>")
        );
        let deep = "<div>".repeat(20_000);
        for (name, bytes) in [
            ("utf-8", text.as_bytes()),
            ("gbk", &gbk[..]),
            ("html", html.as_bytes()),
            ("20k nested divs", deep.as_bytes()),
        ] {
            let t = std::time::Instant::now();
            let r = decode(bytes, None, true);
            let s = t.elapsed().as_secs_f64();
            let enc = r.as_ref().map(|d| d.encoding).unwrap_or("-");
            println!(
                "{name}: {:.1} MB in {s:.4}s = {:.0} MB/s ({enc})",
                bytes.len() as f64 / 1e6,
                bytes.len() as f64 / 1e6 / s
            );
        }
    }
}
