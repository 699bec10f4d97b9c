//! What leaves the app as a document. The briefs and packs ([`crate::brief`]),
//! the reports ([`crate::report`]) and the calendars ([`crate::ics`]) build on
//! the PDF engine ([`crate::pdf`], its own crate) and on the shared [`kit`].

pub mod kit;
