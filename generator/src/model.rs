//! The intermediate model: what the emitters need to know about an API.
//!
//! The model is plain data. It knows nothing of `openapiv3` (the lowering
//! fills it) or of `quote` (the emitters read it). Every node keeps its wire
//! name, its Rust name and the JSON pointer it came from. Collections are
//! ordered (`Vec` in spec order, `BTreeMap` by name) so output is deterministic.

use std::collections::BTreeMap;

/// A whole API, ready to emit.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Server URLs from the spec, variables replaced by their defaults.
    pub servers: Vec<String>,
    /// Named types, in the order lowering created them: [`TypeRef::Named`] indexes here.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Tags in the order the spec lists them (declared first, then first use).
    pub tags: Vec<Tag>,
    /// The shape of every component schema, by its name in the spec (for [`ShapeKind::Ref`]).
    pub shapes: BTreeMap<String, Shape>,
    /// The crate that types [`Primitive::DateTime`] and [`Primitive::Date`].
    pub date_crate: DateCrate,
    /// Which modules beside `types`, `responses` and `security` are written.
    pub outputs: Outputs,
    /// Extra derives on every generated type, as Rust paths (from the configuration).
    pub derives: Vec<String>,
    /// Whether string formats are annotations only (`[formats] assert = false`): servers
    /// and clients then check no format.
    pub formats_annotate: bool,
    /// The crate's Cargo features for groups of operations (one per tag, or per resource
    /// path), in order: [`Operation::gate`] and [`Gate`] index here.
    pub features: Vec<Feature>,
}

/// A Cargo feature that compiles one group of operations and the types they need (or,
/// the last one, the types no operation needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name in `Cargo.toml` (kebab-case, unique, never one of the crate's own).
    pub name: String,
    /// What the group's operations share, for the manifest's comment: "tagged `pets`",
    /// "under `/customers`".
    pub what: String,
    /// False for the feature of the types no operation reaches, which holds no operation.
    pub operations: bool,
}

/// The features any one of which compiles an item (indexes into [`Api::features`], sorted).
/// Empty: every build compiles it (every feature needs it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate(pub Vec<usize>);

impl Gate {
    /// Compiled in every build.
    pub fn always(&self) -> bool {
        self.0.is_empty()
    }

    /// The gate of items that any of `gates` needs: always when one of them is.
    pub fn any<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Gate {
        let mut features = std::collections::BTreeSet::new();
        for gate in gates {
            if gate.always() {
                return Gate::default();
            }
            features.extend(gate.0.iter().copied());
        }
        Gate(features.into_iter().collect())
    }
}

/// The optional modules of a generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    pub client: bool,
    pub server: bool,
    pub mock: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            client: true,
            server: true,
            mock: true,
        }
    }
}

/// What holds a type reference, for [`Api::for_each_type_ref`].
#[derive(Debug, Clone, Copy)]
pub enum Holder<'a> {
    /// A union, as this variant.
    Variant(&'a Union, &'a UnionVariant),
    /// Anything else: a field, an alias, a parameter, a body, a header.
    Other,
}

/// The crate whose types dates are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateCrate {
    /// `chrono::DateTime<chrono::Utc>`, `chrono::NaiveDate`.
    #[default]
    Chrono,
    /// `jiff::Timestamp`, `jiff::civil::Date`.
    Jiff,
}

impl Api {
    /// How many operations the feature at `index` in [`Api::features`] holds.
    pub fn operations_of(&self, index: usize) -> usize {
        self.operations.iter().filter(|op| op.gate.0 == [index]).count()
    }

    /// The named type `id` refers to.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Named types in the order they are emitted: by Rust name.
    pub fn types_by_name(&self) -> Vec<&TypeDef> {
        let mut defs: Vec<&TypeDef> = self.types.iter().collect();
        defs.sort_by(|a, b| a.name.cmp(&b.name));
        defs
    }

    /// The Rust name of a named type.
    pub fn name_of(&self, id: TypeId) -> &str {
        &self.def(id).name
    }

