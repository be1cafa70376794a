//! Exact numbers, units and quantities as printed in government work reports.
//!
//! This module reads the number / unit / quantity grammar at the *start* of a `&str`:
//!
//! - [`Decimal`]: an exact decimal (`mantissa / 10^scale`, `i128`), never routed through
//!   `f64` until [`Decimal::to_f64`];
//! - [`parse_number`]: ASCII and full-width digits (`6.5`, `６．５`), thousands separators
//!   (`12,345.6`), OCR-spaced single digits (`1 9 9 3`), Chinese numerals (`三千五百万`,
//!   `一百零五`, `一点五`, `一九九六`, financial `壹贰叁`);
//! - [`parse_quantity`]: number + optional approximation mark (`多`/`余`) + optional scale word
//!   (`千 万 百万 千万 亿 万亿`) + optional unit from a static table, `百分之N`, and ranges
//!   (`6-6.5%`, `5.5%—6%`, `10至15亿元`, `6%到7%`).
//!
//! What it must not do: no I/O, no global state, no panics on any input (every slice is taken
//! with `str::get` at char boundaries), and no allocation on the hot path except the one
//! `String` in [`Quantity::unit_text`]. It does not decide context: whether `2021年` is a year
//! or `十四五` a plan label is the caller's business; the caller only calls in at positions
//! where a number may start.
//!
//! Conventions:
//! - `Quantity::value` is the number as printed with the scale word *not* applied
//!   (`16.4亿元` → 16.4, unit `亿元` with multiplier 1e8). For Chinese numerals a trailing
//!   scale char is treated the same way (`三千五百万元` → 3500 + `万元`), unless the numeral
//!   has a scale char inside it (`一亿五千万元` → 150000000 + `元`).
//! - `百分之N` gives `value` N, `unit_text` `"百分之"` (as printed) and the `%` unit
//!   (family [`UnitFamily::Percent`], raw `"%"`).
//! - A scale word without a unit (`增加1万`) resolves to a unit with base `"number"` and
//!   family [`UnitFamily::Other`].
//! - `点` is a decimal point only inside Chinese numerals; `.`/`．` only after digits.
//! - `parse_number` reads no sign: `-` is a range connector in this grammar.
//!
//! The words are data, read and validated once: `data/numerals.tsv` (the Chinese
//! numerals), `data/scales.tsv` (scale words), `data/number_words.tsv` (approximation
//! marks, 百分之, range connectors) and `data/units.tsv` (via `unit_table`).

use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

use super::grammar_table::{self, word_classes, Classes, TableError};

// ---------------------------------------------------------------------------------------
// Decimal
// ---------------------------------------------------------------------------------------

/// Exact decimal: value = mantissa / 10^scale. Never goes through f64 until to_f64().
///
/// Equality is structural (`1.50` ≠ `1.5`); use [`Decimal::normalized`] or
/// [`Decimal::cmp_value`] to compare values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

impl Decimal {
    /// An integer.
    pub fn from_int(v: i128) -> Self {
        Decimal {
            mantissa: v,
            scale: 0,
        }
    }

    /// Parses `"16.4"`, `"0.5"`, `"1000"`, `"-3.2"`: optional `-`, ASCII digits, optional
    /// `.` followed by at least one digit. The printed scale is kept (`"1.50"` → 150 / 10^2).
    pub fn parse(s: &str) -> Option<Decimal> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes() {
            m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        let mut scale = 0u32;
        if let Some(f) = frac {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            for b in f.bytes() {
                m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
                scale = scale.checked_add(1)?;
            }
        }
        Some(Decimal {
            mantissa: if neg { m.checked_neg()? } else { m },
            scale,
        })
    }

