//! Who a brief is for. What each audience may read is decided here and in
//! the section table ([`super::sections::BRIEF`], one audience per section),
//! never inside a section: [`BriefData::for_audience`] cuts the data down
//! before any section sees it, so a section prints what it is given.
//!
//! - executive: everything;
//! - internal: no personal-tie details (the notes and the go-between of
//!   personal and proxied ties), no interaction marked private;
//! - shareable with the customer: no analysis, no health, no dispositions or
//!   decision roles, no internal notes (the meeting's objective, asks,
//!   sensitivities, the review thread), no care record, no other customers.

use super::BriefData;
use crate::documents::kit::Audience;
use crate::kinds::Dimension;

impl BriefData {
    /// The data an `audience` may read (the executive's copy is the data as read).
    pub fn for_audience(mut self, audience: Audience) -> BriefData {
        if audience == Audience::Executive {
            return self;
        }
        // Internal and below.
        self.recent.retain(|i| !i.private);
        for tie in &mut self.relationship.connections {
            if matches!(tie.dimension, Dimension::Personal | Dimension::Proxied) {
                tie.notes = None;
                tie.intermediary = None;
            }
        }
        if audience == Audience::Internal {
            return self;
        }
        // Shareable with the customer.
        let rel = &mut self.relationship;
        rel.analysis.findings.clear();
        rel.connections.clear();
        rel.planned.clear();
        for p in rel.ours.iter_mut().chain(rel.theirs.iter_mut()).chain(self.attendees.iter_mut()) {
            p.disposition = None;
            p.decision_role = None;
            p.notes = None;
        }
        self.events.clear();
        self.recent.clear();
        self.care = super::Care::default();
        let m = &mut self.meeting;
        m.objective = None;
        m.value_proposition = None;
        m.asks = None;
        m.talking_points = None;
        m.sensitivities = None;
        m.logistics = None;
        let a = &mut self.account;
        a.business_environment = None;
        a.customer_strategy = None;
        a.annual_revenue = None;
        a.annual_margin = None;
        if let Some(plan) = &mut self.plan {
            crate::documents::kit::plan_for_customer(plan);
        }
        self
    }
}
