//! Unit tests of lowering: what the model says for small specs, asserted on the model.

use super::Lowerer;
use crate::diag::Diagnostics;
use crate::model::{Api, TypeKind, TypeRef};
use openapiv3::{Components, OpenAPI};

use crate::testing::{lower_paths, lower_schemas};

/// `n` component schemas, each a `$ref` to the next, ending in an object.
fn alias_chain(n: usize) -> OpenAPI {
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let next = format!("#/components/schemas/S{}", i + 1);
        schemas.insert(format!("S{i}"), serde_json::json!({ "$ref": next }));
    }
    schemas.insert(
        format!("S{n}"),
        serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "chain", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    match serde_json::from_value(doc) {
        Ok(doc) => doc,
        Err(e) => panic!("chain spec: {e}"),
    }
}

#[test]
fn each_link_of_an_alias_chain_is_followed_once() {
    // Every component resolves to the end of the chain; following each chain afresh made
    // this cubic (60 s at 5,000 links). Counted in links followed, not timed.
    let links = 5_000;
    let doc = alias_chain(links);
    let empty = Components::default();
    let mut diags = Diagnostics::new("chain.json");
    let settings = crate::config::Lowering::default();
    let mut cx = Lowerer::new(&doc, doc.components.as_ref().unwrap_or(&empty), &settings, &mut diags);
    cx.component_schemas();
    assert!(!cx.diags.has_errors(), "{}", cx.diags);
    assert!(
        cx.hops <= 2 * links,
        "{} links followed one at a time for a chain of {links}",
        cx.hops
    );
    let aliases = cx
        .api
        .types
        .iter()
        .filter(|d| matches!(d.kind, TypeKind::Alias(_)))
        .count();
    assert_eq!(aliases, links);
    assert!(matches!(
        cx.api
            .types
            .iter()
            .find(|d| d.wire_name.as_deref() == Some("S0"))
            .map(|d| &d.kind),
        Some(TypeKind::Alias(TypeRef::Named(_)))
    ));
}

/// The type a reference names, through nullability and boxes.
fn named<'a>(api: &'a Api, ty: &TypeRef) -> &'a crate::model::TypeDef {
    match ty {
        TypeRef::Named(id) => api.def(*id),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => named(api, inner),
        other => panic!("not a named type: {other:?}"),
    }
}

fn by_name<'a>(api: &'a Api, name: &str) -> &'a crate::model::TypeDef {
    api.def(crate::testing::type_id(api, name))
}

#[test]
fn all_of_merges_properties_and_required_lists() {
    let api = lower_schemas(
        r#"
    Base:
      type: object
      required: [id]
      properties: {id: {type: integer, format: int32}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties: {name: {type: string}, tag: {type: string}}
"#,
    );
    let TypeKind::Struct(pet) = &by_name(&api, "Pet").kind else {
        panic!("Pet is a struct")
    };
    let fields: Vec<(&str, bool)> = pet.fields.iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(fields, [("id", true), ("name", true), ("tag", false)]);
}

#[test]
fn a_discriminator_mapping_gives_each_variant_its_tags() {
    let api = lower_schemas(
        r#"
    Cat: {type: object, properties: {kind: {type: string}}}
    Dog: {type: object, properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', kitty: '#/components/schemas/Cat'}
"#,
    );
    let TypeKind::Union(pet) = &by_name(&api, "Pet").kind else {
        panic!("Pet is a union")
    };
    assert_eq!(pet.discriminator.as_deref(), Some("kind"));
    let variants: Vec<(&str, Vec<&str>)> = pet
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.tags.iter().map(String::as_str).collect()))
        .collect();
    // Mapped values where the mapping names the schema, else the component name.
    assert_eq!(variants, [("Cat", vec!["cat", "kitty"]), ("Dog", vec!["Dog"])]);
}

