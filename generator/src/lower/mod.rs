//! Lowering: turns a parsed `openapiv3` document into the [`crate::model`].
//!
//! This is the only stage (with loading) that knows `openapiv3`. It resolves
//! local `$ref`s, names inline schemas from their context, and reports every
//! problem it meets as a diagnostic while carrying on with a fallback.

mod access;
mod dedupe;
mod features;
mod filter;
mod naming;
mod operation;
mod prune;
mod recursion;
mod schema;
mod shape;
mod tags;
#[cfg(test)]
mod tests;

use crate::diag::{child, Diagnostics};
use crate::model::{Api, Origin, TypeDef, TypeId, TypeKind, TypeRef};
use crate::names::Scope;
use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr};
use std::collections::{HashMap, HashSet};

/// Lowers a whole document. Errors are in `diags`; the model is complete but for them.
pub fn lower(doc: &OpenAPI, settings: &crate::config::Lowering, diags: &mut Diagnostics) -> Api {
    let empty = Components::default();
    let components = doc.components.as_ref().unwrap_or(&empty);
    let mut cx = Lowerer::new(doc, components, settings, diags);
    cx.component_schemas();
    cx.unused_overrides();
    let (security_schemes, tags) = (cx.security_schemes(), cx.declared_tags());
    cx.api.security_schemes = security_schemes;
    cx.api.tags = tags;
    cx.operations();
    let filtered = settings.filter.is_active();
    let (mut api, mut hints) = cx.finish();
    if filtered {
        prune::unreachable(&mut api, &mut hints);
    }
    access::split(&mut api, &mut hints);
    naming::assign(&mut api, &hints);
    tags::imply(&mut api);
    recursion::break_cycles(&mut api);
    dedupe::merge_copies(&mut api);
    dedupe::merge_responses(&mut api);
    features::assign(&mut api);
    api
}

pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    components: &'a Components,
    diags: &'a mut Diagnostics,
    api: Api,
    /// For each type in `api.types`, what its Rust name is made from.
    hints: Vec<naming::Hint>,
    /// Component schema name → its type.
    schema_names: HashMap<String, TypeId>,
    /// Inline string enums by their values: one type for each list of values.
    inline_enums: HashMap<Vec<String>, TypeId>,
    /// Inline schemas already lowered, by pointer (and whether strings are checked there).
    inline_types: HashMap<(String, bool), TypeRef>,
    /// Component schemas that are nullable themselves.
    nullable_schemas: HashSet<String>,
    responses: HashMap<String, Option<operation::LoweredResponse>>,
    request_bodies: HashMap<String, Option<crate::model::RequestBody>>,
    /// Types of shared (component and path-level) parameters, by pointer.
    param_types: HashMap<String, crate::model::TypeRef>,
    /// Names of the per-response body enums, which live in the `responses` module.
    body_enums: Scope,
    /// Every schema lowered, by pointer: the shapes of named types are taken from here.
    schemas_at: HashMap<String, &'a openapiv3::Schema>,
    /// Where each component's chain of `$ref`s ends (the component that is no reference),
    /// by kind and name.
    resolved: HashMap<(&'static str, String), String>,
    /// How many `$ref`s were followed one link at a time (what `resolved` keeps linear).
    hops: usize,
    /// What the configuration asks of lowering.
    settings: &'a crate::config::Lowering,
    /// User types by the pointer of the schema they replace (from `settings`).
    overrides: HashMap<String, String>,
}

/// A `$ref` followed to its target.
pub(crate) struct Resolved<'a, T> {
    pub item: &'a T,
    pub pointer: String,
    /// The last component name the chain went through.
    pub name: Option<String>,
}

