//! `format: date-time` and `format: date` as `chrono` types, in parameters as RFC 3339 text.
//! Part of the runtime only in crates whose spec uses these formats.

use super::{FieldError, ParamValue};

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        chrono::DateTime::parse_from_rfc3339(value)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| FieldError::Malformed {
                expected: "an RFC 3339 date-time",
                detail: e.to_string(),
            })
    }
    fn write_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ParamValue for chrono::NaiveDate {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|e| FieldError::Malformed {
            expected: "an RFC 3339 full date (YYYY-MM-DD)",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}
