//! podium: campaign data → award results → a static website.
//!
//! The library's entry points are the commands: [`build`], [`check`] and
//! [`explain`] (in [`commands`]) and [`init`] (in [`mod@init`]), each taking its
//! options struct and returning a typed result or a [`Failure`]. They print nothing: the input's problems go to a
//! `report` callback as soon as they are known, and [`cli`] (the `podium` binary)
//! parses arguments, calls one of them and prints what comes back.
//!
//! The stages run in one direction: [`load`] (files → [`model::Project`]),
//! [`validate`] (warnings and checks that need results), [`rules`] (the pure
//! award engine), [`render`] (results → numbered files in memory, handed to a
//! [`render::Sink`]) and [`output`] (the only module that writes the site to disk: the
//! output folder, the staging folder and its swap, the plan of the site's
//! folders and the thread that makes them; it implements the sink). [`urls`] spells the
//! public addresses all of them share. [`messages`] holds what podium says, in
//! Vietnamese and English: diagnostics keep a message's id and arguments, and are
//! put into words in the language asked for when printed.

pub mod cli;
pub mod commands;
pub mod error;
pub mod format;
pub mod init;
pub mod ix;
pub mod load;
pub mod messages;
pub mod model;
pub mod output;
pub mod render;
pub mod rules;
pub mod serve;
pub mod template;
pub mod urls;
pub mod validate;

pub use cli::run;
pub use commands::{
    BuildOptions, BuildSummary, CheckOptions, CheckSummary, ExplainOptions, Failure, TemplateOptions, TemplateSummary,
    build, check, explain, template,
};
pub use init::{InitOptions, InitSummary, init};
