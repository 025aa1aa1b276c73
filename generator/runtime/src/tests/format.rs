//! `runtime::format`: the string formats a server asserts, against the examples of their
//! RFCs (3339, 1123, 3986, 9562) and the WHATWG e-mail definition.

use crate::runtime::format::valid;

#[track_caller]
fn accepts(format: &str, values: &[&str]) {
    for v in values {
        assert!(valid(format, v), "{format}: {v:?} should be valid");
    }
}

#[track_caller]
fn refuses(format: &str, values: &[&str]) {
    for v in values {
        assert!(!valid(format, v), "{format}: {v:?} should be refused");
    }
}

#[test]
fn rfc_3339_dates_times_and_date_times() {
    // RFC 3339 §5.8's examples.
    accepts(
        "date-time",
        &[
            "1985-04-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "1990-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
            "1937-01-01T12:00:27.87+00:20",
            "2024-02-29t00:00:00z",
        ],
    );
    refuses(
        "date-time",
        &[
            "",
            "1985-04-12",
            "1985-04-12 23:20:50Z",
            "1985-04-12T23:20:50",
            "2023-02-29T00:00:00Z",
            "1985-04-12T24:00:00Z",
        ],
    );
    accepts("date", &["2024-02-29", "2000-02-29", "1999-12-31"]);
    refuses(
        "date",
        &[
            "",
            "1900-02-29",
            "2023-13-01",
            "2023-04-31",
            "23-01-01",
            "2023-1-01",
            "2023-01-01T00:00:00Z",
        ],
    );
    accepts(
        "time",
        &[
            "23:20:50.52Z",
            "16:39:57-08:00",
            "23:59:60Z",
            "15:59:60-08:00",
            "01:29:60+01:30",
        ],
    );
    // A leap second is the last second of a UTC day only.
    refuses(
        "time",
        &[
            "",
            "23:20:50",
            "24:00:00Z",
            "23:60:00Z",
            "23:20:50.Z",
            "23:20:50+24:00",
            "12:00:60Z",
            "23:59:60+01:00",
        ],
    );
}

#[test]
fn durations_as_rfc_3339_appendix_a_writes_them() {
    accepts(
        "duration",
        &[
            "P1Y2M3DT4H5M6S",
            "P3D",
            "PT1H",
            "P2W",
            "P1M",
            "PT1M",
            "P1Y2M",
            "PT36H",
            "P1DT1S",
        ],
    );
    // The grammar's components are consecutive and whole; weeks stand alone.
    refuses(
        "duration",
        &[
            "", "P", "PT", "1D", "P1H", "PT1D", "P1D2Y", "P1.5D", "PT0.5S", "P1Y2W", "P1W3D", "P1Y3D", "PT1H1S",
        ],
    );
}

#[test]
fn emails_hostnames_and_addresses() {
    accepts("email", &["user@example.com", "a.b+c@mail.example.org", "x@localhost"]);
    refuses(
        "email",
        &[
            "",
            "@example.com",
            "user@",
            "user example@x.com",
            "user@-bad.com",
            "user@x..com",
        ],
    );
    accepts("hostname", &["example.com", "a-b.c1", "localhost", "example.com."]);
    refuses(
        "hostname",
        &["", "-a.com", "a-.com", "a..b", "under_score.com", &"a".repeat(64)],
    );
    accepts("ipv4", &["192.0.2.1", "0.0.0.0", "255.255.255.255"]);
    refuses("ipv4", &["", "256.0.0.1", "192.0.2", "01.2.3.4", "1.2.3.4.5"]);
    accepts("ipv6", &["2001:db8::1", "::", "::ffff:192.0.2.1", "fe80::1:2:3:4"]);
    refuses("ipv6", &["", "2001:db8:::1", "12345::", "192.0.2.1"]);
}

#[test]
fn uris_uuids_and_formats_that_are_annotations() {
    // RFC 3986 §1.1.2's examples.
    accepts(
        "uri",
        &[
            "ftp://ftp.is.co.za/rfc/rfc1808.txt",
            "http://www.ietf.org/rfc/rfc2396.txt",
            "ldap://[2001:db8::7]/c=GB?objectClass?one",
            "mailto:John.Doe@example.com",
            "news:comp.infosystems.www.servers.unix",
            "tel:+1-816-555-1212",
            "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
            "http://[::1]:8080/a",
            "http://user@host:80/",
            "file:///etc/hosts",
        ],
    );
    refuses(
        "uri",
        &[
            "",
            "/relative/path",
            "http://a b.com",
            "http://x.com/%zz",
            "1http://x",
            "http://x#a#b",
            "http://a:b:c/",
            "http://[::1",
            "http://x/[y]",
        ],
    );
    accepts(
        "uri-reference",
        &["/relative/path?q=1#f", "../up", "", "http://example.com", "a/b:c"],
    );
    refuses("uri-reference", &["with space", "%g0", "<tag>", "1:x"]);
    accepts(
        "uuid",
        &[
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
        ],
    );
    refuses(
        "uuid",
        &[
            "",
            "f81d4fae7dec11d0a76500a0c91e6bf6",
            "f81d4fae-7dec-11d0-a765-00a0c91e6bfg",
        ],
    );
    // Formats the runtime does not know are annotations.
    assert!(valid("password", ""));
    assert!(valid("int64", "x"));
}
