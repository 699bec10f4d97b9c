//! Store: imports.
