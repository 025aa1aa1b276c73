//! Generates a Rust crate (model types, a client and server stubs) from an OpenAPI description.
//!
//! The pipeline runs one way: [`load`] → [`lower`] → [`emit`] → [`fresh`].

pub mod diag;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod normalize;
