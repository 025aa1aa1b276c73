//! Example values (feature `mock`): JSON built to fit the spec's schemas, then decoded into
//! the generated types.
//!
//! The generator embeds every schema's shape in `src/shapes.json` (see `runtime::shapes`). [`Gen`] walks a shape with a
//! seeded random number generator and builds a JSON value that satisfies it (required
//! properties, enums, patterns, formats, numeric and length bounds, nullability, unions with
//! or without a discriminator; past a fixed depth only what is required, and a schema whose
//! required parts recurse without end or whose bounds exceed what an example holds is given
//! up on with an [`ExampleError`]), preferring the spec's own
//! example where one fits. The value is then decoded into the Rust type, so every example is
//! also a test that schema-valid JSON decodes. The same seed gives the same values.

use rand::{RngExt, SeedableRng};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::shapes::{Array, Kind, Number, Object, Shape, Shapes, Text, Union};

/// Deeper than this, only what a schema requires is built.
const MAX_DEPTH: usize = 6;
/// Deeper than this, a schema that requires its own recursion is given up on.
const GIVE_UP_DEPTH: usize = 32;
/// The most items, properties and characters an example holds, whatever the schema asks.
const MAX_ITEMS: usize = 64;
const MAX_TEXT: usize = 4096;
/// Attempts at building a value that decodes into its Rust type.
const ATTEMPTS: usize = 12;

/// A type that can produce example values.
pub trait Example: Sized {
    /// A value of this type built from the spec, different for different generator states.
    fn example(g: &mut Gen) -> Result<Self, ExampleError>;
}

/// No value could be built for a type or place.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleError {
    /// The type or place (`listPets` parameter `limit`, …).
    pub what: String,
    /// Why the last attempt failed.
    pub detail: String,
    /// The last JSON value tried, if any.
    pub value: Option<Value>,
}

impl fmt::Display for ExampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no example for {}: {}", self.what, self.detail)?;
        if let Some(v) = &self.value {
            write!(f, " (last value tried: {v})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExampleError {}

/// Where a value travels, which narrows what is worth generating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A JSON or form body: any text, unicode included.
    Body,
    /// A path, query, header or cookie value: visible ASCII but `,;"\`, lists never empty
    /// (an empty list and a missing parameter look the same on the wire).
    Text,
    /// A form body or a deepObject query value: like a body, but never null, an empty
    /// list or an empty object, which these encodings cannot tell from an absent value.
    Form,
}

/// Compiled patterns by pattern and length bounds; `None` where the pattern cannot be sampled.
pub(crate) type PatternCache = HashMap<(String, Option<(usize, usize)>), Option<Arc<Pattern>>>;

/// A pattern compiled twice: to generate candidates, and to check them.
#[derive(Debug)]
pub(crate) struct Pattern {
    /// `None` where the pattern can be checked but not sampled.
    sampler: Option<rand_regex::Regex>,
    checker: regex::Regex,
}

/// Builds example values: a seeded random number generator over one API's shapes.
pub struct Gen {
    rng: rand_pcg::Pcg64Mcg,
    shapes: &'static Shapes,
    depth: usize,
    mode: Mode,
    /// Whether the spec's examples are preferred where they fit (seed 0 always does).
    examples: bool,
    /// Why the value being built cannot be finished, if it cannot.
    abandoned: Option<&'static str>,
    /// What the next body should say, where its shape has a place for it (see [`Gen::telling`]).
    message: Option<String>,
}

impl fmt::Debug for Gen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen")
            .field("depth", &self.depth)
            .field("mode", &self.mode)
            .finish()
    }
}

impl Gen {
    pub fn new(shapes: &'static Shapes, seed: u64) -> Gen {
        Gen {
            rng: rand_pcg::Pcg64Mcg::seed_from_u64(seed),
            shapes,
            depth: 0,
            mode: Mode::Body,
            examples: seed == 0,
            abandoned: None,
            message: None,
        }
    }

