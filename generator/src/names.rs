//! Rust names for API names: the one place where identifiers are sanitised.
//!
//! Every identifier the emitters print comes from here. Keywords become raw
//! identifiers (or get a `_` suffix where Rust forbids raw ones), a leading digit
//! gets a prefix, punctuation is dropped, and a [`Scope`] gives colliding names
//! a stable numeric suffix in the order they were requested.

use crate::model::RustIdent;
use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// The generated `Client`'s own methods (written by `emit/client.rs`): operations are
/// `Client` methods too, so they may not take these names. A test keeps the list true.
pub const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "credentials", "credentials_mut"];

/// The operator traits' methods that take `self` and one value, as a builder's setter does:
/// clippy's `should_implement_trait` mistakes a setter of such a name for one.
pub const OPERATOR_METHODS: &[&str] = &[
    "add", "bitand", "bitor", "bitxor", "div", "mul", "rem", "shl", "shr", "sub",
];

/// Trait methods that method syntax on the generated `Client` would confuse with an
/// operation: `client.clone()` would call an operation named `clone` (inherent methods win),
/// while on an owned client `client.into()` finds the blanket `Into::into(self)` first.
pub const CLIENT_TRAIT_METHODS: &[&str] = &["clone", "into", "try_into"];

/// The runtime `ServerHooks` trait's methods (`runtime/src/server.rs`): every tag trait
/// extends it, so operations may not take these names. A test keeps the list true.
pub const SERVER_HOOKS_METHODS: &[&str] = &[
    "bad_request",
    "unauthorized",
    "method_not_allowed",
    "not_found",
    "payload_too_large",
    "unsupported_media_type",
    "not_acceptable",
];

/// The generated `ClientBuilder`'s own methods, which forward to the runtime's
/// (`runtime/src/client.rs`, but `credentials_mut`, which the setters use): a credential
/// setter is a `ClientBuilder` method named after its scheme, so it may not take these
/// names. A test keeps the list true.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "http_client",
    "timeout",
    "check_requests",
    "connect_timeout",
    "user_agent",
    "credentials",
    "build",
];

/// The runtime items the server module re-exports (`emit/server.rs` writes its `pub use`
/// from this list). Tag traits live in the same module, so they may not take these names;
/// everything else there is written with full paths.
pub const SERVER_REEXPORTS: &[&str] = &[
    "BadRequest",
    "InvalidField",
    "RequestContext",
    "ServerHooks",
    "Unauthorized",
];

/// Keeps only characters that may appear in an identifier, splitting words at the rest.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if i == 0 && c == '-' {
            out.push_str("minus ");
        } else if i == 0 && c == '+' {
            out.push_str("plus ");
        } else {
            out.push(' ');
        }
    }
    out
}

fn keyword_safe(name: String) -> RustIdent {
    if NOT_RAW.contains(&name.as_str()) {
        RustIdent::new(format!("{name}_"), false)
    } else {
        let raw = KEYWORDS.contains(&name.as_str());
        RustIdent::new(name, raw)
    }
}

/// `prefix` and `name` joined (`handle_` + `type` → `handle_type`), raw only if still a keyword.
pub fn prefixed(prefix: &str, name: &RustIdent) -> RustIdent {
    keyword_safe(format!("{prefix}{}", name.as_str()))
}

/// An `UpperCamelCase` name for a type, trait or variant; never empty, never a keyword.
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// A `snake_case` name for a field, function, parameter or module.
pub fn value_name(raw: &str) -> RustIdent {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    keyword_safe(name)
}

/// A Cargo package name from a spec's file name: `specs/Pet Store.yaml` → `pet-store`.
pub fn crate_name(spec: &std::path::Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name = stem.to_kebab_case();
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}").trim_end_matches('-').to_owned()
    }
}

/// The crate's own Cargo features, which no feature for a group of operations may take.
pub const CRATE_FEATURES: &[&str] = &[
    "default",
    "client",
    "server",
    "mock",
    "all-operations",
    OTHER_TYPES_FEATURE,
];

/// The feature of the types that no operation reaches.
pub const OTHER_TYPES_FEATURE: &str = "other-types";

