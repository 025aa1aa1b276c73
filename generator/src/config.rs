//! The configuration file, `openapi-rs-gen.toml`: what a user may choose about the generated
//! crate. Read before the pipeline runs; lowering takes [`Settings::lowering`], emitting the
//! rest. Every key is documented in the README; an unknown key is an error that names it,
//! with its line.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for beside the spec when no `--config` is given.
pub const FILE_NAME: &str = "openapi-rs-gen.toml";

/// The crates a generated crate may already depend on: `[dependencies]` may not name them
/// (Cargo refuses a key written twice).
const GENERATED_DEPENDENCIES: &[&str] = &[
    "axum",
    "base64",
    "bytes",
    "chrono",
    "form_urlencoded",
    "http",
    "jiff",
    "percent-encoding",
    "rand",
    "rand_pcg",
    "rand_regex",
    "regex",
    "regex-syntax",
    "reqwest",
    "secrecy",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "thiserror",
    "uuid",
];

/// The configuration file as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The package name of the generated crate (the command line's `--name` wins).
    pub crate_name: Option<String>,
    /// The modules to write: `types` (always), `client`, `server`, `mock` (needs `server`).
    pub outputs: Option<Vec<Output>>,
    /// Extra derives on every generated type, as paths (`schemars::JsonSchema`).
    #[serde(default)]
    pub derives: Vec<String>,
    /// Extra `[dependencies]` of the generated crate, as Cargo writes them (for the derives).
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    /// How string formats are typed.
    #[serde(default)]
    pub formats: Formats,
    /// Schemas replaced by a Rust type of the user's: component name → type path.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Properties replaced by a Rust type of the user's: `Schema.property` → type path.
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// Which operations to generate; types no kept operation reaches are left out.
    #[serde(default)]
    pub filter: Filter,
    /// Where the runtime comes from: `"vendor"` (a copy in the crate, its `runtime`
    /// module) or a dependency on the `openapi-rs-runtime` crate as Cargo writes one
    /// (`{ path = "…" }`, `{ version = "0.1" }`, `{ git = "…" }`). The default is the
    /// generator's caller's (`cargo xtask codegen` depends by path), else `vendor`.
    pub runtime: Option<RuntimeSetting>,
}

/// The `runtime` key.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum RuntimeSetting {
    /// `"vendor"`.
    Keyword(String),
    /// A dependency table, as Cargo writes one (its `features` are the generator's).
    Dependency(BTreeMap<String, toml::Value>),
}

/// Which operations are generated: those an `include-…` list names (all, when no list is
/// given) and no `exclude-…` list names. Every name and glob must match some operation.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Filter {
    /// Tags: an operation with any of them is included.
    #[serde(default)]
    pub include_tags: Vec<String>,
    #[serde(default)]
    pub exclude_tags: Vec<String>,
    /// `operationId`s.
    #[serde(default)]
    pub include_operations: Vec<String>,
    #[serde(default)]
    pub exclude_operations: Vec<String>,
    /// Globs over path templates (`/pets/**`, `/users/{id}`; `*` stays within a segment).
    #[serde(default)]
    pub include_paths: Vec<String>,
    #[serde(default)]
    pub exclude_paths: Vec<String>,
}

impl Filter {
    /// Whether any list is given.
    pub fn is_active(&self) -> bool {
        self.lists().iter().any(|(_, list)| !list.is_empty())
    }

    /// Every list, by its key.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 6] {
        [
            ("include-tags", &self.include_tags),
            ("exclude-tags", &self.exclude_tags),
            ("include-operations", &self.include_operations),
            ("exclude-operations", &self.exclude_operations),
            ("include-paths", &self.include_paths),
            ("exclude-paths", &self.exclude_paths),
        ]
    }

    /// A path glob as the filter reads it: `*` within one segment, `**` across segments;
    /// braces are the template's (`/users/{id}`), not glob alternatives.
    pub fn glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
        let escaped = pattern.replace('{', "[{]").replace('}', "[}]");
        globset::GlobBuilder::new(&escaped)
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher())
            .map_err(|e| e.kind().to_string())
    }
}

/// A module of the generated crate.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Output {
    Types,
    Client,
    Server,
    Mock,
}

/// The Rust types of string formats.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Formats {
    /// `date-time` and `date`: `chrono` (default), `jiff`, or `string`.
    pub dates: Option<Dates>,
    /// `uuid`: `uuid` (default) or `string`.
    pub uuid: Option<Uuid>,
    /// `byte`: `base64` (default: `Base64`, bytes) or `string` (the base64 text).
    pub byte: Option<Byte>,
    /// Integer formats on strings (`type: string, format: int64`): `integer` (default:
    /// `IntText<i64>`) or `string`.
    pub integers: Option<Integers>,
    /// `decimal` on strings: `string` (default) or `rust-decimal` (`rust_decimal::Decimal`).
    pub decimal: Option<Decimal>,
    /// Whether servers refuse (and clients will not send) values that break their
    /// `format` (`email`, `uri`, `date-time`, …; default `true`), or formats are annotations.
    pub assert: Option<bool>,
}

