//! String formats asserted at the boundary: what a server refuses (and a client will not
//! send) where a schema's `format` names one of these. Each follows its RFC: `date`,
//! `time`, `date-time` and `duration` RFC 3339 (the duration as its Appendix A and ISO 8601
//! write it, components in order, `W` alone or with others), `email` the WHATWG "valid
//! e-mail address", `hostname` RFC 1123, `ipv4` and `ipv6` as the standard library reads
//! them (RFC 6943's dotted quad, no leading zeros), `uri` and `uri-reference` RFC 3986's
//! characters with a scheme (required for `uri`), `uuid` RFC 9562's text form.
//! Other formats are annotations.

/// Whether `value` is a valid `format`; formats not listed here are not checked.
pub fn valid(format: &str, value: &str) -> bool {
    match format {
        "email" => email(value),
        "hostname" => hostname(value),
        "ipv4" => value.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => value.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => uri(value, true),
        "uri-reference" => uri(value, false),
        "date" => date(value),
        "time" => time(value),
        "date-time" => value
            .split_once(['T', 't'])
            .is_some_and(|(d, t)| date(d) && time(t)),
        "uuid" => uuid(value),
        "duration" => duration(value),
        _ => true,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `full-date`: `2026-02-29` is not a date, `2024-02-29` is.
fn date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `full-time`: `HH:MM:SS`, a fraction, and `Z` or `±HH:MM` (a leap second allowed).
fn time(s: &str) -> bool {
    let (clock, offset) = match s.find(['Z', 'z', '+', '-']) {
        Some(i) => s.split_at(i),
        None => return false,
    };
    let offset_ok = match offset {
        "Z" | "z" => true,
        _ => offset[1..]
            .split_once(':')
            .is_some_and(|(h, m)| digits(h, 2).is_some_and(|h| h <= 23) && digits(m, 2).is_some_and(|m| m <= 59)),
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let (Some(h), Some(m), Some(sec), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let clock_ok = digits(h, 2).is_some_and(|h| h <= 23)
        && digits(m, 2).is_some_and(|m| m <= 59)
        && digits(sec, 2).is_some_and(|s| s <= 60)
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    offset_ok && clock_ok
}

/// RFC 1123: dot-separated labels of letters, digits and inner hyphens, each 1 to 63
/// long, 253 in all (a final dot allowed).
fn hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// The WHATWG "valid e-mail address": a local part of letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``, `@`, and a hostname.
fn email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b))
        && !domain.ends_with('.')
        && hostname(domain)
}

/// RFC 9562's text form: 8-4-4-4-12 hexadecimal digits.
fn uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// RFC 3986: only its characters (unreserved, reserved, `%` with two hexadecimal digits),
/// one `#` at most, and for a `uri` a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
fn uri(s: &str, absolute: bool) -> bool {
    let bytes = s.as_bytes();
    let characters = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'%' => bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        _ => b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b),
    });
    let scheme = s.split_once(':').is_some_and(|(scheme, _)| {
        let mut chars = scheme.bytes();
        chars.next().is_some_and(|b| b.is_ascii_alphabetic())
            && chars.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    characters && s.matches('#').count() <= 1 && (scheme || !absolute)
}

/// RFC 3339 Appendix A / ISO 8601: `P` then years, months, weeks, days in order, then
/// optionally `T` and hours, minutes, seconds in order (seconds may have a fraction); at
/// least one component, and at least one after a `T`.
fn duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    /// The components of `part`, in the order `units` lists them; how many there were.
    fn components(part: &str, units: &[u8], fraction_last: bool) -> Option<usize> {
        let mut count = 0;
        let mut next = 0;
        let mut number = String::new();
        for b in part.bytes() {
            if b.is_ascii_digit() || (b == b'.' && fraction_last) {
                number.push(b as char);
                continue;
            }
            let at = units[next..].iter().position(|u| *u == b)? + next;
            let fractional = number.contains('.');
            if number.is_empty() || number.starts_with('.') || number.ends_with('.') || (fractional && at != units.len() - 1) {
                return None;
            }
            number.clear();
            next = at + 1;
            count += 1;
        }
        number.is_empty().then_some(count)
    }
    let Some(in_date) = components(date, b"YMWD", false) else {
        return false;
    };
    let in_time = match time {
        Some(t) => match components(t, b"HMS", true) {
            Some(0) | None => return false,
            Some(n) => n,
        },
        None => 0,
    };
    in_date + in_time > 0
}