#[test]
fn a_variant_sets_its_tag_where_it_is_only_a_one_tag_variant() {
    let api = lower_schemas(
        r#"
    Cat: {type: object, properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, properties: {kind: {type: string}}}
    Fish: {type: object, properties: {kind: {type: string}, fins: {type: integer}}}
    Bird: {type: object, additionalProperties: {type: string}, properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Fish'}, {$ref: '#/components/schemas/Bird'}]
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog', hound: '#/components/schemas/Dog'}
    Tank: {type: object, properties: {fish: {$ref: '#/components/schemas/Fish'}}}
"#,
    );
    let fields = |name: &str| match &by_name(&api, name).kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire_name.clone()).collect::<Vec<_>>(),
        _ => panic!("{name} is a struct"),
    };
    // Only a variant, one tag: the union writes the tag, the struct has no field for it.
    assert_eq!(fields("Cat"), ["lives"]);
    // Two tags select Dog: the value must say which, so it keeps the field.
    assert_eq!(fields("Dog"), ["kind"]);
    // Fish is also a property of Tank, where nothing writes its tag.
    assert_eq!(fields("Fish"), ["kind", "fins"]);
    // Bird keeps unlisted properties in a map, where the tag would land.
    assert_eq!(fields("Bird"), ["kind"]);
    let TypeKind::Union(pet) = &by_name(&api, "Pet").kind else {
        panic!("Pet is a union")
    };
    assert_eq!(pet.unknown_variant, "Unknown");
}

#[test]
fn inline_enums_with_the_same_values_are_one_type_named_after_them() {
    let api = lower_schemas(
        r#"
    A: {type: object, properties: {state: {type: string, enum: [on, off]}}}
    B: {type: object, properties: {state: {type: string, enum: [on, off]}, mode: {type: string, enum: [x]}}}
    AState: {type: string}
"#,
    );
    let field = |owner: &str, name: &str| {
        let TypeKind::Struct(s) = &by_name(&api, owner).kind else {
            panic!("{owner} is a struct")
        };
        match s.fields.iter().find(|f| f.wire_name == name) {
            Some(f) => named(&api, &f.ty).name.clone(),
            None => panic!("{owner} has no field {name}"),
        }
    };
    assert_eq!(field("A", "state"), "OnOrOffValue");
    assert_eq!(field("B", "state"), "OnOrOffValue");
    // An enum used once keeps the name of its place.
    assert_eq!(field("B", "mode"), "BMode");
    // The component keeps its own name: nothing merged away took it first.
    assert_eq!(by_name(&api, "AState").wire_name.as_deref(), Some("AState"));
    // A merged-away enum claimed no name: nothing was numbered or named after its place.
    assert!(
        !api.types.iter().any(|d| d.name == "AState2" || d.name == "BState"),
        "{:?}",
        api.types.iter().map(|d| &d.name).collect::<Vec<_>>()
    );
    let shared = by_name(&api, "OnOrOffValue");
    assert!(
        shared.doc.as_deref().is_some_and(|d| d.contains("Shared by 2")),
        "{:?}",
        shared.doc
    );
    assert_eq!(
        api.types.iter().filter(|d| matches!(d.kind, TypeKind::Enum(_))).count(),
        2
    );
}

#[test]
fn colliding_names_are_numbered_in_spec_order() {
    let api = lower_schemas(
        r#"
    pet: {type: object, properties: {a: {type: string}}}
    Pet: {type: object, properties: {b: {type: string}}}
    pet-status: {type: string, enum: [a]}
"#,
    );
    let names: Vec<(&str, &str)> = api
        .types
        .iter()
        .filter_map(|d| Some((d.wire_name.as_deref()?, d.name.as_str())))
        .collect();
    assert_eq!(names, [("pet", "Pet"), ("Pet", "Pet2"), ("pet-status", "PetStatus")]);
}

#[test]
fn union_variants_are_named_after_the_final_names_of_their_types() {
    let api = lower_schemas(
        r#"
    Other: {type: object, properties: {s: {type: string, enum: [up, down]}}}
    State:
      oneOf:
        - {type: string, enum: [up, down]}
        - {type: integer}
"#,
    );
    let TypeKind::Union(u) = &by_name(&api, "State").kind else {
        panic!("State is a union")
    };
    let names: Vec<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["UpOrDownValue", "Integer"]);
}

#[test]
fn path_parameters_read_the_capture_at_their_place_in_the_template() {
    let api = lower_paths(
        r#"
  /a/{first}/b/{second}:
    parameters:
      - {name: second, in: path, required: true, schema: {type: string}}
    get:
      operationId: get
      parameters:
        - {name: first, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: ok}}
"#,
    );
    let op = &api.operations[0];
    let captures: Vec<(&str, Option<usize>)> = op.params.iter().map(|p| (p.wire_name.as_str(), p.capture)).collect();
    // In path order (the arguments' order), each reading its own capture.
    assert_eq!(captures, [("first", Some(0)), ("second", Some(1))]);
    assert_eq!(op.server_route.as_deref(), Some("/a/{p0}/b/{p1}"));
}

