//! Bringing contacts and accounts in from other tools: CSV as CRMs export it and vCard. (Being built.)