    /// Exact product, `None` on overflow.
    #[allow(clippy::should_implement_trait)] // the name is part of the module contract
    pub fn mul(self, other: Decimal) -> Option<Decimal> {
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(other.mantissa)?,
            scale: self.scale.checked_add(other.scale)?,
        })
    }

    /// `self × 10^k`, exact, `None` on overflow.
    pub fn mul_pow10(self, k: u32) -> Option<Decimal> {
        if self.scale >= k {
            Some(Decimal {
                mantissa: self.mantissa,
                scale: self.scale - k,
            })
        } else {
            let p = 10i128.checked_pow(k - self.scale)?;
            Some(Decimal {
                mantissa: self.mantissa.checked_mul(p)?,
                scale: 0,
            })
        }
    }

    /// The same value with trailing zeros of the fraction stripped (`1.50` → `1.5`, `0.0` → `0`).
    pub fn normalized(self) -> Decimal {
        let mut d = self;
        if d.mantissa == 0 {
            d.scale = 0;
            return d;
        }
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }

    /// Compares values (not representations). `None` only if aligning the scales overflows.
    pub fn cmp_value(&self, other: &Decimal) -> Option<Ordering> {
        let a = self.normalized();
        let b = other.normalized();
        let s = a.scale.max(b.scale);
        let am = a.mantissa.checked_mul(10i128.checked_pow(s - a.scale)?)?;
        let bm = b.mantissa.checked_mul(10i128.checked_pow(s - b.scale)?)?;
        Some(am.cmp(&bm))
    }

    /// Correctly rounded conversion: exact operands divided once when they fit an f64,
    /// else the exact decimal formatted and rounded by `str::parse`.
    pub fn to_f64(self) -> f64 {
        // Clinger's fast path: a mantissa and a power of ten that are both exact in an
        // f64 give the correctly rounded quotient in one division, the same value the
        // decimal string parses to. Everything else goes through the string.
        const EXACT_POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        if self.mantissa.unsigned_abs() <= 1 << 53 {
            if let Some(p) = EXACT_POW10.get(self.scale as usize) {
                return self.mantissa as f64 / p;
            }
        }
        self.to_string().parse::<f64>().unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Decimal {
    /// Canonical form: `16.4`, `1640000000`, `0.05`, `-3.2`; no trailing zeros, no exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.normalized();
        if d.mantissa < 0 {
            f.write_str("-")?;
        }
        let digits = d.mantissa.unsigned_abs().to_string();
        let scale = usize::try_from(d.scale).unwrap_or(usize::MAX);
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() <= scale {
            f.write_str("0.")?;
            for _ in digits.len()..scale {
                f.write_str("0")?;
            }
            return f.write_str(&digits);
        }
        match digits.split_at_checked(digits.len() - scale) {
            Some((int, frac)) => write!(f, "{int}.{frac}"),
            None => f.write_str(&digits),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/// Value of an ASCII or full-width digit at the start of `b`, with its byte length.
#[inline]
fn digit_at(b: &[u8]) -> Option<(u8, usize)> {
    match b {
        [d @ b'0'..=b'9', ..] => Some((d - b'0', 1)),
        // U+FF10..U+FF19 = EF BC 90..99
        [0xEF, 0xBC, d @ 0x90..=0x99, ..] => Some((d - 0x90, 3)),
        _ => None,
    }
}

/// Reads a run of ASCII/full-width digits from `b[pos..]` into `m`.
/// Returns (new mantissa, digits read, new pos); `None` on overflow.
fn digit_run(b: &[u8], mut pos: usize, mut m: i128) -> Option<(i128, u32, usize)> {
    let mut n = 0u32;
    while let Some((d, l)) = b.get(pos..).and_then(digit_at) {
        m = m.checked_mul(10)?.checked_add(i128::from(d))?;
        n += 1;
        pos += l;
    }
    Some((m, n, pos))
}

fn is_digit_at(b: &[u8], pos: usize) -> bool {
    b.get(pos..).and_then(digit_at).is_some()
}

/// A number as printed at the start of `input`, with the byte length it took.
///
/// Arabic digits (ASCII or full-width, optional `.`/`．` fraction, thousands separators
/// `1,000` only when every group after a comma has exactly three digits and no digit
/// follows, OCR-spaced single digits `1 9 9 3`) or Chinese numerals (positional
/// `三千五百万`, digit-by-digit `一九九六` when at least three digits are written in a row,
/// `点` fraction). A scale char alone (`万`, `亿`, `百`, `千`) is not a number.
pub fn parse_number(input: &str) -> Option<(Decimal, usize)> {
    let b = input.as_bytes();
    if digit_at(b).is_some() {
        parse_arabic(b)
    } else {
        parse_chinese(input)
    }
}

fn parse_arabic(b: &[u8]) -> Option<(Decimal, usize)> {
    let (mut m, n1, mut pos) = digit_run(b, 0, 0)?;
    if n1 == 0 {
        return None;
    }
    // "1 9 9 3": single digits separated by single spaces, all-or-nothing.
    if n1 == 1 && b.get(pos) == Some(&b' ') && is_digit_at(b, pos + 1) {
        if let Some((sm, sp)) = spaced_digits(b, pos, m) {
            return Some((Decimal::from_int(sm), sp));
        }
    }
    // Thousands separators.
    if n1 <= 3 {
        while b.get(pos) == Some(&b',') {
            // The run is maximal, so no digit follows it.
            let (gm, gn, gp) = digit_run(b, pos + 1, m)?;
            if gn != 3 {
                break;
            }
            m = gm;
            pos = gp;
        }
    }
    // Fraction.
    let point_len = match b.get(pos..) {
        Some([b'.', ..]) => 1,
        Some([0xEF, 0xBC, 0x8E, ..]) => 3, // ．
        _ => 0,
    };
    let mut scale = 0;
    if point_len > 0 && is_digit_at(b, pos + point_len) {
        let (fm, fnn, fp) = digit_run(b, pos + point_len, m)?;
        m = fm;
        scale = fnn;
        pos = fp;
    }
    Some((Decimal { mantissa: m, scale }, pos))
}

/// `pos` is at a space after the first single digit. Every group must be one digit.
fn spaced_digits(b: &[u8], mut pos: usize, mut m: i128) -> Option<(i128, usize)> {
    while b.get(pos) == Some(&b' ') {
        let Some((d, l)) = b.get(pos + 1..).and_then(digit_at) else {
            break;
        };
        if is_digit_at(b, pos + 1 + l) {
            return None; // a multi-digit group: not an OCR-spaced number
        }
        m = m.checked_mul(10)?.checked_add(i128::from(d))?;
        pos += 1 + l;
    }
    Some((m, pos))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cn {
    /// 零〇一二…九 (and financial forms); `liang` marks 两/兩.
    Digit(u8, bool),
    /// 十 百 千
    Small(i128),
    Wan,
    Yi,
    Point,
}

/// The embedded numeral table.
pub const NUMERALS_TSV: &str = include_str!("../../data/numerals.tsv");

/// Reads `data/numerals.tsv`: (char, class), sorted by char for binary search.
fn read_numerals(tsv: &'static str) -> Result<Vec<(char, Cn)>, TableError> {
    let err = |line: usize, message: String| TableError {
        table: "numerals.tsv",
        line,
        message,
    };
    let lines = grammar_table::data_lines(tsv, "char\tkind\tvalue").map_err(|(n, m)| err(n, m))?;
    let mut out: Vec<(char, Cn)> = Vec::new();
    for (n, line) in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let [ch, kind, value] = cols[..] else {
            return Err(err(n, format!("expected 3 columns, got {}", cols.len())));
        };
        let mut chars = ch.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return Err(err(n, format!("{ch:?} is not one character")));
        };
        let num = value.parse::<i128>().ok();
        let class = match (kind, num) {
            ("digit", Some(d @ 0..=9)) => Cn::Digit(d as u8, false),
            ("pair", Some(d @ 0..=9)) => Cn::Digit(d as u8, true),
            ("small", Some(u @ (10 | 100 | 1000))) => Cn::Small(u),
            ("wan", None) if value == "-" => Cn::Wan,
            ("yi", None) if value == "-" => Cn::Yi,
            ("point", None) if value == "-" => Cn::Point,
            _ => return Err(err(n, format!("bad kind and value {kind:?} {value:?}"))),
        };
        if out.iter().any(|(k, _)| *k == c) {
            return Err(err(n, format!("{ch:?} is listed twice")));
        }
        out.push((c, class));
    }
    out.sort_by_key(|(c, _)| *c);
    Ok(out)
}

fn numerals() -> &'static [(char, Cn)] {
    static N: OnceLock<Vec<(char, Cn)>> = OnceLock::new();
    N.get_or_init(|| read_numerals(NUMERALS_TSV).unwrap_or_else(|e| panic!("embedded {e}")))
}

#[inline]
fn cn_class(c: char) -> Option<Cn> {
    if c.is_ascii() {
        return None;
    }
    let t = numerals();
    t.binary_search_by_key(&c, |(k, _)| *k).ok().map(|i| t[i].1)
}

/// 万 or 亿 (a scale char inside a numeral).
fn is_big_scale_char(c: char) -> bool {
    matches!(cn_class(c), Some(Cn::Wan | Cn::Yi))
}

/// Plain digit (not 两) for digit-by-digit reading.
#[inline]
fn cn_seq_digit(c: char) -> Option<u8> {
    match cn_class(c) {
        Some(Cn::Digit(d, false)) => Some(d),
        _ => None,
    }
}

/// `点` + digits at `s`, applied to integer part `m`. Returns (decimal, bytes) if present.
fn cn_fraction(s: &str, m: i128) -> Option<(Decimal, usize)> {
    let mut it = s.char_indices();
    match it.next() {
        Some((_, c)) if cn_class(c) == Some(Cn::Point) => {}
        _ => return None,
    }
    let mut m = m;
    let mut scale = 0u32;
    let mut end = 0;
    for (i, c) in it {
        let Some(d) = cn_seq_digit(c) else { break };
        m = m.checked_mul(10)?.checked_add(i128::from(d))?;
        scale += 1;
        end = i + c.len_utf8();
    }
    (scale > 0).then_some((Decimal { mantissa: m, scale }, end))
}

fn with_fraction(s: &str, int: i128, end: usize) -> Option<(Decimal, usize)> {
    match s.get(end..).and_then(|rest| cn_fraction(rest, int)) {
        Some((d, l)) => Some((d, end + l)),
        None => Some((Decimal::from_int(int), end)),
    }
}

fn parse_chinese(s: &str) -> Option<(Decimal, usize)> {
    // Digit-by-digit (一九九六, 二〇二一) when at least three plain digits come in a row.
    let mut seq: i128 = 0;
    let mut seq_n = 0u32;
    let mut seq_end = 0;
    for (i, c) in s.char_indices() {
        let Some(d) = cn_seq_digit(c) else { break };
        seq = seq.checked_mul(10)?.checked_add(i128::from(d))?;
        seq_n += 1;
        seq_end = i + c.len_utf8();
    }
    if seq_n >= 3 {
        return with_fraction(s, seq, seq_end);
    }
    parse_cn_positional(s)
}

fn parse_cn_positional(s: &str) -> Option<(Decimal, usize)> {
    let mut st = Positional::default();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let Some(cls) = cn_class(c) else { break };
        let step = match cls {
            Cn::Digit(d, _) => st.digit(d),
            Cn::Small(u) => st.small(u),
            Cn::Wan => st.wan(),
            Cn::Yi => st.yi()?,
            Cn::Point => Step::Stop,
        };
        if step == Step::Stop {
            break;
        }
        st.any = true;
        end = i + c.len_utf8();
    }
    if !st.any {
        return None;
    }
    let (int, whole) = st.value()?;
    if whole {
        // 一万点五 is not a number form; stop before 点.
        return Some((Decimal::from_int(int), end));
    }
    with_fraction(s, int, end)
}

