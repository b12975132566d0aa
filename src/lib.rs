//! podium: campaign data → award results → a static website.
//!
//! The stages run in one direction: [`load`] (files → [`model::Project`]),
//! [`validate`] (warnings and checks that need results), [`rules`] (the pure
//! award engine), [`render`] (results → files in memory) and [`output`] (the
//! only module that writes to disk). [`urls`] spells the public addresses all of
//! them share.

pub mod cli;
pub mod error;
pub mod format;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod rules;
pub mod urls;
pub mod validate;

pub use cli::run;
