//! Schemas → named types and type references.

use super::{component_name, format_of, Lowerer};
use crate::diag::child;
use crate::model::*;
use crate::names::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

/// How a schema being lowered is named, should it need a named type.
#[derive(Clone)]
pub(crate) enum Naming {
    /// A component schema: its type already exists (named after `hint`, its key).
    Component { id: TypeId, hint: String },
    /// An inline schema: a name is claimed from this hint only if one is needed.
    Inline(String),
}

impl Naming {
    fn hint(&self) -> &str {
        match self {
            Naming::Component { hint, .. } => hint,
            Naming::Inline(hint) => hint,
        }
    }

    fn child(&self, suffix: &str) -> Naming {
        Naming::Inline(format!("{}{}", self.hint(), names::type_name(suffix)))
    }
}

/// Properties gathered from an object schema or an `allOf`.
#[derive(Default)]
struct Object<'a> {
    props: IndexMap<String, (&'a ReferenceOr<Box<Schema>>, String)>,
    required: BTreeSet<String>,
    additional: Option<(&'a AdditionalProperties, String)>,
    /// Members of an `allOf` that are not objects.
    others: Vec<(&'a ReferenceOr<Schema>, String)>,
}

impl<'a> Lowerer<'a> {
    /// Claims Rust names for every component schema, then lowers each.
    pub(super) fn component_schemas(&mut self) {
        let schemas = &self.components.schemas;
        for (wire, schema) in schemas {
            let id = self.reserve(wire, Some(wire));
            self.schema_names.insert(wire.clone(), id);
            if let ReferenceOr::Item(s) = schema {
                if s.schema_data.nullable {
                    self.nullable_schemas.insert(wire.clone());
                }
            }
        }
        for (wire, schema) in schemas {
            let pointer = child("#/components/schemas", wire);
            let Some(&id) = self.schema_names.get(wire) else {
                continue;
            };
            if let Some(path) = self.overrides.get(&pointer) {
                // The user's type stands for the schema; examples still follow the schema.
                self.api.shapes.insert(wire.clone(), super::shape::of_ref(schema));
                let ty = TypeRef::External(path.clone());
                self.define(id, &pointer, None, TypeKind::Alias(ty));
                continue;
            }
            match schema {
                ReferenceOr::Item(s) => {
                    self.api.shapes.insert(wire.clone(), super::shape::of(s));
                    let naming = Naming::Component {
                        id,
                        hint: names::type_name(wire),
                    };
                    self.schema(s, &pointer, naming, true);
                }
                ReferenceOr::Reference { .. } => {
                    // A component that is only a reference is an alias; a chain that
                    // comes back to itself cannot be represented.
                    self.api.shapes.insert(wire.clone(), super::shape::of_ref(schema));
                    if self.resolve(schema, "schemas", schemas, &pointer).is_some() {
                        let target = self.schema_ref(schema, &pointer, Naming::Inline(names::type_name(wire)));
                        self.define(id, &pointer, None, TypeKind::Alias(target));
                    } else {
                        self.define(id, &pointer, None, TypeKind::Alias(TypeRef::json()));
                    }
                }
            }
        }
    }

    /// The primitive a string `format` is typed as, as the configuration chooses.
    fn string_format(&self, format: &str) -> Option<Primitive> {
        use crate::config::{Byte, Dates, Decimal, Integers, Uuid};
        let settings = self.settings;
        Primitive::of_string_format(format).filter(|p| match p {
            Primitive::DateTime | Primitive::Date => settings.dates != Dates::String,
            Primitive::Uuid => settings.uuid != Uuid::String,
            Primitive::Base64 => settings.byte != Byte::String,
            Primitive::I64Text | Primitive::U64Text => settings.integers != Integers::String,
            Primitive::Decimal => settings.decimal == Decimal::RustDecimal,
            _ => true,
        })
    }

    /// The schema's `x-rust-type`, when it is a Rust type path.
    fn rust_type_extension(&mut self, s: &Schema, pointer: &str) -> Option<String> {
        let value = s.schema_data.extensions.get("x-rust-type")?;
        match value.as_str() {
            Some(path) if syn::parse_str::<syn::Type>(path).is_ok() => Some(path.to_owned()),
            _ => {
                self.diags.warning(
                    &child(pointer, "x-rust-type"),
                    format!("`x-rust-type` must be a Rust type path such as `my_crate::Money`, not {value}; the schema is generated"),
                );
                None
            }
        }
    }

    /// Configuration overrides that name no schema or property of the spec are errors.
    pub(super) fn unused_overrides(&mut self) {
        let schemas = &self.components.schemas;
        for name in self.settings.types.keys() {
            if !schemas.contains_key(name) {
                self.diags.error(
                    "#/components/schemas",
                    format!("the configuration's `[types]` names {name:?}, which is no schema here"),
                );
            }
        }
        for key in self.settings.properties.keys() {
            let found = match super::property_key(key, schemas).and_then(|(schema, p)| Some((schemas.get(schema)?, p)))
            {
                Some((ReferenceOr::Item(s), property)) => match &s.schema_kind {
                    SchemaKind::Type(Type::Object(o)) => o.properties.contains_key(property),
                    SchemaKind::Any(a) => a.properties.contains_key(property),
                    _ => false,
                },
                _ => false,
            };
            if !found {
                self.diags.error(
                    "#/components/schemas",
                    format!("the configuration's `[properties]` names {key:?}, which is no property declared in that schema"),
                );
            }
        }
    }

    /// A schema or a reference to one.
    pub(crate) fn schema_ref(&mut self, s: &'a ReferenceOr<Schema>, pointer: &str, naming: Naming) -> TypeRef {
        if let Some(path) = self.overrides.get(pointer) {
            return TypeRef::External(path.clone());
        }
        match s {
            ReferenceOr::Item(schema) => self.inline_schema(schema, pointer, naming, false),
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
        }
    }

    /// An inline schema, lowered once however often its place is reached (a header or
    /// body component used by many operations): the first use names its types.
    fn inline_schema(&mut self, schema: &'a Schema, pointer: &str, naming: Naming, constrain: bool) -> TypeRef {
        let key = (pointer.to_owned(), constrain);
        if let Some(ty) = self.inline_types.get(&key) {
            return ty.clone();
        }
        let ty = self.schema(schema, pointer, naming, constrain);
        self.inline_types.insert(key, ty.clone());
        ty
    }

    /// A parameter's schema: a patterned string becomes a checked type, as components do.
    pub(crate) fn param_schema(&mut self, s: &'a ReferenceOr<Schema>, pointer: &str, naming: Naming) -> TypeRef {
        match s {
            ReferenceOr::Item(schema) => self.inline_schema(schema, pointer, naming, true),
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
        }
    }

    fn boxed_ref(&mut self, s: &'a ReferenceOr<Box<Schema>>, pointer: &str, naming: Naming) -> TypeRef {
        if let Some(path) = self.overrides.get(pointer) {
            return TypeRef::External(path.clone());
        }
        match s {
            ReferenceOr::Item(schema) => self.schema(schema, pointer, naming, false),
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let target = component_name(reference, "schemas");
        match target.as_ref().and_then(|t| self.schema_names.get(t).map(|n| (t, n))) {
            Some((wire, id)) => {
                let ty = TypeRef::Named(*id);
                if self.nullable_schemas.contains(wire) {
                    ty.nullable()
                } else {
                    ty
                }
            }
            None if target.is_none() => {
                self.diags.warning(pointer, format!("unsupported reference {reference:?}: only `#/components/schemas/…` is followed; typed as any JSON value"));
                TypeRef::json()
            }
            None => {
                self.diags.error(
                    pointer,
                    format!("reference {reference:?} points nowhere: no such schema in `#/components/schemas`"),
                );
                TypeRef::json()
            }
        }
    }

    /// Lowers one schema. `constrain` asks for a checked type for patterned strings.
    pub(crate) fn schema(&mut self, s: &'a Schema, pointer: &str, naming: Naming, constrain: bool) -> TypeRef {
        self.schemas_at.entry(pointer.to_owned()).or_insert(s);
        if let Some(path) = self.rust_type_extension(s, pointer) {
            let ty = TypeRef::External(path);
            // A component keeps its name, as an alias of the user's type.
            if let Naming::Component { id, .. } = naming {
                self.define(id, pointer, None, TypeKind::Alias(ty));
                return TypeRef::Named(id);
            }
            return ty;
        }
        let doc = s
            .schema_data
            .description
            .clone()
            .or_else(|| s.schema_data.title.clone());
        let ty = match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                let values: Vec<&str> = st.enumeration.iter().flatten().map(String::as_str).collect();
                if !values.is_empty() {
                    let null = st.enumeration.iter().any(Option::is_none);
                    let ty = self.string_enum(&values, pointer, &naming, doc.clone());
                    return if null || s.schema_data.nullable {
                        ty.nullable()
                    } else {
                        ty
                    };
                }
                // A format the generator types wins over a pattern: the type checks the text.
                let ty = if let Some(typed) = format_of(&st.format).and_then(|f| self.string_format(f)) {
                    TypeRef::Primitive(typed)
                } else {
                    match (&st.pattern, constrain) {
                        (Some(p), true) => {
                            self.constrained(p, st.min_length, st.max_length, pointer, &naming, doc.clone())
                        }
                        _ => TypeRef::string(),
                    }
                };
                // `enum: [null]` (a 3.1 `type: 'null'` after normalising) admits null only.
                if st.enumeration.iter().any(Option::is_none) {
                    if !s.schema_data.nullable {
                        self.diags.warning(
                            pointer,
                            "`enum` lists null but the schema is not `nullable`; taken as nullable",
                        );
                    }
                    ty.nullable()
                } else {
                    ty
                }
            }
            SchemaKind::Type(Type::Number(n)) => TypeRef::Primitive(number_format(format_of(&n.format))),
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Primitive(integer_format(format_of(&i.format))),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), pointer, &naming),
            SchemaKind::Type(Type::Object(o)) => {
                let mut obj = Object::default();
                obj.add_props(&o.properties, &o.required, o.additional_properties.as_ref(), pointer);
                return self.object(obj, s, pointer, naming, doc);
            }
            SchemaKind::AllOf { all_of } => return self.all_of(all_of, &Object::default(), s, pointer, naming, doc),
            SchemaKind::OneOf { one_of } => {
                let d = s.schema_data.discriminator.as_ref();
                self.union(one_of, d, &child(pointer, "oneOf"), &naming, doc.clone())
            }
            SchemaKind::AnyOf { any_of } => {
                let d = s.schema_data.discriminator.as_ref();
                self.union(any_of, d, &child(pointer, "anyOf"), &naming, doc.clone())
            }
            SchemaKind::Not { .. } => {
                self.diags
                    .warning(pointer, "`not` schemas are not supported; typed as any JSON value");
                TypeRef::json()
            }
            SchemaKind::Any(any) => return self.any(any, s, pointer, naming, doc, constrain),
        };
        self.finish_simple(ty, s, pointer, naming, doc)
    }

    /// Wraps a type that needed no definition of its own: components become aliases.
    fn finish_simple(
        &mut self,
        ty: TypeRef,
        s: &Schema,
        pointer: &str,
        naming: Naming,
        doc: Option<String>,
    ) -> TypeRef {
        let ty = match naming {
            Naming::Component { id, .. } if ty != TypeRef::Named(id) => {
                self.define(id, pointer, doc, TypeKind::Alias(ty));
                TypeRef::Named(id)
            }
            _ => ty,
        };
        if s.schema_data.nullable {
            ty.nullable()
        } else {
            ty
        }
    }

    fn any(
        &mut self,
        any: &'a openapiv3::AnySchema,
        s: &'a Schema,
        pointer: &str,
        naming: Naming,
        doc: Option<String>,
        constrain: bool,
    ) -> TypeRef {
        let mut own = Object::default();
        own.add_props(
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
            pointer,
        );
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, &own, s, pointer, naming, doc);
        }
        let typ = any.typ.as_deref();
        let is_object = typ == Some("object") || !any.properties.is_empty();
        for (key, members) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
            let only_constrains = is_object && members.iter().all(is_constraint_only);
            if !members.is_empty() && !only_constrains {
                if !any.properties.is_empty() {
                    self.diags.warning(
                        pointer,
                        format!("properties beside `{key}` are ignored; the union is generated"),
                    );
                }
                let d = s.schema_data.discriminator.as_ref();
                let ty = self.union(members, d, &child(pointer, key), &naming, doc.clone());
                return self.finish_simple(ty, s, pointer, naming, doc);
            }
        }
        if is_object {
            return self.object(own, s, pointer, naming, doc);
        }
        let strings: Vec<&str> = any.enumeration.iter().filter_map(|v| v.as_str()).collect();
        let ty = match typ {
            _ if !strings.is_empty() && strings.len() == any.enumeration.iter().filter(|v| !v.is_null()).count() => {
                let ty = self.string_enum(&strings, pointer, &naming, doc.clone());
                return if s.schema_data.nullable || any.enumeration.iter().any(|v| v.is_null()) {
                    ty.nullable()
                } else {
                    ty
                };
            }
            Some("string") => match (
                any.format.as_deref().and_then(|f| self.string_format(f)),
                &any.pattern,
                constrain,
            ) {
                (Some(typed), _, _) => TypeRef::Primitive(typed),
                (None, Some(p), true) => {
                    self.constrained(p, any.min_length, any.max_length, pointer, &naming, doc.clone())
                }
                _ => TypeRef::string(),
            },
            Some("integer") => TypeRef::Primitive(integer_format(any.format.as_deref())),
            Some("number") => TypeRef::Primitive(number_format(any.format.as_deref())),
            Some("boolean") => TypeRef::Primitive(Primitive::Bool),
            Some("array") => self.array(any.items.as_ref(), pointer, &naming),
            None if any.items.is_some() => self.array(any.items.as_ref(), pointer, &naming),
            None => TypeRef::json(),
            Some(other) => {
                self.diags
                    .warning(pointer, format!("unknown type {other:?}; typed as any JSON value"));
                TypeRef::json()
            }
        };
        self.finish_simple(ty, s, pointer, naming, doc)
    }

    fn array(&mut self, items: Option<&'a ReferenceOr<Box<Schema>>>, pointer: &str, naming: &Naming) -> TypeRef {
        let item = match items {
            Some(items) => self.boxed_ref(items, &child(pointer, "items"), naming.child("Item")),
            None => TypeRef::json(),
        };
        TypeRef::List(Box::new(item))
    }

    fn object(
        &mut self,
        obj: Object<'a>,
        s: &'a Schema,
        pointer: &str,
        naming: Naming,
        doc: Option<String>,
    ) -> TypeRef {
        let additional = match &obj.additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some(self.schema_ref(schema, at, naming.child("Value")))
            }
            _ => None,
        };
        if obj.props.is_empty() {
            // A map, or a free-form object.
            let ty = TypeRef::Map(Box::new(additional.unwrap_or_else(TypeRef::json)));
            return self.finish_simple(ty, s, pointer, naming, doc);
        }
        let id = self.type_for(&naming);
        // Reserve the name before the fields so a recursive inline reference sees it.
        let mut scope = Scope::new();
        let mut fields = Vec::with_capacity(obj.props.len());
        if additional.is_some() {
            scope.claim("additional_properties".to_owned());
        }
        for (wire_name, (schema, at)) in &obj.props {
            let hint = naming.child(wire_name);
            let ty = self.boxed_ref(schema, at, hint);
            let (doc, deprecated, access) = match schema {
                ReferenceOr::Item(s) => (
                    s.schema_data.description.clone(),
                    s.schema_data.deprecated,
                    match (s.schema_data.read_only, s.schema_data.write_only) {
                        (true, false) => Access::ReadOnly,
                        (false, true) => Access::WriteOnly,
                        _ => Access::Both,
                    },
                ),
                ReferenceOr::Reference { .. } => (None, false, Access::Both),
            };
            // A required `readOnly` field is absent from requests, a `writeOnly` one from
            // responses: `access::split` gives such types a request form of their own, so
            // each form keeps its fields' requiredness.
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: scope.claim_ident(names::value_name(wire_name)),
                ty,
                required: obj.required.contains(wire_name),
                doc,
                deprecated,
                access,
            });
        }
        self.define(id, pointer, doc, TypeKind::Struct(Struct { fields, additional }));
        let ty = TypeRef::Named(id);
        if s.schema_data.nullable {
            ty.nullable()
        } else {
            ty
        }
    }

    fn all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: &Object<'a>,
        s: &'a Schema,
        pointer: &str,
        naming: Naming,
        doc: Option<String>,
    ) -> TypeRef {
        if members.len() == 1 && own.props.is_empty() {
            // `allOf: [$ref]` is how 3.0 specs attach a description or nullability to a reference.
            let ty = self.schema_ref(&members[0], &child(pointer, "allOf/0"), naming.clone());
            return self.finish_simple(ty, s, pointer, naming, doc);
        }
        let mut obj = Object::default();
        for (i, m) in members.iter().enumerate() {
            self.collect_all_of(m, format!("{pointer}/allOf/{i}"), &mut obj, 0);
        }
        obj.props.extend(own.props.iter().map(|(k, v)| (k.clone(), v.clone())));
        obj.required.extend(own.required.iter().cloned());
        if own.additional.is_some() {
            obj.additional = own.additional.clone();
        }
        if obj.props.is_empty() && obj.others.len() == 1 {
            let (only, at) = obj.others[0].clone();
            let ty = self.schema_ref(only, &at, naming.clone());
            return self.finish_simple(ty, s, pointer, naming, doc);
        }
        for (_, at) in &obj.others {
            self.diags.warning(
                at,
                "an `allOf` member that is not an object is not merged; its constraints are not enforced",
            );
        }
        self.object(obj, s, pointer, naming, doc)
    }

    fn collect_all_of(&mut self, member: &'a ReferenceOr<Schema>, pointer: String, obj: &mut Object<'a>, depth: usize) {
        if depth > 32 {
            self.diags.error(
                &pointer,
                "`allOf` nesting too deep: is there a reference cycle through `allOf`?",
            );
            return;
        }
        let Some(resolved) = self.resolve(member, "schemas", &self.components.schemas, &pointer) else {
            return;
        };
        let at = resolved.pointer.clone();
        match &resolved.item.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                obj.add_props(&o.properties, &o.required, o.additional_properties.as_ref(), &at)
            }
            SchemaKind::AllOf { all_of } => {
                for (i, m) in all_of.iter().enumerate() {
                    self.collect_all_of(m, format!("{at}/allOf/{i}"), obj, depth + 1);
                }
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty() || !any.all_of.is_empty() || any.typ.as_deref() == Some("object") =>
            {
                obj.add_props(&any.properties, &any.required, any.additional_properties.as_ref(), &at);
                for (i, m) in any.all_of.iter().enumerate() {
                    self.collect_all_of(m, format!("{at}/allOf/{i}"), obj, depth + 1);
                }
            }
            SchemaKind::Any(any) if is_constraint_only_any(any) => {
                obj.required.extend(any.required.iter().cloned());
            }
            _ => obj.others.push((member, pointer)),
        }
    }

    fn union(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        pointer: &str,
        naming: &Naming,
        doc: Option<String>,
    ) -> TypeRef {
        let members: Vec<(usize, &'a ReferenceOr<Schema>)> = members.iter().enumerate().collect();
        if members.len() == 1 {
            let (i, only) = members[0];
            return self.schema_ref(only, &format!("{pointer}/{i}"), naming.clone());
        }
        if members.is_empty() {
            return TypeRef::json();
        }
        let id = self.type_for(naming);
        let mut variants = Vec::new();
        let mut all_refs = true;
        for &(i, m) in &members {
            let ty = self.schema_ref(m, &format!("{pointer}/{i}"), naming.child(&format!("Variant{i}")));
            let mut tags = Vec::new();
            match m {
                ReferenceOr::Reference { reference } => {
                    if let Some(d) = discriminator {
                        tags = super::discriminator_tags(d, reference);
                    }
                }
                ReferenceOr::Item(_) => all_refs = false,
            }
            // Named with the union's other names, once every type has its own.
            variants.push(UnionVariant {
                rust_name: String::new(),
                ty,
                tags,
            });
        }
        let mut discriminator = discriminator.filter(|_| all_refs).map(|d| d.property_name.clone());
        if discriminator.is_none() {
            variants.iter_mut().for_each(|v| v.tags.clear());
            // Objects told apart by a property that holds one fixed value each (what serde's
            // internally tagged enums publish) are a discriminated union in all but name.
            if let Some((property, tags)) = self.implicit_tag(&members) {
                for (v, tag) in variants.iter_mut().zip(tags) {
                    v.tags = vec![tag];
                }
                discriminator = Some(property);
            }
        }
        // A tag selects one variant: the first that claims it.
        let mut claimed = BTreeSet::new();
        for v in &mut variants {
            v.tags.retain(|t| claimed.insert(t.clone()));
        }
        let def_pointer = pointer.rsplit_once('/').map_or(pointer, |(p, _)| p).to_owned();
        self.define(
            id,
            &def_pointer,
            doc,
            TypeKind::Union(Union {
                variants,
                discriminator,
                // Named with the variants, once types have names.
                unknown_variant: String::new(),
            }),
        );
        TypeRef::Named(id)
    }

    /// The property every member requires with a single string value of its own, and those
    /// values in member order, when there is one.
    fn implicit_tag(&self, members: &[(usize, &'a ReferenceOr<Schema>)]) -> Option<(String, Vec<String>)> {
        let mut objects = Vec::new();
        for (_, m) in members {
            // Looked up quietly: lowering the member reported any broken reference already.
            let item = match m {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    match self.components.schemas.get(&component_name(reference, "schemas")?)? {
                        ReferenceOr::Item(s) => s,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            let (props, required) = match &item.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
                SchemaKind::Any(a) if !a.properties.is_empty() => (&a.properties, &a.required),
                _ => return None,
            };
            objects.push((props, required));
        }
        // A one-way (`readOnly`/`writeOnly`) property is optional in the Rust type: no tag.
        let single = |s: &ReferenceOr<Box<Schema>>| match s {
            ReferenceOr::Item(s) if s.schema_data.read_only || s.schema_data.write_only => None,
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => st.enumeration[0].clone(),
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        };
        let (first_props, first_required) = objects.first()?;
        'candidates: for name in first_required.iter() {
            if first_props.get(name).and_then(single).is_none() {
                continue;
            }
            let mut tags = Vec::new();
            for (props, required) in &objects {
                match props.get(name).and_then(single) {
                    Some(tag) if required.contains(name) && !tags.contains(&tag) => tags.push(tag),
                    _ => continue 'candidates,
                }
            }
            return Some((name.clone(), tags));
        }
        None
    }

    fn string_enum(&mut self, values: &[&str], pointer: &str, naming: &Naming, doc: Option<String>) -> TypeRef {
        let mut seen = BTreeSet::new();
        let values: Vec<&str> = values.iter().copied().filter(|v| seen.insert(*v)).collect();
        // Inline enums with the same values are one type (large specs repeat small inline
        // enums hundreds of times: Stripe's `[""]` 600 times); it is named after its values.
        let key: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        if matches!(naming, Naming::Inline(_)) {
            if let Some(&id) = self.inline_enums.get(&key) {
                self.hints[id.0].shared_by += 1;
                return TypeRef::Named(id);
            }
        }
        let id = self.type_for(naming);
        if matches!(naming, Naming::Inline(_)) {
            self.inline_enums.insert(key, id);
        }
        let mut scope = Scope::new();
        let unknown_variant = scope.claim("Unknown".to_owned());
        let variants = values
            .iter()
            .map(|v| EnumVariant {
                wire_value: (*v).to_owned(),
                rust_name: scope.claim(names::type_name(v)),
            })
            .collect();
        self.define(
            id,
            pointer,
            doc,
            TypeKind::Enum(Enum {
                variants,
                unknown_variant,
            }),
        );
        TypeRef::Named(id)
    }

    fn constrained(
        &mut self,
        pattern: &str,
        min_length: Option<usize>,
        max_length: Option<usize>,
        pointer: &str,
        naming: &Naming,
        doc: Option<String>,
    ) -> TypeRef {
        if let Err(e) = regex::Regex::new(pattern) {
            let first = e.to_string().lines().last().unwrap_or_default().to_owned();
            self.diags.warning(
                pointer,
                format!("pattern {pattern:?} is not supported by the regex crate ({first}); it is not checked"),
            );
            return TypeRef::string();
        }
        let id = self.type_for(naming);
        let c = Constrained {
            pattern: Some(pattern.to_owned()),
            min_length,
            max_length,
        };
        self.define(id, pointer, doc, TypeKind::Constrained(c));
        TypeRef::Named(id)
    }
}

impl<'a> Object<'a> {
    fn add_props(
        &mut self,
        props: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
    ) {
        let base = child(pointer, "properties");
        for (k, v) in props {
            self.props.insert(k.clone(), (v, child(&base, k)));
        }
        self.required.extend(required.iter().cloned());
        if let Some(a) = additional {
            self.additional = Some((a, child(pointer, "additionalProperties")));
        }
    }
}

/// `oneOf: [{required: [a]}, {required: [b]}]` beside properties only constrains them.
pub(super) fn is_constraint_only(s: &ReferenceOr<Schema>) -> bool {
    matches!(s, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if is_constraint_only_any(any))
}

fn is_constraint_only_any(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
}

/// The Rust integer for a `format`; unknown formats (and none) are `i64`.
fn integer_format(format: Option<&str>) -> Primitive {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("int8") => Primitive::I8,
        Some("int16") => Primitive::I16,
        Some("int32") => Primitive::I32,
        Some("uint8") => Primitive::U8,
        Some("uint16") => Primitive::U16,
        Some("uint32") => Primitive::U32,
        Some("uint64" | "uint") => Primitive::U64,
        _ => Primitive::I64,
    }
}

/// The Rust float for a `format`: `f32` for `float`, else `f64`.
fn number_format(format: Option<&str>) -> Primitive {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("float") => Primitive::F32,
        _ => Primitive::F64,
    }
}