/// Whether a positional numeral goes on after a char.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Go,
    Stop,
}

/// The state of a positional numeral read so far (一千二百三十万零五).
struct Positional {
    /// Closed 亿 groups.
    total: i128,
    /// Closed 万 part of the current 亿 group (in 10^4).
    wan: i128,
    /// Current section below 10^4.
    sec: i128,
    pending: Option<i128>,
    last_small: i128,
    /// Unit right before `pending`, for 一万五 = 15000.
    last_unit: i128,
    zero_seen: bool,
    seen_wan: bool,
    seen_yi: bool,
    any: bool,
}

impl Default for Positional {
    fn default() -> Self {
        Positional {
            total: 0,
            wan: 0,
            sec: 0,
            pending: None,
            last_small: 10_000,
            last_unit: 0,
            zero_seen: false,
            seen_wan: false,
            seen_yi: false,
            any: false,
        }
    }
}

impl Positional {
    fn digit(&mut self, d: u8) -> Step {
        if self.pending.is_some() {
            return Step::Stop;
        }
        if d == 0 {
            if self.any {
                self.zero_seen = true;
            } else {
                self.pending = Some(0);
            }
            return Step::Go;
        }
        self.pending = Some(i128::from(d));
        if self.zero_seen {
            self.last_unit = 0;
        }
        Step::Go
    }

    /// 十, 百, 千.
    fn small(&mut self, u: i128) -> Step {
        let n = match self.pending {
            Some(0) => return Step::Stop,
            Some(d) => d,
            None if u == 10 => 1,
            None => return Step::Stop,
        };
        if u >= self.last_small {
            return Step::Stop;
        }
        self.sec += n * u;
        self.last_small = u;
        self.last_unit = u;
        self.pending = None;
        self.zero_seen = false;
        Step::Go
    }

    fn wan(&mut self) -> Step {
        let v = self.sec + self.pending.unwrap_or(0);
        if v == 0 || self.seen_wan {
            return Step::Stop;
        }
        self.wan = v;
        self.sec = 0;
        self.pending = None;
        self.last_small = 10_000;
        self.last_unit = 10_000;
        self.seen_wan = true;
        self.zero_seen = false;
        Step::Go
    }

    /// None on overflow.
    fn yi(&mut self) -> Option<Step> {
        let v = self
            .wan
            .checked_mul(10_000)?
            .checked_add(self.sec + self.pending.unwrap_or(0))?;
        if v == 0 || self.seen_yi {
            return Some(Step::Stop);
        }
        self.total = v.checked_mul(100_000_000)?;
        self.wan = 0;
        self.sec = 0;
        self.pending = None;
        self.last_small = 10_000;
        self.last_unit = 100_000_000;
        self.seen_wan = false;
        self.seen_yi = true;
        self.zero_seen = false;
        Some(Step::Go)
    }

    /// The integer read, and whether it takes no fraction (a 万/亿 form or 一百五).
    fn value(&self) -> Option<(i128, bool)> {
        let colloquial = self.pending.is_some() && self.last_unit >= 100 && !self.zero_seen;
        let tail = match self.pending {
            // 一万五 = 15000, 一百五 = 150: a bare digit right after 百/千/万/亿.
            Some(d) if colloquial => d.checked_mul(self.last_unit / 10)?,
            Some(d) => d,
            None => 0,
        };
        let int = self
            .total
            .checked_add(self.wan.checked_mul(10_000)?)?
            .checked_add(self.sec)?
            .checked_add(tail)?;
        Some((int, self.seen_wan || self.seen_yi || colloquial))
    }
}

// ---------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------

/// What a unit measures (spelled as in `data/units.tsv`: `Percent`, `Area`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub enum UnitFamily {
    Percent,
    PercentagePoints,
    Permille,
    Currency,
    Area,
    Mass,
    Length,
    Volume,
    Energy,
    Power,
    Persons,
    Households,
    Count,
    Time,
    /// 倍
    Ratio,
    Other,
}

/// A resolved unit, scale words folded in.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Canonical spelling incl. scale word: "亿元", "%", "个百分点", "万亩".
    pub raw: &'static str,
    /// Normalised base unit: "percent", "pp", "CNY", "mu", "t", "km", "person", ...
    pub base: &'static str,
    pub family: UnitFamily,
    /// One `raw` in `base` units: 亿元 → 100000000 CNY; 万亩 → 10000 mu; 米 → 0.001 km.
    pub multiplier: Decimal,
}

/// The embedded scale table.
pub const SCALES_TSV: &str = include_str!("../../data/scales.tsv");

/// A scale word after a number.
#[derive(Debug, Clone, Copy)]
struct ScaleWord {
    spell: &'static str,
    /// Index into [`Scales::exp`] and [`Scales::raw`] (0: no scale).
    index: usize,
    /// A Chinese numeral may end in it (三千五百万 → 3500 + 万).
    ends_numeral: bool,
}

/// The scale words, longest first, and per scale index its power of ten and its
/// canonical spelling (index 0 is no scale; the others in order of their power).
#[derive(Debug)]
struct Scales {
    words: Vec<ScaleWord>,
    exp: Vec<u32>,
    raw: Vec<&'static str>,
}

/// One data line of `scales.tsv`.
struct ScaleLine {
    spell: &'static str,
    scale: &'static str,
    exp: u32,
    ends_numeral: bool,
}

fn scale_line(line: &'static str) -> Result<ScaleLine, String> {
    let cols: Vec<&'static str> = line.split('\t').collect();
    let [spell, scale, exp, ends] = cols[..] else {
        return Err(format!("expected 4 columns, got {}", cols.len()));
    };
    if spell.is_empty() || scale.is_empty() {
        return Err("empty spell or scale".into());
    }
    let exp: u32 = exp
        .parse()
        .ok()
        .filter(|e| (1..=30).contains(e))
        .ok_or_else(|| format!("bad exp {exp:?}"))?;
    let ends_numeral = match ends {
        "yes" => true,
        "no" => false,
        _ => return Err(format!("ends_numeral {ends:?}: yes or no")),
    };
    Ok(ScaleLine {
        spell,
        scale,
        exp,
        ends_numeral,
    })
}

fn read_scales(tsv: &'static str) -> Result<Scales, TableError> {
    let err = |line: usize, message: String| TableError {
        table: "scales.tsv",
        line,
        message,
    };
    let header = "spell\tscale\texp\tends_numeral";
    let mut rows: Vec<ScaleLine> = Vec::new();
    for (n, line) in grammar_table::data_lines(tsv, header).map_err(|(n, m)| err(n, m))? {
        let row = scale_line(line).map_err(|m| err(n, m))?;
        if rows.iter().any(|r| r.spell == row.spell) {
            return Err(err(n, format!("{:?} is listed twice", row.spell)));
        }
        if rows
            .iter()
            .any(|r| r.scale == row.scale && r.exp != row.exp)
        {
            return Err(err(n, format!("{:?} has two exps", row.scale)));
        }
        rows.push(row);
    }
    let mut by_exp: Vec<(u32, &'static str)> = rows.iter().map(|r| (r.exp, r.scale)).collect();
    by_exp.sort();
    by_exp.dedup();
    let index = |scale: &str| 1 + by_exp.iter().position(|(_, s)| *s == scale).unwrap_or(0);
    let mut words: Vec<ScaleWord> = rows
        .iter()
        .map(|r| ScaleWord {
            spell: r.spell,
            index: index(r.scale),
            ends_numeral: r.ends_numeral,
        })
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.spell.len()));
    Ok(Scales {
        words,
        exp: std::iter::once(0)
            .chain(by_exp.iter().map(|e| e.0))
            .collect(),
        raw: std::iter::once("")
            .chain(by_exp.iter().map(|e| e.1))
            .collect(),
    })
}

