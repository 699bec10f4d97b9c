//! The JSON interchange format (docs/FORMAT.md). (Being built.)
