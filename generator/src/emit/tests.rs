//! Unit tests of emitting: the code written for small specs, asserted on its text.

use super::{allow_many_arguments, rust_type, Place, Side};
use crate::model::{media, Api, TypeRef};
use crate::testing::lower;

/// The formatted text of one emitted module, whitespace collapsed so tests can search it.
fn code(module: super::Module) -> String {
    match module.format() {
        Ok(text) => text.split_whitespace().collect::<Vec<_>>().join(" "),
        Err(e) => panic!("the module does not format: {e}"),
    }
}

fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(crate::testing::type_id(api, name))
}

const PETS: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
security: [{key: []}]
paths:
  /owners/{owner}/pets/{pet}:
    parameters:
      - {name: pet, in: path, required: true, schema: {type: integer}}
    get:
      operationId: getPet
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: a, in: query, schema: {type: string}}
        - {name: b, in: query, schema: {type: string}}
        - {name: c, in: query, schema: {type: string}}
        - {name: d, in: query, schema: {type: string}}
        - {name: e, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
            text/csv: {schema: {type: string}}
        "404": {$ref: '#/components/responses/Missing'}
  /pets:
    get:
      operationId: listPets
      responses:
        "404": {$ref: '#/components/responses/Missing'}
        default: {description: anything}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: x-key}
  responses:
    Missing:
      description: not found
      content:
        application/json: {schema: {type: object, properties: {why: {type: string}}}}
        text/plain: {schema: {type: string}}
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"#;

#[test]
fn types_elsewhere_name_std_by_full_path_and_spec_types_through_the_types_module() {
    let api = lower(PETS);
    let pet = named(&api, "Pet");
    let ty = TypeRef::Nullable(Box::new(TypeRef::List(Box::new(pet.clone()))));
    let text = rust_type(&api, &ty, Place::Elsewhere).to_string().replace(' ', "");
    assert_eq!(text, "::std::option::Option<::std::vec::Vec<crate::types::Pet>>");
    let inside = rust_type(&api, &TypeRef::Map(Box::new(pet)), Place::Types)
        .to_string()
        .replace(' ', "");
    assert_eq!(inside, "std::collections::BTreeMap<::std::string::String,Pet>");
}