    /// Calls `f` with every type reference the API holds directly: fields, extra
    /// properties, union variants (with their union), aliases and newtypes, parameters,
    /// bodies and response headers. Nested references (a list's items) are the caller's.
    pub fn for_each_type_ref<'a>(&'a self, mut f: impl FnMut(Holder<'a>, &'a TypeRef)) {
        for def in &self.types {
            match &def.kind {
                TypeKind::Union(u) => u.variants.iter().for_each(|v| f(Holder::Variant(u, v), &v.ty)),
                kind => kind.for_each_ref(&mut |ty| f(Holder::Other, ty)),
            }
        }
        for op in &self.operations {
            op.for_each_ref(&mut |ty| f(Holder::Other, ty));
        }
    }

    /// Every primitive some type, parameter, body or header of the API uses: what decides the
    /// optional dependencies of a generated crate (`chrono`, `uuid`).
    pub fn primitives_used(&self) -> std::collections::BTreeSet<Primitive> {
        fn walk(ty: &TypeRef, out: &mut std::collections::BTreeSet<Primitive>) {
            match ty {
                TypeRef::Primitive(p) => {
                    out.insert(*p);
                }
                TypeRef::Named(_) | TypeRef::External(_) => {}
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
                    walk(inner, out)
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        self.for_each_type_ref(|_, ty| walk(ty, &mut out));
        out
    }

    /// Whether values of `ty` travel as text (a path, query, header or cookie value):
    /// scalars, string enums, checked strings, and unions of those; lists of them too when
    /// `lists_ok` (joined with commas).
    pub fn is_text(&self, ty: &TypeRef, lists_ok: bool) -> bool {
        self.is_text_within(ty, lists_ok, 0)
    }

    /// [`Api::is_text`], `depth` guarding against unions that refer back to themselves.
    fn is_text_within(&self, ty: &TypeRef, lists_ok: bool, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        match ty {
            TypeRef::Primitive(p) => !matches!(p, Primitive::Json | Primitive::Bytes),
            TypeRef::Named(id) => match &self.def(*id).kind {
                TypeKind::Enum(_) | TypeKind::Constrained(_) => true,
                TypeKind::Alias(inner) => self.is_text_within(inner, lists_ok, depth + 1),
                TypeKind::Union(u) => u.variants.iter().all(|v| self.is_text_within(&v.ty, false, depth + 1)),
                _ => false,
            },
            TypeRef::List(inner) => lists_ok && self.is_text_within(inner, false, depth + 1),
            // A user's type travels as text only if it implements `ParamValue` (not assumed).
            TypeRef::Nullable(_) | TypeRef::Map(_) | TypeRef::Boxed(_) | TypeRef::External(_) => false,
        }
    }

    /// Whether `value` (a spec's `default`, say) decodes as a value of `ty`: the JSON type
    /// each Rust type reads, integers in range, enum values listed. Types it cannot judge
    /// (a user's, any JSON) count as fitting.
    pub fn value_fits(&self, ty: &TypeRef, value: &serde_json::Value) -> bool {
        self.fits_within(ty, value, 0)
    }

    fn fits_within(&self, ty: &TypeRef, value: &serde_json::Value, depth: usize) -> bool {
        use serde_json::Value;
        if depth > 16 {
            return true;
        }
        let int = |min: i128, max: i128| {
            let n = value
                .as_i64()
                .map(i128::from)
                .or_else(|| value.as_u64().map(i128::from));
            n.is_some_and(|n| (min..=max).contains(&n))
        };
        match ty {
            TypeRef::Primitive(p) => match p {
                Primitive::Json => true,
                Primitive::Bool => value.is_boolean(),
                Primitive::I8 => int(i8::MIN.into(), i8::MAX.into()),
                Primitive::I16 => int(i16::MIN.into(), i16::MAX.into()),
                Primitive::I32 => int(i32::MIN.into(), i32::MAX.into()),
                Primitive::I64 => int(i64::MIN.into(), i64::MAX.into()),
                Primitive::U8 => int(0, u8::MAX.into()),
                Primitive::U16 => int(0, u16::MAX.into()),
                Primitive::U32 => int(0, u32::MAX.into()),
                Primitive::U64 => int(0, u64::MAX.into()),
                Primitive::F32 | Primitive::F64 => value.is_number(),
                // Every other primitive travels as a string.
                _ => value.is_string(),
            },
            TypeRef::Named(id) => match &self.def(*id).kind {
                TypeKind::Enum(e) => value
                    .as_str()
                    .is_some_and(|v| e.variants.iter().any(|variant| variant.wire_value == v)),
                TypeKind::Constrained(_) => value.is_string(),
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.fits_within(inner, value, depth + 1),
                TypeKind::Struct(_) => value.is_object(),
                TypeKind::Union(u) => u.variants.iter().any(|v| self.fits_within(&v.ty, value, depth + 1)),
            },
            TypeRef::List(inner) => value
                .as_array()
                .is_some_and(|items| items.iter().all(|i| self.fits_within(inner, i, depth + 1))),
            TypeRef::Map(inner) => value
                .as_object()
                .is_some_and(|map| map.values().all(|v| self.fits_within(inner, v, depth + 1))),
            TypeRef::Nullable(inner) => value == &Value::Null || self.fits_within(inner, value, depth + 1),
            TypeRef::Boxed(inner) => self.fits_within(inner, value, depth + 1),
            TypeRef::External(_) => true,
        }
    }

    /// The properties of the struct `ty` names (through aliases), if it names one.
    pub fn struct_fields(&self, ty: &TypeRef) -> Option<&[Field]> {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                TypeRef::Named(id) => match &self.def(*id).kind {
                    TypeKind::Struct(s) => return Some(&s.fields),
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Whether `ty` is an object whose properties are all text (through aliases): what
    /// the styles other than `deepObject` can write, one level deep.
    pub fn is_flat_object(&self, ty: &TypeRef) -> bool {
        let text = |t: &TypeRef| match t {
            TypeRef::Nullable(inner) => self.is_text(inner, false),
            other => self.is_text(other, false),
        };
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                TypeRef::Map(value) => return text(value),
                TypeRef::Named(id) => match &self.def(*id).kind {
                    TypeKind::Struct(s) => {
                        return s.fields.iter().all(|f| text(&f.ty)) && s.additional.as_ref().map_or(true, text)
                    }
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }
}

/// A Rust identifier for a value (field, function, parameter): its text, and whether it is
/// printed raw (`r#type`).
///
/// Made only by [`crate::names`]. Emitters print it whole and derive other names from
/// [`RustIdent::as_str`], which never carries the `r#`, so nothing edits identifier text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustIdent {
    text: String,
    raw: bool,
}

impl RustIdent {
    /// An identifier; `raw` when `text` is a keyword that must be written `r#text`.
    pub fn new(text: String, raw: bool) -> RustIdent {
        RustIdent { text, raw }
    }

    /// The identifier without any `r#`: what derived names (`handle_…`) are built from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_raw(&self) -> bool {
        self.raw
    }
}

/// The identifier as Rust source writes it (`r#type`).
impl std::fmt::Display for RustIdent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.text)
    }
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub wire_name: String,
    /// The name of the server trait for this tag.
    pub trait_name: String,
    pub description: Option<String>,
}