#[test]
fn the_preferred_body_is_json_and_differing_media_types_become_choices() {
    let api = lower_paths(
        r#"
  /same:
    get:
      operationId: same
      responses:
        "200":
          description: ok
          content:
            application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}
            application/json: {schema: {$ref: '#/components/schemas/Problem'}}
  /differ:
    get:
      operationId: differ
      responses:
        "200":
          description: ok
          content:
            text/csv: {schema: {type: string}}
            application/json: {schema: {type: object, properties: {a: {type: string}}}}
components:
  schemas:
    Problem: {type: object, properties: {title: {type: string}}}
"#,
    );
    use crate::model::{BodyFormat, ResponseContent};
    let content = |i: usize| &api.operations[i].responses[0].content;
    // Text and JSON carry different Rust values (a JSON string is quoted): two bodies.
    let ResponseContent::ByMediaType(c) = content(1) else {
        panic!("differing bodies are choices: {:?}", content(1))
    };
    assert_eq!(c.variants[c.preferred].1.media_type, "application/json");
    assert_eq!(c.variants.len(), 2);
    // Two JSON media types of one schema carry the same value: one body, the JSON one.
    let ResponseContent::One(b) = content(0) else {
        panic!("equal bodies are one: {:?}", content(0))
    };
    assert_eq!(
        (b.media_type.as_str(), b.format),
        ("application/json", BodyFormat::Json)
    );
}

#[test]
fn an_operation_named_like_a_keyword_gets_plain_derived_names() {
    let api = lower_paths(
        r#"
  /t:
    get:
      operationId: type
      responses: {"204": {description: ok}}
"#,
    );
    let op = &api.operations[0];
    assert_eq!(op.fn_name.to_string(), "r#type");
    assert_eq!(op.handler.to_string(), "handle_type");
    assert_eq!(
        (op.ok_enum.as_str(), op.error_enum.as_str()),
        ("TypeResponse", "TypeError")
    );
}

#[test]
fn read_only_and_write_only_properties_split_a_type_into_request_and_response_forms() {
    let api = crate::testing::lower(
        "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n\
         paths:\n  /users:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Team'}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Team'}\n\
         components:\n  schemas:\n\
         \x20   Team:\n      type: object\n      required: [members]\n      properties:\n        members: {type: array, items: {$ref: '#/components/schemas/User'}}\n        plain: {$ref: '#/components/schemas/Plain'}\n\
         \x20   User:\n      type: object\n      required: [id, name, password]\n      properties:\n        id: {type: integer, readOnly: true}\n        name: {type: string}\n        password: {type: string, writeOnly: true}\n\
         \x20   Plain:\n      type: object\n      properties:\n        a: {type: string}\n",
    );
    let fields = |name: &str| -> Vec<(String, bool)> {
        match &api.def(crate::testing::type_id(&api, name)).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| (f.wire_name.clone(), f.required)).collect(),
            other => panic!("{name} is not a struct: {other:?}"),
        }
    };
    let owned =
        |list: &[(&str, bool)]| -> Vec<(String, bool)> { list.iter().map(|(n, r)| ((*n).to_owned(), *r)).collect() };
    // Each form keeps the spec's requiredness for what it carries.
    assert_eq!(fields("User"), owned(&[("id", true), ("name", true)]));
    assert_eq!(fields("UserInput"), owned(&[("name", true), ("password", true)]));
    // A type reaching a split type has a request form that refers to the request forms.
    let team_input = crate::testing::type_id(&api, "TeamInput");
    let TypeKind::Struct(s) = &api.def(team_input).kind else {
        panic!("TeamInput is a struct")
    };
    assert_eq!(
        s.fields[0].ty,
        TypeRef::List(Box::new(TypeRef::Named(crate::testing::type_id(&api, "UserInput"))))
    );
    // The request body is the request form; the response is the type itself.
    let op = &api.operations[0];
    assert_eq!(op.body.as_ref().map(|b| &b.ty), Some(&TypeRef::Named(team_input)));
    // A schema without one-way properties below it stays one type, though requests use it.
    let plain = crate::testing::type_id(&api, "Plain");
    assert_eq!(s.fields[1].ty, TypeRef::Named(plain));
    assert!(!api.types.iter().any(|d| d.name == "PlainInput"));
}

