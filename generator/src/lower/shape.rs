//! Schemas → [`Shape`]s: what values a schema admits, for the `mock` feature's examples.
//!
//! Independent of the Rust types lowered beside it: shapes follow the spec (references stay
//! references), and the generated runtime checks that each synthesized value decodes into
//! its Rust type.

use super::{component_name, format_of};
use crate::model::*;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

/// The shape of a schema or of a reference to one.
pub(crate) fn of_ref(s: &ReferenceOr<Schema>) -> Shape {
    match s {
        ReferenceOr::Item(s) => of(s),
        ReferenceOr::Reference { reference } => reference_shape(reference),
    }
}

fn of_boxed(s: &ReferenceOr<Box<Schema>>) -> Shape {
    match s {
        ReferenceOr::Item(s) => of(s),
        ReferenceOr::Reference { reference } => reference_shape(reference),
    }
}

fn reference_shape(reference: &str) -> Shape {
    match component_name(reference, "schemas") {
        Some(name) => Shape::of(ShapeKind::Ref { name }),
        None => Shape::default(),
    }
}

/// The shape of one schema.
pub(crate) fn of(s: &Schema) -> Shape {
    let mut nullable = s.schema_data.nullable;
    let kind = match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            let values: Vec<serde_json::Value> = st.enumeration.iter().flatten().map(|v| v.as_str().into()).collect();
            nullable |= st.enumeration.iter().any(Option::is_none);
            if st.enumeration.is_empty() {
                ShapeKind::String(StringShape {
                    format: format_of(&st.format).map(str::to_ascii_lowercase),
                    pattern: st.pattern.clone(),
                    min_length: st.min_length,
                    max_length: st.max_length,
                })
            } else {
                ShapeKind::Enum { values }
            }
        }
        SchemaKind::Type(Type::Number(n)) if !n.enumeration.is_empty() => {
            nullable |= n.enumeration.iter().any(Option::is_none);
            ShapeKind::Enum {
                values: n.enumeration.iter().flatten().map(|v| (*v).into()).collect(),
            }
        }
        SchemaKind::Type(Type::Number(n)) => ShapeKind::Number(NumberShape {
            format: format_of(&n.format).map(str::to_ascii_lowercase),
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of,
        }),
        SchemaKind::Type(Type::Integer(i)) => {
            let values: Vec<serde_json::Value> = i.enumeration.iter().flatten().map(|v| (*v).into()).collect();
            nullable |= i.enumeration.iter().any(Option::is_none);
            if i.enumeration.is_empty() {
                ShapeKind::Integer(NumberShape {
                    format: format_of(&i.format).map(str::to_ascii_lowercase),
                    minimum: i.minimum.map(|m| m as f64),
                    maximum: i.maximum.map(|m| m as f64),
                    exclusive_minimum: i.exclusive_minimum,
                    exclusive_maximum: i.exclusive_maximum,
                    multiple_of: i.multiple_of.map(|m| m as f64),
                })
            } else {
                ShapeKind::Enum { values }
            }
        }
        SchemaKind::Type(Type::Boolean(b)) if !b.enumeration.is_empty() => {
            nullable |= b.enumeration.iter().any(Option::is_none);
            ShapeKind::Enum {
                values: b.enumeration.iter().flatten().map(|v| (*v).into()).collect(),
            }
        }
        SchemaKind::Type(Type::Boolean(_)) => ShapeKind::Bool,
        SchemaKind::Type(Type::Array(a)) => ShapeKind::Array(ArrayShape {
            items: Box::new(a.items.as_ref().map(of_boxed).unwrap_or_default()),
            min_items: a.min_items,
            max_items: a.max_items,
            unique_items: a.unique_items,
        }),
        SchemaKind::Type(Type::Object(o)) => ShapeKind::Object(object(
            &o.properties,
            &o.required,
            o.additional_properties.as_ref(),
            o.min_properties,
            o.max_properties,
        )),
        SchemaKind::AllOf { all_of } => ShapeKind::AllOf {
            members: all_of.iter().map(of_ref).collect(),
        },
        SchemaKind::OneOf { one_of } => union(one_of, s),
        SchemaKind::AnyOf { any_of } => union(any_of, s),
        SchemaKind::Not { .. } => ShapeKind::Any,
        SchemaKind::Any(any) => return any_shape(any, s),
    };
    Shape {
        kind,
        nullable,
        example: s.schema_data.example.clone(),
        default: s.schema_data.default.clone(),
    }
}

fn object(
    props: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    additional: Option<&AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
) -> ObjectShape {
    ObjectShape {
        properties: props
            .iter()
            .map(|(name, s)| PropertyShape {
                name: name.clone(),
                shape: of_boxed(s),
                required: required.contains(name),
                read_only: matches!(s, ReferenceOr::Item(s) if s.schema_data.read_only),
            })
            .collect(),
        additional: match additional {
            Some(AdditionalProperties::Schema(s)) => Some(Box::new(of_ref(s))),
            _ => None,
        },
        closed: matches!(additional, Some(AdditionalProperties::Any(false))),
        min_properties,
        max_properties,
    }
}