/// Where a value comes from, for documentation and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The JSON pointer of the node in the spec.
    pub pointer: String,
}

/// A named type: its index in [`Api::types`], fixed once created (names come later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Primitive(Primitive),
    /// A named type in [`Api::types`].
    Named(TypeId),
    List(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// `null` or the inner type.
    Nullable(Box<TypeRef>),
    /// The inner type behind a pointer, to break a recursive cycle.
    Boxed(Box<TypeRef>),
    /// A Rust type of the user's, by path (configuration `types`/`properties`, or the
    /// schema's `x-rust-type`), checked to parse as a type.
    External(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Primitive {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Any JSON value: the fallback for what the model cannot type.
    Json,
    /// Raw bytes (binary strings, octet streams).
    Bytes,
    /// `format: date-time`: an RFC 3339 instant (`chrono::DateTime<Utc>`).
    DateTime,
    /// `format: date`: an RFC 3339 full date (`chrono::NaiveDate`).
    Date,
    /// `format: uuid` (`uuid::Uuid`).
    Uuid,
    /// `format: byte`: bytes that travel as base64 text (`runtime::Base64`).
    Base64,
    /// `type: string` with a signed integer format (`int64`, …): `runtime::IntText<i64>`.
    I64Text,
    /// `type: string` with an unsigned integer format (`uint64`, …): `runtime::IntText<u64>`.
    U64Text,
    /// `format: decimal` on a string, where configured: `rust_decimal::Decimal`.
    Decimal,
}

impl Primitive {
    /// The primitive a string schema's `format` asks for, if it is one the generator types.
    pub fn of_string_format(format: &str) -> Option<Primitive> {
        match format.to_ascii_lowercase().as_str() {
            "binary" => Some(Primitive::Bytes),
            "date-time" => Some(Primitive::DateTime),
            "date" => Some(Primitive::Date),
            "uuid" => Some(Primitive::Uuid),
            "byte" => Some(Primitive::Base64),
            "int64" | "int32" | "int16" | "int8" | "int" => Some(Primitive::I64Text),
            "uint64" | "uint32" | "uint16" | "uint8" | "uint" => Some(Primitive::U64Text),
            "decimal" => Some(Primitive::Decimal),
            _ => None,
        }
    }
}

impl TypeRef {
    /// Calls `f` with every named type this reference holds (through lists, maps, …).
    pub fn for_each_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => f(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
                inner.for_each_named(f)
            }
            TypeRef::Primitive(_) | TypeRef::External(_) => {}
        }
    }

    /// [`TypeRef::for_each_named`], to change them.
    pub fn for_each_named_mut(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            TypeRef::Named(id) => f(id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
                inner.for_each_named_mut(f)
            }
            TypeRef::Primitive(_) | TypeRef::External(_) => {}
        }
    }

    pub fn string() -> TypeRef {
        TypeRef::Primitive(Primitive::String)
    }

    pub fn json() -> TypeRef {
        TypeRef::Primitive(Primitive::Json)
    }

    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) => self,
            TypeRef::Primitive(Primitive::Json) => self,
            other => TypeRef::Nullable(Box::new(other)),
        }
    }
}