/// A Cargo feature name for a group of operations: `Pet Store` → `pet-store`, `Café` →
/// `café` (Cargo takes Unicode letters in feature names, but not every numeric
/// character: `²` is left out).
pub fn feature_name(raw: &str) -> String {
    let name: String = raw
        .to_kebab_case()
        .chars()
        .filter(|c| c.is_alphabetic() || c.is_ascii_digit() || *c == '-')
        .collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "untagged".to_owned()
    } else {
        name.to_owned()
    }
}

/// A set of names already taken in one Rust namespace.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `names` are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `name`, or `name2`, `name3`, … if it is taken already.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let sep = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(name)
    }

    /// [`Scope::claim`] for a value identifier: a numbered one is never a keyword, so never raw.
    pub fn claim_ident(&mut self, name: RustIdent) -> RustIdent {
        let claimed = self.claim(name.as_str().to_owned());
        if claimed == name.as_str() {
            name
        } else {
            RustIdent::new(claimed, false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        let cases = [
            ("SCAOtpChannel", "ScaOtpChannel"),
            ("pet-store item", "PetStoreItem"),
            ("2fa", "V2fa"),
            ("", "Empty"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("a.b/c", "ABC"),
            ("self", "Self_"),
            ("in progress", "InProgress"),
        ];
        for (raw, want) in cases {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn values() {
        let cases = [
            ("beneficiaryBatchSCAChallenge", "beneficiary_batch_sca_challenge"),
            ("type", "r#type"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("request-ref", "request_ref"),
            ("1st", "_1st"),
            ("$", "value"),
            ("+1", "plus_1"),
            ("@timestamp", "timestamp"),
        ];
        for (raw, want) in cases {
            assert_eq!(value_name(raw).to_string(), want, "value_name({raw:?})");
        }
    }

    /// The `fn` names declared in the block that opens with `opening` in `source`.
    fn functions_in(source: &str, opening: &str) -> Vec<String> {
        let Some(start) = source.find(opening) else {
            panic!("no `{opening}` in the source")
        };
        let block = &source[start..];
        let end = block.find("\n}").unwrap_or(block.len());
        let mut names: Vec<String> = block[..end]
            .lines()
            .filter_map(|line| {
                line.trim_start()
                    .strip_prefix("pub fn ")
                    .or(line.trim_start().strip_prefix("fn "))
            })
            .filter_map(|rest| rest.split(['(', '<']).next())
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn reserved_method_names_are_the_methods_the_runtime_declares() {
        let client = include_str!("../runtime/src/client.rs");
        let server = include_str!("../runtime/src/server.rs");
        let mut builder = CLIENT_BUILDER_METHODS.to_vec();
        builder.push("credentials_mut");
        assert_eq!(
            functions_in(client, "impl<T: ApiClient> ClientBuilder<T> {"),
            sorted(&builder)
        );
        assert_eq!(
            functions_in(server, "pub trait ServerHooks"),
            sorted(SERVER_HOOKS_METHODS)
        );
    }

    #[test]
    fn crate_names() {
        use std::path::Path;
        assert_eq!(crate_name(Path::new("specs/Pet Store.yaml")), "pet-store");
        assert_eq!(crate_name(Path::new("api.github.com.json")), "api-github-com");
        assert_eq!(crate_name(Path::new("3.1-slice.yaml")), "api-3-1-slice");
        assert_eq!(crate_name(Path::new("é.yaml")), "api");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(type_name("Result")), "Result");
        assert_eq!(scope.claim(type_name("active")), "Active");
        assert_eq!(scope.claim(type_name("ACTIVE")), "Active2");
        assert_eq!(scope.claim(type_name("Active")), "Active3");
        assert_eq!(scope.claim("V1".to_owned()), "V1");
        assert_eq!(scope.claim("V1".to_owned()), "V1_2");
        let mut fields = Scope::new();
        assert_eq!(fields.claim_ident(value_name("type")).to_string(), "r#type");
        assert_eq!(fields.claim_ident(value_name("Type")).to_string(), "type2");
        assert_eq!(prefixed("handle_", &value_name("type")).to_string(), "handle_type");
        assert_eq!(prefixed("", &value_name("type")).to_string(), "r#type");
    }
}
