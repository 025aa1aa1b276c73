//! Support code shared by every generated crate: parameter text, constraints, credentials.
//!
//! This module is the same for every spec; the generated modules call into it.

#[cfg(feature = "client")]
pub mod client;
pub mod de;
pub mod format;
pub mod ser;
#[cfg(feature = "mock")]
pub mod mock;
pub mod param;
#[cfg(feature = "server")]
pub mod server;
#[cfg(any(feature = "client", feature = "server"))]
pub mod shapes;

use std::fmt;

/// Where a request input travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    Body,
    /// A credential, carried where its security scheme says.
    Credential,
}

impl Location {
    /// The name OpenAPI gives the location (`in:`), or `body` / `credential`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
            Location::Body => "body",
            Location::Credential => "credential",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a request input must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    Required,
    Optional,
}

/// Why a parameter or field value was refused. New kinds may be added.
#[non_exhaustive]
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
    /// The value breaks a constraint of its schema (`must be at least 1`).
    Violates(String),
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
            FieldError::Violates(message) => f.write_str(message),
        }
    }
}

/// One refused input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    /// The parameter's name in the spec, or `body`.
    pub name: String,
    pub location: Location,
    /// Where inside the value the problem is, as a JSON pointer (`/items/0/kind`); empty
    /// when it is the whole value.
    pub pointer: String,
    pub error: FieldError,
}

/// The fields as one sentence: `query `limit` must be at most 10; body `body` …`.
pub fn describe(fields: &[InvalidField]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let at = if f.pointer.is_empty() { String::new() } else { format!(" at `{}`", f.pointer) };
            format!("{} `{}`{at} {}", f.location, f.name, f.error)
        })
        .collect();
    parts.join("; ")
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
    /// The value a server reads: listed values only.
    fn parse_param(value: &str) -> Result<Self, FieldError>;
    fn write_param(&self) -> String;
    /// The value a client reads from a response header: values the spec does not list are
    /// kept (in `Unknown`), as in bodies.
    fn parse_received(value: &str) -> Result<Self, FieldError> {
        Self::parse_param(value)
    }
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
}

/// Numbers: finite ones only (JSON has no NaN or infinity, and a `format: float` value
/// past `f32`'s range would read as infinity: it is refused as too large).
macro_rules! float_params {
    ($($t:ty),* $(,)?) => {$(
        impl ParamValue for $t {
            fn parse_param(value: &str) -> Result<Self, FieldError> {
                match value.parse::<$t>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    Ok(_) => Err(FieldError::Malformed { expected: "a finite number", detail: format!("{value:?} is not one, or too large") }),
                    Err(e) => Err(FieldError::Malformed { expected: "a number", detail: e.to_string() }),
                }
            }
            fn write_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

float_params!(f32, f64);

/// `format: byte`: bytes that travel as base64 text (standard alphabet, padded; decoding
/// also takes unpadded and URL-safe text, which servers send too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        use base64::Engine as _;
        let lenient = base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent);
        let standard = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, lenient);
        let url_safe = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, lenient);
        standard.decode(text).or_else(|first| url_safe.decode(text).map_err(|_| first)).map(Base64)
    }

    pub fn encode(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl std::ops::Deref for Base64 {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Base64::decode(&text).map_err(serde::de::Error::custom)
    }
}

impl ParamValue for Base64 {
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        Base64::decode(value).map_err(|e| FieldError::Malformed {
            expected: "base64 text",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.encode()
    }
}

/// A string enum of the spec, as generated: its listed values, its variant for a wire
/// value (the catch-all for one the spec does not list), and its wire value.
///
/// The impls every string enum has (`FromStr`, `Display`, serde, `ParamValue`) are one
/// line each, calling the generic functions below through `string_enum!`: a generic body
/// is type-checked once, where one written out per enum was checked once per enum.
pub trait StringEnum: Sized {
    const VALUES: &'static [&'static str];
    fn from_wire(value: &str) -> Self;
    fn wire(&self) -> &str;
    /// Whether the value is one the spec lists.
    fn listed(&self) -> bool;
}

pub fn enum_serialize<T: StringEnum, S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.wire())
}

/// A server refuses what a client keeps (see [`decode_listed_only`]).
pub fn enum_deserialize<'de, T: StringEnum, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    let parsed = T::from_wire(&value);
    if !parsed.listed() && listed_only() {
        return Err(serde::de::Error::unknown_variant(&value, T::VALUES));
    }
    Ok(parsed)
}

