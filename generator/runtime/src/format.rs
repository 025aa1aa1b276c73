//! String formats asserted at the boundary: what a server refuses (and a client will not
//! send) where a schema's `format` names one of these. `date`, `time` (a leap second only
//! as the last second of a UTC day), `date-time` and `duration` (its Appendix A grammar)
//! follow RFC 3339; `hostname` RFC 1123; `ipv4` and `ipv6` are read as the standard
//! library reads them (the dotted quad without leading zeros); `uri` and `uri-reference`
//! RFC 3986's characters and structure (a scheme for `uri`, brackets only around an IP
//! literal, a numeric port), not each scheme's own rules; `uuid` RFC 9562's text form.
//! `email` is the WHATWG "valid e-mail address", what browsers accept, which is narrower
//! than RFC 5321 (no quoted local parts or address literals) and lets dots in a local part
//! stand anywhere. Other formats are annotations.

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
        "date-time" => value.split_once(['T', 't']).is_some_and(|(d, t)| date(d) && time(t)),
        "uuid" => uuid(value),
        "duration" => duration(value),
        _ => true,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
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
    // The offset in minutes east of UTC, if it is one.
    let offset_minutes = match offset {
        "Z" | "z" => Some(0i64),
        _ => offset[1..].split_once(':').and_then(|(h, m)| {
            let (h, m) = (digits(h, 2).filter(|h| *h <= 23)?, digits(m, 2).filter(|m| *m <= 59)?);
            let minutes = i64::from(h * 60 + m);
            Some(if offset.starts_with('-') { -minutes } else { minutes })
        }),
    };
    let Some(offset_minutes) = offset_minutes else {
        return false;
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let (Some(h), Some(m), Some(sec), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Some(h), Some(m), Some(sec)) = (
        digits(h, 2).filter(|h| *h <= 23),
        digits(m, 2).filter(|m| *m <= 59),
        digits(sec, 2).filter(|s| *s <= 60),
    ) else {
        return false;
    };
    // A leap second is the last second of a UTC day.
    let utc_minute = (i64::from(h * 60 + m) - offset_minutes).rem_euclid(24 * 60);
    (sec < 60 || utc_minute == 23 * 60 + 59)
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
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
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b))
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
/// one `#` at most, brackets only around an IP literal host, a port of digits, and for a
/// `uri` a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`); without one, the first
/// segment holds no `:` (a relative reference's `path-noscheme`).
fn uri(s: &str, absolute: bool) -> bool {
    let bytes = s.as_bytes();
    let characters = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'%' => bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        _ => b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b),
    });
    if !characters || s.matches('#').count() > 1 {
        return false;
    }
    let scheme = s.split_once(':').filter(|(scheme, _)| {
        let mut chars = scheme.bytes();
        chars.next().is_some_and(|b| b.is_ascii_alphabetic())
            && chars.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    let rest = match scheme {
        Some((_, rest)) => rest,
        None if absolute => return false,
        None => {
            let first = s.split(['/', '?', '#']).next().unwrap_or_default();
            if first.contains(':') {
                return false;
            }
            s
        }
    };
    // The authority, after `//` up to the path, query or fragment.
    let (authority, tail) = match rest.strip_prefix("//") {
        Some(after) => after.split_at(after.find(['/', '?', '#']).unwrap_or(after.len())),
        None => ("", rest),
    };
    if tail.contains(['[', ']']) {
        return false;
    }
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let port = match host_port.strip_prefix('[') {
        Some(literal) => match literal.split_once(']') {
            Some((inside, port)) if !inside.contains(['[', ']']) => port,
            _ => return false,
        },
        None if host_port.contains(['[', ']']) => return false,
        None => host_port
            .split_once(':')
            .map_or("", |(_, port)| &host_port[host_port.len() - port.len() - 1..]),
    };
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// RFC 3339 Appendix A: `P`, then weeks alone (`P2W`), or a date part whose components
/// are consecutive among years, months, days (`P1Y2M`, `P2M3D`, not `P1Y3D`), then
/// optionally `T` and consecutive hours, minutes, seconds; whole numbers only.
fn duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    /// The units of `part` (`1Y2M` is `YM`), if every number is whole and has a unit.
    fn units(part: &str) -> Option<String> {
        let mut out = String::new();
        let mut digits = 0;
        for c in part.chars() {
            if c.is_ascii_digit() {
                digits += 1;
            } else if digits > 0 {
                out.push(c);
                digits = 0;
            } else {
                return None;
            }
        }
        (digits == 0).then_some(out)
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let (Some(date), time) = (units(date), time.map(units)) else {
        return false;
    };
    let consecutive = |units: &str, order: &str| order.contains(units);
    match time {
        None if date == "W" => true,
        None => !date.is_empty() && consecutive(&date, "YMD"),
        Some(Some(time)) => {
            !time.is_empty() && consecutive(&time, "HMS") && (date.is_empty() || consecutive(&date, "YMD"))
        }
        Some(None) => false,
    }
}
