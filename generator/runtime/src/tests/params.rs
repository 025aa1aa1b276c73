//! Parameter text (`ParamValue`, `ParamText`), string constraints, errors, credentials, `status`.

use crate::runtime::{
    status, ApiKey, BasicAuth, BearerToken, ConstraintError, ExposeSecret, FieldError, ParamText, ParamValue,
    StringRule,
};
use std::sync::OnceLock;

fn malformed(expected: &'static str, detail: &str) -> FieldError {
    FieldError::Malformed {
        expected,
        detail: detail.to_owned(),
    }
}

#[test]
fn integers_parse_and_write_as_decimal_text() {
    assert_eq!(i32::parse_param("42"), Ok(42));
    assert_eq!(i32::parse_param("-42"), Ok(-42));
    assert_eq!(i64::parse_param("+7"), Ok(7));
    assert_eq!(u64::parse_param("18446744073709551615"), Ok(u64::MAX));
    assert_eq!(i8::MIN.write_param(), "-128");
    assert_eq!(u16::MAX.param_text(), "65535");
    assert_eq!(
        i32::parse_param("4.2"),
        Err(malformed("an integer", "invalid digit found in string"))
    );
    assert_eq!(
        u8::parse_param("-1"),
        Err(malformed("a non-negative integer", "invalid digit found in string"))
    );
    assert_eq!(
        u8::parse_param("256"),
        Err(malformed(
            "a non-negative integer",
            "number too large to fit in target type"
        ))
    );
    assert_eq!(
        i64::parse_param(""),
        Err(malformed("an integer", "cannot parse integer from empty string"))
    );
    // No trimming: the text is the value.
    assert!(i32::parse_param(" 1").is_err());
}

#[test]
fn numbers_parse_and_write() {
    assert_eq!(f64::parse_param("1.5"), Ok(1.5));
    assert_eq!(f64::parse_param("-2e3"), Ok(-2000.0));
    assert_eq!(f32::parse_param("1"), Ok(1.0));
    assert_eq!(0.1f64.write_param(), "0.1");
    assert_eq!(2.0f64.write_param(), "2");
    assert_eq!(
        f64::parse_param("x"),
        Err(malformed("a number", "invalid float literal"))
    );
}

#[test]
fn nan_infinity_and_floats_past_f32_are_refused_as_not_finite() {
    for text in ["NaN", "inf", "-infinity"] {
        assert!(
            matches!(
                f64::parse_param(text),
                Err(FieldError::Malformed {
                    expected: "a finite number",
                    ..
                })
            ),
            "{text}"
        );
    }
    assert!(matches!(
        f32::parse_param("1e39"),
        Err(FieldError::Malformed {
            expected: "a finite number",
            ..
        })
    ));
    assert_eq!(f32::parse_param("3.4e38"), Ok(3.4e38));
}

#[test]
fn json_numbers_are_read_exactly_and_integers_with_a_zero_fraction_are_integers() {
    // `float_roundtrip`: the nearest double, not one unit off.
    let v: f64 = serde_json::from_str("0.9999999999999999").unwrap();
    assert!(v < 1.0);
    let v: f64 = serde_json::from_str("2.2250738585072014e-308").unwrap();
    assert_eq!(v, f64::MIN_POSITIVE);
    let mut value = serde_json::json!({"a": 76.0, "b": [7.6e1, 1.5], "c": -0.0, "d": 1e300});
    crate::runtime::integral_numbers(&mut value);
    assert_eq!(value, serde_json::json!({"a": 76, "b": [76, 1.5], "c": 0, "d": 1e300}));
    let n: i64 = serde_json::from_value(value["a"].clone()).unwrap();
    assert_eq!(n, 76);
}

#[test]
fn booleans_are_exactly_true_or_false() {
    assert_eq!(bool::parse_param("true"), Ok(true));
    assert_eq!(bool::parse_param("false"), Ok(false));
    for refused in ["TRUE", "True", "1", "yes", ""] {
        assert!(
            matches!(
                bool::parse_param(refused),
                Err(FieldError::Malformed {
                    expected: "`true` or `false`",
                    ..
                })
            ),
            "{refused:?}"
        );
    }
    assert_eq!(true.write_param(), "true");
}