/// A parameter a server reads: listed values only.
pub fn enum_parse_param<T: StringEnum>(value: &str) -> Result<T, FieldError> {
    let parsed = T::from_wire(value);
    if parsed.listed() {
        Ok(parsed)
    } else {
        Err(FieldError::NotIn { allowed: T::VALUES })
    }
}

/// The impls every generated string enum has, in one line each (see [`StringEnum`]).
/// A spec without string enums leaves it unused.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ty) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(<Self as $crate::runtime::StringEnum>::from_wire(value))
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::runtime::StringEnum::wire(self))
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::enum_serialize(self, serializer)
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::enum_deserialize(deserializer)
            }
        }
        impl $crate::runtime::ParamValue for $name {
            fn parse_param(value: &str) -> ::std::result::Result<Self, $crate::runtime::FieldError> {
                $crate::runtime::enum_parse_param(value)
            }
            fn write_param(&self) -> ::std::string::String {
                $crate::runtime::StringEnum::wire(self).to_owned()
            }
            fn parse_received(value: &str) -> ::std::result::Result<Self, $crate::runtime::FieldError> {
                ::std::result::Result::Ok(<Self as $crate::runtime::StringEnum>::from_wire(value))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// `type: string` with an integer format (`int64`, `uint64`, …): an integer that travels as
/// JSON text, as APIs send values past JavaScript's 2^53 (`"9007199254740993"`). Decoding
/// also takes a JSON number (a client reads what a server sends; a server checks requests
/// against the schema's string first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntText<T>(pub T);

impl<T> From<T> for IntText<T> {
    fn from(value: T) -> Self {
        IntText(value)
    }
}

impl<T> std::ops::Deref for IntText<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: fmt::Display> fmt::Display for IntText<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: fmt::Display> serde::Serialize for IntText<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de, T: std::str::FromStr> serde::Deserialize<'de> for IntText<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<T: std::str::FromStr> serde::de::Visitor<'_> for Visitor<T> {
            type Value = IntText<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer as text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map(IntText).map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
        }
        deserializer.deserialize_any(Visitor(std::marker::PhantomData))
    }
}

impl<T: std::str::FromStr + fmt::Display> ParamValue for IntText<T>
where
    T::Err: fmt::Display,
{
    fn parse_param(value: &str) -> Result<Self, FieldError> {
        value.parse().map(IntText).map_err(|e: T::Err| FieldError::Malformed {
            expected: "an integer",
            detail: e.to_string(),
        })
    }
    fn write_param(&self) -> String {
        self.0.to_string()
    }
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
    fn parse_received(value: &str) -> Result<Self, FieldError> {
        if value.is_empty() {
            return Ok(Vec::new());
        }
        value.split(',').map(T::parse_received).collect()
    }
    fn write_param(&self) -> String {
        self.iter().map(ParamValue::write_param).collect::<Vec<_>>().join(",")
    }
}

/// A secret that never shows in `Debug` or logs (re-exported so users need no matching
/// `secrecy` release).
pub use secrecy::{ExposeSecret, SecretString};

/// A bearer token: HTTP `Authorization: Bearer …`, and the access tokens of OAuth 2 and
/// OpenID Connect schemes. `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct BearerToken(SecretString);

/// An API key, sent in the header, query parameter or cookie its scheme names. `Debug` and
/// `Display` never show it.
#[derive(Clone)]
pub struct ApiKey(SecretString);

/// HTTP basic credentials. `Debug` and `Display` show the user name, never the password.
#[derive(Clone)]
pub struct BasicAuth {
    username: String,
    password: SecretString,
}

/// What a token-like credential (`BearerToken`, `ApiKey`) has: a constructor, the secret,
/// redacted `Debug` and `Display`, and its way to and from what travels.
macro_rules! token_credential {
    ($($name:ident),*) => {$(
        impl $name {
            pub fn new(secret: impl Into<String>) -> Self {
                $name(secret.into().into())
            }

            /// The secret; `expose_secret()` it only where it must leave the process.
            pub fn secret(&self) -> &SecretString {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([REDACTED])"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[REDACTED]")
            }
        }

        impl SchemeCredential for $name {
            fn to_credential(&self) -> Credential {
                Credential::Token(self.0.clone())
            }
            fn from_credential(credential: Credential) -> Option<Self> {
                match credential {
                    Credential::Token(t) => Some($name(t)),
                    Credential::Basic { .. } => None,
                }
            }
        }
    )*};
}