impl TypeKind {
    /// Calls `f` with every type reference this kind holds directly: fields, extra
    /// properties, union variants, alias and newtype targets.
    pub fn for_each_ref<'a>(&'a self, f: &mut impl FnMut(&'a TypeRef)) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|field| f(&field.ty));
                if let Some(a) = &s.additional {
                    f(a);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| f(&v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => f(ty),
            TypeKind::Enum(_) | TypeKind::Constrained(_) => {}
        }
    }

    /// Calls `f` with every named type this kind refers to directly (through lists, maps, …).
    pub fn for_each_named(&self, f: &mut impl FnMut(TypeId)) {
        self.for_each_ref(&mut |ty| ty.for_each_named(f));
    }

    /// [`TypeKind::for_each_ref`], to change them.
    pub fn for_each_ref_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|field| f(&mut field.ty));
                if let Some(a) = &mut s.additional {
                    f(a);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => f(ty),
            TypeKind::Enum(_) | TypeKind::Constrained(_) => {}
        }
    }
}

impl Operation {
    /// Calls `f` with every type reference of the operation: parameters, body, response
    /// bodies and headers.
    pub fn for_each_ref<'a>(&'a self, f: &mut impl FnMut(&'a TypeRef)) {
        self.params.iter().for_each(|p| f(&p.ty));
        if let Some(b) = &self.body {
            f(&b.ty);
        }
        for r in &self.responses {
            r.content.bodies().into_iter().for_each(|b| f(&b.ty));
            r.headers.iter().for_each(|h| f(&h.ty));
        }
    }