#[test]
fn strings_are_taken_as_they_are() {
    for text in ["", " spaced ", "a,b", "123", "é/?#"] {
        assert_eq!(String::parse_param(text).as_deref(), Ok(text));
        assert_eq!(text.to_owned().write_param(), text);
        assert_eq!(text.param_text(), text);
    }
}

#[test]
fn lists_travel_comma_separated() {
    assert_eq!(Vec::<i32>::parse_param("1,2,3"), Ok(vec![1, 2, 3]));
    assert_eq!(Vec::<i32>::parse_param(""), Ok(vec![]));
    assert_eq!(
        Vec::<String>::parse_param("a,,b"),
        Ok(vec!["a".to_owned(), String::new(), "b".to_owned()])
    );
    assert_eq!(Vec::<bool>::parse_param("true,false"), Ok(vec![true, false]));
    assert!(matches!(
        Vec::<i32>::parse_param("1,x"),
        Err(FieldError::Malformed {
            expected: "an integer",
            ..
        })
    ));
    assert!(Vec::<i32>::parse_param("1,,2").is_err());
    assert_eq!(vec![1u8, 2].write_param(), "1,2");
    assert_eq!(Vec::<i32>::new().write_param(), "");
    // Slices and `Vec`s write alike.
    let tags = ["a".to_owned(), "b c".to_owned()];
    assert_eq!(tags[..].param_text(), "a,b c");
    assert_eq!(tags.to_vec().param_text(), "a,b c");
    assert_eq!([1.5f64, -2.0][..].param_text(), "1.5,-2");
}

#[test]
fn list_text_round_trips_for_plain_items() {
    let values = vec![-1i64, 0, 99];
    assert_eq!(Vec::<i64>::parse_param(&values.write_param()), Ok(values));
    let words = vec!["x".to_owned(), "y".to_owned()];
    assert_eq!(Vec::<String>::parse_param(&words.write_param()), Ok(words));
}

const SLUG: StringRule = StringRule {
    type_name: "Slug",
    pattern: "^[a-z0-9-]+$",
    min_length: Some(2),
    max_length: Some(5),
};

#[test]
fn string_rule_checks_length_in_characters_then_pattern() {
    let cell = OnceLock::new();
    assert_eq!(SLUG.check(&cell, "ab-1"), Ok(()));
    assert_eq!(SLUG.check(&cell, "ab"), Ok(()));
    assert_eq!(SLUG.check(&cell, "abcde"), Ok(()));
    let too_short = SLUG.check(&cell, "a").unwrap_err();
    assert_eq!(
        too_short,
        ConstraintError {
            type_name: "Slug",
            value: "a".to_owned(),
            error: FieldError::Length {
                min: Some(2),
                max: Some(5)
            },
        }
    );
    assert!(matches!(
        SLUG.check(&cell, "abcdef"),
        Err(ConstraintError {
            error: FieldError::Length { .. },
            ..
        })
    ));
    assert_eq!(
        SLUG.check(&cell, "AB").unwrap_err().error,
        FieldError::Pattern {
            pattern: "^[a-z0-9-]+$"
        }
    );
    // Length is checked before the pattern.
    assert!(matches!(
        SLUG.check(&cell, "ABCDEFG").unwrap_err().error,
        FieldError::Length { .. }
    ));
    // The regex is compiled once, into the cell.
    assert!(matches!(cell.get(), Some(Some(_))));
}

#[test]
fn string_rule_counts_characters_not_bytes() {
    let rule = StringRule {
        type_name: "Short",
        pattern: "",
        min_length: None,
        max_length: Some(3),
    };
    let cell = OnceLock::new();
    assert_eq!(rule.check(&cell, "éàü"), Ok(()));
    assert!(rule.check(&cell, "éàüö").is_err());
}

