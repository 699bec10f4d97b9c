//! Store: settings.
