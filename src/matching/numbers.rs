//! Numbers in claims and sources, read with their scale, unit and hedge, and compared.
//!
//! "$20 billion" in a claim and "20 тэрбум ам.доллар" in a Mongolian source are the same
//! fact once both are read as 2×10¹⁰ USD. This module reads every number of a text into a
//! [`Quantity`] — digits with their grouping ("7,543", "7 543", "5,4"), the hedge before
//! or after it ("over", "гаруй"), the scale word ("billion", "млрд", "亿") and the unit
//! ("percent", "хувь", "ам.доллар", "美元") from the tables in [`crate::lexicon::units`] — and
//! compares a claim's quantities with a source's, allowing for the rounding the claim's
//! precision implies ("$5.4 billion" is 5.35–5.45 billion) and for its hedge.
//!
//! Dates are not quantities: a four-digit year (1000–2100 written without grouping, unit
//! or scale) and a day next to a month name are skipped as claim facts, because the cited
//! date is checked separately against the source's publication date and a year in the
//! claim ("in 2015") is context, not a figure the source must repeat. Bare one-digit
//! numbers are skipped too: they are list positions and small counts, too common to be
//! evidence. Both still count when they carry a unit or scale ("5 percent", "$2 billion").

use std::ops::Range;

use crate::lexicon::units::{
    Currency, Fit, Hedge, Unit, DATE_MARKS, HEDGES_AFTER, HEDGES_BEFORE, MONTHS, NUMBER_WORDS,
    SCALES, UNITS_AFTER, UNITS_BEFORE,
};
use crate::thresholds::THRESHOLDS;

/// A number read from a text, with what gives it meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value with its scale applied (20 billion → 2e10).
    pub value: f64,
    /// What it counts.
    pub unit: Unit,
    /// The writer's hedge.
    pub hedge: Hedge,
    /// The multiplier of its scale word (1 without one).
    pub scale: f64,
    /// Half a unit of its last written digit, scaled: the rounding it may hide.
    pub tolerance: f64,
    /// True when written with grouping separators or decimals (so not a year).
    pub grouped: bool,
    /// True when it is a year or a day of a month rather than a quantity.
    pub is_date: bool,
    /// Byte range in the text, hedge and unit included.
    pub span: Range<usize>,
}

impl Quantity {
    /// True when the number is worth checking as a fact of a claim (see module docs).
    pub fn is_fact(&self) -> bool {
        if self.is_date {
            return false;
        }
        let bare = self.unit == Unit::None && self.scale == 1.0 && !self.grouped;
        !(bare && self.value < 10.0)
    }

    /// The normalized value shown in reports: "20000000000 USD", "over 90 %", "7543".
    pub fn normalized(&self) -> String {
        let hedge = match self.hedge {
            Hedge::Exact => "",
            Hedge::Over => "over ",
            Hedge::Under => "under ",
            Hedge::About => "about ",
        };
        let number = format_number(self.value);
        match self.unit {
            Unit::None => format!("{hedge}{number}"),
            Unit::Fold => format!("{hedge}{number}×"),
            unit => format!("{hedge}{number} {}", unit.symbol()),
        }
    }

    /// Does `source` (a number of the source) support this claim number?
    pub fn supported_by(&self, source: &Quantity) -> bool {
        let units_agree = match (self.unit, source.unit) {
            (a, b) if a == b => true,
            (Unit::None, _) => true,
            // "$20 billion" against "20 billion" in a sentence about dollars: the scale
            // makes it specific enough; a bare "20" does not.
            (Unit::Currency(_), Unit::None) => source.scale > 1.0 || source.value >= 1000.0,
            _ => false,
        };
        if !units_agree {
            return false;
        }
        let slack = self.tolerance + self.value.abs() * 1e-9;
        let (low, high) = match self.hedge {
            Hedge::Exact => (self.value - slack, self.value + slack),
            Hedge::Over => (
                self.value - slack,
                self.value * THRESHOLDS.hedge_over + slack,
            ),
            Hedge::Under => (
                self.value * THRESHOLDS.hedge_under - slack,
                self.value + slack,
            ),
            Hedge::About => (
                self.value * (1.0 - THRESHOLDS.hedge_about) - slack,
                self.value * (1.0 + THRESHOLDS.hedge_about) + slack,
            ),
        };
        source.value >= low && source.value <= high
    }
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 {
        format!("{value:.0}")
    } else {
        let s = format!("{value:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Every number of `text`, in order.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if digit(c).is_some() {
            let (quantity, end) = read_quantity(text, i);
            if let Some(q) = quantity {
                out.push(q);
            }
            i = end.max(i + c.len_utf8());
            continue;
        }
        if c.is_alphabetic() && !is_cjk_letter(c) {
            // Skip a whole word at once; only short ASCII words can be number words.
            let end = text[i..]
                .find(|ch: char| !ch.is_alphanumeric() || is_cjk_letter(ch))
                .map_or(text.len(), |e| i + e);
            if end - i <= 7 && text[i..end].is_ascii() && starts_word(text, i) {
                if let Some((q, after)) = read_worded(text, i, end) {
                    out.push(q);
                    i = after;
                    continue;
                }
            }
            i = end.max(i + c.len_utf8());
            continue;
        }
        i += c.len_utf8();
    }
    join_ranges(text, &mut out);
    out
}