    /// [`Operation::for_each_ref`], to change them.
    pub fn for_each_ref_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        self.params.iter_mut().for_each(|p| f(&mut p.ty));
        if let Some(b) = &mut self.body {
            f(&mut b.ty);
        }
        for r in &mut self.responses {
            r.content.bodies_mut().into_iter().for_each(|b| f(&mut b.ty));
            r.headers.iter_mut().for_each(|h| f(&mut h.ty));
        }
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, given once every type is known (see `lower::naming`).
    pub name: String,
    /// The schema's name in the spec, when it has one (components).
    pub wire_name: Option<String>,
    pub origin: Origin,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// The values this type holds (never null: nullability belongs to its uses).
    pub shape: Shape,
    /// The features that compile this type: those of every operation that reaches it.
    pub gate: Gate,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum that keeps unknown values.
    Enum(Enum),
    /// A string constrained by a pattern or length, checked when built or decoded.
    Constrained(Constrained),
    /// Another name for a type.
    Alias(TypeRef),
    /// A wrapper struct around a type: an alias that refers back to itself.
    Newtype(TypeRef),
    /// One of several types (`oneOf`/`anyOf`).
    Union(Union),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The type of properties not listed, when the schema allows them.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: RustIdent,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Which way the property travels (`readOnly`, `writeOnly`).
    pub access: Access,
}

/// The directions a property travels in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    #[default]
    Both,
    /// `readOnly`: in responses only.
    ReadOnly,
    /// `writeOnly`: in requests only.
    WriteOnly,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that holds values the spec does not list.
    pub unknown_variant: String,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub wire_value: String,
    pub rust_name: String,
}

#[derive(Debug, Clone)]
pub struct Constrained {
    pub pattern: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant, when the spec gives one.
    pub discriminator: Option<String>,
    /// The variant that keeps, as JSON, a value no variant accepts (an unknown tag).
    pub unknown_variant: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId, or one derived from method and path when the spec has none.
    pub wire_id: String,
    /// The Rust function name (`snake_case`): the client method and the server trait method.
    pub fn_name: RustIdent,
    /// The server's handler function for this operation (`handle_…`).
    pub handler: RustIdent,
    /// The enum of this operation's successful responses (`…Response`).
    pub ok_enum: String,
    /// The enum of this operation's documented error responses (`…Error`).
    pub error_enum: String,
    /// The earlier operation (an index into [`Api::operations`]) whose success responses are
    /// the same as this one's: `ok_enum` is then an alias of that operation's, which is
    /// defined there once (`lower/dedupe.rs`).
    pub ok_same_as: Option<usize>,
    /// Likewise for the error responses and `error_enum`.
    pub error_same_as: Option<usize>,
    /// The client's builder for a call with optional inputs (`…Request`), in `client`, where
    /// no other generated name ends so.
    pub request_builder: String,
    /// The prefix for this operation's types (`UpperCamelCase`).
    pub type_name: String,
    pub method: Method,
    /// The path template as the spec writes it, such as `/pets/{id}`.
    pub path: String,
    /// The path template split into literal text and parameters (indexes into `params`).
    pub path_parts: Vec<PathPart>,
    /// The route a server matches, with whole-segment captures named `{p0}`, `{p1}`, … in
    /// template order; `None` when the template cannot be routed (reported as a warning).
    pub server_route: Option<String>,
    /// For each capture of `server_route`, the text before and after the parameter within its
    /// segment (`("", ".json")` for `{name}.json`); empty for whole-segment parameters.
    pub route_affixes: Vec<(String, String)>,
    pub origin: Origin,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Index into [`Api::tags`] of the tag whose server trait holds the operation.
    pub tag: usize,
    /// The feature that compiles the operation: its items are gated by it alone.
    pub gate: Gate,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives (OR) of requirements; each lists schemes needed together (AND).
    /// Empty means no authentication.
    pub security: Vec<Vec<usize>>,
    /// True when one alternative needs no credentials at all.
    pub security_optional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// An index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: RustIdent,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
    /// The spec's `default`, as JSON: what a server reads the parameter as when it is absent.
    pub default: Option<serde_json::Value>,
    pub wire: ParamWire,
    /// For a path parameter, the capture of [`Operation::server_route`] that holds it: its
    /// place among the template's `{…}`, whatever order the spec declares parameters in.
    pub capture: Option<usize>,
    pub shape: Shape,
}