/// How integer formats on strings are typed.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Integers {
    #[default]
    Integer,
    String,
}

/// How `format: decimal` on strings is typed (opt-in: it adds a crate).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Decimal {
    #[default]
    String,
    RustDecimal,
}

/// How `format: uuid` is typed.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Uuid {
    #[default]
    Uuid,
    String,
}

/// How `format: byte` is typed.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Byte {
    #[default]
    Base64,
    String,
}

/// Which crate types dates.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Dates {
    #[default]
    Chrono,
    Jiff,
    String,
}

/// What lowering needs of the settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lowering {
    pub dates: Dates,
    pub uuid: Uuid,
    pub byte: Byte,
    pub integers: Integers,
    pub decimal: Decimal,
    pub types: BTreeMap<String, String>,
    pub properties: BTreeMap<String, String>,
    pub filter: Filter,
}

impl Settings {
    pub fn lowering(&self) -> Lowering {
        Lowering {
            dates: self.formats.dates.unwrap_or_default(),
            uuid: self.formats.uuid.unwrap_or_default(),
            byte: self.formats.byte.unwrap_or_default(),
            integers: self.formats.integers.unwrap_or_default(),
            decimal: self.formats.decimal.unwrap_or_default(),
            types: self.types.clone(),
            properties: self.properties.clone(),
            filter: self.filter.clone(),
        }
    }

    /// Whether `output` is written (everything is when `outputs` is not set).
    pub fn writes(&self, output: Output) -> bool {
        output == Output::Types || self.outputs.as_ref().map_or(true, |o| o.contains(&output))
    }

    /// Reads and checks a configuration file. The error names the file, the line and what
    /// is wrong.
    pub fn read(path: &Path) -> Result<(Settings, String), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let settings = Settings::parse(&text).map_err(|e| format!("{}:{e}", path.display()))?;
        Ok((settings, text))
    }

    /// Parses configuration text; the error starts with `line:column: `.
    pub fn parse(text: &str) -> Result<Settings, String> {
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |span| line_column(text, span.start));
            format!("{line}:{column}: {}", e.message())
        })?;
        settings.check(text)?;
        Ok(settings)
    }

    /// What TOML's types cannot say: Rust type paths that parse, outputs that make sense.
    fn check(&self, text: &str) -> Result<(), String> {
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap_or(0);
            let (line, column) = line_column(text, offset);
            format!("{line}:{column}")
        };
        match &self.runtime {
            Some(RuntimeSetting::Keyword(word)) if word != "vendor" => {
                return Err(format!(
                    "{}: runtime = {word:?}: expected \"vendor\" or a dependency table such as {{ path = \"…\" }}",
                    at("runtime")
                ))
            }
            Some(RuntimeSetting::Dependency(table))
                if !["path", "version", "git"].iter().any(|k| table.contains_key(*k))
                    || table.keys().any(|k| {
                        !["path", "version", "git", "branch", "tag", "rev", "registry"].contains(&k.as_str())
                    }) =>
            {
                return Err(format!(
                    "{}: runtime: a dependency names a `path` (relative to the generated crate), `version` or `git` \
                     (with `branch`, `tag`, `rev` or `registry`), and no `features` or other key: the generator \
                     chooses them",
                    at("runtime")
                ))
            }
            _ => {}
        }
        for derive in &self.derives {
            if syn::parse_str::<syn::Path>(derive).is_err() {
                return Err(format!("{}: {derive:?} is not a Rust path", at(derive)));
            }
        }
        for path in self.types.values().chain(self.properties.values()) {
            if syn::parse_str::<syn::Type>(path).is_err() {
                return Err(format!("{}: {path:?} is not a Rust type path", at(path)));
            }
        }
        if let Some(name) = &self.crate_name {
            let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "{}: {name:?} is not a package name (letters, digits, `-` and `_`)",
                    at(name)
                ));
            }
        }
        if let Some(name) = self
            .dependencies
            .keys()
            .find(|n| GENERATED_DEPENDENCIES.contains(&n.as_str()))
        {
            return Err(format!(
                "{}: the generated crate already depends on `{name}`; `[dependencies]` is for crates it does not use",
                at(name)
            ));
        }
        if let Some(key) = self.properties.keys().find(|k| !k.contains('.')) {
            return Err(format!(
                "{}: property {key:?} must be written `Schema.property`",
                at(key)
            ));
        }
        for pattern in self.filter.include_paths.iter().chain(&self.filter.exclude_paths) {
            if let Err(e) = Filter::glob(pattern) {
                return Err(format!("{}: {pattern:?} is not a path glob: {e}", at(pattern)));
            }
        }
        if self.writes(Output::Mock) && !self.writes(Output::Server) {
            return Err(format!(
                "{}: the `mock` output needs `server` (the mock implements the server traits)",
                at("outputs")
            ));
        }
        Ok(())
    }
}

