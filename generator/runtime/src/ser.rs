//! Encoding generated structs: what `serde`'s derive writes for them, with the work shared.
//!
//! A derived `Serialize` is a proc-macro expansion per struct, with a field-count sum, a
//! skip test per optional field and a wrapping module, all expanded and checked per
//! struct. A generated struct instead writes one line per field calling [`Object`], whose
//! methods are checked once. The output is the derive's: properties in declaration
//! order, an absent optional property left out (`skip_field`), an optional nullable one
//! written as a none (`null`) when it holds `Some(None)` ([`double_option`], which the
//! derive was given), and a struct that keeps extra properties
//! written as a map with them after its own (as the derive writes a flattened map).

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use std::collections::BTreeMap;

/// A struct being written: as a struct, or as a map when it keeps extra properties.
pub enum Object<S: Serializer> {
    Struct(S::SerializeStruct),
    Map(S::SerializeMap),
}

/// Starts writing the struct `name`, which writes `len` properties (the derive's count: its
/// required ones and the optional ones that are present).
pub fn object<S: Serializer>(serializer: S, name: &'static str, len: usize) -> Result<Object<S>, S::Error> {
    serializer.serialize_struct(name, len).map(Object::Struct)
}

/// Starts writing a struct that keeps extra properties: a map, as for the derive's
/// `#[serde(flatten)]`.
pub fn map<S: Serializer>(serializer: S) -> Result<Object<S>, S::Error> {
    serializer.serialize_map(None).map(Object::Map)
}

/// One for a present optional property, for [`object`]'s count.
pub fn present<T>(value: &Option<T>) -> usize {
    usize::from(value.is_some())
}

impl<S: Serializer> Object<S> {
    /// Writes a property.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), S::Error> {
        match self {
            Object::Struct(s) => s.serialize_field(name, value),
            Object::Map(m) => m.serialize_entry(name, value),
        }
    }

    /// Writes an optional property (the `Option` itself, as the derive does) when it is
    /// present, and skips it otherwise.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match (value, self) {
            (Some(_), out) => out.field(name, value),
            (None, Object::Struct(s)) => s.skip_field(name),
            (None, Object::Map(_)) => Ok(()),
        }
    }

    /// Writes an optional nullable property (`Option<Option<T>>`) when it is present:
    /// `Some(None)` as a none (`null`), `Some(Some(v))` as `v`'s some.
    pub fn nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<Option<T>>) -> Result<(), S::Error> {
        match (value, self) {
            (Some(inner), out) => out.field(name, inner),
            (None, Object::Struct(s)) => s.skip_field(name),
            (None, Object::Map(_)) => Ok(()),
        }
    }

    /// Writes the properties the schema does not list, after the listed ones.
    pub fn others<T: Serialize>(&mut self, others: &BTreeMap<String, T>) -> Result<(), S::Error> {
        others.iter().try_for_each(|(name, value)| match self {
            Object::Struct(_) => Err(serde::ser::Error::custom("extra properties need a map")),
            Object::Map(m) => m.serialize_entry(name, value),
        })
    }

    /// Finishes the struct.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self {
            Object::Struct(s) => s.end(),
            Object::Map(m) => m.end(),
        }
    }
}

/// Writes an optional nullable property held as `Option<Option<T>>`, for a derived
/// `Serialize` (`serialize_with`): `Some(None)` is a none (`null`); absent, `None`, is
/// skipped by `skip_serializing_if`.
pub fn double_option<S: Serializer, T: Serialize>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}