/// How a parameter's value is written: the spec's `style`, `explode` and `allowReserved`,
/// and what kind of value the style writes. Lowering settles undefined combinations (with
/// a warning naming the fallback), so every `ParamWire` is one OpenAPI defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamWire {
    pub style: ParamStyle,
    pub explode: bool,
    pub allow_reserved: bool,
    pub kind: ParamKind,
}

/// A parameter's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl ParamStyle {
    /// The spec's name for the style.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        }
    }
}

/// What a parameter's value is, as styles see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// One text value (a string, number, boolean, enum, or a union of such).
    Scalar,
    /// A list of text values.
    List,
    /// An object (under `deepObject`, any structured value: nested objects and lists).
    Object,
    /// Any value, written as its JSON text (a `content: application/json` parameter): one
    /// text value to the style.
    Json,
}

/// How a body travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyFormat {
    Json,
    Form,
    Text,
    Binary,
}

/// Media types: how the spec writes them and what travels.
pub mod media {
    use super::BodyFormat;

    /// A media type without parameters, lower-cased: `Text/Plain; charset=x` → `text/plain`.
    pub fn essence(media_type: &str) -> String {
        media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
    }

    /// The `Content-Type` a body is sent with: its media type, or for a range such as `*/*`
    /// or `image/*` (which no message may carry) a concrete type: `text/plain` for `text/*`,
    /// `application/octet-stream` (bytes of unstated type) for any other range.
    pub fn sent_as(media_type: &str) -> String {
        match essence(media_type).split_once('/') {
            Some(("text", "*")) => "text/plain".to_owned(),
            Some((_, "*")) => "application/octet-stream".to_owned(),
            _ => media_type.to_owned(),
        }
    }

    /// How a body of this media type is encoded.
    pub fn body_format(media_type: &str) -> BodyFormat {
        let essence = essence(media_type);
        if essence == "application/json" || essence.ends_with("+json") {
            BodyFormat::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyFormat::Form
        } else if essence.starts_with("text/") {
            BodyFormat::Text
        } else {
            BodyFormat::Binary
        }
    }
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    /// The media type the client sends.
    pub media_type: String,
    /// The media types (essences, ranges kept) a server reads: those the spec declares that
    /// travel as `format` does. A request in another is answered 415.
    pub accepted: Vec<String>,
    pub format: BodyFormat,
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub shape: Shape,
    /// For a form body: how each listed property travels, as a query parameter of its name
    /// would (the media type's `encoding`, or its defaults). Properties not listed (a map's
    /// keys) travel in bracket style (`a[b]=x`, `list[0]=y`).
    pub form_fields: Vec<FormField>,
}

/// One property of a form body, and how it is written.
#[derive(Debug, Clone)]
pub struct FormField {
    pub wire_name: String,
    pub wire: ParamWire,
}

/// Which statuses a response answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `1XX` … `5XX`, holding the first digit.
    Range(u8),
    Default,
}

/// The key the spec writes in `responses`: `200`, `2XX` or `default`.
impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(digit) => write!(f, "{digit}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusMatch,
    /// The variant name in the response or error enum.
    pub variant: String,
    /// True for statuses that belong in the error enum.
    pub is_error: bool,
    pub doc: Option<String>,
    pub origin: Origin,
    pub content: ResponseContent,
    pub headers: Vec<Header>,
    /// For a response to HEAD whose body the spec documents: that body's media type, which
    /// a server sends as `Content-Type` without the body (as GET would send it).
    pub head_media: Option<String>,
}

/// What a response carries.
#[derive(Debug, Clone)]
pub enum ResponseContent {
    /// No body.
    Empty,
    /// One body: the preferred media type (JSON first) when several carry the same type.
    One(Box<ResponseBody>),
    /// Bodies that differ by media type: the response's variant holds an enum of them.
    ByMediaType(BodyChoices),
}

