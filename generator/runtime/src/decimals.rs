//! `format: decimal` on strings as `rust_decimal::Decimal` (where the configuration asks for
//! it), in parameters as its plain text. Part of the runtime only in crates whose spec uses
//! the format. Bodies carry it as a JSON string (`rust_decimal`'s `serde` feature); a client
//! also reads a JSON number (a server holds requests to the schema's string).

use super::{FieldError, ParamValue};

impl ParamValue for rust_decimal::Decimal {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        value.parse().map_err(|e: rust_decimal::Error| FieldError::Malformed {
            expected: "a decimal number",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.to_string()
    }
}
