//! Typed formats in parameters, `Base64`, tagged serialization, listed-only decoding and the
//! JSON pointer of a refused body.

use crate::runtime::{decode_listed_only, first_fit, listed_only, serialize_tagged, Base64, FieldError, ParamValue};

#[test]
fn dates_travel_as_rfc_3339_and_any_offset_is_read() {
    let at = chrono::DateTime::<chrono::Utc>::parse_param("2026-11-26T12:30:00.25+02:00").expect("rfc 3339");
    assert_eq!(at.write_param(), "2026-11-26T10:30:00.250Z");
    assert_eq!(chrono::DateTime::<chrono::Utc>::parse_param(&at.write_param()), Ok(at));
    assert!(matches!(
        chrono::DateTime::<chrono::Utc>::parse_param("2026-11-26 12:30"),
        Err(FieldError::Malformed {
            expected: "an RFC 3339 date-time",
            ..
        })
    ));
    let day = chrono::NaiveDate::parse_param("2024-02-29").expect("a leap day");
    assert_eq!(day.write_param(), "2024-02-29");
    assert!(chrono::NaiveDate::parse_param("2023-02-29").is_err());
    // The same text through jiff, the configurable alternative.
    let at = jiff::Timestamp::parse_param("2026-11-26T12:30:00.25+02:00").expect("rfc 3339");
    assert_eq!(at.write_param(), "2026-11-26T10:30:00.25Z");
    assert_eq!(
        jiff::civil::Date::parse_param("2024-02-29").map(|d| d.write_param()),
        Ok("2024-02-29".to_owned())
    );
}

#[test]
fn uuids_are_hyphenated() {
    let id = uuid::Uuid::parse_param("67E55044-10B1-426F-9247-BB680E5FE0C8").expect("upper case reads");
    assert_eq!(id.write_param(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert!(uuid::Uuid::parse_param("67e55044").is_err());
}

#[test]
fn base64_writes_standard_and_reads_unpadded_and_url_safe() {
    let bytes = Base64(vec![0xfb, 0xff, 0x01]);
    assert_eq!(serde_json::to_string(&bytes).expect("json"), r#""+/8B""#);
    for text in ["+/8B", "-_8B"] {
        assert_eq!(Base64::decode(text).map(|b| b.0), Ok(vec![0xfb, 0xff, 0x01]), "{text}");
    }
    assert_eq!(Base64::decode("AP8").map(|b| b.0), Ok(vec![0, 255]), "unpadded");
    assert!(serde_json::from_str::<Base64>(r#""not base64!""#).is_err());
    assert_eq!(Base64::parse_param("AP8=").map(|b| b.0), Ok(vec![0, 255]));
}

#[test]
fn a_tagged_variant_writes_its_tag_first_or_over_its_own() {
    #[derive(serde::Serialize)]
    struct Square {
        side: f64,
    }
    #[derive(serde::Serialize)]
    struct Kept {
        kind: &'static str,
        n: u8,
    }
    let json = |f: &dyn Fn(serde_json::value::Serializer) -> Result<serde_json::Value, serde_json::Error>| {
        f(serde_json::value::Serializer).expect("serializes")
    };
    let square = json(&|s| serialize_tagged(s, "kind", "square", &Square { side: 1.5 }));
    assert_eq!(
        serde_json::to_string(&square).expect("text"),
        r#"{"kind":"square","side":1.5}"#
    );
    let kept = json(&|s| serialize_tagged(s, "kind", "right", &Kept { kind: "wrong", n: 1 }));
    assert_eq!(serde_json::to_string(&kept).expect("text"), r#"{"kind":"right","n":1}"#);
}

#[test]
fn listed_only_decoding_nests_and_restores_even_after_a_panic() {
    assert!(!listed_only());
    decode_listed_only(|| {
        assert!(listed_only());
        decode_listed_only(|| assert!(listed_only()));
        assert!(listed_only(), "an inner scope does not end the outer one");
    });
    assert!(!listed_only());
    let caught = std::panic::catch_unwind(|| decode_listed_only(|| panic!("inside")));
    assert!(caught.is_err());
    assert!(!listed_only(), "restored by the guard");
    // `first_fit` tries listed-only first, then lenient; a server is listed-only throughout.
    let seen = std::cell::RefCell::new(Vec::new());
    let found = first_fit(|| {
        seen.borrow_mut().push(listed_only());
        None::<u8>
    });
    assert_eq!((found, seen.into_inner()), (None, vec![true, false]));
    let seen = std::cell::RefCell::new(Vec::new());
    decode_listed_only(|| {
        first_fit(|| {
            seen.borrow_mut().push(listed_only());
            None::<u8>
        })
    });
    assert_eq!(seen.into_inner(), vec![true]);
}

#[cfg(feature = "server")]
#[test]
fn a_refused_json_body_is_located_by_an_escaped_pointer() {
    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        n: u8,
    }
    let body = bytes::Bytes::from_static(br#"{"a/b": {"c~d": [{"n": 1}, {"n": "x"}]}}"#);
    let refused = crate::runtime::server::decode_json::<
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<Inner>>>,
    >(&body)
    .expect_err("a string is no u8");
    assert_eq!(refused.pointer, "/a~1b/c~0d/1/n");
    let trailing = crate::runtime::server::decode_json::<serde_json::Value>(&bytes::Bytes::from_static(b"{} x"));
    assert!(trailing.is_err_and(|r| r.pointer.is_empty()));
}

#[test]
fn integers_as_text_travel_as_json_strings_and_parameters_as_digits() {
    use crate::runtime::{IntText, ParamValue};
    let big = IntText(9_007_199_254_740_993i64);
    assert_eq!(
        serde_json::to_value(big).unwrap(),
        serde_json::json!("9007199254740993")
    );
    assert_eq!(
        serde_json::from_value::<IntText<i64>>(serde_json::json!("-12")).unwrap(),
        IntText(-12)
    );
    // A server that sends a number is read too.
    assert_eq!(
        serde_json::from_value::<IntText<u64>>(serde_json::json!(12)).unwrap(),
        IntText(12)
    );
    assert!(serde_json::from_value::<IntText<u64>>(serde_json::json!("-1")).is_err());
    assert!(serde_json::from_value::<IntText<i64>>(serde_json::json!("1.5")).is_err());
    assert_eq!(IntText::<i64>::parse_param("42"), Ok(IntText(42)));
    assert!(IntText::<i64>::parse_param("x").is_err());
    assert_eq!(big.write_param(), "9007199254740993");
    assert_eq!(*big + 1, 9_007_199_254_740_994);
}

#[test]
fn decimals_travel_as_json_strings_exactly() {
    use crate::runtime::ParamValue;
    let d: rust_decimal::Decimal = "0.10".parse().unwrap();
    assert_eq!(serde_json::to_value(d).unwrap(), serde_json::json!("0.10"));
    assert_eq!(
        serde_json::from_value::<rust_decimal::Decimal>(serde_json::json!("0.10")).unwrap(),
        d
    );
    assert_eq!(rust_decimal::Decimal::parse_param("0.10"), Ok(d));
    assert!(rust_decimal::Decimal::parse_param("ten").is_err());
    assert_eq!(d.write_param(), "0.10");
}