token_credential!(BearerToken, ApiKey);

impl BasicAuth {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        BasicAuth {
            username: username.into(),
            password: password.into().into(),
        }
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password; `expose_secret()` it only where it must leave the process.
    pub fn password(&self) -> &SecretString {
        &self.password
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BasicAuth {{ username: {:?}, password: [REDACTED] }}", self.username)
    }
}

impl fmt::Display for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:[REDACTED]", self.username)
    }
}

/// A credential as it travels, between a typed field of `Credentials` and the wire.
/// Internal: the typed fields are the API.
#[derive(Clone)]
pub enum Credential {
    /// A token or key sent as it is.
    Token(SecretString),
    /// HTTP basic authentication.
    Basic { username: String, password: SecretString },
}

/// The typed credentials of the schemes, to and from what travels.
pub trait SchemeCredential: Sized {
    fn to_credential(&self) -> Credential;
    /// `None` when the request carried the other kind (a scheme reads only its own).
    fn from_credential(credential: Credential) -> Option<Self>;
}

impl SchemeCredential for BasicAuth {
    fn to_credential(&self) -> Credential {
        Credential::Basic {
            username: self.username.clone(),
            password: self.password.clone(),
        }
    }
    fn from_credential(credential: Credential) -> Option<Self> {
        match credential {
            Credential::Basic { username, password } => Some(BasicAuth { username, password }),
            Credential::Token(_) => None,
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

/// A security scheme of the spec, with the typed field of `Credentials` that holds its
/// credential.
#[derive(Clone, Copy)]
pub struct Scheme {
    pub name: &'static str,
    pub kind: SchemeKind,
    /// The credential the field holds.
    pub get: fn(&crate::security::Credentials) -> Option<Credential>,
    /// Fills the field from a credential a request carried.
    pub set: fn(&mut crate::security::Credentials, Credential),
}

impl fmt::Debug for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scheme").field("name", &self.name).field("kind", &self.kind).finish()
    }
}

/// What an operation asks for: any one of the alternatives, each needing all its schemes.
#[derive(Debug, Clone, Copy)]
pub struct Security {
    pub alternatives: &'static [&'static [&'static Scheme]],
    /// One alternative needs nothing.
    pub optional: bool,
}

/// The status code `code`, which the generator checked is valid.
pub fn status(code: u16) -> http::StatusCode {
    http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Why a form body cannot be written.
#[derive(Debug)]
pub enum FormError {
    /// The value has no JSON form.
    Encode(serde_json::Error),
    /// A property's value cannot travel in its style (see [`param::encode`]).
    Field { name: &'static str, reason: String },
}

/// A form body (`application/x-www-form-urlencoded`). Each property listed in `fields` is
/// written as a query parameter of its name would be, in the style its `encoding` gives
/// (`tags=a&tags=b` for form, exploded; `tags=a|b` for pipeDelimited; `a[b]=x` for
/// deepObject). Other properties (a map's keys, or every property of a response, which has
/// no `encoding`) go in bracket style: `a[b][0]=x`, brackets literal and percent-encoded
/// inside a property's name, so `x][y` stays one name. Values are percent-encoded.
pub fn encode_form<T: serde::Serialize + ?Sized>(value: &T, fields: &[param::Wire]) -> Result<String, FormError> {
    let value = serde_json::to_value(value).map_err(FormError::Encode)?;
    let mut out = Vec::new();
    if let serde_json::Value::Object(map) = &value {
        for (k, v) in map {
            match fields.iter().find(|w| w.name == k) {
                Some(wire) if !v.is_null() => {
                    let pieces = param::encode(wire, &param::tree_of(wire.kind, v))
                        .map_err(|reason| FormError::Field { name: wire.name, reason })?;
                    out.extend(pieces);
                }
                Some(_) => {}
                None => {
                    for (key, leaf) in param::nested_keys(&param::form_name(k), v, &param::form_name) {
                        out.push(format!("{key}={}", form_urlencoded::byte_serialize(leaf.as_bytes()).collect::<String>()));
                    }
                }
            }
        }
    }
    Ok(out.join("&"))
}

/// A form body written as [`encode_form`] writes it with the same `fields`, decoded into
/// `T`. A property listed in `fields` is read as its style says; any other key is split at
/// its literal brackets before its parts are decoded (one that arrives with its brackets
/// encoded is decoded first).
pub fn from_form<T: serde::de::DeserializeOwned>(body: &[u8], fields: &[param::Wire]) -> Result<T, String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let raw = param::Received::parse_query(text);
    let pairs: Vec<(&str, &str)> = raw.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let names: Vec<&str> = fields.iter().map(|w| w.name).collect();
    let mut map = serde_json::Map::new();
    for wire in fields {
        let others: Vec<&str> = names.iter().copied().filter(|n| *n != wire.name).collect();
        let found = param::decode_query(wire, &pairs, &others).map_err(|e| format!("property `{}`: {e}", wire.name))?;
        let value = match (wire.kind, found) {
            (_, None) => continue,
            (param::Kind::Json, Some(param::Tree::Scalar(text))) => serde_json::from_str(&text)
                .map_err(|e| format!("property `{}` is not JSON: {e}", wire.name))?,
            (_, Some(tree)) => param::tree_json(tree),
        };
        map.insert(wire.name.to_owned(), value);
    }
    // An exploded form object takes every key that is no other property's.
    let claimed_all = fields
        .iter()
        .any(|w| w.style == param::Style::Form && w.explode && w.kind == param::Kind::Object);
    let mut rest = Vec::new();
    for (raw_key, raw_value) in &pairs {
        let path = param::key_path(raw_key)?;
        if claimed_all || path.first().is_some_and(|head| names.contains(&head.as_str())) {
            continue;
        }
        let leaf = form_urlencoded::parse(format!("v={raw_value}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        rest.push((path, leaf));
    }
    if let Some(serde_json::Value::Object(others)) =
        nest_paths(rest.iter().map(|(path, leaf)| (path.iter().map(String::as_str).collect(), leaf.as_str())))
    {
        for (k, v) in others {
            map.entry(k).or_insert(v);
        }
    }
    from_text_tree(serde_json::Value::Object(map))
}

/// Rebuilds bracket-style pairs, their keys already split into their parts (`a[b][0]` →
/// `["a", "b", "0"]`), into JSON whose leaves are strings. Objects keyed `0`, `1`, …
/// become lists. `None` when there is no pair.
pub fn nest_paths<'a>(pairs: impl Iterator<Item = (Vec<&'a str>, &'a str)>) -> Option<serde_json::Value> {
    use serde_json::Value;
    fn insert(node: &mut Value, path: &[&str], leaf: &str) {
        match path {
            // A key repeated (`a[tags]=x&a[tags]=y`) is a list.
            [] => match node {
                Value::String(first) => {
                    let first = std::mem::take(first);
                    *node = Value::Array(vec![first.into(), leaf.into()]);
                }
                Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => items.push(leaf.into()),
                _ => *node = Value::String(leaf.to_owned()),
            },
            // `a[]` appends to a list, unless `a` has named keys: then it is the property
            // named "" (the text cannot say which; named keys before or after decide).
            ["", rest @ ..] if !node.is_object() => {
                if !node.is_array() {
                    *node = Value::Array(Vec::new());
                }
                if let Value::Array(items) = node {
                    items.push(Value::Null);
                    if let Some(last) = items.last_mut() {
                        insert(last, rest, leaf);
                    }
                }
            }
            [key, rest @ ..] => {
                match node {
                    Value::Object(_) => {}
                    // Named keys after `a[]`: what `a[]` held is the property named "" (a
                    // list where it came more than once, as a repeated key is).
                    Value::Array(items) => {
                        let mut items = std::mem::take(items);
                        let empty = if items.len() == 1 { items.remove(0) } else { Value::Array(items) };
                        *node = Value::Object(serde_json::Map::from_iter([(String::new(), empty)]));
                    }
                    _ => *node = Value::Object(serde_json::Map::new()),
                }
                if let Value::Object(map) = node {
                    insert(map.entry((*key).to_owned()).or_insert(Value::Null), rest, leaf);
                }
            }
        }
    }
    fn lists(value: Value) -> Value {
        match value {
            Value::Object(map) => {
                let indexed = !map.is_empty() && (0..map.len()).all(|i| map.contains_key(&i.to_string()));
                if indexed {
                    let mut map = map;
                    Value::Array((0..map.len()).filter_map(|i| map.remove(&i.to_string())).map(lists).collect())
                } else {
                    Value::Object(map.into_iter().map(|(k, v)| (k, lists(v))).collect())
                }
            }
            Value::Array(items) => Value::Array(items.into_iter().map(lists).collect()),
            other => other,
        }
    }
    let mut root: Option<Value> = None;
    for (path, leaf) in pairs {
        insert(root.get_or_insert(Value::Null), &path, leaf);
    }
    root.map(lists)
}

/// Rewrites every number with a zero fraction (`76.0`, `7.6e1`) as the integer it is, as
/// JSON Schema 2020-12 counts it, so it decodes into an integer type; a float type reads
/// it the same either way. Only numbers within ±2^53 are rewritten: past that a double
/// no longer holds every integer, so the value stays a float and an integer type refuses it.
pub fn integral_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() <= EXACT {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(map) => map.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// Decodes JSON whose leaves are text into `T`, reading numbers and booleans where `T` asks
/// for them. Types that look at the value before choosing (untagged unions, flattened maps)
/// see text; for them a second try reads every leaf that looks like a number or boolean as one.
pub fn from_text_tree<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    fn typed(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => match s.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => s.parse::<i64>().map(Value::from).or_else(|_| s.parse::<f64>().map(Value::from)).unwrap_or(Value::String(s)),
            },
            Value::Array(items) => Value::Array(items.into_iter().map(typed).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, typed(v))).collect()),
            other => other,
        }
    }
    /// Puts back the text of every leaf read as a number or boolean whose JSON is `text`.
    fn untype(typed: &mut serde_json::Value, original: &serde_json::Value, text: &str) -> bool {
        use serde_json::Value;
        match (typed, original) {
            (leaf @ (Value::Number(_) | Value::Bool(_)), Value::String(s))
                if serde_json::to_string(leaf).is_ok_and(|json| json == text) =>
            {
                *leaf = Value::String(s.clone());
                true
            }
            (Value::Array(items), Value::Array(originals)) => items
                .iter_mut()
                .zip(originals)
                .fold(false, |changed, (item, original)| untype(item, original, text) | changed),
            (Value::Object(map), Value::Object(originals)) => map
                .iter_mut()
                .filter_map(|(k, v)| Some((v, originals.get(k)?)))
                .fold(false, |changed, (v, original)| untype(v, original, text) | changed),
            _ => false,
        }
    }
    let first = {
        let _text = Raised::raise(&TEXT_LEAVES);
        T::deserialize(TextTree(value.clone()))
    };
    let first = match first {
        Ok(v) => return Ok(v),
        Err(e) => e.to_string(),
    };
    // Every numeric-looking leaf as a number, then the leaves an error names as text again
    // (a `String` property holding "123" beside a flattened map of numbers, which serde
    // buffers without the types).
    let mut retry = typed(value.clone());
    for _ in 0..16 {
        let error = match serde_json::from_value::<T>(retry.clone()) {
            Ok(v) => return Ok(v),
            Err(e) => e.to_string(),
        };
        let named = ["invalid type: integer `", "invalid type: floating point `", "invalid type: boolean `"]
            .iter()
            .find_map(|p| error.split_once(p).and_then(|(_, rest)| rest.split_once('`')).map(|(text, _)| text.to_owned()));
        match named {
            Some(text) if untype(&mut retry, &value, &text) => {}
            _ => break,
        }
    }
    Err(first)
}