#[test]
fn string_rule_patterns_are_not_anchored() {
    // JSON Schema patterns match anywhere unless anchored.
    let rule = StringRule {
        type_name: "HasDigit",
        pattern: "[0-9]",
        min_length: None,
        max_length: None,
    };
    let cell = OnceLock::new();
    assert_eq!(rule.check(&cell, "abc1def"), Ok(()));
    assert!(rule.check(&cell, "abc").is_err());
    // An empty value is checked too.
    assert!(rule.check(&cell, "").is_err());
}

#[test]
fn string_rule_with_a_pattern_that_does_not_compile_checks_only_lengths() {
    let rule = StringRule {
        type_name: "Broken",
        pattern: "(",
        min_length: Some(1),
        max_length: None,
    };
    let cell = OnceLock::new();
    assert_eq!(rule.check(&cell, "anything"), Ok(()));
    assert!(matches!(cell.get(), Some(None)));
    assert!(rule.check(&cell, "").is_err());
}

#[test]
fn errors_read_as_sentences() {
    assert_eq!(FieldError::Required.to_string(), "is required");
    assert_eq!(
        FieldError::NotIn { allowed: &["a", "b"] }.to_string(),
        "must be one of [\"a\", \"b\"]"
    );
    assert_eq!(
        FieldError::Pattern { pattern: "^x$" }.to_string(),
        "must match the pattern `^x$`"
    );
    assert_eq!(
        FieldError::Length {
            min: Some(2),
            max: None
        }
        .to_string(),
        "must have a length between 2 and any"
    );
    assert_eq!(
        FieldError::Length {
            min: None,
            max: Some(9)
        }
        .to_string(),
        "must have a length between 0 and 9"
    );
    assert_eq!(malformed("an integer", "").to_string(), "must be an integer");
    assert_eq!(malformed("an integer", "oops").to_string(), "must be an integer (oops)");
    let error = SLUG.check(&OnceLock::new(), "A").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid Slug \"A\": the value must have a length between 2 and 5"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(error.clone());
    assert_eq!(boxed.to_string(), error.to_string());
    assert_eq!(
        error.into_field_error(),
        FieldError::Length {
            min: Some(2),
            max: Some(5)
        }
    );
}

#[test]
fn credentials_never_show_their_secret() {
    let token = BearerToken::new("s3cret-token");
    let key = ApiKey::new("s3cret-key");
    let basic = BasicAuth::new("ann", "s3cret-pass");
    for shown in [
        format!("{token:?}"),
        format!("{token}"),
        format!("{key:?}"),
        format!("{key}"),
        format!("{basic:?}"),
        format!("{basic}"),
        format!("{:?}", (&token, &key, &basic)),
    ] {
        assert!(!shown.contains("s3cret"), "{shown}");
    }
    assert_eq!(format!("{basic}"), "ann:[REDACTED]");
    assert_eq!(
        format!("{basic:?}"),
        "BasicAuth { username: \"ann\", password: [REDACTED] }"
    );
    assert_eq!(format!("{token}"), "[REDACTED]");
    assert_eq!(token.secret().expose_secret(), "s3cret-token");
    assert_eq!(key.secret().expose_secret(), "s3cret-key");
    assert_eq!(
        (basic.username(), basic.password().expose_secret()),
        ("ann", "s3cret-pass")
    );
    let credentials = crate::security::Credentials {
        bearer: Some(token),
        ..Default::default()
    };
    assert!(!format!("{credentials:?}").contains("s3cret"));
}

#[test]
fn status_falls_back_to_500_for_invalid_codes() {
    assert_eq!(status(200), http::StatusCode::OK);
    assert_eq!(status(418), http::StatusCode::IM_A_TEAPOT);
    assert_eq!(status(599).as_u16(), 599);
    assert_eq!(status(99), http::StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(status(1000), http::StatusCode::INTERNAL_SERVER_ERROR);
}
