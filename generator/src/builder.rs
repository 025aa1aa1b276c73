//! The build-script mode: the API as one module written into `OUT_DIR`, which a crate
//! `include!`s, for users who do not check generated code in.
//!
//! ```no_run
//! // In build.rs's `main`:
//! generator::Builder::new("openapi.yaml").module_path("api").generate()?;
//! // and in src/lib.rs: `pub mod api { include!(concat!(env!("OUT_DIR"), "/api.rs")); }`
//! # Ok::<(), String>(())
//! ```
//!
//! `generator/build-example` is such a crate, tested by the workspace's `cargo test`.
//!
//! The crate generated for the spec is folded into one file: each module (`types`,
//! `responses`, `security`, `client`, `server`, `mock`) becomes an inline module, and three
//! things a crate of its own has are settled here instead:
//! - **Paths.** Generated code names its items from the crate root (`crate::types::Pet`);
//!   here under the module path the including crate gives (`crate::api::types::Pet`).
//! - **Features.** The including crate has none of the generated crate's features, so
//!   every `#[cfg(feature = …)]` is decided now: the outputs the configuration writes
//!   (`outputs`) and every group of operations are on (choose operations with `[filter]`),
//!   and what a disabled feature would keep is dropped. The runtime crate's own features
//!   (`client`, `server`, `mock`) are the including crate's to enable.
//! - **Data.** `shapes.json` is written beside the module and included from `OUT_DIR`.
//!
//! The runtime is a dependency (`openapi-rs-runtime`): a module cannot carry it.

use crate::{config::RuntimeSetting, Config, Diagnostic, File};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Generates an API from a build script: see the [module docs](self).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    config: Option<PathBuf>,
    module_path: String,
    file_stem: String,
    out_dir: Option<PathBuf>,
}

/// What [`Builder::generate`] wrote.
#[derive(Debug)]
pub struct Built {
    /// The module file to `include!`.
    pub module: PathBuf,
    /// Every file generation read (the spec's files, the configuration): a build script
    /// reruns when one changes.
    pub sources: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Builder {
    /// The API described by `spec` (its `openapi-rs-gen.toml` beside it is read, as the
    /// command line reads it).
    pub fn new(spec: impl Into<PathBuf>) -> Builder {
        Builder {
            spec: spec.into(),
            config: None,
            module_path: "api".to_owned(),
            file_stem: "api".to_owned(),
            out_dir: None,
        }
    }

    /// A configuration file other than the one beside the spec.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Builder {
        self.config = Some(path.into());
        self
    }

    /// Where the including crate puts the module, from its root: `"api"` (the default) for
    /// `mod api { include!(…) }` in `lib.rs`, `"net::api"` deeper down, `""` for the root.
    pub fn module_path(mut self, path: &str) -> Builder {
        self.module_path = path.trim_matches(':').to_owned();
        self
    }

    /// The file's name in `OUT_DIR`, without `.rs` (default `api`).
    pub fn file_stem(mut self, stem: &str) -> Builder {
        self.file_stem = stem.to_owned();
        self
    }

    /// Writes into `dir` rather than `OUT_DIR` (outside a build script, say).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates the module, as a build script: prints `cargo:rerun-if-changed` for every
    /// file read and each warning as `cargo:warning`. An error lists every problem.
    pub fn generate(self) -> Result<Built, String> {
        let built = self.write()?;
        for source in &built.sources {
            println!("cargo:rerun-if-changed={}", source.display());
        }
        for warning in &built.warnings {
            println!("cargo:warning={}", warning.to_string().replace(['\n', '\r'], " "));
        }
        Ok(built)
    }

