//! `format: date-time` and `format: date` as `jiff` types (configuration `dates = "jiff"`),
//! in parameters as RFC 3339 text. Part of the runtime only in crates whose spec uses these
//! formats.

use super::{FieldError, ParamValue};

impl ParamValue for jiff::Timestamp {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        value.parse().map_err(|e: jiff::Error| FieldError::Malformed {
            expected: "an RFC 3339 date-time",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.to_string()
    }
}

impl ParamValue for jiff::civil::Date {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        value.parse().map_err(|e: jiff::Error| FieldError::Malformed {
            expected: "an RFC 3339 full date (YYYY-MM-DD)",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.to_string()
    }
}
