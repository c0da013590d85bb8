//! Wire types of Samlet: what the server sends and the app reads, and the other way round.
//!
//! Serde structs and enums, plus the little both sides must agree on beyond the wire:
//! Danish time ([`denmark`]) and the Danish error texts ([`error::ErrorCode::danish`]).
//! The crate compiles to wasm for the app without pulling in anything the browser does
//! not need. Modules carry the same names as in the server and the app.

pub mod appeal;
pub mod audit;
pub mod contact;
pub mod delegation;
pub mod denmark;
pub mod documents;
pub mod error;
pub mod export;
pub mod integration;
pub mod messages;
pub mod notifications;
pub mod plan;
pub mod session;

#[cfg(test)]
mod roundtrip;
