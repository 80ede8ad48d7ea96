//! The catalogue: serde model, loading and validation.

pub mod model;

pub use model::*;
