//! Store: book.
