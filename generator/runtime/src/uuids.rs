//! `format: uuid` as `uuid::Uuid`, in parameters as hyphenated text. Part of the runtime only
//! in crates whose spec uses the format.

use super::{FieldError, ParamValue};

impl ParamValue for uuid::Uuid {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        uuid::Uuid::parse_str(value).map_err(|e| FieldError::Malformed {
            expected: "a UUID",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.hyphenated().to_string()
    }
}
