// Plain shapes for the relationship pictures. The account page fills them from
// the IPC bindings; nothing here knows where they came from.

// The vocabularies themselves are the core's (the generated bindings).
import type { DecisionRole, Dimension, Disposition, Side } from '../ipc';

export type { DecisionRole, Dimension, Disposition, Side };

export interface MapPerson {
  id: string;
  name: string;
  title: string | null;
  side: Side;
  /** 1 = CEO / the top of the organisation. */
  level: number;
  /** Ours: executive, sales, product_development, customer_service, installation, logistics, finance, other. */
  function: string | null;
  department: string | null;
  reports_to_id: string | null;
  decision_role: DecisionRole | null;
  disposition: Disposition | null;
  active: boolean;
}

export interface MapTie {
  id: string;
  ours_id: string;
  theirs_id: string;
  dimension: Dimension;
  intermediary: string | null;
  /** 1–5. */
  strength: number;
  /** YYYY-MM-DD. */
  last_contact: string | null;
  /** A tie a blueprint goal plans to make, not made yet. */
  planned?: { cadence_days: number; goal: string };
}

export interface MapRisks {
  /** Our people flagged as key-person risk. */
  key_person_ids: string[];
  /** Ties far above the working level. */
  far_above_tie_ids: string[];
  /** Their executives contacted with no working-level tie beneath. */
  bypassed_ids: string[];
  working_level: number | null;
}