#[test]
fn the_server_reads_each_path_parameter_from_its_capture_in_the_template() {
    let api = lower(PETS);
    let server = code(super::server::emit(&api));
    // `owner` is declared after `pet` but comes first in the template.
    let capture_of = |name: &str| {
        let at = server
            .find(&format!("name: \"{name}\""))
            .unwrap_or_else(|| panic!("{name}: {server}"));
        let rest = &server[at..];
        let end = rest.find("Presence").unwrap_or(rest.len());
        rest[..end]
            .split("Some(")
            .nth(1)
            .map(|s| s.split(')').next().unwrap_or_default().to_owned())
    };
    assert_eq!(capture_of("owner").as_deref(), Some("0usize"), "{server}");
    assert_eq!(capture_of("pet").as_deref(), Some("1usize"), "{server}");
    assert!(server.contains(r#".route( "/owners/{p0}/pets/{p1}","#), "{server}");
}

#[test]
fn the_client_picks_a_body_by_content_type_and_falls_back_to_the_preferred_one() {
    let api = lower(PETS);
    let client = code(super::client::emit(&api));
    assert!(
        client.contains(r#""text/csv" => crate::responses::GetPetOkBody::TextCsv(raw.text()?)"#),
        "{client}"
    );
    assert!(
        client.contains("_ => crate::responses::GetPetOkBody::ApplicationJson("),
        "{client}"
    );
}

#[test]
fn a_shared_response_with_several_bodies_has_one_body_enum() {
    let api = lower(PETS);
    let responses = code(super::responses::emit(&api));
    assert_eq!(responses.matches("pub enum MissingBody").count(), 1, "{responses}");
    // Both operations' 404 variants hold it: they are one enum, as the errors are the same.
    assert_eq!(
        responses.matches("body: crate::responses::MissingBody").count(),
        1,
        "{responses}"
    );
    assert!(
        responses.contains("pub type ListPetsError = GetPetError;"),
        "{responses}"
    );
}

#[test]
fn the_client_counts_required_inputs_and_the_server_every_input_context_and_credentials() {
    let api = lower(PETS);
    let op = &api.operations[0];
    // The client takes self and the two required parameters (the five optional ones go to
    // its builder): three, where all seven as arguments would pass clippy's limit. The
    // server takes self, the context, all seven and the credentials.
    assert!(allow_many_arguments(op, Side::Client).is_none());
    assert!(allow_many_arguments(op, Side::Server).is_some());
}

#[test]
fn media_ranges_are_sent_as_concrete_types() {
    assert_eq!(media::sent_as("text/*"), "text/plain");
    assert_eq!(media::sent_as("image/*"), "application/octet-stream");
    assert_eq!(
        media::sent_as("application/json; charset=utf-8"),
        "application/json; charset=utf-8"
    );
    assert_eq!(media::essence("Text/Plain; charset=x"), "text/plain");
    assert_eq!(
        media::body_format("application/problem+json"),
        crate::model::BodyFormat::Json
    );
}

#[test]
fn the_client_methods_generated_code_declares_are_the_reserved_ones() {
    let api = lower(PETS);
    let client = match super::client::emit(&api).format() {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    };
    // The first `impl Client` block is the client's own; the next ones hold operations.
    let start = client.find("impl Client {").unwrap_or(0);
    let block = &client[start..];
    let block = &block[..block.find("\n}").unwrap_or(block.len())];
    let mut declared: Vec<&str> = block
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("pub fn "))
        .filter_map(|rest| rest.split(['(', '<']).next())
        .collect();
    declared.sort_unstable();
    let mut reserved = crate::names::CLIENT_METHODS.to_vec();
    reserved.sort_unstable();
    assert_eq!(declared, reserved);
}

#[test]
fn the_shapes_table_and_its_runtime_come_with_a_client_or_server_and_mock_sections_with_the_mock() {
    let files = |outputs: crate::model::Outputs| {
        let mut api = lower(PETS);
        api.outputs = outputs;
        let config = super::Config {
            crate_name: "pets".into(),
            command: "test".into(),
            spec_label: "pets.yaml".into(),
            manifest: Default::default(),
            settings: Default::default(),
            settings_text: None,
        };
        match super::emit(&api, &config, "0") {
            Ok(files) => files,
            Err(e) => panic!("emit: {e}"),
        }
    };
    let find = |files: &[super::File], path: &str| files.iter().find(|f| f.path.to_str() == Some(path)).cloned();
    let outputs = |client, server, mock| crate::model::Outputs { client, server, mock };

    let client_only = files(outputs(true, false, false));
    let shapes = find(&client_only, "src/shapes.json").expect("a client checks its inputs");
    assert!(shapes.contents.contains("\"operations\"") && !shapes.contents.contains("\"places\""));
    let runtime = find(&client_only, "src/runtime/mod.rs").expect("runtime");
    assert!(runtime.contents.contains("pub mod shapes;") && !runtime.contents.contains("pub mod server;"));
    assert!(find(&client_only, "src/runtime/shapes.rs").is_some());

    let with_mock = files(outputs(true, true, true));
    let shapes = find(&with_mock, "src/shapes.json").expect("shapes");
    assert!(
        shapes.contents.contains("\"places\""),
        "the mock's places are in the one table"
    );
    assert_eq!(
        with_mock
            .iter()
            .filter(|f| f.path.to_str() == Some("src/shapes.json"))
            .count(),
        1
    );

    let types_only = files(outputs(false, false, false));
    assert!(find(&types_only, "src/shapes.json").is_none());
    assert!(find(&types_only, "src/runtime/shapes.rs").is_none());
    let runtime = find(&types_only, "src/runtime/mod.rs").expect("runtime");
    assert!(!runtime.contents.contains("mod shapes"), "{}", runtime.contents);
    let lib = find(&types_only, "src/lib.rs").expect("lib");
    assert!(!lib.contents.contains("fn shapes"));
}

#[test]
fn a_line_break_in_a_tag_stays_inside_the_manifest_comment_and_feature_names_are_cargos() {
    let api = crate::testing::lower(
        "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: a\n      tags: [\"Admin\\n[dependencies]\\nx = \\\"1\\\"\"]\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: b\n      tags: [\"Tier²\"]\n      responses: {'204': {description: ok}}\n",
    );
    let config = super::Config {
        crate_name: "t".to_owned(),
        command: "test".to_owned(),
        spec_label: "t.yaml".to_owned(),
        manifest: super::Manifest::default(),
        settings: crate::config::Settings::default(),
        settings_text: None,
    };
    let manifest: toml::Table = match toml::from_str(&super::manifest::emit(&api, &config, &[])) {
        Ok(table) => table,
        Err(e) => panic!("the manifest is not TOML: {e}"),
    };
    let features: Vec<&String> = manifest["features"]
        .as_table()
        .map(|t| t.keys().collect())
        .unwrap_or_default();
    assert!(features.iter().any(|f| *f == "admin-dependencies-x-1"), "{features:?}");
    assert!(features.iter().any(|f| *f == "tier"), "{features:?}");
    let dependencies = manifest["dependencies"].as_table().map(|t| t.contains_key("x"));
    assert_eq!(dependencies, Some(false), "no dependency comes from a tag");
}

#[test]
fn structs_write_serialize_by_hand_unless_a_derive_may_read_serde_attributes() {
    let mut api = crate::testing::lower_schemas(
        r#"
    Note:
      type: object
      properties:
        noteText: {type: string}
        cleared: {type: string, nullable: true}
"#,
    );
    let by_hand = code(super::types::emit(&api));
    assert!(by_hand.contains("impl serde::Serialize for Note"), "{by_hand}");
    assert!(
        by_hand.contains(r#"__out.optional("noteText", &self.note_text)?;"#),
        "{by_hand}"
    );
    assert!(
        by_hand.contains(r#"__out.nullable("cleared", &self.cleared)?;"#),
        "{by_hand}"
    );
    assert!(!by_hand.contains("#[serde("), "{by_hand}");
    // A derive std does not define may read serde's attributes: Serialize is derived with them.
    api.derives = vec!["schemars::JsonSchema".to_owned()];
    let derived = code(super::types::emit(&api));
    assert!(
        derived.contains("#[derive(Debug, Clone, Default, serde::Serialize)]"),
        "{derived}"
    );
    assert!(
        derived.contains(r#"#[serde(rename = "noteText", skip_serializing_if = "::std::option::Option::is_none")]"#),
        "{derived}"
    );
    assert!(
        derived.contains(r#"serialize_with = "crate::runtime::ser::double_option""#),
        "{derived}"
    );
    assert!(!derived.contains("impl serde::Serialize for Note"), "{derived}");
    // std's derives read none: by hand still.
    api.derives = vec!["Eq".to_owned(), "Hash".to_owned()];
    assert!(code(super::types::emit(&api)).contains("impl serde::Serialize for Note"));
}

#[test]
fn a_shared_response_enum_is_defined_once_for_every_feature_that_uses_it() {
    let api = lower(
        r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "204": {description: Done}
        default: {description: Failed}
  /stores:
    get:
      operationId: listStores
      tags: [stores]
      responses:
        "204": {description: Done}
        default: {description: Failed}
  /owners:
    get:
      operationId: listOwners
      tags: [owners]
      responses:
        "200": {description: Listed, content: {text/plain: {schema: {type: string}}}}
        default: {description: Failed}
  /vets:
    get:
      operationId: listVets
      tags: [vets]
      responses:
        "200": {description: Listed, content: {text/plain: {schema: {type: string}}}}
        default: {description: Failed}
"#,
    );
    let responses = code(super::responses::emit(&api));
    // One enum, compiled with either feature; the other operation's name is an alias.
    assert_eq!(responses.matches("pub enum ListPetsError").count(), 1, "{responses}");
    assert!(!responses.contains("pub enum ListStoresError"), "{responses}");
    assert!(
        responses.contains(
            r#"#[cfg(any(feature = "pets", feature = "stores", feature = "owners", feature = "vets"))] /// Documented error responses of `listPets`"#
        ),
        "{responses}"
    );
    assert!(
        responses.contains(r#"#[cfg(feature = "stores")] /// Documented error responses of `listStores` (`GET /stores`): `listPets` declares the same, so both use one enum, [`ListPetsError`]. pub type ListStoresError = ListPetsError;"#),
        "{responses}"
    );
    // The server encodes the enum once, under the same gate.
    let server = code(super::server::emit(&api));
    assert_eq!(
        server
            .matches("IntoResponse for crate::responses::ListPetsError")
            .count(),
        1
    );
    assert!(
        !server.contains("IntoResponse for crate::responses::ListStoresError"),
        "{server}"
    );
    assert!(server.contains(
        r#"#[cfg(any(feature = "pets", feature = "stores", feature = "owners", feature = "vets"))] impl axum::response::IntoResponse for crate::responses::ListPetsError"#
    ));
    // Operations with the same two enums are decoded by one function.
    let client = code(super::client::emit(&api));
    assert_eq!(client.matches("fn decode_").count(), 2, "{client}");
    assert!(
        client.contains(r#"#[cfg(any(feature = "pets", feature = "stores"))] fn decode_list_pets("#),
        "{client}"
    );
    assert_eq!(
        client.matches("call(__request, decode_list_pets)").count(),
        2,
        "{client}"
    );
    // The function names the enums as they are defined, not by its first user's aliases,
    // which only that user's feature compiles.
    assert!(
        client.contains(
            r#"#[cfg(any(feature = "owners", feature = "vets"))] fn decode_list_owners( raw: crate::runtime::client::RawResponse, ) -> Result< Success<crate::responses::ListOwnersResponse>, Error<crate::responses::ListPetsError>, >"#
        ),
        "{client}"
    );
}

#[test]
fn shapes_say_when_formats_are_annotations_and_carry_defaults() {
    let mut api = lower(
        r#"
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                mail: { type: string, format: email, default: a@b.c }
      responses:
        '204': { description: ok }
"#,
    );
    let asserted = super::shapes::json(&api, None);
    assert!(!asserted.contains("formats_annotate"), "{asserted}");
    assert!(asserted.contains(r#""default":"a@b.c""#), "{asserted}");
    api.formats_annotate = true;
    assert!(super::shapes::json(&api, None).contains(r#""formats_annotate": true"#));
}

#[test]
fn the_runtime_is_a_dependency_whose_features_follow_the_crates_or_a_vendored_module() {
    let files = |runtime: Option<crate::config::RuntimeSetting>| {
        let api = lower(PETS);
        let config = super::Config {
            crate_name: "pets".into(),
            command: "test".into(),
            spec_label: "pets.yaml".into(),
            manifest: super::Manifest {
                runtime,
                ..Default::default()
            },
            settings: Default::default(),
            settings_text: None,
        };
        match super::emit(&api, &config, "0") {
            Ok(files) => files,
            Err(e) => panic!("emit: {e}"),
        }
    };
    let text = |files: &[super::File], path: &str| {
        files
            .iter()
            .find(|f| f.path.to_str() == Some(path))
            .map(|f| f.contents.clone())
    };
    let path = crate::config::RuntimeSetting::Dependency(
        [("path".to_owned(), toml::Value::String("../runtime".to_owned()))]
            .into_iter()
            .collect(),
    );
    let dependent = files(Some(path));
    assert!(dependent.iter().all(|f| !f.path.starts_with("src/runtime")));
    let manifest = text(&dependent, "Cargo.toml").expect("a manifest");
    assert!(
        manifest.contains(r#"openapi-rs-runtime = { path = "../runtime", features = ["#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"client = ["dep:reqwest", "openapi-rs-runtime/client"]"#),
        "{manifest}"
    );
    assert!(manifest.contains(r#""openapi-rs-runtime/mock"]"#), "{manifest}");
    let lib = text(&dependent, "src/lib.rs").expect("lib.rs");
    assert!(lib.contains("pub use openapi_rs_runtime as runtime;"), "{lib}");

    let vendored = files(None);
    let manifest = text(&vendored, "Cargo.toml").expect("a manifest");
    assert!(!manifest.contains("openapi-rs-runtime"), "{manifest}");
    let module = text(&vendored, "src/runtime/mod.rs").expect("the runtime module");
    // What only the crate has is gone; the macro is reached through the module.
    assert!(!module.contains("#[cfg(test)]") && !module.contains("#[macro_export]"));
    assert!(
        module.contains("#[allow(unused_macros)]\nmacro_rules! string_enum"),
        "a spec without enums does not use it"
    );
    assert!(!module.contains("#[cfg(feature = \"chrono\")]"));
    assert!(module.contains("$crate::runtime::StringEnum") && module.ends_with("pub(crate) use string_enum;\n"));
    assert!(text(&vendored, "src/lib.rs").is_some_and(|lib| lib.contains("pub mod runtime;")));
}