thread_local! {
    /// Set while a server decodes a request: string enums then refuse values the spec does
    /// not list, where a client keeps them in their `Unknown` variant.
    static LISTED_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Serializes a discriminated union's variant with its tag: the property is set to `tag`
/// (first, when the variant's own fields do not hold it).
pub fn serialize_tagged<S: serde::Serializer, T: serde::Serialize + ?Sized>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize as _;
    let json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    let json = match json {
        serde_json::Value::Object(mut fields) if fields.contains_key(property) => {
            fields.insert(property.to_owned(), tag.into());
            serde_json::Value::Object(fields)
        }
        serde_json::Value::Object(fields) => {
            let mut tagged = serde_json::Map::with_capacity(fields.len() + 1);
            tagged.insert(property.to_owned(), tag.into());
            tagged.extend(fields);
            serde_json::Value::Object(tagged)
        }
        other => other,
    };
    json.serialize(serializer)
}

/// A JSON value as parameter text: a string as it is, anything else as JSON.
pub fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The first variant of an untagged union that `attempt` finds, trying with listed values
/// only before allowing catch-alls: on a client, a variant whose enums list every value wins
/// over an earlier one that would keep a value in its `Unknown`. (A server decodes with
/// listed values only throughout.)
pub fn first_fit<T>(attempt: impl Fn() -> Option<T>) -> Option<T> {
    if listed_only() {
        return attempt();
    }
    decode_listed_only(&attempt).or_else(attempt)
}