    /// The next body built says `message` in its first string property named like a
    /// message (`message`, `detail`, `title`, `error`, …, at the top or one level down)
    /// where the schema allows that text: how a mock's refusal says what was wrong.
    pub fn telling(mut self, message: String) -> Gen {
        self.message = Some(message);
        self
    }

    /// A value of the named generated type.
    pub fn of_type<T: DeserializeOwned>(&mut self, rust_name: &str) -> Result<T, ExampleError> {
        let shape = self.shapes.types.get(rust_name);
        self.decode(shape, Mode::Body, || format!("type `{rust_name}`"))
    }

    /// A value for the `index`th place (parameter, body, header) the generator listed.
    pub fn place<T: DeserializeOwned>(&mut self, index: usize, mode: Mode, what: &str) -> Result<T, ExampleError> {
        let shape = self.shapes.places.get(index);
        self.decode(shape, mode, || what.to_owned())
    }

    /// `Some` of a value, or `None`: for optional parameters, headers and bodies.
    pub fn maybe<T>(&mut self, f: impl FnOnce(&mut Gen) -> Result<T, ExampleError>) -> Result<Option<T>, ExampleError> {
        if self.rng.random_bool(0.3) {
            Ok(None)
        } else {
            f(self).map(Some)
        }
    }

    /// A number below `n`, to choose between alternatives.
    pub fn pick(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.rng.random_range(0..n)
        }
    }

    fn decode<T: DeserializeOwned>(
        &mut self,
        shape: Option<&Shape>,
        mode: Mode,
        what: impl Fn() -> String,
    ) -> Result<T, ExampleError> {
        if let Some(error) = &self.shapes.error {
            return Err(ExampleError {
                what: what(),
                detail: error.clone(),
                value: None,
            });
        }
        let Some(shape) = shape else {
            return Err(ExampleError {
                what: what(),
                detail: "no shape was generated for it".into(),
                value: None,
            });
        };
        let (saved_mode, saved_examples) = (self.mode, self.examples);
        self.mode = mode;
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            // A spec example that fits the schema may still not fit the Rust type.
            self.examples = saved_examples && attempt == 0 || attempt % 3 == 1;
            self.abandoned = None;
            self.depth = 0;
            let value = self.value(shape);
            if let Some(why) = self.abandoned {
                last = Some((why.to_owned(), value));
                continue;
            }
            // A spec example may leave out properties with a default: a server would read
            // the default, so the example says it.
            let mut value = value;
            self.shapes.fill_defaults(&mut value, shape);
            let value = match (mode, self.message.take()) {
                (Mode::Body, Some(message)) => self.told(value, shape, message),
                (_, message) => {
                    self.message = message;
                    value
                }
            };
            // Examples hold listed values only, as a server would accept them.
            match super::decode_listed_only(|| serde_json::from_value::<T>(value.clone())) {
                Ok(typed) => {
                    self.mode = saved_mode;
                    self.examples = saved_examples;
                    return Ok(typed);
                }
                Err(e) => last = Some((e.to_string(), value)),
            }
        }
        self.mode = saved_mode;
        self.examples = saved_examples;
        let (detail, value) = last.unwrap_or_default();
        Err(ExampleError {
            what: what(),
            detail,
            value: Some(value),
        })
    }

    /// `value` with `message` in its first message-like string property, if the result
    /// still fits `shape`; `value` as it was otherwise.
    fn told(&self, value: Value, shape: &Shape, message: String) -> Value {
        const NAMES: [&str; 9] = [
            "message",
            "detail",
            "title",
            "error",
            "error_description",
            "description",
            "msg",
            "reason",
            "errors",
        ];
        let mut candidates: Vec<Vec<&str>> = NAMES.iter().map(|n| vec![*n]).collect();
        for outer in ["error", "errors", "data"] {
            candidates.extend(NAMES.iter().map(|n| vec![outer, *n]));
        }
        for path in candidates {
            let mut told = value.clone();
            let mut slot = Some(&mut told);
            for key in &path {
                slot = slot.and_then(|v| v.get_mut(*key));
            }
            if let Some(slot) = slot.filter(|s| s.is_string()) {
                *slot = Value::String(message.clone());
                if self.shapes.check(&told, shape).is_empty() {
                    return told;
                }
            }
        }
        value
    }

    /// A JSON value that fits `shape`.
    fn value(&mut self, shape: &Shape) -> Value {
        if self.depth > GIVE_UP_DEPTH {
            self.abandoned = Some("the schema requires values nested without end");
            return Value::Null;
        }
        if self.abandoned.is_some() {
            return Value::Null;
        }
        if let Some(example) = &shape.example {
            let prefer = self.examples || self.rng.random_bool(0.25);
            if prefer && self.fits(example, shape) {
                return example.clone();
            }
        }
        if shape.nullable && self.mode != Mode::Form && (self.depth >= MAX_DEPTH || self.rng.random_bool(0.2)) {
            return Value::Null;
        }
        self.depth += 1;
        let value = self.kind(shape);
        self.depth -= 1;
        value
    }

    fn kind(&mut self, shape: &Shape) -> Value {
        match &shape.kind {
            Kind::Any => self.any(),
            Kind::Bool => Value::Bool(self.rng.random_bool(0.5)),
            Kind::Integer(n) => self.integer(n),
            Kind::Number(n) => self.number(n),
            Kind::String(t) => Value::String(self.string(t)),
            Kind::Enum { values } => match values.len() {
                0 => Value::Null,
                n => values[self.rng.random_range(0..n)].clone(),
            },
            Kind::Array(a) => self.array(a),
            Kind::Object(o) => self.object(o),
            Kind::OneOf(u) => self.union(u),
            Kind::AllOf { members } => {
                let mut merged: Option<Map<String, Value>> = None;
                for m in members {
                    match self.value(m) {
                        Value::Object(o) => merged.get_or_insert_with(Map::new).extend(o),
                        other if merged.is_none() => return other,
                        _ => {}
                    }
                }
                Value::Object(merged.unwrap_or_default())
            }
            Kind::Ref { name } => match self.shapes.components.get(name) {
                Some(target) => self.value(target),
                None => self.any(),
            },
        }
    }

    fn any(&mut self) -> Value {
        match self.rng.random_range(0..3) {
            0 => Value::String(self.word(1, 8)),
            1 => Value::from(self.rng.random_range(0..1000i64)),
            _ => Value::Bool(self.rng.random_bool(0.5)),
        }
    }

    fn integer(&mut self, n: &Number) -> Value {
        let (type_min, type_max): (i128, i128) = match n.format.as_deref() {
            Some("int8") => (i8::MIN.into(), i8::MAX.into()),
            Some("int16") => (i16::MIN.into(), i16::MAX.into()),
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            Some("uint8") => (0, u8::MAX.into()),
            Some("uint16") => (0, u16::MAX.into()),
            Some("uint32") => (0, u32::MAX.into()),
            Some("uint64" | "uint") => (0, u64::MAX.into()),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        let mut lo = n.minimum.map_or(type_min, |m| {
            let c = m.ceil() as i128;
            if n.exclusive_minimum && c as f64 == m {
                c + 1
            } else {
                c
            }
        });
        let mut hi = n.maximum.map_or(type_max, |m| {
            let f = m.floor() as i128;
            if n.exclusive_maximum && f as f64 == m {
                f - 1
            } else {
                f
            }
        });
        lo = lo.max(type_min);
        hi = hi.min(type_max);
        // Keep values small and readable unless the bounds say otherwise.
        match (n.minimum.is_some(), n.maximum.is_some()) {
            (false, false) => (lo, hi) = (lo.max(-100), hi.min(1000)),
            (true, false) => hi = hi.min(lo.saturating_add(1000)),
            (false, true) => lo = lo.max(hi.saturating_sub(1000)),
            (true, true) => {}
        }
        let step = n
            .multiple_of
            .filter(|m| *m >= 1.0 && m.fract() == 0.0)
            .map_or(1, |m| m as i128);
        let (first, last) = (div_ceil(lo, step), div_floor(hi, step));
        let k = if first <= last {
            first + (self.rng.random_range(0..=((last - first).min(u32::MAX as i128) as u64)) as i128)
        } else {
            first
        };
        let v = k * step;
        if let Ok(v) = i64::try_from(v) {
            Value::from(v)
        } else if let Ok(v) = u64::try_from(v) {
            Value::from(v)
        } else {
            Value::from(0)
        }
    }

    fn number(&mut self, n: &Number) -> Value {
        let step = n.multiple_of.filter(|m| *m > 0.0).unwrap_or(0.25);
        let mut lo = n.minimum.unwrap_or(f64::NEG_INFINITY);
        let mut hi = n.maximum.unwrap_or(f64::INFINITY);
        match (lo.is_finite(), hi.is_finite()) {
            (false, false) => (lo, hi) = (-100.0, 1000.0),
            (true, false) => hi = lo + 1000.0,
            (false, true) => lo = hi - 1000.0,
            (true, true) => {}
        }
        let (mut first, mut last) = ((lo / step).ceil(), (hi / step).floor());
        if n.exclusive_minimum && first * step <= lo {
            first += 1.0;
        }
        if n.exclusive_maximum && last * step >= hi {
            last -= 1.0;
        }
        let k = if first <= last && (last - first) < 1e12 {
            first + self.rng.random_range(0..=((last - first) as u64)) as f64
        } else {
            first
        };
        // A short decimal: it survives every text round trip exactly.
        let decimals = decimals_of(step);
        let text = format!("{:.*}", decimals, k * step);
        let v: f64 = text.parse().unwrap_or(0.0);
        serde_json::Number::from_f64(v).map_or(Value::from(0), Value::Number)
    }

    fn string(&mut self, t: &Text) -> String {
        let (min, max) = (t.min_length.unwrap_or(0), t.max_length.unwrap_or(usize::MAX));
        if min > MAX_TEXT {
            self.abandoned = Some("the schema asks for longer text than an example holds");
            return String::new();
        }
        if let Some(p) = &t.pattern {
            // First a sampler whose open repetitions fit the length bounds, then a plain one.
            let bounds = (t.min_length.is_some() || t.max_length.is_some()).then_some((min, max));
            let tries: &[Option<(usize, usize)>] = if bounds.is_some() { &[bounds, None] } else { &[None] };
            for bounds in tries {
                let Some(pattern) = self.pattern(p, *bounds) else {
                    continue;
                };
                let Some(sampler) = &pattern.sampler else { continue };
                for _ in 0..32 {
                    let s: String = self.rng.sample(sampler);
                    let len = s.chars().count();
                    let plain = self.mode != Mode::Text || self.carried(&Value::String(s.clone()));
                    if plain && len >= min && len <= max && pattern.checker.is_match(&s) {
                        return s;
                    }
                }
            }
        }
        let n = self.rng.random_range(0..10_000u32);
        let formatted = match t.format.as_deref() {
            Some("date-time") => Some(format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                n % 30,
                n % 12 + 1,
                n % 28 + 1,
                n % 24,
                n % 60,
                (n / 7) % 60
            )),
            Some("date") => Some(format!("20{:02}-{:02}-{:02}", n % 30, n % 12 + 1, n % 28 + 1)),
            Some("time") => Some(format!("{:02}:{:02}:{:02}Z", n % 24, n % 60, (n / 7) % 60)),
            Some("uuid") => {
                let a: u128 = self.rng.random();
                let h = format!("{a:032x}");
                Some(format!(
                    "{}-{}-4{}-a{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[13..16],
                    &h[17..20],
                    &h[20..32]
                ))
            }
            Some("email") => Some(format!("user{n}@example.com")),
            Some("uri" | "url" | "uri-reference" | "iri") => Some(format!("https://example.com/items/{n}")),
            Some("hostname") => Some(format!("host{n}.example.com")),
            Some("ipv4") => Some(format!("192.0.2.{}", n % 256)),
            Some("ipv6") => Some(format!("2001:db8::{:x}", n)),
            Some("duration") => Some(format!("P{}DT{}H{}M", n % 30, n % 24, n % 60)),
            Some("byte") => Some(base64_of(&n.to_be_bytes())),
            Some("int64" | "int32" | "int16" | "int8" | "int" | "integer") => Some(n.to_string()),
            Some("uint64" | "uint32" | "uint16" | "uint8" | "uint") => Some((n % 256).to_string()),
            Some("decimal" | "number" | "double" | "float") => Some(format!("{}.{:02}", n / 100, n % 100)),
            _ => None,
        };
        if let Some(s) = formatted {
            if (min..=max).contains(&s.chars().count()) {
                return s;
            }
        }
        // Never empty unless the schema says so: an empty identifier makes a poor example
        // (and an unroutable path when a client follows it into one).
        let (lo, hi) = (min.max(1).min(max), max.min(min.max(1).saturating_add(11)));
        let mut s = self.word(lo, hi.max(lo));
        if self.mode != Mode::Text && t.format.is_none() && self.rng.random_bool(0.3) {
            // Text that needs escaping or encoding: spaces, slashes, non-ASCII letters.
            let extra = [" x", "/é", " ünï"][self.rng.random_range(0..3)];
            if s.chars().count() + extra.chars().count() <= max {
                s.push_str(extra);
            }
        }
        s
    }

    /// Letters and digits, `min..=max` of them.
    fn word(&mut self, min: usize, max: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let len = if max > min {
            self.rng.random_range(min..=max)
        } else {
            min
        };
        (0..len)
            .map(|_| ALPHABET[self.rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    }

    fn pattern(&mut self, pattern: &str, bounds: Option<(usize, usize)>) -> Option<Arc<Pattern>> {
        let mut cache = self.shapes.samplers.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry((pattern.to_owned(), bounds))
            .or_insert_with(|| compile_pattern(pattern, bounds).map(Arc::new))
            .clone()
    }

    fn array(&mut self, a: &Array) -> Value {
        let deep = self.depth >= MAX_DEPTH;
        // The floor holds at any depth (the encoding needs it); `GIVE_UP_DEPTH` ends recursion.
        let floor = usize::from(self.mode != Mode::Body);
        let min = a.min_items.unwrap_or(0).max(floor);
        if min > MAX_ITEMS {
            self.abandoned = Some("the schema asks for more items than an example holds");
            return Value::Array(Vec::new());
        }
        let max = a.max_items.unwrap_or(usize::MAX).max(min);
        let len = if deep {
            min
        } else {
            self.rng.random_range(min..=max.min(min + 3))
        };
        let mut items: Vec<Value> = Vec::with_capacity(len);
        let mut tries = 0;
        while items.len() < len && tries < len * 8 + 8 && self.abandoned.is_none() {
            tries += 1;
            let v = self.value(&a.items);
            if a.unique_items && items.contains(&v) {
                continue;
            }
            items.push(v);
        }
        Value::Array(items)
    }

    fn object(&mut self, o: &Object) -> Value {
        let mut map = Map::new();
        let deep = self.depth >= MAX_DEPTH;
        let max = o.max_properties.unwrap_or(usize::MAX);
        if o.min_properties.unwrap_or(0) > MAX_ITEMS {
            self.abandoned = Some("the schema asks for more properties than an example holds");
            return Value::Object(map);
        }
        // In a form, an object needs one property at least: one of them is always present.
        // Deep down, the property kept is one that does not refer onwards, where there is one.
        let keep = (self.mode == Mode::Form && !o.properties.iter().any(|p| p.required)).then(|| {
            let flat: Vec<usize> = (0..o.properties.len())
                .filter(|i| !matches!(o.properties[*i].shape.kind, Kind::Ref { .. }))
                .collect();
            if deep && !flat.is_empty() {
                flat[self.rng.random_range(0..flat.len())]
            } else {
                self.rng.random_range(0..o.properties.len().max(1))
            }
        });
        for (i, p) in o.properties.iter().enumerate() {
            // A property with a default is always written: left out, a server reads the
            // default, and the round trip compares what was sent.
            let wanted = p.required
                || keep == Some(i)
                || self.shapes.default_of(&p.shape).is_some()
                || map.len() < o.min_properties.unwrap_or(0)
                || (!deep && map.len() < max && self.rng.random_bool(0.5));
            if wanted {
                let v = self.value(&p.shape);
                map.insert(p.name.clone(), v);
            }
        }
        if let Some(extra) = &o.additional {
            let n = if deep { 0 } else { self.rng.random_range(0..3usize) };
            let least = usize::from(self.mode == Mode::Form && map.is_empty());
            let n = n
                .max(least)
                .max(o.min_properties.unwrap_or(0).saturating_sub(map.len()));
            for i in 0..n {
                if map.len() >= max {
                    break;
                }
                let key = format!("extra{i}");
                if !map.contains_key(&key) {
                    let v = self.value(extra);
                    map.insert(key, v);
                }
            }
        }
        if self.mode == Mode::Form && map.is_empty() && o.properties.is_empty() && o.additional.is_none() && !o.closed {
            // A free-form object: any property will do.
            let word = self.word(1, 8);
            map.insert("extra0".to_owned(), Value::String(word));
        }
        Value::Object(map)
    }

    fn union(&mut self, u: &Union) -> Value {
        if u.variants.is_empty() {
            return self.any();
        }
        // Deep down, a variant that does not refer onwards ends recursion soonest.
        let flat: Vec<usize> = (0..u.variants.len())
            .filter(|i| !matches!(u.variants[*i].kind, Kind::Ref { .. }))
            .collect();
        let i = if self.depth >= MAX_DEPTH && !flat.is_empty() {
            flat[self.rng.random_range(0..flat.len())]
        } else {
            self.rng.random_range(0..u.variants.len())
        };
        let mut v = self.value(&u.variants[i]);
        if let (Some(property), Some(tag), Value::Object(map)) =
            (&u.discriminator, u.tags.get(i).and_then(|t| t.first()), &mut v)
        {
            map.insert(property.clone(), Value::String(tag.clone()));
        }
        v
    }

    /// Whether `value` satisfies `shape` (for the spec's examples; formats are not checked)
    /// and can travel the way this place's values do.
    fn fits(&self, value: &Value, shape: &Shape) -> bool {
        self.carried(value) && self.shapes.check(value, shape).is_empty()
    }

    /// Whether the encoding of this place can carry `value` (see `Mode`).
    fn carried(&self, value: &Value) -> bool {
        match (self.mode, value) {
            (Mode::Form, Value::Null) => false,
            (Mode::Form, Value::Array(items)) if items.is_empty() => false,
            (Mode::Form, Value::Object(map)) if map.is_empty() => false,
            (Mode::Text, Value::Array(items)) if items.is_empty() => false,
            // Header and cookie values are not percent-encoded: a list item may not hold the
            // `,` between items, nor a cookie `;`, `"` or `\`.
            (Mode::Text, Value::String(s)) => s.bytes().all(|b| b.is_ascii_graphic() && !b",;\"\\".contains(&b)),
            (_, Value::Array(items)) => items.iter().all(|v| self.carried(v)),
            (_, Value::Object(map)) => map.values().all(|v| self.carried(v)),
            _ => true,
        }
    }
}

fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

/// How many decimals `step` has when printed shortest (`0.25` → 2).
fn decimals_of(step: f64) -> usize {
    let text = step.to_string();
    text.split_once('.').map_or(0, |(_, d)| d.len().min(12))
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A sampler for `pattern`: anchors and word boundaries dropped (the sampler cannot place
/// them; candidates are checked against the real pattern), classes narrowed to printable
/// ASCII where they allow it, and with `bounds` (min and max length) the outermost open
/// repetitions (`+`, `*`, `{n,}`) stretched to the minimum and capped at the maximum (nested
/// ones are left alone: stretched, they would multiply).
fn compile_pattern(pattern: &str, bounds: Option<(usize, usize)>) -> Option<Pattern> {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
    fn simplify(hir: &Hir, bounds: Option<(usize, usize)>) -> Hir {
        match hir.kind() {
            HirKind::Look(_) => Hir::empty(),
            HirKind::Class(Class::Unicode(c)) => {
                let mut ascii = ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]);
                ascii.intersect(c);
                if ascii.ranges().is_empty() {
                    hir.clone()
                } else {
                    Hir::class(Class::Unicode(ascii))
                }
            }
            HirKind::Repetition(r) => {
                let mut r = r.clone();
                if let (None, Some((min, max))) = (r.max, bounds) {
                    let clamp = |n: usize| u32::try_from(n.min(MAX_TEXT)).unwrap_or(u32::MAX);
                    r.min = r.min.max(clamp(min));
                    r.max = Some(r.min.max(clamp(max.min(min.saturating_add(16)))));
                }
                r.sub = Box::new(simplify(&r.sub, None));
                Hir::repetition(r)
            }
            HirKind::Capture(c) => {
                let mut c = c.clone();
                c.sub = Box::new(simplify(&c.sub, bounds));
                Hir::capture(c)
            }
            HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| simplify(h, bounds)).collect()),
            HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(|h| simplify(h, bounds)).collect()),
            _ => hir.clone(),
        }
    }
    // Look-around is beyond the regex crate: sample what remains without it (a value that
    // also matches a negative look-ahead is unlikely; it is not checked).
    let pattern = match regex::Regex::new(pattern) {
        Ok(_) => pattern.to_owned(),
        Err(_) => without_lookaround(pattern),
    };
    let checker = regex::Regex::new(&pattern).ok()?;
    let sampler = regex_syntax::Parser::new()
        .parse(&pattern)
        .ok()
        .and_then(|hir| rand_regex::Regex::with_hir(simplify(&hir, bounds), 8).ok());
    Some(Pattern { sampler, checker })
}

