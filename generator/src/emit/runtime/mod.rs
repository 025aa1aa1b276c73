//! Support code shared by every generated crate: parameter text, constraints, credentials.
//!
//! This module is the same for every spec; the generated modules call into it.

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "server")]
pub mod server;

use std::fmt;

/// Why a parameter or field value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// A required value is missing.
    Required,
    /// The value is not one of the listed values.
    NotIn { allowed: &'static [&'static str] },
    /// The value does not match the pattern.
    Pattern { pattern: &'static str },
    /// The value is shorter or longer than allowed.
    Length { min: Option<usize>, max: Option<usize> },
    /// The value is not of the expected kind (a number, a boolean, JSON, …).
    Malformed { expected: &'static str, detail: String },
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::Required => f.write_str("is required"),
            FieldError::NotIn { allowed } => write!(f, "must be one of {allowed:?}"),
            FieldError::Pattern { pattern } => write!(f, "must match the pattern `{pattern}`"),
            FieldError::Length { min, max } => write!(
                f,
                "must have a length between {} and {}",
                min.unwrap_or(0),
                max.map_or("any".to_owned(), |m| m.to_string())
            ),
            FieldError::Malformed { expected, detail } if detail.is_empty() => write!(f, "must be {expected}"),
            FieldError::Malformed { expected, detail } => write!(f, "must be {expected} ({detail})"),
        }
    }
}

/// A value refused by a constrained type's constructor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    pub type_name: &'static str,
    pub value: String,
    pub error: FieldError,
}

impl ConstraintError {
    pub fn into_field_error(self) -> FieldError {
        self.error
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} {:?}: the value {}",
            self.type_name, self.value, self.error
        )
    }
}

impl std::error::Error for ConstraintError {}

/// The constraints of a string type.
pub struct StringRule {
    pub type_name: &'static str,
    pub pattern: &'static str,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
}

impl StringRule {
    /// Checks `value`; the regex is compiled once into `cell`.
    pub fn check(&self, cell: &std::sync::OnceLock<Option<regex::Regex>>, value: &str) -> Result<(), ConstraintError> {
        let fail = |error| {
            Err(ConstraintError {
                type_name: self.type_name,
                value: value.to_owned(),
                error,
            })
        };
        let len = value.chars().count();
        if self.min_length.is_some_and(|m| len < m) || self.max_length.is_some_and(|m| len > m) {
            return fail(FieldError::Length {
                min: self.min_length,
                max: self.max_length,
            });
        }
        // The generator checked that the pattern compiles, so `None` is not expected.
        match cell.get_or_init(|| regex::Regex::new(self.pattern).ok()) {
            Some(regex) if !regex.is_match(value) => fail(FieldError::Pattern { pattern: self.pattern }),
            _ => Ok(()),
        }
    }
}

/// A value that travels as text in a path, query, header or cookie.
pub trait ParamValue: Sized {
    fn parse_param(value: &str) -> Result<Self, FieldError>;
    fn write_param(&self) -> String;
}

impl ParamValue for String {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        Ok(value.to_owned())
    }
    fn write_param(&self) -> String {
        self.clone()
    }
}

macro_rules! from_str_params {
    ($($t:ty => $expected:literal),* $(,)?) => {$(
        impl ParamValue for $t {
            fn parse_param(value: &str) -> Result<Self, FieldError> {
                value.parse().map_err(|e: <$t as std::str::FromStr>::Err| FieldError::Malformed { expected: $expected, detail: e.to_string() })
            }
            fn write_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

from_str_params! {
    bool => "`true` or `false`",
    i8 => "an integer", i16 => "an integer", i32 => "an integer", i64 => "an integer",
    u8 => "a non-negative integer", u16 => "a non-negative integer", u32 => "a non-negative integer", u64 => "a non-negative integer",
    f32 => "a number", f64 => "a number",
}

/// The writing side of a parameter, for owned values and for what callers pass borrowed
/// (`&str`, slices), so the client never copies an argument just to write it.
pub trait ParamText {
    fn param_text(&self) -> String;
}

impl<T: ParamValue> ParamText for T {
    fn param_text(&self) -> String {
        self.write_param()
    }
}

impl ParamText for str {
    fn param_text(&self) -> String {
        self.to_owned()
    }
}

/// A slice travels like a `Vec`: comma-separated.
impl<T: ParamValue> ParamText for [T] {
    fn param_text(&self) -> String {
        self.iter().map(ParamValue::write_param).collect::<Vec<_>>().join(",")
    }
}

/// Lists travel comma-separated unless exploded into repeated keys.
impl<T: ParamValue> ParamValue for Vec<T> {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        if value.is_empty() {
            return Ok(Vec::new());
        }
        value.split(',').map(T::parse_param).collect()
    }
    fn write_param(&self) -> String {
        self.iter().map(ParamValue::write_param).collect::<Vec<_>>().join(",")
    }
}

/// A secret that never shows in `Debug` or logs.
pub use secrecy::{ExposeSecret, SecretString};

/// One credential, as a security scheme of the spec asks for it.
#[derive(Clone)]
pub enum Credential {
    /// A token or key sent as it is.
    Token(SecretString),
    /// HTTP basic authentication.
    Basic { username: String, password: SecretString },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Token([REDACTED])"),
            Credential::Basic { username, .. } => write!(f, "Basic {{ username: {username:?}, password: [REDACTED] }}"),
        }
    }
}

/// Shows the kind of credential, never the secret.
impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("[REDACTED]"),
            Credential::Basic { username, .. } => write!(f, "{username}:[REDACTED]"),
        }
    }
}

impl Credential {
    /// The token or password. Call only where the secret must leave the process.
    pub fn expose(&self) -> &str {
        match self {
            Credential::Token(t) => t.expose_secret(),
            Credential::Basic { password, .. } => password.expose_secret(),
        }
    }
}

/// How a security scheme carries its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    Bearer,
    Basic,
    ApiKeyHeader(&'static str),
    ApiKeyQuery(&'static str),
    ApiKeyCookie(&'static str),
}

/// A security scheme of the spec.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    pub name: &'static str,
    pub kind: SchemeKind,
}

/// What an operation asks for: any one of the alternatives, each needing all its schemes.
#[derive(Debug, Clone, Copy)]
pub struct Security {
    pub alternatives: &'static [&'static [usize]],
    /// One alternative needs nothing.
    pub optional: bool,
}

/// The status code `code`, which the generator checked is valid.
pub fn status(code: u16) -> http::StatusCode {
    http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Flattens a JSON value into `application/x-www-form-urlencoded` pairs, nesting
/// objects and lists with brackets (`a[b]=1`, `a[0]=x`) as deepObject-style APIs expect.
pub fn form_pairs(value: &serde_json::Value) -> Vec<(String, String)> {
    deep_pairs("", value)
}

/// Like [`form_pairs`], under a parameter name: `name[key]=value`, or `name=value` for a scalar.
pub fn deep_pairs(prefix: &str, value: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}[{k}]")
                    };
                    walk(&key, v, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            serde_json::Value::String(s) => out.push((prefix.to_owned(), s.clone())),
            other => out.push((prefix.to_owned(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(prefix, value, &mut out);
    out
}