/// Whether string enums decoded on this thread now must hold a listed value.
pub fn listed_only() -> bool {
    LISTED_ONLY.with(|t| t.get())
}

/// Decodes with `decode` as a server does: string enums refuse values the spec does not list,
/// however deep in the value they are.
pub fn decode_listed_only<T>(decode: impl FnOnce() -> T) -> T {
    let _listed = Raised::raise(&LISTED_ONLY);
    decode()
}

thread_local! {
    /// Set while [`from_text_tree`] decodes: union variants may then read scalars from text.
    static TEXT_LEAVES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A thread-local flag raised until dropped, then put back as it was (panics included).
struct Raised {
    flag: &'static std::thread::LocalKey<std::cell::Cell<bool>>,
    before: bool,
}

impl Raised {
    fn raise(flag: &'static std::thread::LocalKey<std::cell::Cell<bool>>) -> Raised {
        Raised {
            flag,
            before: flag.with(|f| f.replace(true)),
        }
    }
}

impl Drop for Raised {
    fn drop(&mut self) {
        let before = self.before;
        self.flag.with(|f| f.set(before));
    }
}

/// The variant a discriminator chose, decoded from `value` (from text where a text tree is
/// being decoded).
pub fn decode_variant<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    if TEXT_LEAVES.with(|t| t.get()) {
        T::deserialize(TextTree(value)).map_err(|e| e.to_string())
    } else {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// One variant of an untagged union tried on `value`: as JSON, and while a text tree is
/// decoded, also with its numbers and booleans read from text.
pub fn variant<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    serde_json::from_value::<T>(value.clone()).ok().or_else(|| {
        TEXT_LEAVES
            .with(|t| t.get())
            .then(|| T::deserialize(TextTree(value.clone())).ok())
            .flatten()
    })
}

/// A deserializer over JSON whose leaves are text: scalars are parsed when asked for.
struct TextTree(serde_json::Value);

macro_rules! parse_scalar {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                match self.0 {
                    serde_json::Value::String(s) => match s.parse::<$ty>() {
                        Ok(v) => visitor.$visit(v),
                        Err(_) => Err(serde::de::Error::invalid_value(serde::de::Unexpected::Str(&s), &visitor)),
                    },
                    other => serde::Deserializer::$method(other, visitor),
                }
            }
        )*
    };
}