fn scales() -> &'static Scales {
    static S: OnceLock<Scales> = OnceLock::new();
    S.get_or_init(|| read_scales(SCALES_TSV).unwrap_or_else(|e| panic!("embedded {e}")))
}

word_classes! {
    /// The classes of `data/number_words.tsv` (its header says what each means).
    enum NumberWord {
        Approx = "approx",
        Percent = "percent",
        PercentWhole = "percent_whole",
        Connector = "connector",
    }
}

/// The embedded table of number words.
pub const NUMBER_WORDS_TSV: &str = include_str!("../../data/number_words.tsv");

fn number_words() -> &'static Classes<NumberWord> {
    static T: OnceLock<Classes<NumberWord>> = OnceLock::new();
    grammar_table::embedded(&T, "number_words.tsv", NUMBER_WORDS_TSV)
}

/// The percent word before a number (百分之).
pub fn percent_word() -> &'static str {
    number_words()
        .get(NumberWord::Percent)
        .first()
        .copied()
        .unwrap_or_default()
}

struct UnitDef {
    /// Spelling matched in the text.
    spell: &'static str,
    /// Canonical raw spelling for each scale index.
    raw: Vec<String>,
    base: &'static str,
    family: UnitFamily,
    multiplier: Decimal,
}

/// The unit table of `data/units.tsv`, longest spelling (in bytes) first so the first
/// match is the longest.
fn units() -> &'static [UnitDef] {
    static UNITS: OnceLock<Vec<UnitDef>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let rows = super::unit_table::read(super::unit_table::EMBEDDED_TSV)
            .unwrap_or_else(|e| panic!("embedded {e}"));
        rows.into_iter()
            .map(|r| UnitDef {
                spell: r.spell,
                raw: scales()
                    .raw
                    .iter()
                    .map(|scale| format!("{scale}{}", r.raw))
                    .collect(),
                base: r.base,
                family: r.family,
                multiplier: r.multiplier,
            })
            .collect()
    })
}

/// Index of the percent entry used for 百分之.
fn percent_def() -> Option<usize> {
    units().iter().position(|u| u.spell == "%")
}

#[inline]
fn match_unit(rest: &str) -> Option<(usize, usize)> {
    let first = *rest.as_bytes().first()?;
    // Digits, ASCII punctuation and whitespace never start a unit (fast path).
    if first < 0x80 && !first.is_ascii_alphabetic() && first != b'%' {
        return None;
    }
    let first_char = rest.chars().next()?;
    let index = units_by_first_char();
    let k = index.binary_search_by_key(&first_char, |(c, _)| *c).ok()?;
    index[k]
        .1
        .iter()
        .map(|&i| i as usize)
        .find(|&i| {
            units()
                .get(i)
                .is_some_and(|u| super::find::starts_with(rest, u.spell))
        })
        .and_then(|i| units().get(i).map(|u| (i, u.spell.len())))
}

/// The units grouped by their first char (sorted), each group in table order, so that
/// [`match_unit`] compares a handful of spellings instead of all of them and still
/// returns the first (longest) match of the table.
fn units_by_first_char() -> &'static [(char, Vec<u16>)] {
    static INDEX: std::sync::OnceLock<Vec<(char, Vec<u16>)>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: Vec<(char, Vec<u16>)> = Vec::new();
        for (i, u) in units().iter().enumerate() {
            let Some(c) = u.spell.chars().next() else {
                continue;
            };
            match index.iter_mut().find(|(k, _)| *k == c) {
                Some((_, v)) => v.push(i as u16),
                None => index.push((c, vec![i as u16])),
            }
        }
        index.sort_by_key(|(c, _)| *c);
        index
    })
}

#[inline]
fn match_scale(rest: &str) -> Option<(usize, usize)> {
    scales()
        .words
        .iter()
        .find(|w| super::find::starts_with(rest, w.spell))
        .map(|w| (w.index, w.spell.len()))
}

/// `多` or `余` (approximation mark), byte length.
#[inline]
fn approx_mark(rest: &str) -> usize {
    number_words()
        .prefix_of(NumberWord::Approx, rest)
        .map_or(0, str::len)
}

fn resolve_unit(scale: usize, unit: Option<usize>) -> Option<Unit> {
    let exp = *scales().exp.get(scale)?;
    match unit.and_then(|i| units().get(i)) {
        Some(u) => Some(Unit {
            raw: u.raw.get(scale)?,
            base: u.base,
            family: u.family,
            multiplier: u.multiplier.mul_pow10(exp)?.normalized(),
        }),
        None if scale > 0 => Some(Unit {
            raw: scales().raw.get(scale)?,
            base: "number",
            family: UnitFamily::Other,
            multiplier: Decimal::from_int(1).mul_pow10(exp)?,
        }),
        None => None,
    }
}

// ---------------------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------------------

/// A number with its unit, possibly a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number as printed, scale word NOT applied (16.4 in "16.4亿元").
    pub value: Decimal,
    /// Upper end of a range.
    pub value_high: Option<Decimal>,
    /// Scale word + unit as printed ("亿元", "%", "％", "个百分点", "万人", "百分之");
    /// an approximation mark between them is left out ("3万余人" → "万人"). Empty when none.
    pub unit_text: String,
    /// Resolved unit with scale words folded into the multiplier.
    pub unit: Option<Unit>,
    pub is_range: bool,
    /// `多` / `余` after the number or scale word ("1000多亿元", "200余家").
    pub approx: bool,
    /// Bytes consumed from input.
    pub len: usize,
}

impl Quantity {
    /// value × unit multiplier, exact (e.g. 16.4亿元 → 1640000000 CNY). None when no unit or overflow.
    pub fn value_in_base(&self) -> Option<Decimal> {
        let u = self.unit.as_ref()?;
        Some(self.value.mul(u.multiplier)?.normalized())
    }

    /// value_high × unit multiplier, exact. None when not a range, no unit or overflow.
    pub fn value_high_in_base(&self) -> Option<Decimal> {
        let u = self.unit.as_ref()?;
        Some(self.value_high?.mul(u.multiplier)?.normalized())
    }
}

/// One end of a quantity, as byte offsets into the input.
#[derive(Clone, Copy)]
struct Side {
    value: Decimal,
    end: usize,
    approx: bool,
    scale: usize,
    scale_span: (usize, usize),
    unit: Option<usize>,
    unit_span: (usize, usize),
    /// Written as 百分之N.
    percent_word: bool,
}

impl Side {
    fn has_unit(&self) -> bool {
        self.scale > 0 || self.unit.is_some()
    }
}

/// A quantity at the start of `input`: number, optional scale (万/亿/万亿/千/百万/千万), optional unit; ranges; 百分之N.
pub fn parse_quantity(input: &str) -> Option<Quantity> {
    let first = side_at(input, 0)?;
    let mut low = first;
    let mut high = None;
    if let Some(second) = range_tail(input, &first) {
        if !first.has_unit() {
            // "10至15亿元", "6-6.5%": the unit of the high end applies to both.
            low.scale = second.scale;
            low.unit = second.unit;
            low.scale_span = second.scale_span;
            low.unit_span = second.unit_span;
            high = Some(second);
        } else if first.scale == second.scale
            && (first.unit.is_none() || same_unit(first.unit, second.unit))
        {
            // "6%-6.5%", "3万-5万元"
            low.unit = second.unit;
            low.scale_span = second.scale_span;
            low.unit_span = second.unit_span;
            high = Some(second);
        } else if first.percent_word && !second.has_unit() {
            // "百分之五到六"
            high = Some(second);
        }
        if let Some(h) = high {
            if h.value.cmp_value(&first.value) == Some(Ordering::Less) {
                low = first;
                high = None;
            }
        }
    }
    let last = high.unwrap_or(low);
    let mut unit_text = String::new();
    for (a, b) in [low.scale_span, low.unit_span] {
        if let Some(t) = input.get(a..b) {
            unit_text.push_str(t);
        }
    }
    Some(Quantity {
        value: first.value,
        value_high: high.map(|h| h.value),
        unit_text,
        unit: resolve_unit(low.scale, low.unit),
        is_range: high.is_some(),
        approx: first.approx || high.is_some_and(|h| h.approx),
        len: last.end,
    })
}