fn union(members: &[ReferenceOr<Schema>], s: &Schema) -> ShapeKind {
    let variants = members.iter().map(of_ref).collect();
    let Some(d) = &s.schema_data.discriminator else {
        return ShapeKind::OneOf(UnionShape {
            variants,
            ..UnionShape::default()
        });
    };
    let tags = members
        .iter()
        .map(|m| match m {
            ReferenceOr::Reference { reference } => super::discriminator_tags(d, reference),
            ReferenceOr::Item(_) => Vec::new(),
        })
        .collect();
    ShapeKind::OneOf(UnionShape {
        variants,
        discriminator: Some(d.property_name.clone()),
        tags,
    })
}

/// A schema without `type` (or with 3.1 forms the normaliser rewrote).
fn any_shape(any: &openapiv3::AnySchema, s: &Schema) -> Shape {
    let own = || {
        object(
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
            any.min_properties,
            any.max_properties,
        )
    };
    let is_object = any.typ.as_deref() == Some("object") || !any.properties.is_empty();
    let kind = if !any.all_of.is_empty() {
        let mut members: Vec<Shape> = any.all_of.iter().map(of_ref).collect();
        if is_object {
            members.push(Shape::of(ShapeKind::Object(own())));
        }
        ShapeKind::AllOf { members }
    } else if let Some(members) = [&any.one_of, &any.any_of]
        .into_iter()
        .find(|m| !(m.is_empty() || is_object && m.iter().all(super::schema::is_constraint_only)))
    {
        union(members, s)
    } else if is_object {
        ShapeKind::Object(own())
    } else if !any.enumeration.is_empty() {
        ShapeKind::Enum {
            values: any.enumeration.iter().filter(|v| !v.is_null()).cloned().collect(),
        }
    } else {
        let number = || NumberShape {
            format: any.format.as_deref().map(str::to_ascii_lowercase),
            minimum: any.minimum,
            maximum: any.maximum,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            multiple_of: any.multiple_of,
        };
        match any.typ.as_deref() {
            Some("string") => ShapeKind::String(StringShape {
                format: any.format.as_deref().map(str::to_ascii_lowercase),
                pattern: any.pattern.clone(),
                min_length: any.min_length,
                max_length: any.max_length,
            }),
            Some("integer") => ShapeKind::Integer(number()),
            Some("number") => ShapeKind::Number(number()),
            Some("boolean") => ShapeKind::Bool,
            Some("array") | None if any.items.is_some() || any.typ.is_some() => ShapeKind::Array(ArrayShape {
                items: Box::new(any.items.as_ref().map(of_boxed).unwrap_or_default()),
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            }),
            _ => ShapeKind::Any,
        }
    };
    Shape {
        kind,
        nullable: s.schema_data.nullable || any.enumeration.iter().any(|v| v.is_null()),
        example: s.schema_data.example.clone(),
        default: s.schema_data.default.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn discriminator_tags_come_from_the_mapping_or_the_component_name() {
        let s = schema(
            "oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}, {type: string}]\n\
             discriminator: {propertyName: kind, mapping: {feline: '#/components/schemas/Cat'}}",
        );
        let ShapeKind::OneOf(u) = of(&s).kind else {
            panic!("a union")
        };
        assert_eq!(u.discriminator.as_deref(), Some("kind"));
        assert_eq!(u.tags, vec![vec!["feline".to_owned()], vec!["Dog".to_owned()], vec![]]);
        assert_eq!(u.variants[1].kind, ShapeKind::Ref { name: "Dog".to_owned() });
    }

    #[test]
    fn bounds_formats_and_examples_are_kept() {
        let s = schema("type: integer\nformat: int32\nminimum: 1\nmaximum: 9\nexclusiveMaximum: true\nexample: 3");
        let shape = of(&s);
        assert_eq!(shape.example, Some(serde_json::json!(3)));
        let ShapeKind::Integer(n) = shape.kind else {
            panic!("an integer")
        };
        assert_eq!(
            (n.format.as_deref(), n.minimum, n.maximum, n.exclusive_maximum),
            (Some("int32"), Some(1.0), Some(9.0), true)
        );
        let s = schema("type: string\nformat: date-time\nnullable: true");
        let shape = of(&s);
        assert!(shape.nullable);
        assert!(matches!(shape.kind, ShapeKind::String(StringShape { format: Some(ref f), .. }) if f == "date-time"));
        let s = schema("type: string\nenum: [a, null]");
        let shape = of(&s);
        assert!(shape.nullable, "a null among the values makes the shape nullable");
        assert_eq!(
            shape.kind,
            ShapeKind::Enum {
                values: vec!["a".into()]
            }
        );
    }

    #[test]
    fn all_of_keeps_its_members_and_its_own_properties() {
        let s = schema(
            "allOf: [{$ref: '#/components/schemas/Base'}]\nproperties: {extra: {type: boolean}}\nrequired: [extra]",
        );
        let ShapeKind::AllOf { members } = of(&s).kind else {
            panic!("allOf")
        };
        assert_eq!(members.len(), 2);
        let ShapeKind::Object(own) = &members[1].kind else {
            panic!("own properties")
        };
        assert!(own.properties[0].required && own.properties[0].shape.kind == ShapeKind::Bool);
    }
}