/// The configuration for a spec: the `--config` file if given, else `openapi-rs-gen.toml`
/// beside the spec if there is one, else the defaults. Also returns the file read, for the
/// drift hash.
pub fn for_spec(spec: &Path, explicit: Option<&Path>) -> Result<(Settings, Option<(PathBuf, String)>), String> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let beside = spec.parent().unwrap_or(Path::new(".")).join(FILE_NAME);
            if !beside.is_file() {
                return Ok((Settings::default(), None));
            }
            beside
        }
    };
    let (settings, text) = Settings::read(&path)?;
    Ok((settings, Some((path, text))))
}

/// The 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_an_error_with_its_line() {
        let err = Settings::parse("crate-name = \"x\"\n\n[formats]\ndate = \"chrono\"\n").unwrap_err();
        assert!(err.starts_with("4:1: "), "{err}");
        assert!(err.contains("unknown field `date`"), "{err}");
    }

    #[test]
    fn the_runtime_is_vendored_or_a_dependency_without_features() {
        assert_eq!(
            Settings::parse("runtime = \"vendor\"\n").map(|s| s.runtime),
            Ok(Some(RuntimeSetting::Keyword("vendor".to_owned())))
        );
        let settings = Settings::parse("runtime = { path = \"../runtime\" }\n").expect("a path");
        assert!(matches!(settings.runtime, Some(RuntimeSetting::Dependency(t)) if t.contains_key("path")));
        let err = Settings::parse("runtime = \"copy\"\n").unwrap_err();
        assert!(err.starts_with("1:1: ") && err.contains("\"vendor\""), "{err}");
        let err = Settings::parse("runtime = { path = \"x\", features = [\"client\"] }\n").unwrap_err();
        assert!(err.contains("no `features`"), "{err}");
        let err = Settings::parse("runtime = { branch = \"main\" }\n").unwrap_err();
        assert!(err.contains("`version` or `git`"), "{err}");
        let err = Settings::parse("runtime = { path = \"x\", optional = true }\n").unwrap_err();
        assert!(err.contains("no `features` or other key"), "{err}");
    }

    #[test]
    fn a_bad_value_names_the_choices() {
        let err = Settings::parse("[formats]\ndates = \"time\"\n").unwrap_err();
        assert!(err.starts_with("2:9: "), "{err}");
        assert!(err.contains("chrono") && err.contains("jiff"), "{err}");
    }

    #[test]
    fn rust_paths_and_outputs_are_checked() {
        let err = Settings::parse("[types]\nPet = \"not a type!\"\n").unwrap_err();
        assert!(
            err.starts_with("2:8: ") && err.contains("not a Rust type path"),
            "{err}"
        );
        let err = Settings::parse("outputs = [\"client\", \"mock\"]\n").unwrap_err();
        assert!(err.contains("needs `server`"), "{err}");
        let err = Settings::parse("[properties]\nPet = \"u8\"\n").unwrap_err();
        assert!(err.contains("`Schema.property`"), "{err}");
        let err = Settings::parse("[dependencies]\nchrono = \"0.4\"\n").unwrap_err();
        assert!(
            err.starts_with("2:1: ") && err.contains("already depends on `chrono`"),
            "{err}"
        );
        let err = Settings::parse("crate-name = \"my api\"\n").unwrap_err();
        assert!(err.contains("not a package name"), "{err}");
        let err = Settings::parse("[formats]\nuuid = \"base64\"\n").unwrap_err();
        assert!(
            err.contains("unknown variant `base64`, expected `uuid` or `string`"),
            "{err}"
        );
    }

    #[test]
    fn every_key_reads() {
        let settings = Settings::parse(
            r#"
crate-name = "pets"
outputs = ["types", "client"]
derives = ["Hash"]

[dependencies]
schemars = { version = "0.8" }

[formats]
dates = "jiff"
uuid = "string"
byte = "base64"

[types]
Pet = "my_pets::Pet"

[properties]
"Owner.since" = "std::time::SystemTime"
"#,
        )
        .unwrap();
        assert_eq!(settings.crate_name.as_deref(), Some("pets"));
        assert!(settings.writes(Output::Client) && !settings.writes(Output::Server));
        let lowering = settings.lowering();
        assert_eq!(
            (lowering.dates, lowering.uuid, lowering.byte),
            (Dates::Jiff, Uuid::String, Byte::Base64)
        );
        assert_eq!(lowering.types["Pet"], "my_pets::Pet");
        assert_eq!(settings.dependencies.len(), 1);
    }
}