impl<'a> Lowerer<'a> {
    fn new(
        doc: &'a OpenAPI,
        components: &'a Components,
        settings: &'a crate::config::Lowering,
        diags: &'a mut Diagnostics,
    ) -> Self {
        let api = Api {
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            servers: doc.servers.iter().map(server_url).collect(),
            date_crate: match settings.dates {
                crate::config::Dates::Jiff => crate::model::DateCrate::Jiff,
                _ => crate::model::DateCrate::Chrono,
            },
            ..Api::default()
        };
        let schemas = "#/components/schemas";
        let mut overrides: HashMap<String, String> = settings
            .types
            .iter()
            .map(|(schema, path)| (child(schemas, schema), path.clone()))
            .collect();
        for (key, path) in &settings.properties {
            if let Some((schema, property)) = property_key(key, &components.schemas) {
                overrides.insert(
                    child(&child(&child(schemas, schema), "properties"), property),
                    path.clone(),
                );
            }
        }
        Lowerer {
            doc,
            components,
            diags,
            api,
            hints: Vec::new(),
            schema_names: HashMap::new(),
            inline_enums: HashMap::new(),
            inline_types: HashMap::new(),
            nullable_schemas: HashSet::new(),
            responses: HashMap::new(),
            request_bodies: HashMap::new(),
            param_types: HashMap::new(),
            body_enums: Scope::new(),
            schemas_at: HashMap::new(),
            resolved: HashMap::new(),
            hops: 0,
            settings,
            overrides,
        }
    }

    fn finish(mut self) -> (Api, Vec<naming::Hint>) {
        for def in &mut self.api.types {
            let component = def.wire_name.as_ref().and_then(|w| Some((w, self.api.shapes.get(w)?)));
            let shape = match (component, self.schemas_at.get(&def.origin.pointer)) {
                // A component's type refers to its shape, unless null must be taken out.
                (Some((wire, shape)), _) if !shape.nullable => {
                    crate::model::Shape::of(crate::model::ShapeKind::Ref { name: wire.clone() })
                }
                (Some((_, shape)), _) => shape.clone(),
                (None, Some(s)) => shape::of(s),
                (None, None) => crate::model::Shape::default(),
            };
            def.shape = crate::model::Shape {
                nullable: false,
                ..shape
            };
        }
        (self.api, self.hints)
    }

    /// A new type, to be defined later with [`Lowerer::define`] and named from `hint`.
    fn reserve(&mut self, hint: &str, wire_name: Option<&str>) -> TypeId {
        let id = TypeId(self.api.types.len());
        self.api.types.push(TypeDef {
            name: String::new(),
            wire_name: wire_name.map(str::to_owned),
            origin: Origin { pointer: String::new() },
            doc: None,
            kind: TypeKind::Alias(TypeRef::json()),
            shape: crate::model::Shape::default(),
            gate: crate::model::Gate::default(),
        });
        self.hints.push(naming::Hint {
            text: hint.to_owned(),
            shared_by: 1,
        });
        id
    }

    /// The type a schema defines: a component's own, or a new one for an inline schema.
    fn type_for(&mut self, naming: &schema::Naming) -> TypeId {
        match naming {
            schema::Naming::Component { id, .. } => *id,
            schema::Naming::Inline(hint) => self.reserve(hint, None),
        }
    }

    fn define(&mut self, id: TypeId, pointer: &str, doc: Option<String>, kind: TypeKind) {
        let def = &mut self.api.types[id.0];
        def.origin = Origin {
            pointer: pointer.to_owned(),
        };
        def.doc = doc;
        def.kind = kind;
    }

