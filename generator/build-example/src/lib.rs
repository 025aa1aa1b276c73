//! A crate whose API module is generated at build time from `generator/tests/fixtures/pets.yaml`
//! by `generator::Builder` (see `build.rs`): nothing generated is checked in.

/// The pets API: `pets::types`, `pets::client::Client`, `pets::server`, `pets::mock`.
pub mod pets {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}
