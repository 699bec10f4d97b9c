//! The core against real encrypted files in temp dirs: one test binary for
//! the whole crate (each file here is a module), so SQLCipher and the PDF
//! engine are linked once. `cargo test -p rapport_core --test all vault::`
//! runs one module.

mod common;

mod accounts;
mod architecture;
mod audiences;
mod blueprints;
mod book;
mod brief;
mod bulk;
mod care;
mod care_outputs;
mod changes;
mod commitments;
mod documents;
mod import_commit;
mod import_csv;
mod import_vcard;
mod meetings;
mod moves;
mod no_secrets_in_logs;
mod pdf;
mod portfolio;
mod relationships;
mod reports;
mod secret_service;
mod since;
mod vault;