impl ResponseContent {
    /// Every body the response may carry.
    pub fn bodies(&self) -> Vec<&ResponseBody> {
        match self {
            ResponseContent::Empty => Vec::new(),
            ResponseContent::One(b) => vec![b.as_ref()],
            ResponseContent::ByMediaType(c) => c.variants.iter().map(|(_, b)| b).collect(),
        }
    }

    pub fn bodies_mut(&mut self) -> Vec<&mut ResponseBody> {
        match self {
            ResponseContent::Empty => Vec::new(),
            ResponseContent::One(b) => vec![b.as_mut()],
            ResponseContent::ByMediaType(c) => c.variants.iter_mut().map(|(_, b)| b).collect(),
        }
    }
}

/// Bodies of one response that differ by media type.
#[derive(Debug, Clone)]
pub struct BodyChoices {
    /// The enum in the `responses` module holding one of the bodies.
    pub enum_name: String,
    /// Variant name and body, in spec order.
    pub variants: Vec<(String, ResponseBody)>,
    /// Index into `variants` of the preferred body (JSON first): the one a client expects
    /// when the `Content-Type` names none of them.
    pub preferred: usize,
}

#[derive(Debug, Clone)]
pub struct ResponseBody {
    pub media_type: String,
    pub format: BodyFormat,
    pub ty: TypeRef,
    pub shape: Shape,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub wire_name: String,
    pub rust_name: RustIdent,
    pub required: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub shape: Shape,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub wire_name: String,
    /// The field and setter name for the credential (`snake_case`).
    pub rust_name: RustIdent,
    /// The `Credentials` builder method that sets it (`with_…`).
    pub with_setter: RustIdent,
    pub doc: Option<String>,
    pub kind: SecurityKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// A key sent in a header, query parameter or cookie of the given name.
    ApiKey { location: ParamLocation, name: String },
}

/// The values a schema admits: what a server checks its inputs against (constraints
/// included), and what the `mock` feature synthesizes examples from.
///
/// A plain description of JSON Schema, independent of the Rust types: the generated crate
/// embeds shapes as JSON (`src/shapes.json`); its runtime checks request values against
/// them, and builds JSON values that fit them, then decodes those into the Rust types. References stay references (by
/// component name), so shapes are as small as the spec and recursion stays finite.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Shape {
    #[serde(flatten)]
    pub kind: ShapeKind,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// The spec's example, used when it fits the shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// The spec's `default`: what a server reads an absent property or parameter as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ShapeKind {
    /// Any JSON value.
    #[default]
    Any,
    Bool,
    Integer(NumberShape),
    Number(NumberShape),
    String(StringShape),
    /// One of these values.
    Enum {
        values: Vec<serde_json::Value>,
    },
    Array(ArrayShape),
    Object(ObjectShape),
    /// `oneOf` or `anyOf`.
    OneOf(UnionShape),
    AllOf {
        members: Vec<Shape>,
    },
    /// A component schema, by its name in the spec.
    Ref {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct NumberShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct StringShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct ArrayShape {
    pub items: Box<Shape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct ObjectShape {
    pub properties: Vec<PropertyShape>,
    /// The shape of properties not listed, when the schema gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<Box<Shape>>,
    /// `additionalProperties: false`: properties not listed are refused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct PropertyShape {
    pub name: String,
    pub shape: Shape,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// `readOnly`: a request need not carry it, required or not.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct UnionShape {
    pub variants: Vec<Shape>,
    /// The property that names the variant, and for each variant the value that selects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    /// Each variant's discriminator values: every mapping key that names it, else its
    /// component name; none for an inline variant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Vec<String>>,
}

impl Shape {
    pub fn of(kind: ShapeKind) -> Shape {
        Shape {
            kind,
            ..Shape::default()
        }
    }

    pub fn string() -> Shape {
        Shape::of(ShapeKind::String(StringShape::default()))
    }
}