    /// Generates the module without printing anything.
    pub fn write(self) -> Result<Built, String> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or("OUT_DIR is not set: call Builder::generate from a build script, or give Builder::out_dir")?,
        };
        let mut config = Config::new(&self.file_stem, "build.rs");
        config.configure(&self.spec, self.config.as_deref())?;
        if config.settings.runtime == Some(RuntimeSetting::Keyword("vendor".to_owned())) {
            return Err(format!(
                "{}: runtime = \"vendor\": a module written by a build script uses the openapi-rs-runtime crate",
                self.spec.display()
            ));
        }
        config.manifest.runtime = Some(RuntimeSetting::Dependency(
            [("version".to_owned(), toml::Value::String("0.1".to_owned()))]
                .into_iter()
                .collect(),
        ));
        let generated = crate::generate_file(&self.spec, &config).map_err(|f| f.to_string())?;
        let shapes_name = format!("{}.shapes.json", self.file_stem);
        // The user's own types (`[types]`, `[properties]`) are named from the including
        // crate's root already.
        let user_types: Vec<&str> = config
            .settings
            .types
            .values()
            .chain(config.settings.properties.values())
            .map(String::as_str)
            .collect();
        let module = fold(
            &generated.files,
            &generated.model,
            &self.module_path,
            &shapes_name,
            &user_types,
        )?;
        std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
        let path = out_dir.join(format!("{}.rs", self.file_stem));
        write_if_changed(&path, &module)?;
        let shapes = generated.files.iter().find(|f| f.path == Path::new("src/shapes.json"));
        if let Some(shapes) = shapes {
            write_if_changed(&out_dir.join(&shapes_name), &shapes.contents)?;
        }
        let mut sources = generated.sources.clone();
        if let Some((path, _)) = crate::config::for_spec(&self.spec, self.config.as_deref())?.1 {
            sources.push(path);
        }
        Ok(Built {
            module: path,
            sources,
            warnings: generated.warnings,
        })
    }
}

