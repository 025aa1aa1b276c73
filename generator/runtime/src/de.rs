//! Decoding generated structs: what `serde`'s derive writes for them, with the work shared.
//!
//! A derived `Deserialize` spends about thirty lines per field (a field enum, three key
//! visitors, a sequence form, duplicate and missing checks), all type-checked once per
//! struct: for a large API that is most of the crate's check time. A generated struct
//! instead implements [`Object`]: one line per field in `from_map`, calling the generic
//! functions here, which are checked once. Objects decode as the derive decodes them:
//! unknown properties are skipped (or kept, where the struct keeps extra properties), a
//! repeated property is an error, and a missing one is an error unless its type is an
//! `Option`. Unlike the derive, a struct is never read from a sequence (a JSON array of
//! its values in declaration order), nor its property names from integers: no spec's
//! object travels so.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::marker::PhantomData;

/// A struct decoded from an object, one property at a time.
pub trait Object: Sized {
    /// The struct's name, for "expected struct …".
    const NAME: &'static str;
    /// The declared properties, by wire name: [`Key::index`] indexes here.
    const FIELDS: &'static [&'static str];
    /// Whether properties not in [`Object::FIELDS`] are kept (their names are then read).
    const KEEPS_OTHERS: bool = false;

    /// Reads every property of `map`, then builds the struct.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for an [`Object`]: asked as a struct, or, when it keeps
/// other properties, as a map (as the derive asks for a struct with a flattened field).
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    if T::KEEPS_OTHERS {
        deserializer.deserialize_map(ObjectVisitor(PhantomData::<T>))
    } else {
        deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData::<T>))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A property name as read: the index of a declared one, or [`OTHER`] with the name
/// (empty unless the struct keeps other properties).
pub struct Key {
    pub index: usize,
    pub name: String,
}

/// The index of a property the struct does not declare.
pub const OTHER: usize = usize::MAX;

/// An empty slot for a property's value, filled by [`take`].
pub fn slot<T>() -> Option<T> {
    None
}

/// The next property name of `map`, if any.
pub fn next_key<'de, T: Object, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key>, A::Error> {
    map.next_key_seed(Keys {
        names: T::FIELDS,
        keep: T::KEEPS_OTHERS,
    })
}

struct Keys {
    names: &'static [&'static str],
    keep: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for Keys {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Keys {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Key, E> {
        let index = self.names.iter().position(|n| *n == name).unwrap_or(OTHER);
        let name = if index == OTHER && self.keep {
            name.to_owned()
        } else {
            String::new()
        };
        Ok(Key { index, name })
    }

    fn visit_bytes<E: Error>(self, name: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Ok(Key {
                index: OTHER,
                name: String::new(),
            }),
        }
    }
}

/// Reads the value of the property `name` into `slot`; a second value is an error.
pub fn take<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a property the struct does not declare.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// The value read for a required property; when there was none, `None` for an `Option`
/// (as the derive does) and an error naming the property otherwise.
pub fn required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, A::Error> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

/// The value of an optional property: absent and `null` are both `None`.
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// A deserializer for a property that is not there: an `Option` reads it as `None`,
/// anything else fails with "missing field".
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
