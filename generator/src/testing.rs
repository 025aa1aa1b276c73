//! Helpers for the unit tests of the stages: small specs written inline, lowered.

use crate::diag::Diagnostics;
use crate::model::{Api, TypeId};

/// Lowers a spec written as YAML, which must load and lower without errors.
pub(crate) fn lower(yaml: &str) -> Api {
    lower_with_diagnostics(yaml).0
}

/// [`lower`], with the diagnostics (warnings) it gave, as text.
pub(crate) fn lower_with_diagnostics(yaml: &str) -> (Api, String) {
    let mut diags = Diagnostics::new("test.yaml");
    let Some(loaded) = crate::load::load_str(yaml, std::path::Path::new("test.yaml"), &mut diags) else {
        panic!("test spec does not load:\n{diags}");
    };
    let api = crate::lower::lower(&loaded.api, &crate::config::Lowering::default(), &mut diags);
    assert!(!diags.has_errors(), "unexpected errors:\n{diags}");
    (api, diags.to_string())
}

/// Lowers component schemas (YAML indented by four spaces, as under `components.schemas`).
pub(crate) fn lower_schemas(schemas: &str) -> Api {
    lower(&format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n{schemas}"))
}

/// Lowers paths (YAML indented by two spaces, as under `paths`).
pub(crate) fn lower_paths(paths: &str) -> Api {
    lower(&format!("{HEADER}paths:\n{paths}"))
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n";

/// The type named `name` in `api` (a test failure, listing the names, when there is none).
pub(crate) fn type_id(api: &Api, name: &str) -> TypeId {
    match api.types.iter().position(|d| d.name == name) {
        Some(i) => TypeId(i),
        None => panic!(
            "no type {name}; there are {:?}",
            api.types.iter().map(|d| &d.name).collect::<Vec<_>>()
        ),
    }
}