/// Leaves a file's time alone when its text is the same (so nothing downstream rebuilds).
fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The crate's files as one module under `module_path`: see the [module docs](self).
fn fold(
    files: &[File],
    api: &crate::model::Api,
    module_path: &str,
    shapes_name: &str,
    user_types: &[&str],
) -> Result<String, String> {
    let text = |path: &str| {
        files
            .iter()
            .find(|f| f.path == Path::new(path))
            .map(|f| f.contents.as_str())
    };
    let lib = text("src/lib.rs").ok_or("no lib.rs was generated")?;
    // The crate root's own docs and inner attributes have no place inside a module.
    let mut out = String::new();
    for line in lib.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//!") || trimmed.starts_with("#![") {
            continue;
        }
        match trimmed.strip_prefix("pub mod ").and_then(|rest| rest.strip_suffix(';')) {
            Some(name) => {
                let body = text(&format!("src/{name}.rs")).ok_or_else(|| format!("no {name}.rs was generated"))?;
                out.push_str(&format!("pub mod {name} {{\n{body}\n}}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    let out = out.replace(
        "include_str!(\"shapes.json\")",
        &format!("include_str!(concat!(env!(\"OUT_DIR\"), \"/{shapes_name}\"))"),
    );
    let out = rebase(&out, module_path, user_types);
    let mut file = syn::parse_file(&out).map_err(|e| format!("the folded module does not parse: {e}"))?;
    let mut enabled: BTreeSet<String> = api.features.iter().map(|f| f.name.clone()).collect();
    enabled.insert("all-operations".to_owned());
    for (on, name) in [
        (api.outputs.client, "client"),
        (api.outputs.server, "server"),
        (api.outputs.mock, "mock"),
    ] {
        if on {
            enabled.insert(name.to_owned());
        }
    }
    cfg::settle(&mut file, &enabled);
    Ok(format!(
        "// @generated by openapi-rs-gen's build-script mode. Do not edit.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

/// `crate::x` → `crate::{module_path}::x`, wherever generated code names its own items;
/// the user's own type paths (`user_types`, as the configuration writes them) stay.
fn rebase(text: &str, module_path: &str, user_types: &[&str]) -> String {
    if module_path.is_empty() {
        return text.to_owned();
    }
    // Each user path is held under a marker no generated text contains while the rest moves.
    let mut held = text.to_owned();
    let mut user: Vec<&str> = user_types.iter().copied().filter(|t| t.contains("crate::")).collect();
    user.sort_by_key(|t| std::cmp::Reverse(t.len()));
    for (i, t) in user.iter().enumerate() {
        held = held.replace(t, &format!("\u{0}user{i}\u{0}"));
    }
    let mut out = String::with_capacity(held.len());
    let mut rest = held.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        out.push_str(&rest[..at]);
        // A path's first segment: not the tail of an identifier, nor `$crate`.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            out.push_str("crate::");
        } else {
            out.push_str(&format!("crate::{module_path}::"));
        }
        rest = &rest[at + "crate::".len()..];
    }
    out.push_str(rest);
    for (i, t) in user.iter().enumerate() {
        out = out.replace(&format!("\u{0}user{i}\u{0}"), t);
    }
    out
}

/// Deciding `#[cfg(feature = …)]` and `#[cfg_attr(feature …)]` for a given set of features.
mod cfg {
    use std::collections::BTreeSet;
    use syn::visit_mut::VisitMut;

    /// Keeps what the features select, drops the rest, and removes the attributes decided.
    pub fn settle(file: &mut syn::File, enabled: &BTreeSet<String>) {
        let mut settle = Settle { enabled };
        file.items.retain_mut(|item| keep_item(&settle, item));
        settle.visit_file_mut(file);
    }

    struct Settle<'a> {
        enabled: &'a BTreeSet<String>,
    }

    impl Settle<'_> {
        /// Whether what carries `attrs` stays; decided `cfg`s are removed, decided
        /// `cfg_attr`s replaced by their attributes or removed.
        fn keep(&self, attrs: &mut Vec<syn::Attribute>) -> bool {
            let mut keep = true;
            let mut out = Vec::with_capacity(attrs.len());
            for attr in attrs.drain(..) {
                if attr.path().is_ident("cfg") {
                    match attr.parse_args::<syn::Meta>().ok().and_then(|m| self.eval(&m)) {
                        Some(on) => keep &= on,
                        None => out.push(attr),
                    }
                } else if attr.path().is_ident("cfg_attr") {
                    let parsed = attr
                        .parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated);
                    match parsed.ok().and_then(|list| {
                        let mut it = list.into_iter();
                        let predicate = it.next()?;
                        Some((self.eval(&predicate)?, it.collect::<Vec<_>>()))
                    }) {
                        Some((true, metas)) => out.extend(metas.into_iter().map(|meta| syn::parse_quote!(#[#meta]))),
                        Some((false, _)) => {}
                        None => out.push(attr),
                    }
                } else {
                    out.push(attr);
                }
            }
            *attrs = out;
            keep
        }

        /// A predicate's value, if it is made of features alone.
        fn eval(&self, meta: &syn::Meta) -> Option<bool> {
            match meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s), ..
                    }) => Some(self.enabled.contains(&s.value())),
                    _ => None,
                },
                syn::Meta::List(list) => {
                    let args = list
                        .parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                        .ok()?;
                    let values: Option<Vec<bool>> = args.iter().map(|m| self.eval(m)).collect();
                    let values = values?;
                    if list.path.is_ident("any") {
                        Some(values.iter().any(|v| *v))
                    } else if list.path.is_ident("all") {
                        Some(values.iter().all(|v| *v))
                    } else if list.path.is_ident("not") && values.len() == 1 {
                        Some(!values[0])
                    } else {
                        None
                    }
                }
                _ => None,
            }
        }
    }

    /// Whether an item stays: see [`Settle::keep`]. (`syn::Item` is non-exhaustive: an
    /// item it adds later stays.)
    fn keep_item(settle: &Settle, item: &mut syn::Item) -> bool {
        use syn::Item;
        let attrs = match item {
            Item::Const(i) => &mut i.attrs,
            Item::Enum(i) => &mut i.attrs,
            Item::ExternCrate(i) => &mut i.attrs,
            Item::Fn(i) => &mut i.attrs,
            Item::ForeignMod(i) => &mut i.attrs,
            Item::Impl(i) => &mut i.attrs,
            Item::Macro(i) => &mut i.attrs,
            Item::Mod(i) => &mut i.attrs,
            Item::Static(i) => &mut i.attrs,
            Item::Struct(i) => &mut i.attrs,
            Item::Trait(i) => &mut i.attrs,
            Item::TraitAlias(i) => &mut i.attrs,
            Item::Type(i) => &mut i.attrs,
            Item::Union(i) => &mut i.attrs,
            Item::Use(i) => &mut i.attrs,
            _ => return true,
        };
        settle.keep(attrs)
    }

    impl VisitMut for Settle<'_> {
        fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
            if let Some((_, items)) = &mut m.content {
                items.retain_mut(|item| keep_item(self, item));
            }
            self.keep(&mut m.attrs);
            syn::visit_mut::visit_item_mod_mut(self, m);
        }

        fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
            i.items.retain_mut(|item| match item {
                syn::ImplItem::Const(c) => self.keep(&mut c.attrs),
                syn::ImplItem::Fn(f) => self.keep(&mut f.attrs),
                syn::ImplItem::Type(t) => self.keep(&mut t.attrs),
                syn::ImplItem::Macro(m) => self.keep(&mut m.attrs),
                _ => true,
            });
            syn::visit_mut::visit_item_impl_mut(self, i);
        }

        fn visit_item_trait_mut(&mut self, t: &mut syn::ItemTrait) {
            t.items.retain_mut(|item| match item {
                syn::TraitItem::Const(c) => self.keep(&mut c.attrs),
                syn::TraitItem::Fn(f) => self.keep(&mut f.attrs),
                syn::TraitItem::Type(t) => self.keep(&mut t.attrs),
                syn::TraitItem::Macro(m) => self.keep(&mut m.attrs),
                _ => true,
            });
            syn::visit_mut::visit_item_trait_mut(self, t);
        }

        fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
            retain(&mut e.variants, |v| self.keep(&mut v.attrs));
            syn::visit_mut::visit_item_enum_mut(self, e);
        }

        fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
            retain(&mut fields.named, |f| self.keep(&mut f.attrs));
            syn::visit_mut::visit_fields_named_mut(self, fields);
        }

        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            block.stmts.retain_mut(|stmt| match stmt {
                syn::Stmt::Local(l) => self.keep(&mut l.attrs),
                syn::Stmt::Item(item) => keep_item(self, item),
                syn::Stmt::Macro(m) => self.keep(&mut m.attrs),
                syn::Stmt::Expr(expr, _) => expr_attrs(expr).map_or(true, |attrs| self.keep(attrs)),
            });
            syn::visit_mut::visit_block_mut(self, block);
        }

        fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
            m.arms.retain_mut(|arm| self.keep(&mut arm.attrs));
            syn::visit_mut::visit_expr_match_mut(self, m);
        }

        fn visit_expr_array_mut(&mut self, a: &mut syn::ExprArray) {
            // `allow_only(methods, &[#[cfg(feature = "a")] "GET", …])`.
            retain(&mut a.elems, |e| {
                expr_attrs_any(e).map_or(true, |attrs| self.keep(attrs))
            });
            syn::visit_mut::visit_expr_array_mut(self, a);
        }

        fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
            retain(&mut s.fields, |f| self.keep(&mut f.attrs));
            syn::visit_mut::visit_expr_struct_mut(self, s);
        }
    }

    /// `Vec::retain_mut` for a comma-separated list.
    fn retain<T, P: Default>(list: &mut syn::punctuated::Punctuated<T, P>, mut keep: impl FnMut(&mut T) -> bool) {
        *list = std::mem::take(list)
            .into_pairs()
            .map(syn::punctuated::Pair::into_value)
            .filter_map(|mut item| keep(&mut item).then_some(item))
            .collect();
    }

    /// The attributes of an array element (a literal, a path, a call…).
    fn expr_attrs_any(expr: &mut syn::Expr) -> Option<&mut Vec<syn::Attribute>> {
        match expr {
            syn::Expr::Lit(l) => Some(&mut l.attrs),
            syn::Expr::Path(p) => Some(&mut p.attrs),
            syn::Expr::Reference(r) => Some(&mut r.attrs),
            syn::Expr::Tuple(t) => Some(&mut t.attrs),
            other => expr_attrs(other),
        }
    }

    /// The attributes of the expressions generated code puts a `cfg` on.
    fn expr_attrs(expr: &mut syn::Expr) -> Option<&mut Vec<syn::Attribute>> {
        match expr {
            syn::Expr::Block(b) => Some(&mut b.attrs),
            syn::Expr::Call(c) => Some(&mut c.attrs),
            syn::Expr::MethodCall(c) => Some(&mut c.attrs),
            syn::Expr::Macro(m) => Some(&mut m.attrs),
            syn::Expr::If(i) => Some(&mut i.attrs),
            syn::Expr::Assign(a) => Some(&mut a.attrs),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn settled(code: &str, on: &[&str]) -> String {
        let mut file = syn::parse_file(code).expect("test code parses");
        let enabled: BTreeSet<String> = on.iter().map(|s| (*s).to_owned()).collect();
        super::cfg::settle(&mut file, &enabled);
        prettyplease::unparse(&file)
    }

    #[test]
    fn features_are_decided_and_what_a_disabled_one_keeps_is_dropped() {
        let code = r#"
            #[cfg(feature = "server")] pub trait Pets {}
            #[cfg(not(feature = "server"))] pub trait Pets { fn off(); }
            #[cfg(any(feature = "client", feature = "mock"))] pub mod client { #[cfg(feature = "cats")] pub fn cats() {} pub fn all() {} }
            #[cfg(test)] mod tests {}
            #[cfg_attr(not(feature = "server"), allow(dead_code))] fn used() {
                #[cfg(feature = "cats")] let routes = 1;
                #[cfg(feature = "dogs")] let routes = 2;
                match 1 { #[cfg(feature = "dogs")] 2 => {} _ => {} }
                let allowed = [#[cfg(feature = "cats")] "GET", #[cfg(feature = "dogs")] "DELETE"];
            }
        "#;
        let out = settled(code, &["server", "client", "dogs"]);
        assert_eq!(out.matches("pub trait Pets").count(), 1, "{out}");
        assert!(
            !out.contains("fn off") && !out.contains("fn cats") && out.contains("fn all"),
            "{out}"
        );
        assert!(!out.contains("feature"), "every feature cfg is decided: {out}");
        // What is not about features stays as written.
        assert!(out.contains("#[cfg(test)]"), "{out}");
        assert!(
            out.contains("let routes = 2") && !out.contains("let routes = 1"),
            "{out}"
        );
        assert!(out.contains("2 => {}"), "{out}");
        assert!(out.contains(r#"["DELETE"]"#), "array elements are decided too: {out}");
        assert!(!out.contains("dead_code"), "{out}");
    }

    #[test]
    fn paths_from_the_crate_root_go_through_the_module() {
        let text = "crate::types::Pet; $crate::x; my_crate::y; <crate::a::B>::c";
        assert_eq!(
            super::rebase(text, "net::api", &[]),
            "crate::net::api::types::Pet; $crate::x; my_crate::y; <crate::net::api::a::B>::c"
        );
        assert_eq!(super::rebase(text, "", &[]), text);
        // A configured type of the user's is named from the including crate's root already.
        assert_eq!(
            super::rebase(
                "pub type Money = crate::money::Money; crate::types::X",
                "api",
                &["crate::money::Money"]
            ),
            "pub type Money = crate::money::Money; crate::api::types::X"
        );
    }
}