impl<'de> serde::Deserializer<'de> for TextTree {
    type Error = serde_json::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        use serde::de::value::{MapDeserializer, SeqDeserializer};
        match self.0 {
            serde_json::Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter().map(TextTree))),
            serde_json::Value::Object(map) => {
                visitor.visit_map(MapDeserializer::new(map.into_iter().map(|(k, v)| (k, TextTree(v)))))
            }
            other => serde::Deserializer::deserialize_any(other, visitor),
        }
    }

    parse_scalar! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            serde_json::Value::Null => visitor.visit_none(),
            other => visitor.visit_some(TextTree(other)),
        }
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde::Deserializer::deserialize_enum(self.0, name, variants, visitor)
    }

    /// A map whose keys are `0`, `1`, … was rebuilt as a list by [`nest`] (the text cannot
    /// tell them apart): where a map is wanted, a list is read as one keyed by index.
    fn deserialize_map<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        use serde::de::value::MapDeserializer;
        match self.0 {
            serde_json::Value::Array(items) => visitor.visit_map(MapDeserializer::new(
                items.into_iter().enumerate().map(|(i, v)| (i.to_string(), TextTree(v))),
            )),
            other => TextTree(other).deserialize_any(visitor),
        }
    }

    /// A list sent as one key holds one item (`a[tags]=x`).
    fn deserialize_seq<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        use serde::de::value::SeqDeserializer;
        match self.0 {
            serde_json::Value::String(s) => visitor.visit_seq(SeqDeserializer::new(std::iter::once(TextTree(s.into())))),
            other => TextTree(other).deserialize_any(visitor),
        }
    }

    /// A struct is a map here: a list rebuilt from keys `0`, `1`, … is read as properties
    /// with those names.
    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct identifier ignored_any
    }
}

impl<'de> serde::de::IntoDeserializer<'de, serde_json::Error> for TextTree {
    type Deserializer = TextTree;

    fn into_deserializer(self) -> TextTree {
        self
    }
}