/// `pattern` with its look-around groups (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`) removed.
fn without_lookaround(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = ["(?=", "(?!", "(?<=", "(?<!"].iter().filter_map(|o| rest.find(o)).min() {
        out.push_str(&rest[..start]);
        // Skip to the parenthesis that closes the group, minding escapes and classes.
        let (mut depth, mut escaped, mut class, mut end) = (0usize, false, false, rest.len());
        for (i, c) in rest[start..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '[' => class = true,
                ']' => class = false,
                '(' if !class => depth += 1,
                ')' if !class => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The value a mock handler answers with; a failure to build one is a bug in the generator
/// or a schema no value satisfies, and ends the request (the client sees the connection close).
pub fn answer<T>(reply: Result<T, ExampleError>) -> T {
    match reply {
        Ok(value) => value,
        Err(e) => panic!("mock: {e}"),
    }
}

/// A documented reply as an HTTP response with `status`: how the mock refuses a request
/// (400, 401) in the shape the spec documents for that operation.
pub fn documented<R, E>(reply: Result<Result<R, E>, ExampleError>, status: u16) -> axum::response::Response
where
    R: axum::response::IntoResponse,
    E: axum::response::IntoResponse,
{
    let mut response = match answer(reply) {
        Ok(r) => r.into_response(),
        Err(e) => e.into_response(),
    };
    *response.status_mut() = super::status(status);
    response
}
