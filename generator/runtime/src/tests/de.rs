//! `runtime::de`: struct decoding, on a struct written as the generator writes one.

use crate::runtime::de;

/// As `emit/types.rs` writes a struct with a required nullable property `when` and a
/// required `count`, read from JSON and from form text.
#[derive(Debug, PartialEq)]
struct Event {
    count: i64,
    when: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::object(d)
    }
}

impl de::Object for Event {
    const NAME: &'static str = "Event";
    const FIELDS: &'static [&'static str] = &["count", "when"];

    fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut f0, mut f1) = (de::slot(), de::slot());
        while let Some(key) = de::next_key::<Self, A>(&mut map)? {
            match key.index {
                0 => de::take(&mut map, &mut f0, "count")?,
                1 => de::take(&mut map, &mut f1, "when")?,
                _ => de::skip(&mut map)?,
            }
        }
        Ok(Self {
            count: de::required::<A, _>(f0, "count")?,
            when: de::required::<A, _>(f1, "when")?,
        })
    }
}

#[test]
fn a_missing_required_option_is_none_and_anything_else_missing_is_an_error() {
    let event: Event = serde_json::from_str(r#"{"count": 2}"#).expect("`when` may be left out");
    assert_eq!(event, Event { count: 2, when: None });
    let error = serde_json::from_str::<Event>(r#"{"when": "now"}"#).expect_err("`count` may not");
    assert!(error.to_string().starts_with("missing field `count`"), "{error}");
}

#[test]
fn form_text_decodes_through_the_same_path() {
    let event: Event =
        crate::runtime::from_form(b"when=now&count=7", &[]).expect("text parsed where a number is wanted");
    assert_eq!(
        event,
        Event {
            count: 7,
            when: Some("now".to_owned())
        }
    );
}

/// As the generator writes a struct that keeps other properties (`additionalProperties`).
#[derive(Debug, PartialEq)]
struct Labels {
    name: Option<String>,
    additional_properties: std::collections::BTreeMap<String, String>,
}

impl<'de> serde::Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::object(d)
    }
}

impl de::Object for Labels {
    const NAME: &'static str = "Labels";
    const FIELDS: &'static [&'static str] = &["name"];
    const KEEPS_OTHERS: bool = true;

    fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut f0 = de::slot();
        let mut others = std::collections::BTreeMap::new();
        while let Some(key) = de::next_key::<Self, A>(&mut map)? {
            match key.index {
                0 => de::take(&mut map, &mut f0, "name")?,
                de::OTHER => {
                    others.insert(key.name, serde::de::MapAccess::next_value(&mut map)?);
                }
                _ => de::skip(&mut map)?,
            }
        }
        Ok(Self {
            name: de::optional(f0),
            additional_properties: others,
        })
    }
}

/// Form text nests `labels[0]=x` into a list (the text cannot tell keys `0`, `1`, … from
/// indexes); where a struct is wanted, the list is read back as properties `0`, `1`, ….
#[test]
fn a_list_rebuilt_from_numbered_keys_is_read_as_properties() {
    let labels: Labels = crate::runtime::from_text_tree(serde_json::json!(["x", "y"])).expect("a map of two");
    let expected = [("0".to_owned(), "x".to_owned()), ("1".to_owned(), "y".to_owned())];
    assert_eq!(
        labels,
        Labels {
            name: None,
            additional_properties: expected.into_iter().collect()
        }
    );
    let event: Event = crate::runtime::from_text_tree(serde_json::json!({"count": "3"})).expect("an object");
    assert_eq!(event.count, 3);
}