/// The feature names of a type's gate (empty: compiled in every build).
fn gate_names<'a>(api: &'a Api, name: &str) -> Vec<&'a str> {
    by_name(api, name)
        .gate
        .0
        .iter()
        .map(|i| api.features[*i].name.as_str())
        .collect()
}

#[test]
fn each_tag_is_a_feature_and_each_type_is_gated_by_the_tags_that_reach_it() {
    let api = crate::testing::lower(
        r#"openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pet Store]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        default: {description: err, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /users:
    get:
      operationId: listUsers
      tags: [users, Pet Store]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
        default: {description: err, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /server:
    get:
      operationId: getServer
      tags: [server]
      responses:
        '204': {description: ok}
        default: {description: err, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
components:
  schemas:
    Pet:
      type: object
      properties: {owner: {$ref: '#/components/schemas/User'}}
    User:
      type: object
      properties: {name: {type: string}}
    Problem:
      type: object
      properties: {detail: {type: string}}
    Hook:
      type: object
      properties: {pet: {$ref: '#/components/schemas/Pet'}, extra: {$ref: '#/components/schemas/Extra'}}
    Extra:
      type: object
      properties: {n: {type: integer}}
"#,
    );
    // One feature per tag that holds an operation (its first tag), named in kebab-case, the
    // crate's own names (`server`) taken by nothing; then the types no operation reaches.
    let names: Vec<(&str, bool)> = api.features.iter().map(|f| (f.name.as_str(), f.operations)).collect();
    assert_eq!(
        names,
        [
            ("pet-store", true),
            ("users", true),
            ("server2", true),
            ("other-types", false)
        ]
    );
    let gates: Vec<(&str, Vec<usize>)> = api
        .operations
        .iter()
        .map(|op| (op.wire_id.as_str(), op.gate.0.clone()))
        .collect();
    assert_eq!(
        gates,
        [("listPets", vec![0]), ("listUsers", vec![1]), ("getServer", vec![2])]
    );
    // A type is compiled by every feature whose operations reach it, through references:
    // `User` by `pet-store` through `Pet`, and by `other-types` through `Hook` → `Pet`.
    assert_eq!(gate_names(&api, "Pet"), ["pet-store", "other-types"]);
    assert_eq!(gate_names(&api, "User"), ["pet-store", "users", "other-types"]);
    assert_eq!(gate_names(&api, "Hook"), ["other-types"]);
    assert_eq!(gate_names(&api, "Extra"), ["other-types"]);
    // Needed by the operations of every group: compiled always.
    assert_eq!(gate_names(&api, "Problem"), Vec::<&str>::new());
}

#[test]
fn a_spec_without_tags_is_grouped_by_resource_past_versions_and_parameters() {
    let api = lower_paths(
        r#"
  /v1/customers:
    get: {operationId: listCustomers, responses: {'204': {description: ok}}}
  /v1/customers/{id}/cards:
    get:
      operationId: listCards
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /v2.1/{account}/payment_links:
    get:
      operationId: listLinks
      parameters: [{name: account, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /:
    get: {operationId: root, responses: {'204': {description: ok}}}
"#,
    );
    let names: Vec<&str> = api.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["customers", "payment-links", "root"]);
    let gates: Vec<Vec<usize>> = api.operations.iter().map(|op| op.gate.0.clone()).collect();
    assert_eq!(gates, [vec![0], vec![0], vec![1], vec![2]]);
}

#[test]
fn a_prefix_every_path_shares_tells_no_resource_apart_and_names_keep_their_letters() {
    let api = lower_paths(
        r#"
  /api/Café/{id}:
    get: {operationId: getCafe, responses: {'204': {description: ok}}}
  /api/root:
    get: {operationId: getRoot, responses: {'204': {description: ok}}}
  /api/{id}:
    get: {operationId: getAny, responses: {'204': {description: ok}}}
"#,
    );
    let names: Vec<(&str, &str)> = api
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.what.as_str()))
        .collect();
    // `/api` is shared by every path; a path with no resource segment is a group of its
    // own, apart from a resource named `root`.
    assert_eq!(
        names,
        [
            ("café", "under `/Café`"),
            ("root", "under `/root`"),
            ("root2", "at paths without a resource segment")
        ]
    );
}

/// The name a type is an alias of, if it is one.
fn alias_of(api: &Api, name: &str) -> Option<String> {
    match &by_name(api, name).kind {
        TypeKind::Alias(ty) => Some(named(api, ty).name.clone()),
        _ => None,
    }
}

#[test]
fn copies_of_a_type_become_aliases_of_one_original() {
    let geo = "{type: object, properties: {lat: {type: number}, lon: {type: number}}}";
    let api = lower_schemas(&format!(
        r#"
    Route: {{type: object, required: [city], properties: {{city: {{type: string}}, geo: {geo}}}}}
    Stop: {{type: object, required: [city], properties: {{city: {{type: string}}, geo: {geo}}}}}
    Trip:
      type: object
      properties:
        from: {{type: object, required: [city], properties: {{city: {{type: string, description: Leaving.}}, geo: {geo}}}}}
        via: {{type: object, required: [city], properties: {{city: {{type: string, maxLength: 20}}, geo: {geo}}}}}
        back: {{type: object, required: [city], properties: {{city: {{type: string}}, geo: {geo}}}, example: {{city: x}}}}
        at: {{type: object, properties: {{name: {{type: string}}}}}}
    Waypoint: {{type: object, properties: {{name: {{type: string}}}}}}
"#
    ));
    // Two components alike: the shorter name is the original, the other an alias.
    assert_eq!(alias_of(&api, "Route").as_deref(), Some("Stop"));
    assert_eq!(alias_of(&api, "Stop"), None);
    // An inline copy of a component is an alias of the component, once the copies of the
    // types it refers to are merged (its `geo` was a type of its own); a field's
    // description does not tell copies apart.
    assert_eq!(alias_of(&api, "TripFrom").as_deref(), Some("Stop"));
    // A component is the original even where a copy's name is shorter.
    assert_eq!(alias_of(&api, "TripAt").as_deref(), Some("Waypoint"));
    // Every `geo` is one type, whichever struct holds it.
    for copy in ["RouteGeo", "TripFromGeo", "TripViaGeo", "TripBackGeo"] {
        assert_eq!(alias_of(&api, copy).as_deref(), Some("StopGeo"), "{copy}");
    }
    // A schema that checks more (a length) or shows another example is not a copy.
    assert!(matches!(by_name(&api, "TripVia").kind, TypeKind::Struct(_)));
    assert!(matches!(by_name(&api, "TripBack").kind, TypeKind::Struct(_)));
    // Each copy keeps its name and docs: nothing is renamed or dropped.
    assert!(by_name(&api, "TripFrom").origin.pointer.ends_with("/properties/from"));
}

#[test]
fn operations_with_the_same_responses_share_one_enum_of_them() {
    let error =
        "default: {description: Failed, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}";
    let api = crate::testing::lower(&format!(
        r#"openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {{description: Found, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item'}}}}}}}}
        {error}
    put:
      operationId: putA
      responses:
        "200": {{description: Found, content: {{application/json: {{schema: {{type: object, properties: {{id: {{type: string}}}}}}}}}}}}
        {error}
    post:
      operationId: postA
      responses:
        "200": {{description: Stored, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item'}}}}}}}}
        default: {{description: Failed otherwise, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}
  /b:
    get:
      operationId: getB
      responses:
        "200":
          description: Found
          headers: {{X-Rate: {{schema: {{type: integer}}}}}}
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item'}}}}}}
        {error}
    put:
      operationId: putB
      responses:
        "200":
          description: Found
          headers: {{X-Rate: {{required: true, schema: {{type: integer}}}}}}
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item'}}}}}}
        {error}
    post:
      operationId: postB
      responses:
        "200":
          description: Found
          headers: {{X-Rate: {{schema: {{type: integer}}}}}}
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item'}}}}}}
        {error}
  /c:
    get:
      operationId: getC
      responses:
        "200": {{description: Found, content: {{application/xml: {{schema: {{$ref: '#/components/schemas/Item'}}}}}}}}
        {error}
components:
  schemas:
    Item: {{type: object, properties: {{id: {{type: string}}}}}}
    Problem: {{type: object, properties: {{message: {{type: string}}}}}}
"#
    ));
    let same = |id: &str| {
        let op = api.operations.iter().find(|op| op.wire_id == id).expect("operation");
        let name = |k: Option<usize>| k.map(|k| api.operations[k].wire_id.as_str());
        (name(op.ok_same_as), name(op.error_same_as))
    };
    assert_eq!(same("getA"), (None, None));
    // The same errors. The success body is an inline copy of `Item`, an alias of it that
    // only this operation's feature compiles: an enum shared with `getA`, which may be in
    // another feature, could not name it, so the successes are not shared.
    assert_eq!(same("putA"), (None, Some("getA")));
    // Another description tells responses apart (it is the docs, and an error's
    // `description()`); so does a header.
    assert_eq!(same("postA"), (None, None));
    assert_eq!(same("getB"), (None, Some("getA")));
    // A header's requiredness tells responses apart; the same header again does not.
    assert_eq!(same("putB"), (None, Some("getA")));
    assert_eq!(same("postB"), (Some("getB"), Some("getA")));
    // So does a body's media type.
    assert_eq!(same("getC"), (None, Some("getA")));
}

#[test]
fn parameters_lower_their_style_explode_and_kind_and_reserved_headers_go() {
    use crate::model::{ParamKind, ParamStyle, SecurityKind};
    let (api, warnings) = crate::testing::lower_with_diagnostics(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: \"1\"}}\npaths:\n{}",
        r#"
  /a/{m}:
    get:
      operationId: get
      parameters:
        - {name: m, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: string}}}
        - {name: q, in: query, schema: {type: object, properties: {r: {type: integer}}}}
        - {name: p, in: query, style: pipeDelimited, schema: {type: string}}
        - {name: n, in: query, schema: {type: object, properties: {inner: {type: object}}}}
        - {name: r, in: query, allowReserved: true, schema: {type: string, default: x}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: Authorization, in: header, required: true, schema: {type: string}}
      responses: {"204": {description: ok}}
"#
    ));
    let op = &api.operations[0];
    let wire = |name: &str| {
        let p = op
            .params
            .iter()
            .find(|p| p.wire_name == name)
            .unwrap_or_else(|| panic!("{name}"));
        (p.wire.style, p.wire.explode, p.wire.allow_reserved, p.wire.kind)
    };
    assert_eq!(wire("m"), (ParamStyle::Matrix, true, false, ParamKind::List));
    // `form` explodes by default; a flat object travels as its own pairs.
    assert_eq!(wire("q"), (ParamStyle::Form, true, false, ParamKind::Object));
    // Undefined combinations fall back, with a warning each.
    assert_eq!(wire("p"), (ParamStyle::Form, false, false, ParamKind::Scalar));
    assert_eq!(wire("n"), (ParamStyle::DeepObject, true, false, ParamKind::Object));
    assert_eq!(wire("r"), (ParamStyle::Form, true, true, ParamKind::Scalar));
    for expected in [
        r#"parameter "p": style pipeDelimited with a single value, which OpenAPI does not define; it is written form-style"#,
        r#"parameter "n": style form with a nested or non-object value, which OpenAPI does not define; it is written deepObject-style"#,
        r#"header parameter "Accept" is ignored"#,
        "the required `Authorization` header parameter is the operation's only authentication",
    ] {
        assert!(warnings.contains(expected), "no warning {expected:?} in:\n{warnings}");
    }
    let r = op.params.iter().find(|p| p.wire_name == "r").map(|p| p.default.clone());
    assert_eq!(r, Some(Some(serde_json::json!("x"))));
    // `Accept` and `Authorization` are not parameters; a required `Authorization` with no
    // security of the operation's own is a credential.
    assert!(op
        .params
        .iter()
        .all(|p| !["Accept", "Authorization"].contains(&p.wire_name.as_str())));
    assert_eq!(op.security.len(), 1);
    let scheme = &api.security_schemes[op.security[0][0]];
    assert_eq!(scheme.rust_name.as_str(), "authorization");
    assert_eq!(
        scheme.kind,
        SecurityKind::ApiKey {
            location: crate::model::ParamLocation::Header,
            name: "Authorization".to_owned()
        }
    );
}

#[test]
fn a_default_that_is_no_value_of_its_type_is_not_applied_and_said() {
    let (api, warnings) = crate::testing::lower_with_diagnostics(
        r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: get
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: twenty}}
        - {name: small, in: query, schema: {type: integer, format: int32, default: 9999999999}}
        - {name: mode, in: query, schema: {type: string, enum: [a, b], default: c}}
        - {name: page, in: query, schema: {type: integer, default: 1}}
      responses: {"204": {description: ok}}
"#,
    );
    let default = |name: &str| {
        api.operations[0]
            .params
            .iter()
            .find(|p| p.wire_name == name)
            .and_then(|p| p.default.clone())
    };
    assert_eq!(default("page"), Some(serde_json::json!(1)));
    for name in ["limit", "small", "mode"] {
        assert_eq!(default(name), None, "{name}");
        let expected = format!("parameter {name:?}: the default");
        assert!(warnings.contains(&expected), "no warning {expected:?} in:\n{warnings}");
    }
    assert!(
        warnings.contains("#/paths/~1a/get/parameters/0/schema/default"),
        "{warnings}"
    );
}