/// Same canonical unit ("%" and "％" are the same unit).
fn same_unit(a: Option<usize>, b: Option<usize>) -> bool {
    match (
        a.and_then(|i| units().get(i)),
        b.and_then(|i| units().get(i)),
    ) {
        (Some(x), Some(y)) => x.raw[0] == y.raw[0] && x.base == y.base,
        (None, None) => true,
        _ => false,
    }
}

/// A connector and a second side right after `first`, if any.
fn range_tail(input: &str, first: &Side) -> Option<Side> {
    let rest = input.get(first.end..)?;
    let c = number_words().prefix_of(NumberWord::Connector, rest)?;
    side_at(input, first.end + c.len())
}

/// Number (or 百分之 + number), approximation mark, scale word and unit at `pos`.
fn side_at(input: &str, pos: usize) -> Option<Side> {
    let rest = input.get(pos..)?;
    let percent = percent_word();
    if let Some(after) = super::find::strip_prefix(rest, percent) {
        let whole = number_words().prefix_of(NumberWord::PercentWhole, after);
        let (value, l) = match (parse_number(after), whole) {
            (Some(n), _) => n,
            // 百分之百
            (None, Some(w)) => (Decimal::from_int(100), w.len()),
            (None, None) => return None,
        };
        return Some(Side {
            value,
            end: pos + percent.len() + l,
            approx: false,
            scale: 0,
            scale_span: (pos, pos),
            unit: percent_def(),
            unit_span: (pos, pos + percent.len()),
            percent_word: true,
        });
    }
    let (value, nlen, scale_in_number) = number_for_quantity(rest)?;
    let mut p = pos + nlen;
    let mut side = Side {
        value,
        end: p,
        approx: false,
        scale: 0,
        scale_span: (p, p),
        unit: None,
        unit_span: (p, p),
        percent_word: false,
    };
    if let Some((si, sl)) = scale_in_number {
        // The numeral ended in 万/亿/万亿: read it as a scale word.
        side.scale = si;
        side.scale_span = (p, p + sl);
        p += sl;
        side.end = p;
    }
    let a = input.get(p..).map_or(0, approx_mark);
    if a > 0 {
        side.approx = true;
        p += a;
        side.end = p;
    }
    let Some(rest) = input.get(p..) else {
        return Some(side);
    };
    // Direct unit vs scale word (+ 余) + unit: the longest wins, the direct unit on a tie
    // ("1000千米" is 1000 km, not 1000 thousand metres).
    let direct = match_unit(rest);
    let mut best_len = direct.map_or(0, |(_, l)| l);
    let mut best = direct.map(|(ui, ul)| (0, 0, 0, Some(ui), ul));
    if side.scale == 0 {
        if let Some((si, sl)) = match_scale(rest) {
            let after = rest.get(sl..).unwrap_or("");
            let a2 = if side.approx { 0 } else { approx_mark(after) };
            let u = after.get(a2..).and_then(match_unit);
            let total = sl + a2 + u.map_or(0, |(_, l)| l);
            if total > best_len {
                best_len = total;
                best = Some((si, sl, a2, u.map(|(i, _)| i), u.map_or(0, |(_, l)| l)));
            }
        }
    }
    if let Some((si, sl, a2, ui, ul)) = best {
        if si > 0 {
            side.scale = si;
            side.scale_span = (p, p + sl);
        }
        side.approx |= a2 > 0;
        let us = p + sl + a2;
        side.unit = ui;
        side.unit_span = (us, us + ul);
        side.end = p + best_len;
    }
    Some(side)
}

/// (scale index, byte length) of a scale word.
type ScaleMatch = (usize, usize);