/// ASCII and full-width digits.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn starts_word(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Reads the number starting at `at`; returns it (or `None` when it is part of a code
/// such as "COVID-19" or "5th") and where reading stopped.
fn read_quantity(text: &str, at: usize) -> (Option<Quantity>, usize) {
    let literal = read_literal(text, at);
    let end = literal.end;
    let before = &text[..at];
    let mut previous = before.chars().rev();
    let code = match (previous.next(), previous.next()) {
        (Some(c), _) if c.is_alphanumeric() && !is_cjk_letter(c) => true,
        (Some('-'), Some(c)) if c.is_alphabetic() => true,
        _ => false,
    };
    if code {
        return (None, end);
    }
    let mut q = Quantity {
        value: literal.value,
        unit: Unit::None,
        hedge: Hedge::Exact,
        scale: 1.0,
        tolerance: 0.5 * 10f64.powi(-(literal.decimals as i32)),
        grouped: literal.grouped || literal.decimals > 0,
        is_date: false,
        span: at..end,
    };
    let after = read_suffixes(text, end, &mut q);
    if q.unit == Unit::None && q.scale == 1.0 && q.hedge == Hedge::Exact {
        if let Some(c) = text[end..].chars().next() {
            if DATE_MARKS.contains(&c) {
                return (None, end);
            }
            if c.is_alphabetic() && !is_cjk_letter(c) {
                // "5th", "1990s", "3G": not a quantity.
                return (None, end);
            }
        }
    }
    read_prefixes(before, &mut q);
    q.value *= q.scale;
    q.tolerance *= q.scale;
    q.span.end = after;
    q.is_date = is_year(&q) || is_day_of_month(text, &q, at, end);
    (Some(q), after)
}

fn is_cjk_letter(c: char) -> bool {
    super::tokens::is_cjk(c)
}

struct Literal {
    value: f64,
    decimals: u32,
    grouped: bool,
    end: usize,
}