#[test]
fn form_body_properties_lower_their_encoding_or_its_defaults() {
    use crate::model::{ParamKind, ParamStyle};
    let (api, warnings) = crate::testing::lower_with_diagnostics(
        r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: post
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                id: {type: string}
                tags: {type: array, items: {type: string}}
                csv: {type: array, items: {type: string}}
                meta: {type: object, properties: {a: {type: string}}}
                deep: {type: object, properties: {a: {type: string}}}
                expand: {type: array, items: {type: string}}
                raw: {type: string}
                piped: {type: string}
                name: {type: string}
                joined: {type: array, items: {type: string}}
            encoding:
              csv: {style: form, explode: false}
              deep: {style: deepObject}
              expand: {style: deepObject, explode: true}
              raw: {allowReserved: true}
              piped: {style: pipeDelimited}
              name: {style: deepObject, explode: true}
              joined: {explode: false}
      responses: {"204": {description: ok}}
"#,
    );
    let body = api.operations[0].body.as_ref().expect("a body");
    let wire = |name: &str| {
        let f = body
            .form_fields
            .iter()
            .find(|f| f.wire_name == name)
            .unwrap_or_else(|| panic!("{name}"));
        (f.wire.style, f.wire.explode, f.wire.allow_reserved, f.wire.kind)
    };
    // No entry: text, a repeated name for a list's items, JSON for an object.
    assert_eq!(wire("id"), (ParamStyle::Form, true, false, ParamKind::Scalar));
    assert_eq!(wire("tags"), (ParamStyle::Form, true, false, ParamKind::List));
    assert_eq!(wire("meta"), (ParamStyle::Form, true, false, ParamKind::Json));
    // An entry's style, its explode written out by the loader where left to the default.
    assert_eq!(wire("csv"), (ParamStyle::Form, false, false, ParamKind::List));
    assert_eq!(wire("deep"), (ParamStyle::DeepObject, true, false, ParamKind::Object));
    assert_eq!(wire("raw"), (ParamStyle::Form, true, true, ParamKind::Scalar));
    // A deepObject list (Stripe's `expand`) is written with indices, without a warning.
    assert_eq!(wire("expand"), (ParamStyle::DeepObject, true, false, ParamKind::Object));
    assert!(!warnings.contains(r#"property "expand""#), "{warnings}");
    // A deepObject scalar is itself (`name=a`), as brackets would write it, without a warning.
    assert_eq!(wire("name"), (ParamStyle::Form, true, false, ParamKind::Scalar));
    // `explode: false` alone makes the entry styled: form, not exploded (`joined=a,b`).
    assert_eq!(wire("joined"), (ParamStyle::Form, false, false, ParamKind::List));
    assert!(!warnings.contains(r#"property "name""#), "{warnings}");
    // An undefined combination falls back with a warning at its entry.
    assert_eq!(wire("piped"), (ParamStyle::Form, false, false, ParamKind::Scalar));
    assert!(
        warnings.contains(r#"property "piped": style pipeDelimited with a single value"#),
        "{warnings}"
    );
    assert!(warnings.contains("encoding/piped"), "{warnings}");
    assert!(!warnings.contains(r#"property "deep""#), "{warnings}");
}

#[test]
fn an_operations_own_authorization_parameter_overrides_its_paths() {
    let (api, _) = crate::testing::lower_with_diagnostics(
        r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    parameters:
      - {name: Authorization, in: header, required: true, schema: {type: string}}
    get:
      operationId: optional
      parameters:
        - {name: authorization, in: header, required: false, schema: {type: string}}
      responses: {"204": {description: ok}}
    put:
      operationId: inherited
      responses: {"204": {description: ok}}
"#,
    );
    let op = |id: &str| api.operations.iter().find(|o| o.wire_id == id).expect(id);
    // Optional on the operation: no credential stands in for it.
    assert!(op("optional").security.is_empty());
    assert_eq!(op("inherited").security.len(), 1);
}