/// parse_number, with a trailing 万/亿/万亿 of a Chinese numeral split off as a scale word
/// when the rest of the numeral has no scale char ("三千五百万" → 3500 + 万).
fn number_for_quantity(rest: &str) -> Option<(Decimal, usize, Option<ScaleMatch>)> {
    let (value, len) = parse_number(rest)?;
    let text = rest.get(..len)?;
    if digit_at(rest.as_bytes()).is_some() {
        return Some((value, len, None));
    }
    for w in scales().words.iter().filter(|w| w.ends_numeral) {
        if let Some(prefix) = text.strip_suffix(w.spell) {
            let clean = !prefix.contains(is_big_scale_char);
            if clean {
                if let Some((pv, pl)) = parse_number(prefix) {
                    if pl == prefix.len() {
                        return Some((pv, pl, Some((w.index, w.spell.len()))));
                    }
                }
            }
            break;
        }
    }
    Some((value, len, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_number_tables_are_valid() {
        let n = read_numerals(NUMERALS_TSV).unwrap();
        assert_eq!(n.len(), 38);
        let s = read_scales(SCALES_TSV).unwrap();
        assert_eq!(s.exp, [0, 3, 4, 6, 7, 8, 12]);
        assert_eq!(s.raw, ["", "千", "万", "百万", "千万", "亿", "万亿"]);
        Classes::<NumberWord>::from_tsv("number_words.tsv", NUMBER_WORDS_TSV).unwrap();
        let e = read_numerals("char\tkind\tvalue\n十\tsmall\t20\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = read_scales("spell\tscale\texp\tends_numeral\n万\t万\t4\tmaybe\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or(Decimal::from_int(i128::MIN))
    }

    fn num(s: &str) -> Option<(String, usize)> {
        parse_number(s).map(|(v, l)| (v.to_string(), l))
    }

    fn q(s: &str) -> Quantity {
        match parse_quantity(s) {
            Some(q) => q,
            None => panic!("no quantity in {s:?}"),
        }
    }

    /// (value, high, unit_text, raw, base, family, in_base, len)
    #[allow(clippy::too_many_arguments)] // a flat row per real phrase reads best
    fn check(
        s: &str,
        value: &str,
        unit_text: &str,
        raw: &str,
        base: &str,
        fam: UnitFamily,
        in_base: &str,
        len: usize,
    ) {
        let x = q(s);
        assert_eq!(x.value.to_string(), value, "{s}");
        assert_eq!(x.unit_text, unit_text, "{s}");
        let u = x.unit.clone().unwrap_or_else(|| panic!("no unit in {s}"));
        assert_eq!((u.raw, u.base, u.family), (raw, base, fam), "{s}");
        assert_eq!(
            x.value_in_base().map(|v| v.to_string()).as_deref(),
            Some(in_base),
            "{s}"
        );
        assert_eq!(x.len, len, "{s}");
        assert!(!x.is_range, "{s}");
    }

    #[test]
    fn decimal_basics() {
        assert_eq!(
            Decimal::parse("16.4"),
            Some(Decimal {
                mantissa: 164,
                scale: 1
            })
        );
        assert_eq!(
            Decimal::parse("-3.2"),
            Some(Decimal {
                mantissa: -32,
                scale: 1
            })
        );
        assert_eq!(Decimal::parse("1000"), Some(Decimal::from_int(1000)));
        assert_eq!(
            Decimal::parse("0.5").map(|x| x.to_string()).as_deref(),
            Some("0.5")
        );
        for bad in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "1.2.3",
            "１",
            "1e5",
            "+1",
            "99999999999999999999999999999999999999999",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
        let v = d("16.4").mul_pow10(8).map(Decimal::normalized);
        assert_eq!(v, Some(Decimal::from_int(1_640_000_000)));
        assert_eq!(v.map(|x| x.to_f64()), Some(1_640_000_000.0));
        assert_eq!(v.map(|x| x.to_string()).as_deref(), Some("1640000000"));
        assert_eq!(
            d("16.4")
                .mul(Decimal::from_int(100_000_000))
                .map(|x| x.to_string())
                .as_deref(),
            Some("1640000000")
        );
        assert_eq!(d("0.05").to_string(), "0.05");
        assert_eq!(d("1.500").to_string(), "1.5");
        assert_eq!(d("1.500").normalized(), d("1.5"));
        assert_eq!(d("0.000").normalized(), Decimal::from_int(0));
        assert_eq!(d("-0.05").to_string(), "-0.05");
        assert_eq!(d("0.1").to_f64(), 0.1);
        assert_eq!(d("2.54").mul_pow10(1), Some(d("25.4")));
        assert_eq!(Decimal::from_int(i128::MAX).mul_pow10(1), None);
        assert_eq!(Decimal::from_int(i128::MAX).mul(Decimal::from_int(2)), None);
        assert_eq!(d("1.50").cmp_value(&d("1.5")), Some(Ordering::Equal));
        assert_eq!(d("6").cmp_value(&d("6.5")), Some(Ordering::Less));
        let weird = Decimal {
            mantissa: i128::MIN,
            scale: 60,
        };
        assert!(weird.to_string().starts_with("-0.000"));
        assert!(weird.to_f64() < 0.0);
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(num("6.5%"), Some(("6.5".into(), 3)));
        assert_eq!(num("2.54万户"), Some(("2.54".into(), 4)));
        assert_eq!(num("６．５％"), Some(("6.5".into(), 9)));
        assert_eq!(num("１９９６年"), Some(("1996".into(), 12)));
        assert_eq!(num("1 9 9 3年"), Some(("1993".into(), 7)));
        assert_eq!(num("1 23"), Some(("1".into(), 1)));
        assert_eq!(num("1 2 34"), Some(("1".into(), 1)));
        assert_eq!(num("12 3"), Some(("12".into(), 2)));
        assert_eq!(num("1,000亿元"), Some(("1000".into(), 5)));
        assert_eq!(num("12,345.6万"), Some(("12345.6".into(), 8)));
        assert_eq!(num("1,234,567"), Some(("1234567".into(), 9)));
        assert_eq!(num("8,地方"), Some(("8".into(), 1)));
        assert_eq!(num("8,12个"), Some(("8".into(), 1)));
        assert_eq!(num("8,1234"), Some(("8".into(), 1)));
        assert_eq!(num("2020,2021"), Some(("2020".into(), 4)));
        assert_eq!(num("1,000,5"), Some(("1000".into(), 5)));
        assert_eq!(num("2021."), Some(("2021".into(), 4)));
        assert_eq!(num("1．加快"), Some(("1".into(), 1)));
        assert_eq!(num("3点5"), Some(("3".into(), 1)));
        assert_eq!(num("0.5个百分点"), Some(("0.5".into(), 3)));
        assert_eq!(num("5G"), Some(("5".into(), 1)));
        assert_eq!(num("9".repeat(50).as_str()), None);
        assert_eq!(num("增长8%"), None);
        assert_eq!(num(""), None);
    }

    #[test]
    fn chinese_numbers() {
        let cases = [
            ("十", "10", 3),
            ("十五", "15", 6),
            ("二十三", "23", 9),
            ("一百零五", "105", 12),
            ("一千零五十", "1050", 15),
            ("一万五千", "15000", 12),
            ("一万五", "15000", 9),
            ("三千五百万", "35000000", 15),
            ("一九九六年", "1996", 12),
            ("二〇二一年", "2021", 12),
            ("二○二○年", "2020", 12),
            ("两", "2", 3),
            ("两万亩", "20000", 6),
            ("一点五", "1.5", 9),
            ("三点零五", "3.05", 12),
            ("零点五", "0.5", 9),
            ("零", "0", 3),
            ("十四五", "14", 6),
            ("一亿五千万", "150000000", 15),
            ("一万亿", "1000000000000", 9),
            ("一万三千亿", "1300000000000", 15),
            ("十万", "100000", 6),
            ("五六个", "5", 3),
            ("一是", "1", 3),
            ("壹佰贰拾", "120", 12),
            ("九个方面", "9", 3),
            ("三十点", "30", 6),
        ];
        for (s, v, l) in cases {
            assert_eq!(num(s), Some((v.to_string(), l)), "{s}");
        }
        for s in [
            "万",
            "亿",
            "百",
            "千",
            "千万",
            "点五",
            "百分之七",
            "地方",
            "万亿元",
        ] {
            assert_eq!(parse_number(s), None, "{s}");
        }
    }

    #[test]
    fn percent_shapes() {
        use UnitFamily::*;
        check("7%", "7", "%", "%", "percent", Percent, "7", 2);
        check("7％左右", "7", "％", "%", "percent", Percent, "7", 4);
        check("6.5%左右", "6.5", "%", "%", "percent", Percent, "6.5", 4);
        check("７％", "7", "％", "%", "percent", Percent, "7", 6);
        check("87%以上", "87", "%", "%", "percent", Percent, "87", 3);
        check("8%,地方", "8", "%", "%", "percent", Percent, "8", 2);
        check("百分之七", "7", "百分之", "%", "percent", Percent, "7", 12);
        check(
            "百分之三点五",
            "3.5",
            "百分之",
            "%",
            "percent",
            Percent,
            "3.5",
            18,
        );
        check(
            "8个百分点",
            "8",
            "个百分点",
            "个百分点",
            "pp",
            PercentagePoints,
            "8",
            13,
        );
        check(
            "0.5个百分点",
            "0.5",
            "个百分点",
            "个百分点",
            "pp",
            PercentagePoints,
            "0.5",
            15,
        );
        check("3‰", "3", "‰", "‰", "permille", Permille, "3", 4);
        check(
            "百分之百完成",
            "100",
            "百分之",
            "%",
            "percent",
            Percent,
            "100",
            12,
        );
        check("100周年", "100", "周年", "周年", "year", Time, "100", 9);
    }

    #[test]
    fn amounts_and_counts() {
        use UnitFamily::*;
        check(
            "1000亿元",
            "1000",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "100000000000",
            10,
        );
        check(
            "16.4亿元",
            "16.4",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "1640000000",
            10,
        );
        check(
            "600亿元",
            "600",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "60000000000",
            9,
        );
        check("5万元", "5", "万元", "万元", "CNY", Currency, "50000", 7);
        check(
            "1.2万亿元",
            "1.2",
            "万亿元",
            "万亿元",
            "CNY",
            Currency,
            "1200000000000",
            12,
        );
        check(
            "3000万元",
            "3000",
            "万元",
            "万元",
            "CNY",
            Currency,
            "30000000",
            10,
        );
        check(
            "50亿美元",
            "50",
            "亿美元",
            "亿美元",
            "USD",
            Currency,
            "5000000000",
            11,
        );
        check(
            "１０００亿元",
            "1000",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "100000000000",
            18,
        );
        check("337万亩", "337", "万亩", "万亩", "mu", Area, "3370000", 9);
        check("5000亩", "5000", "亩", "亩", "mu", Area, "5000", 7);
        check(
            "2.54万户",
            "2.54",
            "万户",
            "万户",
            "household",
            Households,
            "25400",
            10,
        );
        check("1万人", "1", "万人", "万人", "person", Persons, "10000", 7);
        check(
            "1100万人",
            "1100",
            "万人",
            "万人",
            "person",
            Persons,
            "11000000",
            10,
        );
        check("32亿斤", "32", "亿斤", "亿斤", "jin", Mass, "3200000000", 8);
        check(
            "1.3万亿斤",
            "1.3",
            "万亿斤",
            "万亿斤",
            "jin",
            Mass,
            "1300000000000",
            12,
        );
        check("61公里。", "61", "公里", "公里", "km", Length, "61", 8);
        check("300万吨", "300", "万吨", "万吨", "t", Mass, "3000000", 9);
        check("1000千米", "1000", "千米", "公里", "km", Length, "1000", 10);
        check(
            "5万平方米",
            "5",
            "万平方米",
            "万平方米",
            "m2",
            Area,
            "50000",
            13,
        );
        check(
            "100万千瓦",
            "100",
            "万千瓦",
            "万千瓦",
            "kW",
            Power,
            "1000000",
            12,
        );
        check(
            "100亿千瓦时",
            "100",
            "亿千瓦时",
            "亿千瓦时",
            "kWh",
            Energy,
            "10000000000",
            15,
        );
        check(
            "1.2亿立方米",
            "1.2",
            "亿立方米",
            "亿立方米",
            "m3",
            Volume,
            "120000000",
            15,
        );
        check("10个", "10", "个", "个", "item", Count, "10", 5);
        check("137个项目", "137", "个", "个", "item", Count, "137", 6);
        check("15所", "15", "所", "所", "item", Count, "15", 5);
        check("20家", "20", "家", "家", "item", Count, "20", 5);
        check("3座", "3", "座", "座", "item", Count, "3", 4);
        check("5条", "5", "条", "条", "item", Count, "5", 4);
        check(
            "300万套",
            "300",
            "万套",
            "万套",
            "item",
            Count,
            "3000000",
            9,
        );
        check("2倍", "2", "倍", "倍", "times", Ratio, "2", 4);
        check("365天", "365", "天", "天", "day", Time, "365", 6);
        check("3年", "3", "年", "年", "year", Time, "3", 4);
        check("2021年", "2021", "年", "年", "year", Time, "2021", 7);
        check("500米", "500", "米", "米", "km", Length, "0.5", 6);
        check(
            "3万余人",
            "3",
            "万人",
            "万人",
            "person",
            Persons,
            "30000",
            10,
        );
        check(
            "1000多亿元",
            "1000",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "100000000000",
            13,
        );
        check(
            "5千万元",
            "5",
            "千万元",
            "千万元",
            "CNY",
            Currency,
            "50000000",
            10,
        );
        check("3千亩", "3", "千亩", "千亩", "mu", Area, "3000", 7);
        check(
            "三千五百万元",
            "3500",
            "万元",
            "万元",
            "CNY",
            Currency,
            "35000000",
            18,
        );
        check(
            "一亿五千万元",
            "150000000",
            "元",
            "元",
            "CNY",
            Currency,
            "150000000",
            18,
        );
        check(
            "十五亿元",
            "15",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "1500000000",
            12,
        );
        check(
            "一点五亿元",
            "1.5",
            "亿元",
            "亿元",
            "CNY",
            Currency,
            "150000000",
            15,
        );
        check("两万亩", "2", "万亩", "万亩", "mu", Area, "20000", 9);
        check(
            "5个工作日",
            "5",
            "个工作日",
            "个工作日",
            "day",
            Time,
            "5",
            13,
        );
        check("1万", "1", "万", "万", "number", Other, "10000", 4);
        assert!(q("3万余人").approx);
        assert!(q("200余家").approx);
        assert!(!q("200家").approx);
    }

    #[test]
    fn no_unit() {
        for (s, len) in [
            ("2地方", 1),
            ("5G", 1),
            ("８,", 3),
            ("152工程", 3),
            ("十四五", 6),
        ] {
            let x = q(s);
            assert_eq!(
                (x.unit.is_none(), x.unit_text.as_str(), x.len),
                (true, "", len),
                "{s}"
            );
            assert_eq!(x.value_in_base(), None);
        }
        assert_eq!(parse_quantity("万元"), None);
        assert_eq!(parse_quantity("亿"), None);
        assert_eq!(parse_quantity("百分之"), None);
        assert_eq!(parse_quantity(""), None);
    }

    fn range(s: &str, lo: &str, hi: &str, unit_text: &str, family: UnitFamily, len: usize) {
        let x = q(s);
        assert!(x.is_range, "{s}");
        assert_eq!(x.value.to_string(), lo, "{s}");
        assert_eq!(
            x.value_high.map(|v| v.to_string()).as_deref(),
            Some(hi),
            "{s}"
        );
        assert_eq!(x.unit_text, unit_text, "{s}");
        assert_eq!(x.unit.map(|u| u.family), Some(family), "{s}");
        assert_eq!(x.len, len, "{s}");
    }

    #[test]
    fn ranges() {
        use UnitFamily::*;
        range("6-6.5%", "6", "6.5", "%", Percent, 6);
        range("6%-6.5%左右", "6", "6.5", "%", Percent, 7);
        range("5.5%—6%", "5.5", "6", "%", Percent, 9);
        range("5.5%——6%", "5.5", "6", "%", Percent, 12);
        range("5.5%～6%", "5.5", "6", "%", Percent, 9);
        range("5.5%~6%", "5.5", "6", "%", Percent, 7);
        range("6%到7%", "6", "7", "%", Percent, 7);
        range("6%至7％", "6", "7", "％", Percent, 9);
        range("3—5个百分点", "3", "5", "个百分点", PercentagePoints, 17);
        range("10至15亿元", "10", "15", "亿元", Currency, 13);
        range("3万-5万元", "3", "5", "万元", Currency, 12);
        range("６－７％", "6", "7", "％", Percent, 12);
        range("2021-2025年", "2021", "2025", "年", Time, 12);
        range("三至五年", "3", "5", "年", Time, 12);
        range("百分之五到百分之六", "5", "6", "百分之", Percent, 27);
        range("百分之五到六", "5", "6", "百分之", Percent, 18);
        let x = q("10至15亿元");
        assert_eq!(
            x.value_in_base().map(|v| v.to_string()).as_deref(),
            Some("1000000000")
        );
        assert_eq!(
            x.value_high_in_base().map(|v| v.to_string()).as_deref(),
            Some("1500000000")
        );
        // not ranges
        for (s, len) in [
            ("8%-3%", 2),
            ("6%到2025年", 2),
            ("5亿元至10万人", 7),
            ("8%——这", 2),
            ("6%-", 2),
            ("7%,8%", 2),
        ] {
            let x = q(s);
            assert!(!x.is_range && x.value_high.is_none(), "{s}");
            assert_eq!(x.len, len, "{s}");
        }
        assert_eq!(q("7%").value_high_in_base(), None);
    }

    #[test]
    fn unit_table_is_longest_first_and_consistent() {
        let lens: Vec<usize> = units()
            .iter()
            .filter(|u| !u.spell.is_ascii())
            .map(|u| u.spell.len())
            .collect();
        assert!(lens.windows(2).all(|w| w[0] >= w[1]), "{lens:?}");
        let ascii: Vec<usize> = units()
            .iter()
            .filter(|u| u.spell.is_ascii())
            .map(|u| u.spell.len())
            .collect();
        assert!(ascii.windows(2).all(|w| w[0] >= w[1]), "{ascii:?}");
        // Every spelling is reachable (not shadowed by an earlier prefix).
        for (i, u) in units().iter().enumerate() {
            assert_eq!(match_unit(u.spell).map(|m| m.0), Some(i), "{}", u.spell);
        }
        let sl: Vec<usize> = scales().words.iter().map(|w| w.spell.len()).collect();
        assert!(sl.windows(2).all(|w| w[0] >= w[1]));
        assert!(percent_def().is_some());
    }

    #[test]
    fn seed_phrases() {
        // Clauses from the Liaoyuan 2021 report (seed 000), starting at the number.
        let x = q("2.54万户、1万人");
        assert_eq!(
            (x.value.to_string(), x.unit_text.as_str(), x.len),
            ("2.54".into(), "万户", 10)
        );
        let x = q("600亿元");
        assert_eq!(
            x.value_in_base().map(|v| v.to_f64()),
            Some(60_000_000_000.0)
        );
        let x = q("8%左右,地方级财政收入增长");
        assert_eq!(x.len, 2);
        let x = q("137个,总投资");
        assert_eq!((x.unit_text.as_str(), x.len), ("个", 6));
    }

    // ---------------- property tests ----------------

    fn fullwidth(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
                '.' => '．',
                '%' => '％',
                _ => c,
            })
            .collect()
    }

    /// Moves the decimal point of int.frac right by k places, canonical form.
    fn shifted(int: &str, frac: &str, k: usize) -> String {
        let mut frac = frac.to_string();
        while frac.len() < k {
            frac.push('0');
        }
        let (a, b) = frac.split_at(k);
        let mut i = format!("{int}{a}").trim_start_matches('0').to_string();
        if i.is_empty() {
            i.push('0');
        }
        let b = b.trim_end_matches('0');
        if b.is_empty() {
            i
        } else {
            format!("{i}.{b}")
        }
    }

    const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    fn cn_section(n: u64, leading: bool) -> String {
        // n < 10000
        let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
        let units = ["千", "百", "十", ""];
        let mut out = String::new();
        let mut started = false;
        let mut zero = false;
        for (i, &dg) in digits.iter().enumerate() {
            if dg == 0 {
                zero = started;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            if !(leading && !started && i == 2 && dg == 1) {
                out.push_str(CN_DIGITS[dg as usize]);
            }
            out.push_str(units[i]);
            started = true;
        }
        out
    }

    fn cn_render(n: u64) -> String {
        if n == 0 {
            return "零".into();
        }
        let (w, s) = (n / 10000, n % 10000);
        let mut out = String::new();
        if w > 0 {
            out.push_str(&cn_section(w, true));
            out.push('万');
            if s > 0 && s < 1000 {
                out.push('零');
            }
            out.push_str(&cn_section(s, false));
        } else {
            out.push_str(&cn_section(s, true));
        }
        out
    }

    #[test]
    fn renderer_sanity() {
        assert_eq!(cn_render(15), "十五");
        assert_eq!(cn_render(105), "一百零五");
        assert_eq!(cn_render(10010), "一万零一十");
        assert_eq!(cn_render(35_000_000), "三千五百万");
        assert_eq!(cn_render(100_000), "十万");
        assert_eq!(cn_render(1_001_000), "一百万一千");
    }

    fn assert_sane(s: &str) {
        if let Some((_, l)) = parse_number(s) {
            assert!(l > 0 && l <= s.len() && s.is_char_boundary(l), "{s:?} {l}");
        }
        if let Some(x) = parse_quantity(s) {
            assert!(
                x.len > 0 && x.len <= s.len() && s.is_char_boundary(x.len),
                "{s:?} {}",
                x.len
            );
            assert_eq!(x.is_range, x.value_high.is_some());
            assert!(s.contains(x.unit_text.as_str()) || x.unit_text.is_empty() || x.approx);
            let _ = (x.value_in_base(), x.value_high_in_base(), x.value.to_f64());
        }
    }

    const ALPHABET: &[char] = &[
        '0',
        '1',
        '5',
        '9',
        '.',
        ',',
        ' ',
        '%',
        '-',
        '~',
        '１',
        '．',
        '％',
        '－',
        '～',
        '—',
        '一',
        '二',
        '两',
        '十',
        '百',
        '千',
        '万',
        '亿',
        '零',
        '〇',
        '点',
        '分',
        '之',
        '个',
        '元',
        '亩',
        '至',
        '到',
        '多',
        '余',
        '年',
        '米',
        '平',
        '方',
        '吨',
        '，',
        '。',
        'é',
        '\u{10FFFF}',
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn to_f64_is_the_parse_of_the_decimal_text(m in proptest::num::i128::ANY, small in -(1i64 << 54)..(1i64 << 54), scale in 0u32..30) {
            for mantissa in [m, i128::from(small)] {
                let d = Decimal { mantissa, scale };
                let by_text = d.to_string().parse::<f64>().unwrap_or(f64::NAN);
                prop_assert_eq!(d.to_f64().to_bits(), by_text.to_bits(), "{}", d);
            }
        }

        #[test]
        fn decimal_text_roundtrip(int in 0u64..1_000_000_000_000, k in 0usize..5, f in 0u64..10_000, sc in 0usize..4) {
            let frac = format!("{:04}", f);
            let frac = &frac[..k];
            let text = if k == 0 { int.to_string() } else { format!("{int}.{frac}") };
            let expect = Decimal {
                mantissa: i128::from(int) * 10i128.pow(k as u32) + frac.parse::<i128>().unwrap_or(0),
                scale: k as u32,
            };
            prop_assert_eq!(parse_number(&text), Some((expect, text.len())));
            prop_assert_eq!(Decimal::parse(&text), Some(expect));
            let (word, exp) = [("", 0), ("万", 4), ("亿", 8), ("万亿", 12)][sc];
            let qt = format!("{text}{word}元,");
            let x = parse_quantity(&qt).unwrap_or_else(|| panic!("{qt}"));
            prop_assert_eq!(x.value, expect);
            prop_assert_eq!(x.len, qt.len() - 1);
            prop_assert_eq!(x.value_in_base().map(|v| v.to_string()), Some(shifted(&int.to_string(), frac, exp)));
            prop_assert_eq!(x.value_in_base().map(|v| v.to_f64()), Some(shifted(&int.to_string(), frac, exp).parse::<f64>().unwrap_or(-1.0)));
        }

        #[test]
        fn fullwidth_same_value(int in 0u64..1_000_000_000_000, k in 0usize..5, f in 0u64..10_000) {
            let frac = format!("{:04}", f);
            let text = if k == 0 { int.to_string() } else { format!("{int}.{}", &frac[..k]) };
            let fw = fullwidth(&text);
            let a = parse_number(&text).map(|p| p.0);
            prop_assert_eq!(parse_number(&fw), a.map(|v| (v, fw.len())));
            let fq = format!("{fw}％，");
            let x = parse_quantity(&fq).unwrap_or_else(|| panic!("{fq}"));
            prop_assert_eq!(Some(x.value), a);
            prop_assert_eq!(x.unit.map(|u| u.family), Some(UnitFamily::Percent));
            prop_assert_eq!(x.len, fq.len() - 3);
        }

        #[test]
        fn chinese_numerals_roundtrip(n in 0u64..100_000_000) {
            let s = cn_render(n);
            prop_assert_eq!(parse_number(&s), Some((Decimal::from_int(i128::from(n)), s.len())), "{}", s);
            let t = format!("{s}人");
            let x = parse_quantity(&t).unwrap_or_else(|| panic!("{t}"));
            prop_assert_eq!(x.value_in_base(), Some(Decimal::from_int(i128::from(n))), "{}", t);
        }

        #[test]
        fn never_panics_any_string(s in any::<String>()) {
            assert_sane(&s);
        }

        #[test]
        fn never_panics_lossy_bytes(b in proptest::collection::vec(any::<u8>(), 0..40)) {
            let s = String::from_utf8_lossy(&b);
            assert_sane(&s);
        }

        #[test]
        fn never_panics_grammar_chars(v in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..24)) {
            let s: String = v.into_iter().collect();
            assert_sane(&s);
            for (i, _) in s.char_indices() {
                assert_sane(&s[i..]);
            }
        }
    }
}