/// Digits with thousands separators (",", ".", spaces, apostrophes) and a decimal part
/// ("." or ","): a separator followed by exactly three digits groups thousands.
fn read_literal(text: &str, at: usize) -> Literal {
    let mut integer = String::new();
    let mut fraction = String::new();
    let mut grouped = false;
    let mut i = at;
    let mut first_group = 0;
    // One number groups its thousands one way: "1,183,505 565,427" is two numbers.
    let mut group_sep: Option<char> = None;
    while let Some(d) = text[i..].chars().next().and_then(digit) {
        integer.push(char::from_digit(d, 10).unwrap_or('0'));
        first_group += 1;
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    while let Some(sep) = text[i..].chars().next() {
        let after = i + sep.len_utf8();
        let group = three_digits(text, after);
        // "1.234.567" and "1.234,5" group with dots; a lone "1.234" is a decimal.
        let dot_groups = sep == '.'
            && group.is_some_and(|e| {
                let rest = &text[e..];
                rest.starts_with('.')
                    || (rest.starts_with(',')
                        && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
            });
        let grouping = matches!(sep, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'')
            || dot_groups
            || (sep == '.' && grouped && group.is_some());
        let same_style = group_sep.is_none_or(|g| g == sep);
        if grouping && same_style && first_group <= 3 && group.is_some() && fraction.is_empty() {
            let end = group.unwrap_or(after);
            integer.push_str(&text[after..end]);
            grouped = true;
            group_sep = Some(sep);
            i = end;
            continue;
        }
        if matches!(sep, '.' | ',') && fraction.is_empty() && group_sep != Some(sep) {
            let digits: String = text[after..]
                .chars()
                .map_while(digit)
                .map(|d| char::from_digit(d, 10).unwrap_or('0'))
                .collect();
            if !digits.is_empty() {
                i = after
                    + text[after..]
                        .chars()
                        .take(digits.chars().count())
                        .map(char::len_utf8)
                        .sum::<usize>();
                fraction = digits;
                continue;
            }
        }
        break;
    }
    let literal = if fraction.is_empty() {
        integer.clone()
    } else {
        format!("{integer}.{fraction}")
    };
    Literal {
        value: literal.parse().unwrap_or(0.0),
        decimals: fraction.len() as u32,
        grouped,
        end: i,
    }
}

/// If exactly three digits (and then no digit) follow `at`, where they end.
fn three_digits(text: &str, at: usize) -> Option<usize> {
    let mut chars = text[at..].char_indices();
    let mut end = at;
    for _ in 0..3 {
        let (offset, c) = chars.next()?;
        digit(c)?;
        end = at + offset + c.len_utf8();
    }
    match chars.next() {
        Some((_, c)) if digit(c).is_some() => None,
        _ => Some(end),
    }
}

/// Hedge, scale and unit after the number, in any order, separated by at most a space,
/// a hyphen or a dot. Returns where the last one ends.
fn read_suffixes(text: &str, from: usize, q: &mut Quantity) -> usize {
    let mut end = from;
    let mut at = from;
    for _ in 0..4 {
        let rest = &text[at..];
        let skipped = rest.len()
            - rest
                .trim_start_matches(|c: char| c == '-' || c == '.' || c.is_whitespace())
                .len();
        if skipped > 3 {
            break;
        }
        let start = at + skipped;
        if q.scale == 1.0 {
            if let Some((len, scale)) =
                longest(text, start, SCALES.iter().map(|&(p, f, s)| (p, f, s)))
            {
                q.scale = scale;
                at = start + len;
                end = at;
                continue;
            }
        }
        if q.unit == Unit::None {
            if let Some((len, unit)) =
                longest(text, start, UNITS_AFTER.iter().map(|&(p, f, u)| (p, f, u)))
            {
                q.unit = unit;
                at = start + len;
                end = at;
                continue;
            }
        }
        if q.hedge == Hedge::Exact {
            if let Some((len, hedge)) =
                longest(text, start, HEDGES_AFTER.iter().map(|&(p, f, h)| (p, f, h)))
            {
                q.hedge = hedge;
                at = start + len;
                end = at;
                continue;
            }
        }
        break;
    }
    end
}

/// The longest table pattern matching (case-insensitively) at `at`, honouring its fit.
fn longest<T: Copy>(
    text: &str,
    at: usize,
    table: impl Iterator<Item = (&'static str, Fit, T)>,
) -> Option<(usize, T)> {
    let mut best: Option<(usize, T)> = None;
    let first = text[at..].chars().next()?.to_lowercase().next()?;
    for (pattern, fit, value) in table {
        if !pattern.starts_with(first) {
            continue;
        }
        let Some(len) = prefix_ci(&text[at..], pattern) else {
            continue;
        };
        let next = text[at + len..].chars().next();
        let fits = match fit {
            Fit::Word => !next.is_some_and(char::is_alphanumeric),
            Fit::Stem | Fit::Attached => true,
        };
        if fits && best.is_none_or(|(l, _)| len > l) {
            // A stem takes its inflection along: "тэрбум|аар", "доллар|ов".
            let ending: usize = if fit == Fit::Stem {
                text[at + len..]
                    .chars()
                    .take_while(|c| c.is_alphabetic() && !super::tokens::is_cjk(*c))
                    .map(char::len_utf8)
                    .sum()
            } else {
                0
            };
            best = Some((len + ending, value));
        }
    }
    best
}

/// If `text` starts with `pattern` (lower case) ignoring case, the bytes it spans.
pub fn prefix_ci(text: &str, pattern: &str) -> Option<usize> {
    let mut used = 0;
    let mut chars = text.chars();
    for p in pattern.chars() {
        let c = chars.next()?;
        if c != p && c.to_lowercase().next() != Some(p) {
            return None;
        }
        used += c.len_utf8();
    }
    Some(used)
}

/// If `text` ends with `pattern` (lower case) ignoring case, the bytes it spans.
fn suffix_ci(text: &str, pattern: &str) -> Option<usize> {
    let mut used = 0;
    let mut chars = text.chars().rev();
    for p in pattern.chars().rev() {
        let c = chars.next()?;
        if c != p && c.to_lowercase().next() != Some(p) {
            return None;
        }
        used += c.len_utf8();
    }
    Some(used)
}

/// Currency marks and hedges before the number.
fn read_prefixes(before: &str, q: &mut Quantity) {
    let mut rest = before;
    let trimmed = rest.trim_end();
    if trimmed.len() + 2 >= rest.len() {
        let mut best: Option<(usize, Unit)> = None;
        for &(pattern, unit) in UNITS_BEFORE {
            if let Some(len) = suffix_ci(trimmed, pattern) {
                let start = trimmed.len() - len;
                let bounded = pattern.chars().all(|c| !c.is_alphabetic())
                    || pattern.chars().all(super::tokens::is_cjk)
                    || !trimmed[..start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                if bounded && best.is_none_or(|(l, _)| len > l) {
                    best = Some((len, unit));
                }
            }
        }
        if let Some((len, unit)) = best {
            if q.unit == Unit::None || unit == Unit::Percent {
                q.unit = unit;
            }
            rest = &trimmed[..trimmed.len() - len];
            q.span.start = rest.len();
        }
    }
    let trimmed = rest.trim_end();
    for &(pattern, hedge) in HEDGES_BEFORE {
        if let Some(len) = suffix_ci(trimmed, pattern) {
            let start = trimmed.len() - len;
            let bounded = pattern.chars().all(super::tokens::is_cjk)
                || !trimmed[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            if bounded && rest.len() - trimmed.len() <= 2 {
                q.hedge = hedge;
                q.span.start = start;
                break;
            }
        }
    }
}

/// "three million", "a billion", "five percent".
fn read_worded(text: &str, at: usize, end: usize) -> Option<(Quantity, usize)> {
    let word = &text[at..end];
    let &(_, base) = NUMBER_WORDS
        .iter()
        .find(|(number, _)| number.eq_ignore_ascii_case(word))?;
    if !text[end..].starts_with(char::is_whitespace) {
        return None;
    }
    let len = end - at;
    let mut q = Quantity {
        value: base,
        unit: Unit::None,
        hedge: Hedge::Exact,
        scale: 1.0,
        tolerance: 0.0,
        grouped: true,
        is_date: false,
        span: at..at + len,
    };
    let end = read_suffixes(text, at + len, &mut q);
    if q.scale == 1.0 && q.unit != Unit::Percent {
        return None;
    }
    read_prefixes(&text[..at], &mut q);
    q.value *= q.scale;
    q.span.end = end;
    Some((q, end))
}

fn is_year(q: &Quantity) -> bool {
    q.unit == Unit::None
        && q.scale == 1.0
        && !q.grouped
        && q.value.fract() == 0.0
        && (1000.0..=2100.0).contains(&q.value)
}

/// A day number next to a month name: "September 27", "27 сентября", "сарын 27".
fn is_day_of_month(text: &str, q: &Quantity, start: usize, end: usize) -> bool {
    if q.unit != Unit::None || q.scale != 1.0 || q.grouped || q.value > 31.0 {
        return false;
    }
    let before = text[..start].trim_end_matches([' ', ',', '\u{a0}']);
    let after = text[end..].trim_start_matches([' ', '-', '\u{a0}']);
    MONTHS.iter().any(|m| {
        suffix_ci(before, m).is_some_and(|len| {
            !before[..before.len() - len]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        }) || prefix_ci(after, m).is_some()
    })
}

/// "10-15 percent", "$2 to $3 billion": the first number of a range takes the unit and
/// scale of the second.
fn join_ranges(text: &str, quantities: &mut [Quantity]) {
    for i in 1..quantities.len() {
        let (head, tail) = quantities.split_at_mut(i);
        let (first, second) = (&mut head[i - 1], &tail[0]);
        let Some(between) = text.get(first.span.end..second.span.start) else {
            continue;
        };
        let between = between.trim().trim_end_matches('$').trim();
        if !matches!(between, "-" | "–" | "—" | "to" | "and" | "or") {
            continue;
        }
        let unit_fits = first.unit == Unit::None || first.unit == second.unit;
        if unit_fits && first.scale == 1.0 && !first.is_date {
            first.unit = second.unit;
            first.scale = second.scale;
            first.value *= second.scale;
            first.tolerance *= second.scale;
        }
    }
}

/// Convenience for tests and reports: the currency of a unit, if any.
pub fn currency(unit: Unit) -> Option<Currency> {
    match unit {
        Unit::Currency(c) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