    /// Follows `$ref`s into `map` (the components of one kind) until an item.
    ///
    /// Each component's chain is followed once: its end is remembered in `self.resolved`,
    /// so resolving every link of a long alias chain stays linear in its length.
    fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        kind: &'static str,
        map: &'a IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Option<Resolved<'a, T>> {
        let mut current = item;
        let mut at = pointer.to_owned();
        let mut name = None;
        // A chain that starts at a component names it first, so a cycle reads `A → B → A`.
        let prefix = format!("#/components/{kind}/");
        let mut seen: Vec<String> = pointer
            .strip_prefix(&prefix)
            .filter(|rest| !rest.contains('/'))
            .map(|rest| vec![crate::diag::unescape_token(rest)])
            .unwrap_or_default();
        let mut on_chain: HashSet<String> = seen.iter().cloned().collect();
        // The components this call follows are `seen[start..]`; their end is remembered.
        let start = seen.len();
        let end = loop {
            match current {
                ReferenceOr::Item(t) => {
                    break Some(Resolved {
                        item: t,
                        pointer: at,
                        name,
                    })
                }
                ReferenceOr::Reference { reference } => {
                    let Some(target) = component_name(reference, kind) else {
                        self.diags.error(&at, format!("unsupported reference {reference:?}: only local references to `#/components/{kind}/…` are supported here"));
                        break None;
                    };
                    if let Some((end, next)) = self
                        .resolved
                        .get(&(kind, target.clone()))
                        .and_then(|end| Some((end, map.get(end)?)))
                    {
                        at = crate::diag::child(&format!("#/components/{kind}"), end);
                        name = Some(end.clone());
                        current = next;
                        continue;
                    }
                    if !on_chain.insert(target.clone()) {
                        seen.push(target);
                        self.diags
                            .error(pointer, format!("reference cycle: {}", seen.join(" → ")));
                        break None;
                    }
                    let Some(next) = map.get(&target) else {
                        self.diags.error(&at, format!("reference {reference:?} points nowhere: there is no `{target}` in `#/components/{kind}`"));
                        break None;
                    };
                    at = crate::diag::child(&format!("#/components/{kind}"), &target);
                    self.hops += 1;
                    seen.push(target.clone());
                    name = Some(target);
                    current = next;
                }
            }
        };
        // Only chains that end are remembered: a broken one is reported from every start.
        if let Some(end_name) = end.as_ref().and_then(|r| r.name.clone()) {
            for component in seen.drain(start..) {
                self.resolved.insert((kind, component), end_name.clone());
            }
        }
        end
    }
}

/// The spec's spelling of a known `format` value (`openapiv3` parses these into enums).
pub(crate) trait FormatName {
    fn spec_name(&self) -> &'static str;
}

impl FormatName for openapiv3::IntegerFormat {
    fn spec_name(&self) -> &'static str {
        match self {
            openapiv3::IntegerFormat::Int32 => "int32",
            openapiv3::IntegerFormat::Int64 => "int64",
        }
    }
}

impl FormatName for openapiv3::NumberFormat {
    fn spec_name(&self) -> &'static str {
        match self {
            openapiv3::NumberFormat::Float => "float",
            openapiv3::NumberFormat::Double => "double",
        }
    }
}

impl FormatName for openapiv3::StringFormat {
    fn spec_name(&self) -> &'static str {
        match self {
            openapiv3::StringFormat::Date => "date",
            openapiv3::StringFormat::DateTime => "date-time",
            openapiv3::StringFormat::Password => "password",
            openapiv3::StringFormat::Byte => "byte",
            openapiv3::StringFormat::Binary => "binary",
        }
    }
}

/// A schema's `format` as the spec writes it, when it has one.
pub(crate) fn format_of<T: FormatName>(format: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<&str> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(known) => Some(known.spec_name()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// A `[properties]` key split into schema and property at the dot after which the schema is
/// a component: schema names may hold dots themselves (`io.k8s.api.core.v1.Pod.spec`).
pub(crate) fn property_key<'k, T>(key: &'k str, schemas: &IndexMap<String, T>) -> Option<(&'k str, &'k str)> {
    key.match_indices('.')
        .map(|(i, _)| (&key[..i], &key[i + 1..]))
        .rev()
        .find(|(schema, _)| schemas.contains_key(*schema))
}

/// A server URL with each `{variable}` replaced by its default.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url
}

/// The component name in a local reference such as `#/components/schemas/Pet`.
pub(crate) fn component_name(reference: &str, kind: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')?;
    if rest.contains('/') {
        return None;
    }
    Some(crate::diag::unescape_token(rest))
}

/// The discriminator values that select the variant `reference`: every mapping key that
/// names it, else the component's name.
pub(crate) fn discriminator_tags(d: &openapiv3::Discriminator, reference: &str) -> Vec<String> {
    let mapped: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, r)| *r == reference)
        .map(|(k, _)| k.clone())
        .collect();
    if mapped.is_empty() {
        component_name(reference, "schemas").into_iter().collect()
    } else {
        mapped
    }
}
