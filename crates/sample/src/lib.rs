//! Sample books: a small hand-written one that shows every kind of finding,
//! with a week of executive visits in every state of the review gate, and a
//! large generated one for trying the app (and timing it) at the size of a real
//! book of business. Both load into an empty vault only, in one transaction,
//! through the same bulk insert as `book::import`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};

use rapport_core::blueprint::{
    Blueprint, BlueprintCommand, GoalStatus, IdeaKind, Measure, NewBlueprint, Period, PersonRef,
};
use rapport_core::book::CommitmentRecord;
use rapport_core::book::{
    AccountRecord, BlueprintRecord, BookCounts, ConnectionRecord, FeedbackEventRecord, FeedbackRecord, HealthRecord,
    InteractionRecord, MeetingEventRecord, MeetingRecord, OwnershipAnswerRecord, PersonRecord, PersonRoleRecord,
    SettingsRecord, StoryRecord,
};
use rapport_core::bulk;
use rapport_core::bulk::timestamp;
use rapport_core::care::account::OwnershipQuestion;
use rapport_core::care::feedback::{self, FeedbackAction, FeedbackChannel, FeedbackState, FeedbackStep, ThanksHow};
use rapport_core::care::health::HealthPart;
use rapport_core::care::story::{self, Failure, StoryKind};
use rapport_core::error::{Error, Result};
use rapport_core::kinds::{Function, MeetingKind, Side};
use rapport_core::meetings::{self, GateAction, MeetingState, gate};

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same
/// book on every platform, with no dependency on `rand`'s algorithm choices.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed ^ 0x5EED_F00D_B00C_u64)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A UUIDv7-shaped id whose time part is `at`, the rest from the generator.
    fn id(&mut self, at: DateTime<Utc>) -> String {
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid().hyphenated().to_string()
    }
}

/// UUIDv7-shaped ids for the generated book, strictly increasing: one
/// millisecond apart from a fixed start, the rest from the generator. Every
/// insert then appends to the id indexes instead of landing on a random page,
/// which is what keeps a million-row load fast.
struct Ids {
    millis: u64,
}

impl Ids {
    fn next(&mut self, rng: &mut Rng) -> String {
        self.millis += 1;
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&rng.next().to_le_bytes());
        bytes[8..].copy_from_slice(&rng.next().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(self.millis, &bytes).into_uuid().hyphenated().to_string()
    }
}

fn some(text: &str) -> Option<String> {
    if text.is_empty() { None } else { Some(text.to_string()) }
}

/// Midnight UTC of `now`'s day: the demo books depend on the day, not the second.
fn day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive().and_time(NaiveTime::MIN).and_utc()
}

fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

async fn begin(pool: &SqlitePool, now: DateTime<Utc>) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    bulk::begin(pool, now).await
}

// ---------------------------------------------------------------------------
// The sample book

/// One of our people: key, name, title, function, level.
type Ours = (&'static str, &'static str, &'static str, &'static str, i64);

const OURS: &[Ours] = &[
    ("ceo", "Helena Marsh", "Chief Executive Officer", "executive", 1),
    ("coo", "Tomasz Wren", "Chief Operating Officer", "executive", 2),
    ("cfo", "Priya Raman", "Chief Financial Officer", "finance", 2),
    ("cso", "Daniel Okoro", "Chief Sales Officer", "sales", 2),
    ("cto", "Ines Varga", "Chief Technology Officer", "product_development", 2),
    ("service", "Leo Brandt", "Director of Customer Service", "customer_service", 3),
    ("sales_north", "Amara Lindqvist", "Sales Director, Northern Europe", "sales", 3),
    ("logistics", "Rafael Costa", "Director of Logistics", "logistics", 3),
    ("install", "Sanne de Wit", "Director of Installation", "installation", 3),
    ("kam1", "Jonas Feld", "Key Account Manager", "sales", 4),
    ("kam2", "Chloé Martin", "Key Account Manager", "sales", 4),
    ("product", "Kenji Ito", "Product Manager", "product_development", 4),
    ("svc_mgr", "Fatima Nouri", "Service Manager", "customer_service", 4),
    ("finance", "Oskar Berg", "Finance Business Partner", "finance", 5),
    ("engineer", "Maya Tran", "Installation Engineer", "installation", 5),
    // Left the company last spring: kept, marked inactive.
    ("former", "Viktor Sand", "Key Account Manager (left)", "sales", 4),
];

/// One of theirs: key, name, title, department, level, reports-to key,
/// decision role, disposition, still there.
type Theirs =
    (&'static str, &'static str, &'static str, &'static str, i64, &'static str, &'static str, &'static str, bool);

/// A connection: ours, theirs, dimension, strength, intermediary, interactions logged.
type Tie = (&'static str, &'static str, &'static str, i64, &'static str, u32);

struct Sample {
    name: &'static str,
    industry: &'static str,
    region: &'static str,
    tier: &'static str,
    status: &'static str,
    currency: &'static str,
    revenue: i64,
    margin: i64,
    owner: &'static str,
    sponsor: &'static str,
    environment: &'static str,
    strategy: &'static str,
    goals: &'static str,
    /// What their interactions are about.
    topics: &'static [&'static str],
    theirs: &'static [Theirs],
    ties: &'static [Tie],
    trashed: bool,
}

const SAMPLES: &[Sample] = &[
    // Healthy: formal ties carry it, executive ties one or two levels above a
    // connected working level, every decision role reached, a champion.
    Sample {
        name: "Nordhavn Energy",
        industry: "Energy",
        region: "Nordics",
        tier: "strategic",
        status: "active",
        currency: "EUR",
        revenue: 48_000_000,
        margin: 9_100_000,
        owner: "sales_north",
        sponsor: "coo",
        environment: "Offshore wind is growing faster than their grid can absorb; the regulator wants fewer outages.",
        strategy: "Move from fixing faults to predicting them, and buy fewer, longer service contracts.",
        goals: "Cut unplanned grid downtime by a fifth in two years with our monitoring in every substation.",
        topics: &["substation monitoring rollout", "the winter outage plan", "spare-parts stock levels"],
        theirs: &[
            ("a", "Eirik Solberg", "Chief Executive", "Executive Office", 1, "", "decision_maker", "supporter", true),
            ("b", "Hanne Vik", "Chief Operating Officer", "Operations", 2, "a", "approver", "champion", true),
            ("c", "Lars Eide", "Head of Grid Maintenance", "Operations", 3, "b", "influencer", "supporter", true),
            ("d", "Mette Aas", "Head of Procurement", "Procurement", 3, "a", "gatekeeper", "neutral", true),
            ("e", "Jon Brekke", "Maintenance Planner", "Operations", 4, "c", "user", "supporter", true),
            ("f", "Siri Dahl", "Field Service Lead", "Operations", 4, "c", "user", "champion", true),
        ],
        ties: &[
            ("ceo", "a", "formal", 3, "", 3),
            ("coo", "b", "formal", 4, "", 5),
            ("sales_north", "c", "formal", 4, "", 14),
            ("kam1", "d", "formal", 3, "", 12),
            ("svc_mgr", "e", "formal", 3, "", 6),
            ("engineer", "f", "personal", 3, "", 5),
        ],
        trashed: false,
    },
    // A key account nobody owns.
    Sample {
        name: "Brightline Logistics",
        industry: "Logistics",
        region: "Benelux",
        tier: "key",
        status: "active",
        currency: "EUR",
        revenue: 12_500_000,
        margin: 1_900_000,
        owner: "",
        sponsor: "cso",
        environment: "Parcel volumes are flat while labour costs climb; two depots are being automated.",
        strategy: "Automate sorting in every depot by 2028 and sell the spare floor space.",
        goals: "Be their automation partner for the next three depots.",
        topics: &["the Venlo depot retrofit", "conveyor uptime", "the automation roadmap"],
        theirs: &[
            ("a", "Pieter Janssens", "Managing Director", "Board", 1, "", "decision_maker", "neutral", true),
            ("b", "Femke Willems", "Director of Operations", "Operations", 2, "a", "approver", "champion", true),
            ("c", "Bram Peeters", "Depot Manager, Venlo", "Operations", 3, "b", "influencer", "supporter", true),
            ("d", "Noor Maes", "Buyer", "Procurement", 3, "a", "gatekeeper", "neutral", true),
            ("e", "Ruben Claes", "Shift Supervisor", "Operations", 4, "c", "user", "supporter", true),
        ],
        ties: &[
            ("cso", "b", "formal", 4, "", 4),
            ("logistics", "c", "formal", 4, "", 11),
            ("kam2", "d", "formal", 3, "", 9),
            ("svc_mgr", "e", "formal", 3, "", 7),
            ("coo", "a", "formal", 2, "", 2),
        ],
        trashed: false,
    },
    // A strategic account without an executive sponsor.
    Sample {
        name: "Calder Retail Group",
        industry: "Retail",
        region: "United Kingdom",
        tier: "strategic",
        status: "at_risk",
        currency: "GBP",
        revenue: 31_000_000,
        margin: 3_400_000,
        owner: "kam2",
        sponsor: "",
        environment: "High-street footfall keeps falling; online orders now carry half their revenue.",
        strategy: "Turn a third of their stores into click-and-collect hubs.",
        goals: "Equip the first forty hubs with our handling systems before the peak season.",
        topics: &["the click-and-collect pilot", "store refit timings", "the peak-season staffing plan"],
        theirs: &[
            ("a", "Fiona Calder", "Group Chief Executive", "Board", 1, "", "decision_maker", "supporter", true),
            ("b", "Graham Doyle", "Chief Supply Chain Officer", "Supply Chain", 2, "a", "approver", "neutral", true),
            ("c", "Aisha Patel", "Head of Store Operations", "Stores", 3, "b", "influencer", "champion", true),
            ("d", "Owen Hughes", "Category Buyer", "Procurement", 4, "b", "gatekeeper", "sceptic", true),
            ("e", "Megan Price", "Hub Project Manager", "Stores", 4, "c", "user", "supporter", true),
        ],
        ties: &[
            ("cso", "b", "formal", 3, "", 3),
            ("kam2", "c", "formal", 4, "", 12),
            ("kam2", "d", "formal", 2, "", 6),
            ("install", "e", "formal", 3, "", 9),
            ("ceo", "a", "personal", 2, "", 1),
        ],
        trashed: false,
    },
    // Key-person risk: our CEO holds most of the relationship and is the only
    // thread above their working level.
    Sample {
        name: "Stellan Health",
        industry: "Healthcare",
        region: "DACH",
        tier: "strategic",
        status: "active",
        currency: "EUR",
        revenue: 22_000_000,
        margin: 4_200_000,
        owner: "kam1",
        sponsor: "ceo",
        environment: "Hospitals in the group are merging their sterile-supply departments.",
        strategy: "One central sterile-supply centre per region, run around the clock.",
        goals: "Supply and service the equipment for their first two regional centres.",
        topics: &["the regional sterile-supply centre", "service response times", "validation paperwork"],
        theirs: &[
            ("a", "Dr. Katrin Vogel", "Chief Executive", "Board", 1, "", "decision_maker", "champion", true),
            ("b", "Matthias Roth", "Chief Medical Officer", "Medical", 2, "a", "approver", "supporter", true),
            ("c", "Julia Hartmann", "Head of Sterile Supply", "Operations", 3, "b", "influencer", "neutral", true),
            ("d", "Stefan Bauer", "Technical Purchasing Lead", "Procurement", 3, "b", "gatekeeper", "neutral", true),
            ("e", "Lena Schulz", "Biomedical Engineer", "Engineering", 4, "c", "user", "supporter", true),
        ],
        ties: &[
            ("ceo", "a", "personal", 5, "", 6),
            ("ceo", "b", "formal", 5, "", 4),
            ("kam1", "c", "formal", 2, "", 14),
            ("svc_mgr", "d", "formal", 1, "", 10),
            ("engineer", "e", "formal", 1, "", 3),
        ],
        trashed: false,
    },
    // Held mostly on personal and proxied ties.
    Sample {
        name: "Vireo Manufacturing",
        industry: "Manufacturing",
        region: "Northern Italy",
        tier: "key",
        status: "active",
        currency: "EUR",
        revenue: 9_800_000,
        margin: 1_300_000,
        owner: "kam1",
        sponsor: "cto",
        environment: "A family-owned maker of packaging machines facing Asian competitors on price.",
        strategy: "Compete on uptime and service, not price; add remote diagnostics to every machine.",
        goals: "Embed our controllers in their next machine generation.",
        topics: &["the next machine generation", "controller firmware", "the trade fair in Milan"],
        theirs: &[
            ("a", "Giulia Ferraro", "Owner and Chief Executive", "Board", 1, "", "decision_maker", "champion", true),
            ("b", "Marco Bellini", "Technical Director", "Engineering", 2, "a", "approver", "supporter", true),
            ("c", "Paolo Greco", "Head of Automation", "Engineering", 3, "b", "influencer", "supporter", true),
            ("d", "Sara Conti", "Purchasing Manager", "Procurement", 3, "a", "gatekeeper", "neutral", true),
        ],
        ties: &[
            ("cto", "b", "personal", 5, "", 5),
            ("product", "c", "personal", 4, "", 10),
            ("ceo", "a", "proxied", 3, "Roberto Sala, a board member at both companies' industry association", 2),
            ("kam1", "d", "formal", 2, "", 8),
        ],
        trashed: false,
    },
    // An executive tie far above the working level: our CEO with theirs on a
    // small, routine service contract.
    Sample {
        name: "Quayside Bank",
        industry: "Banking",
        region: "Ireland",
        tier: "strategic",
        status: "active",
        currency: "EUR",
        revenue: 3_200_000,
        margin: 600_000,
        owner: "kam2",
        sponsor: "cfo",
        environment: "A mid-sized bank consolidating branches and moving cash handling to partners.",
        strategy: "Halve the branch estate and automate cash logistics by 2027.",
        goals: "Keep the cash-centre maintenance contract and win the branch closures work.",
        topics: &["cash-centre maintenance", "the quarterly service report", "branch decommissioning"],
        theirs: &[
            ("a", "Declan Murphy", "Group Chief Executive", "Board", 1, "", "decision_maker", "supporter", true),
            ("b", "Niamh Kelly", "Chief Operating Officer", "Operations", 2, "a", "approver", "neutral", true),
            ("c", "Ciarán Walsh", "Head of Cash Operations", "Operations", 3, "b", "influencer", "champion", true),
            ("d", "Aoife Byrne", "Facilities Manager", "Operations", 4, "c", "gatekeeper", "neutral", true),
            ("e", "Seán Ryan", "Cash Centre Supervisor", "Operations", 5, "d", "user", "supporter", true),
            ("f", "Orla Doyle", "Maintenance Coordinator", "Operations", 5, "d", "user", "neutral", true),
        ],
        ties: &[
            ("ceo", "a", "formal", 3, "", 2),
            ("kam2", "c", "formal", 3, "", 3),
            ("svc_mgr", "e", "formal", 3, "", 12),
            ("engineer", "f", "formal", 3, "", 10),
            ("service", "d", "formal", 3, "", 4),
        ],
        trashed: false,
    },
    // A bypassed team: our COO knows their Director of Housing, nobody knows
    // the housing team beneath; the work happens with IT.
    Sample {
        name: "Westmoor County Council",
        industry: "Public sector",
        region: "United Kingdom",
        tier: "key",
        status: "active",
        currency: "GBP",
        revenue: 5_600_000,
        margin: 700_000,
        owner: "service",
        sponsor: "coo",
        environment: "Budgets are cut again next year; social housing repairs are a political priority.",
        strategy: "Fix repairs backlogs with shared digital services across departments.",
        goals: "Extend our repair-scheduling service from IT's pilot to the whole housing stock.",
        topics: &["the repairs scheduling pilot", "data-sharing agreement", "the housing backlog"],
        theirs: &[
            ("a", "Rosalind Price", "Chief Executive", "Corporate", 1, "", "decision_maker", "neutral", true),
            ("b", "Gareth Evans", "Director of Housing", "Housing", 2, "a", "approver", "supporter", true),
            ("c", "Janet Moss", "Head of Repairs", "Housing", 3, "b", "influencer", "sceptic", true),
            ("d", "Tom Ashby", "Repairs Team Leader", "Housing", 4, "c", "user", "neutral", true),
            ("e", "Kiran Shah", "Head of Digital", "IT", 3, "a", "influencer", "champion", true),
            ("f", "Lucy Fenwick", "Systems Manager", "IT", 4, "e", "user", "supporter", true),
            ("g", "Adam Cole", "Contracts Officer", "Procurement", 4, "a", "gatekeeper", "neutral", true),
        ],
        ties: &[
            ("coo", "b", "formal", 4, "", 3),
            ("service", "e", "formal", 3, "", 5),
            ("svc_mgr", "f", "formal", 4, "", 14),
            ("kam1", "g", "formal", 3, "", 8),
        ],
        trashed: false,
    },
    // Nobody recorded as the decision maker.
    Sample {
        name: "Aldergrove Foods",
        industry: "Food and beverage",
        region: "France",
        tier: "growth",
        status: "prospect",
        currency: "EUR",
        revenue: 0,
        margin: 0,
        owner: "kam2",
        sponsor: "cso",
        environment: "A fast-growing maker of chilled ready meals, outgrowing its two plants.",
        strategy: "Open a third plant and double export volumes within three years.",
        goals: "Win the cold-chain equipment for the new plant.",
        topics: &["the third plant", "cold-chain requirements", "a site visit to our reference customer"],
        theirs: &[
            ("a", "Camille Laurent", "Plant Director", "Operations", 3, "", "influencer", "champion", true),
            ("b", "Hugo Mercier", "Engineering Manager", "Engineering", 4, "a", "user", "supporter", true),
            ("c", "Élise Fournier", "Purchasing Manager", "Procurement", 4, "", "gatekeeper", "neutral", true),
        ],
        ties: &[
            ("kam2", "a", "formal", 3, "", 6),
            ("product", "b", "formal", 3, "", 5),
            ("kam2", "c", "formal", 2, "", 3),
        ],
        trashed: false,
    },
    // No champion: nobody there argues our case.
    Sample {
        name: "Keel & Harrow Shipping",
        industry: "Shipping",
        region: "Germany",
        tier: "key",
        status: "at_risk",
        currency: "EUR",
        revenue: 7_400_000,
        margin: 500_000,
        owner: "logistics",
        sponsor: "coo",
        environment: "Container rates fell by half; every supplier contract is being renegotiated.",
        strategy: "Cut terminal costs by a quarter, even at the price of switching suppliers.",
        goals: "Keep the crane maintenance contract through the renegotiation.",
        topics: &["the contract renegotiation", "crane availability figures", "a late repair in Bremerhaven"],
        theirs: &[
            ("a", "Henrik Albers", "Chief Executive", "Board", 1, "", "decision_maker", "sceptic", true),
            ("b", "Birgit Lorenz", "Chief Financial Officer", "Finance", 2, "a", "approver", "detractor", true),
            ("c", "Jens Köhler", "Terminal Manager", "Operations", 3, "a", "influencer", "neutral", true),
            ("d", "Anke Wolf", "Strategic Buyer", "Procurement", 3, "b", "gatekeeper", "sceptic", true),
            ("e", "Timo Krause", "Crane Engineer", "Operations", 4, "c", "user", "supporter", true),
        ],
        ties: &[
            ("coo", "a", "formal", 3, "", 2),
            ("cfo", "b", "formal", 2, "", 2),
            ("logistics", "c", "formal", 3, "", 9),
            ("kam1", "d", "formal", 2, "", 7),
            ("engineer", "e", "formal", 3, "", 8),
        ],
        trashed: false,
    },
    // People who left: their champion moved on, and so did our account manager.
    Sample {
        name: "Pellucid Pharma",
        industry: "Pharmaceuticals",
        region: "Switzerland",
        tier: "growth",
        status: "active",
        currency: "CHF",
        revenue: 4_100_000,
        margin: 800_000,
        owner: "kam1",
        sponsor: "cto",
        environment: "New clean-room rules force a refit of two production lines.",
        strategy: "Refit both lines without stopping supply of their two largest products.",
        goals: "Deliver the clean-room refit of line two on time.",
        topics: &["the line-two refit", "clean-room validation", "handover after Anna left"],
        theirs: &[
            ("a", "Beat Keller", "Site Director", "Operations", 2, "", "decision_maker", "neutral", true),
            (
                "b",
                "Anna Frei",
                "Head of Engineering (left in June)",
                "Engineering",
                3,
                "a",
                "influencer",
                "champion",
                false,
            ),
            ("c", "Reto Meier", "Head of Engineering", "Engineering", 3, "a", "influencer", "neutral", true),
            ("d", "Nina Brunner", "Validation Specialist", "Quality", 4, "c", "user", "supporter", true),
        ],
        ties: &[
            ("cto", "a", "formal", 3, "", 2),
            ("former", "b", "personal", 4, "", 9),
            ("product", "c", "formal", 2, "", 4),
            ("engineer", "d", "formal", 3, "", 8),
        ],
        trashed: false,
    },
    // Healthy, with a proxied tie through a named intermediary.
    Sample {
        name: "Ironbridge Steel",
        industry: "Manufacturing",
        region: "United Kingdom",
        tier: "key",
        status: "active",
        currency: "GBP",
        revenue: 14_700_000,
        margin: 2_600_000,
        owner: "sales_north",
        sponsor: "cfo",
        environment: "Converting a blast furnace to electric arc; energy prices decide everything.",
        strategy: "Greener steel at a premium for carmakers, with predictable delivery slots.",
        goals: "Supply the material handling for the electric arc furnace hall.",
        topics: &["the arc furnace hall", "delivery slot planning", "energy metering"],
        theirs: &[
            ("a", "Richard Hale", "Chief Executive", "Board", 1, "", "decision_maker", "supporter", true),
            ("b", "Emma Clarke", "Finance Director", "Finance", 2, "a", "approver", "neutral", true),
            ("c", "Sunil Mehta", "Head of Operations", "Operations", 2, "a", "influencer", "champion", true),
            ("d", "Karen Lloyd", "Melt Shop Manager", "Operations", 3, "c", "user", "supporter", true),
            ("e", "Dave Turner", "Procurement Lead", "Procurement", 3, "b", "gatekeeper", "neutral", true),
            ("f", "Zoe Bennett", "Logistics Planner", "Operations", 4, "d", "user", "supporter", true),
        ],
        ties: &[
            (
                "ceo",
                "a",
                "proxied",
                2,
                "Sir Alan Pryce, who chairs the regional manufacturing council we both sit on",
                1,
            ),
            ("cfo", "b", "formal", 3, "", 3),
            ("sales_north", "c", "formal", 4, "", 6),
            ("install", "d", "formal", 4, "", 11),
            ("kam2", "e", "formal", 3, "", 9),
            ("logistics", "f", "formal", 3, "", 7),
        ],
        trashed: false,
    },
    // In the trash: lost to a competitor, kept in case it comes back.
    Sample {
        name: "Solent Water",
        industry: "Utilities",
        region: "United Kingdom",
        tier: "growth",
        status: "former",
        currency: "GBP",
        revenue: 0,
        margin: 0,
        owner: "kam2",
        sponsor: "",
        environment: "A regulated water company under pressure to stop leaks.",
        strategy: "Replace ageing pumps on a ten-year plan.",
        goals: "",
        topics: &["the pump replacement tender"],
        theirs: &[
            ("a", "Martin Oakes", "Asset Manager", "Engineering", 3, "", "decision_maker", "neutral", true),
            ("b", "Priti Desai", "Buyer", "Procurement", 4, "a", "gatekeeper", "neutral", true),
        ],
        ties: &[("kam2", "a", "formal", 2, "", 3)],
        trashed: true,
    },
];

/// Accounts that keep their own target interval instead of their tier's:
/// a small routine contract seen every two months, a prospect being courted
/// every three weeks.
const SAMPLE_CADENCE: &[(&str, i64)] = &[("Quayside Bank", 60), ("Aldergrove Foods", 21)];

const SAMPLE_EMAIL_DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

fn email(name: &str, rng: &mut Rng) -> String {
    let clean: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' => 'e',
            'ö' => 'o',
            'á' => 'a',
            c if c.is_ascii_alphanumeric() => c,
            _ => '.',
        })
        .collect();
    let local = clean.split('.').filter(|s| !s.is_empty()).collect::<Vec<_>>().join(".");
    format!("{local}@{}", rng.pick(SAMPLE_EMAIL_DOMAINS))
}

fn interaction_text(kind: &str, their: &str, topic: &str) -> String {
    let first = their.split(' ').find(|w| !w.ends_with('.')).unwrap_or(their);
    match kind {
        "call" => format!("Call with {first} on {topic}"),
        "email" => format!("Email exchange with {first} about {topic}"),
        "site_visit" => format!("Site visit with {first}: {topic}"),
        "executive_business_review" => format!("Executive business review with {first}: {topic}"),
        "annual_customer_review" => format!("Annual customer review with {first}"),
        "social" => format!("Dinner with {first}; talked about {topic}"),
        "event" => format!("Met {first} at an industry event; {topic} came up"),
        _ => format!("Meeting with {first} on {topic}"),
    }
}

const OUTCOMES: &[&str] = &[
    "Agreed next steps and owners.",
    "They asked for a revised quote.",
    "Concerns about response times; we promised a plan.",
    "Positive; they want a reference visit.",
    "No decision yet; budget is still open.",
];
const FOLLOW_UPS: &[&str] = &[
    "Send the summary and thank them.",
    "Book a follow-up call in two weeks.",
    "Share the service figures for the last quarter.",
    "Introduce our product manager.",
];

/// Loads the sample book into an empty vault: a dozen accounts across
/// industries, our people, theirs, connections and 18 months of interactions,
/// with every kind of finding present somewhere and an account in the trash;
/// then a week of executive visits (see [`SAMPLE_WEEK`]), a blueprint at
/// every stage (see [`SAMPLE_BLUEPRINTS`]), the accounts' care (feedback in
/// every state of its loop, stories, the ownership check, two accounts on
/// their own cadence, today's health score and a made-up year before it) and
/// the settings of a London-based CEO (a setting the vault already has is kept).
/// Refuses a vault that already holds accounts or people (field "book").
pub async fn load_sample(pool: &SqlitePool, now: DateTime<Utc>) -> Result<BookCounts> {
    let mut rng = Rng::new(2026);
    let today = day_start(now);
    let mut tx = begin(pool, now).await?;
    let mut counts = BookCounts::default();
    let setup = today - Duration::days(600);
    // Account name → its id and its people's ids by key, for the meetings.
    let mut loaded: HashMap<&'static str, (String, HashMap<&'static str, String>)> = HashMap::new();
    let mut sponsors: HashMap<&'static str, String> = HashMap::new();

    let mut our_ids = HashMap::new();
    let mut ours = Vec::new();
    for (n, (key, name, title, function, level)) in OURS.iter().enumerate() {
        let created = setup + Duration::minutes(n as i64);
        let id = rng.id(created);
        our_ids.insert(*key, (id.clone(), *level));
        let left = *key == "former";
        ours.push(PersonRecord {
            id,
            side: "ours".into(),
            name: (*name).into(),
            title: some(title),
            function: some(function),
            org_level: *level,
            email: Some(email(name, &mut rng)),
            notes: left.then(|| "Left in April; his accounts were handed over to Jonas and Chloé.".into()),
            active: !left,
            created_at: timestamp(created),
            updated_at: timestamp(if left { today - Duration::days(220) } else { created }),
            ..Default::default()
        });
    }
    counts.people += ours.len() as u64;
    bulk::people(&mut tx, ours).await?;

    for (n, sample) in SAMPLES.iter().enumerate() {
        let created = setup + Duration::days(n as i64 * 3);
        let stamp = timestamp(created);
        let account_id = rng.id(created);
        let our = |key: &str| our_ids.get(key).map(|(id, _)| id.clone());
        let reviewed = today - Duration::days(30 + rng.below(300) as i64);
        let account = AccountRecord {
            id: account_id.clone(),
            name: sample.name.into(),
            tier: sample.tier.into(),
            status: sample.status.into(),
            industry: some(sample.industry),
            region: some(sample.region),
            currency: some(sample.currency),
            annual_revenue: Some(sample.revenue),
            annual_margin: Some(sample.margin),
            owner_id: our(sample.owner),
            sponsor_id: our(sample.sponsor),
            business_environment: some(sample.environment),
            customer_strategy: some(sample.strategy),
            mutual_goals: some(sample.goals),
            last_customer_review: Some(date(reviewed)),
            next_customer_review: Some(date(reviewed + Duration::days(365))),
            last_internal_review: Some(date(reviewed - Duration::days(20))),
            next_internal_review: Some(date(reviewed + Duration::days(160))),
            cadence_days: SAMPLE_CADENCE.iter().find(|(name, _)| *name == sample.name).map(|(_, days)| *days),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: sample.trashed.then(|| timestamp(today - Duration::days(12))),
        };
        if let Some(sponsor) = &account.sponsor_id {
            sponsors.insert(sample.name, sponsor.clone());
        }
        bulk::accounts(&mut tx, vec![account]).await?;
        counts.accounts += 1;

        let mut their_ids = HashMap::new();
        for (key, ..) in sample.theirs {
            their_ids.insert(*key, rng.id(created));
        }
        loaded.insert(sample.name, (account_id.clone(), their_ids.clone()));
        let theirs: Vec<PersonRecord> = sample
            .theirs
            .iter()
            .map(|(key, name, title, department, level, boss, role, disposition, active)| PersonRecord {
                id: their_ids[key].clone(),
                side: "theirs".into(),
                account_id: Some(account_id.clone()),
                name: (*name).into(),
                title: some(title),
                department: some(department),
                org_level: *level,
                reports_to_id: their_ids.get(boss).cloned(),
                decision_role: some(role),
                disposition: some(disposition),
                email: Some(email(name, &mut rng)),
                notes: (!active).then(|| "Moved to another company; keep in touch, she may buy from us there.".into()),
                active: *active,
                created_at: stamp.clone(),
                updated_at: stamp.clone(),
                ..Default::default()
            })
            .collect();
        counts.people += theirs.len() as u64;
        bulk::people(&mut tx, theirs).await?;

        let mut connections = Vec::new();
        let mut interactions = Vec::new();
        for (ours_key, their_key, dimension, strength, intermediary, logged) in sample.ties {
            let (ours_id, ours_level) = our_ids[ours_key].clone();
            connections.push(ConnectionRecord {
                id: rng.id(created),
                account_id: account_id.clone(),
                ours_id: ours_id.clone(),
                theirs_id: their_ids[their_key].clone(),
                dimension: (*dimension).into(),
                intermediary: some(intermediary),
                strength: *strength,
                cadence_days: Some(if ours_level <= 2 { 90 } else { 30 }),
                notes: None,
                created_at: stamp.clone(),
                updated_at: stamp.clone(),
                deleted_at: None,
            });
            let their_name = sample.theirs.iter().find(|t| t.0 == *their_key).map_or("", |t| t.1);
            for _ in 0..*logged {
                let on = today - Duration::days(1 + rng.below(540) as i64);
                let kind = if ours_level <= 2 {
                    *rng.pick(&["meeting", "executive_business_review", "call", "event"])
                } else if *dimension == "personal" {
                    *rng.pick(&["call", "social", "meeting", "email"])
                } else {
                    *rng.pick(&["meeting", "call", "email", "site_visit", "call"])
                };
                let logged_at = on + Duration::hours(17);
                interactions.push(InteractionRecord {
                    id: rng.id(logged_at),
                    account_id: account_id.clone(),
                    occurred_on: date(on),
                    kind: kind.into(),
                    people: vec![ours_id.clone(), their_ids[their_key].clone()],
                    summary: interaction_text(kind, their_name, rng.pick::<&str>(sample.topics)),
                    outcomes: rng.chance(0.6).then(|| (*rng.pick(OUTCOMES)).into()),
                    follow_ups: rng.chance(0.4).then(|| (*rng.pick(FOLLOW_UPS)).into()),
                    private: false,
                    created_at: timestamp(logged_at),
                    updated_at: timestamp(logged_at),
                    deleted_at: None,
                });
            }
        }
        if n == 0 {
            // A duplicate entry someone binned last week: the trash holds it.
            let on = today - Duration::days(9);
            interactions.push(InteractionRecord {
                id: rng.id(on),
                account_id: account_id.clone(),
                occurred_on: date(on),
                kind: "call".into(),
                people: vec![],
                summary: "Call about the winter outage plan (entered twice)".into(),
                created_at: timestamp(on),
                updated_at: timestamp(on + Duration::hours(1)),
                deleted_at: Some(timestamp(on + Duration::hours(1))),
                ..Default::default()
            });
        }
        interactions.sort_by(|a, b| a.id.cmp(&b.id));
        counts.connections += connections.len() as u64;
        counts.interactions += interactions.len() as u64;
        bulk::connections(&mut tx, connections).await?;
        bulk::interactions(&mut tx, interactions).await?;
    }

    sample_move(&mut tx, &mut counts, today, &our_ids, &loaded).await?;

    let (meetings, events) = sample_week(&mut rng, now, &our_ids, &loaded)?;
    counts.meetings = meetings.len() as u64;
    counts.meeting_events = events.len() as u64;
    bulk::meetings(&mut tx, meetings).await?;
    bulk::meeting_events(&mut tx, events).await?;
    let ids = SampleIds { ours: &our_ids, accounts: &loaded, sponsors: &sponsors };
    let blueprints = sample_blueprints(&mut rng, now, &ids)?;
    counts.blueprints = blueprints.len() as u64;
    bulk::blueprints(&mut tx, blueprints).await?;
    let (feedback, steps) = sample_feedback(&mut rng, now, &ids)?;
    (counts.feedback, counts.feedback_events) = (feedback.len() as u64, steps.len() as u64);
    bulk::feedback(&mut tx, feedback).await?;
    bulk::feedback_events(&mut tx, steps).await?;
    let stories = sample_stories(&mut rng, now, &ids)?;
    counts.stories = stories.len() as u64;
    bulk::stories(&mut tx, stories).await?;
    let answers = sample_ownership(&mut rng, now, &ids)?;
    counts.ownership_answers = answers.len() as u64;
    bulk::ownership_answers(&mut tx, answers).await?;
    let promises = sample_commitments(now, &ids)?;
    counts.commitments = promises.len() as u64;
    bulk::commitments(&mut tx, promises).await?;
    let ceo = OURS[0].1.to_string();
    let settings = SettingsRecord {
        your_name: Some(ceo.clone()),
        home_time_zone: Some("Europe/London".into()),
        traveller: Some(ceo),
        stale_after_days: None,
    };
    bulk::write_settings(&mut tx, &settings).await?;

    bulk::refresh_summaries(&mut tx, now).await?;

    // Today's health is scored from the book as loaded, as the app scores
    // it; the year before is made up around it (see invented_health_history).
    let mut past = Vec::new();
    for sample in SAMPLES.iter().filter(|s| !s.trashed) {
        let account_id = &loaded[sample.name].0;
        let health = rapport_core::care::account::record_health(&mut tx, account_id, today.date_naive()).await?;
        let parts: Vec<(HealthPart, u32)> = health.parts.iter().map(|p| (p.part, p.points)).collect();
        let year_ago = SAMPLE_HEALTH_YEAR_AGO.iter().find(|(name, _)| *name == sample.name).map_or(0, |(_, d)| *d);
        past.extend(invented_health_history(&mut rng, account_id, &parts, year_ago, today.date_naive()));
        counts.health_history += 1;
    }
    counts.health_history += past.len() as u64;
    bulk::health_history(&mut tx, past).await?;
    // Again, for the trend against the made-up year.
    bulk::refresh_summaries(&mut tx, now).await?;
    tx.commit().await?;
    Ok(counts)
}

// ---------------------------------------------------------------------------
// The sample week of executive visits

/// A step through the review gate: the action, who took it (one of our
/// people, by key) and the question, answer or reason that went with it.
type Step = (GateAction, &'static str, &'static str);

/// One meeting of the sample week. Empty strings are fields left blank.
struct SampleMeeting {
    account: &'static str,
    title: &'static str,
    kind: MeetingKind,
    zone: &'static str,
    /// Days from the Monday of the visit week; -14 is the Monday of the week
    /// before this one (those meetings have taken place).
    day: i64,
    /// Local start, hour and minute.
    start: (u32, u32),
    minutes: i64,
    location: &'static str,
    trip: &'static str,
    objective: &'static str,
    value_proposition: &'static str,
    asks: &'static str,
    talking_points: &'static str,
    sensitivities: &'static str,
    logistics: &'static str,
    /// Attendees: our people and theirs, by their keys in [`OURS`] and [`SAMPLES`].
    ours: &'static [&'static str],
    theirs: &'static [&'static str],
    steps: &'static [Step],
    trashed: bool,
}

const NORTHERN_TOUR: &str = "Northern Europe tour";
const ASIA_CALLS: &str = "Asia calls";

/// Next week's visits (Monday to Friday after the day the sample is loaded)
/// and two from last week, between them in every state of the review gate:
/// approved after a challenge, submitted, challenged with the question still
/// open, challenged and answered, a draft without its value proposition yet, a
/// draft pulled back after submitting, declined with the reason, held,
/// followed up, and a duplicate in the trash. Several time zones; the CEO's
/// home is London.
const SAMPLE_WEEK: &[SampleMeeting] = &[
    SampleMeeting {
        account: "Nordhavn Energy",
        title: "Substation monitoring: the next two hundred sites",
        kind: MeetingKind::BusinessReview,
        zone: "Europe/Oslo",
        day: 0,
        start: (9, 30),
        minutes: 90,
        location: "Nordhavn Energy head office, Oslo",
        trip: NORTHERN_TOUR,
        objective: "Agree with Eirik and Hanne that phase two of the monitoring rollout goes ahead in the spring, \
                    with us as the only supplier.",
        value_proposition: "Phase one cut unplanned outages at the pilot substations by a third. Rolling the same \
                            monitoring out to the next two hundred sites before next winter gives them the outage \
                            figures their regulator is asking for, a year early.",
        asks: "A decision on phase two before the end of January.\n\
               A five-year service agreement instead of yearly renewals.\n\
               Their outage data for a joint case study we publish together.",
        talking_points: "Open with the winter outage plan: it held, thanks to Lars's team.\n\
                         Show the phase-one figures substation by substation, not the average.\n\
                         Offer to train their field crews alongside ours, as Siri suggested.",
        sensitivities: "Their settlement with the regulator is still open: do not speculate about fines.\n\
                        Procurement (Mette Aas) is not in the room and will want a say on a five-year term.",
        logistics: "Flight from Heathrow on Sunday evening; hotel by Oslo Central Station. Amara meets you in the \
                    lobby at 08:45. Car to the airport booked for 11:30.",
        ours: &["ceo", "coo", "sales_north"],
        theirs: &["a", "b", "c"],
        steps: &[
            (GateAction::Submit, "sales_north", ""),
            (
                GateAction::Challenge,
                "ceo",
                "Do they have the budget for phase two before the regulator settles in March, or are we asking \
                 too early?",
            ),
            (
                GateAction::Answer,
                "sales_north",
                "Hanne has set the budget aside in next year's plan. The settlement changes when they pay, not \
                 whether they go ahead, and she asked us to make the ask now.",
            ),
            (GateAction::Submit, "sales_north", ""),
            (GateAction::Approve, "ceo", "Good. Lead with the five-year term, not the price."),
        ],
        trashed: false,
    },
    SampleMeeting {
        account: "Brightline Logistics",
        title: "Venlo depot: the automation roadmap",
        kind: MeetingKind::Connecting,
        zone: "Europe/Amsterdam",
        day: 1,
        start: (10, 0),
        minutes: 150,
        location: "Brightline depot, Venlo",
        trip: NORTHERN_TOUR,
        objective: "Meet Pieter Janssens for the first time and earn a place in planning their next three depots, \
                    not just the Venlo retrofit.",
        value_proposition: "The Venlo retrofit runs at the uptime we promised. The same design in the next three \
                            depots saves them a year of trial and error, and a staged rollout keeps every depot \
                            shipping while it is converted.",
        asks: "A joint planning session for the next three depots in the first quarter.\n\
               A named executive on their side for the automation programme.\n\
               An introduction to the engineers who will run the next depot.",
        talking_points: "Thank Femke for championing the retrofit.\n\
                         Walk the conveyor line with Bram and let him present the uptime figures.\n\
                         Ask Pieter what would make them choose one automation partner for every depot.",
        sensitivities: "Nobody owns this account on our side yet; Pieter may ask who does. Daniel proposes an \
                        owner before the visit.\n\
                        Do not compare their depots with a competitor's, even favourably.",
        logistics: "Afternoon flight from Oslo to Amsterdam on Monday, then the train to Venlo; hotel by the \
                    station. The visit starts with a safety briefing: boots are provided, bring photo ID.",
        ours: &["ceo", "cso", "logistics"],
        theirs: &["a", "b", "c"],
        steps: &[(GateAction::Submit, "cso", "")],
        trashed: false,
    },
    SampleMeeting {
        account: "Brightline Logistics",
        title: "Venlo visit",
        kind: MeetingKind::Connecting,
        zone: "Europe/Amsterdam",
        day: 1,
        start: (10, 0),
        minutes: 120,
        location: "Venlo",
        trip: "",
        objective: "",
        value_proposition: "",
        asks: "",
        talking_points: "",
        sensitivities: "",
        logistics: "",
        ours: &["cso"],
        theirs: &[],
        steps: &[],
        // Entered twice; the other one is the real one.
        trashed: true,
    },
    SampleMeeting {
        account: "Keel & Harrow Shipping",
        title: "Crane maintenance: keeping the contract through the renegotiation",
        kind: MeetingKind::Negotiation,
        zone: "Europe/Berlin",
        day: 2,
        start: (9, 0),
        minutes: 90,
        location: "Keel & Harrow terminal offices, Hamburg",
        trip: NORTHERN_TOUR,
        objective: "Keep the crane maintenance contract through their supplier renegotiation, at a price both \
                    sides can live with.",
        value_proposition: "Crane availability has stayed above the contracted level in eleven of the last twelve \
                            months. Changing supplier in the middle of the season puts that at risk; we offer a \
                            lower base price for a longer term, with a bonus for availability that both sides \
                            share.",
        asks: "A three-year term in exchange for a lower base price.\n\
               A shared availability bonus, settled every quarter.\n\
               A direct line to Birgit Lorenz for commercial questions.",
        talking_points: "Own the late repair in Bremerhaven first: what happened and what we changed since.\n\
                         Show availability month by month.\n\
                         Present the shared bonus as a way to cut their cost, not to protect our margin.",
        sensitivities: "Birgit Lorenz has been openly against us since the Bremerhaven repair: apologise, do not \
                        defend it, and move on.\n\
                        They are talking to two other suppliers; do not ask which.",
        logistics: "Flight from Amsterdam to Hamburg on Tuesday evening. Tomasz joins from Munich. The room is \
                    booked until 11:00.",
        ours: &["ceo", "coo", "logistics"],
        theirs: &["a", "b"],
        steps: &[
            (GateAction::Submit, "coo", ""),
            (GateAction::Challenge, "ceo", "What is our walk-away price, and who signs off if they push below it?"),
        ],
        trashed: false,
    },
    SampleMeeting {
        account: "Stellan Health",
        title: "Regional sterile-supply centres: a board-level check-in",
        kind: MeetingKind::Connecting,
        zone: "America/New_York",
        day: 2,
        start: (11, 0),
        minutes: 45,
        location: "Video call",
        trip: "",
        objective: "Keep in touch with Dr. Vogel and ask for the second regional centre.",
        value_proposition: "The first centre's equipment went in on schedule and passed validation the first \
                            time. The same team can deliver the second centre without a new tender, a year \
                            sooner.",
        asks: "The second regional centre without a new tender.\n\
               An introduction to their new head of purchasing.",
        talking_points: "Thank her for the reference she gave us in Munich.\n\
                         Share the validation results from the first centre.",
        sensitivities: "Their merger vote is next month; nothing may sound like pressure before it.",
        logistics: "Dr. Vogel joins from a hospital conference in New York. 11:00 there is 17:00 in Hamburg: take \
                    the call from the hotel.",
        ours: &["ceo", "kam1"],
        theirs: &["a", "b"],
        steps: &[
            (GateAction::Submit, "kam1", ""),
            (
                GateAction::Challenge,
                "ceo",
                "Am I the right person for this call? The whole relationship already runs through me.",
            ),
            (
                GateAction::Answer,
                "kam1",
                "You are the one Katrin takes calls from. But point taken: Leo and I could take the same ask to \
                 Julia Hartmann and Stefan Bauer instead.",
            ),
            (GateAction::Submit, "kam1", ""),
            (
                GateAction::Decline,
                "ceo",
                "Not now. Katrin asked to wait until after their merger vote, and another call from me makes the \
                 account lean on one person even more. Jonas, take it to Julia Hartmann and purchasing first, \
                 and bring it back in January.",
            ),
        ],
        trashed: false,
    },
    SampleMeeting {
        account: "Pellucid Pharma",
        title: "Line-two refit: meeting the new head of engineering",
        kind: MeetingKind::Connecting,
        zone: "Europe/Zurich",
        day: 3,
        start: (10, 0),
        minutes: 90,
        location: "Pellucid Pharma site, Basel",
        trip: "",
        objective: "Make sure Reto Meier knows what was agreed before Anna Frei left, and trusts the refit \
                    schedule.",
        value_proposition: "We know line two and its validation plan inside out. Keeping the refit with us, on \
                            the schedule already agreed, is the fastest way to meet the new clean-room rules \
                            without stopping supply of their two largest products.",
        asks: "Confirmed refit dates for the spring shutdown.\n\
               A monthly progress review with Reto.\n\
               A validation slot with Nina Brunner's team before the shutdown.",
        talking_points: "Walk Reto through the plan as it stands, and what changes if the dates slip.\n\
                         Introduce Jonas properly as the account manager from now on.",
        sensitivities: "Anna Frei left in June; Reto may not share her view of us, so do not quote her.\n\
                        Our own account manager left too. Say so before they do.",
        logistics: "Ines flies from Heathrow to Basel on Thursday at 06:40. Kenji is already in Basel for the site \
                    survey.",
        ours: &["cto", "kam1", "product"],
        theirs: &["a", "c"],
        steps: &[
            (GateAction::Submit, "kam1", ""),
            (
                GateAction::Challenge,
                "ceo",
                "Anna was our champion. Who argues our case there now, and does Reto know what she signed off?",
            ),
            (
                GateAction::Answer,
                "kam1",
                "Nobody yet. Reto has the plan but not the history. Ines will take him through it, and the \
                 monthly review is there so that he owns it from now on.",
            ),
        ],
        trashed: false,
    },
    SampleMeeting {
        account: "Vireo Manufacturing",
        title: "Remote diagnostics: the launch with their Asian distributor",
        kind: MeetingKind::ProductEvent,
        zone: "Asia/Singapore",
        day: 3,
        start: (16, 0),
        minutes: 60,
        location: "Video call",
        trip: ASIA_CALLS,
        objective: "Show Giulia and Paolo remote diagnostics running on their demo machine before they launch it \
                    with their Asian distributor.",
        value_proposition: "",
        asks: "Our diagnostics shown at the distributor launch.\n\
               A date for the firmware freeze of their next machine generation.",
        talking_points: "Let Paolo run the demo; his team built the integration.",
        sensitivities: "Price pressure from Asian competitors is their biggest worry: keep the conversation on \
                        uptime.",
        logistics: "Giulia and Paolo join from their distributor's offices in Singapore; 16:00 there is 08:00 in \
                    London. Kenji sets up the demo machine in Milan the day before.",
        ours: &["cto", "product"],
        theirs: &["a", "c"],
        steps: &[],
        trashed: false,
    },
    SampleMeeting {
        account: "Aldergrove Foods",
        title: "Third plant: cold-chain requirements and a reference visit",
        kind: MeetingKind::ProductEvent,
        zone: "Europe/Paris",
        day: 1,
        start: (14, 0),
        minutes: 120,
        location: "Aldergrove Foods plant, Rennes",
        trip: "",
        objective: "Agree the cold-chain requirements for the third plant and set a date for a visit to our \
                    reference customer.",
        value_proposition: "Our cold-chain lines run in three ready-meal plants of their size. Seeing one working \
                            shortens their decision by months and takes the guesswork out of the new plant's \
                            design.",
        asks: "A visit to our reference plant in January.\n\
               The draft requirements for the new plant's cold store.",
        talking_points: "Ask Camille what went wrong in their second plant's start-up, and listen.\n\
                         Bring the energy figures from the reference plant.",
        sensitivities: "Nobody has told us who decides on the new plant: find out without asking Camille outright.",
        logistics: "Daniel and Chloé take the train from Paris; Kenji joins by video.",
        ours: &["cso", "kam2", "product"],
        theirs: &["a", "b", "c"],
        steps: &[
            (GateAction::Submit, "kam2", ""),
            (
                GateAction::Reopen,
                "kam2",
                "Pulled back: Camille moved the meeting to the plant in Rennes, so the attendees change.",
            ),
        ],
        trashed: false,
    },
    SampleMeeting {
        account: "Westmoor County Council",
        title: "Repairs scheduling: from the pilot to all council housing",
        kind: MeetingKind::BusinessReview,
        zone: "Europe/London",
        day: 4,
        start: (10, 0),
        minutes: 90,
        location: "County Hall, Westmoor, committee room 2",
        trip: "",
        objective: "Win the extension of the repair-scheduling service from IT's pilot to all council housing, \
                    with the housing team behind it.",
        value_proposition: "The pilot cut the wait for a repair visit from nineteen days to eleven. Extending it to \
                            all council housing clears the backlog before the next budget round, with no new \
                            staff.",
        asks: "A decision to extend the service to all housing from April.\n\
               A lead from the housing team for the rollout, alongside Kiran Shah.\n\
               Sign-off of the data-sharing agreement.",
        talking_points: "Let Janet Moss speak first, and credit her team's data.\n\
                         Talk about cost avoided, not new spend.",
        sensitivities: "The housing team feels the pilot was done around them.\n\
                        Budgets are cut again next year.",
        logistics: "Tomasz drives up from London; parking is booked at County Hall.",
        ours: &["coo", "service", "svc_mgr"],
        theirs: &["b", "c", "e"],
        steps: &[(GateAction::Submit, "service", "")],
        trashed: false,
    },
    SampleMeeting {
        account: "Ironbridge Steel",
        title: "Greener steel for carmakers: a story we tell together",
        kind: MeetingKind::Connecting,
        zone: "Asia/Tokyo",
        day: 4,
        start: (17, 0),
        minutes: 60,
        location: "Video call",
        trip: ASIA_CALLS,
        objective: "Give Richard a customer story he can use with Japanese carmakers, and earn a seat in planning \
                    their second furnace hall.",
        value_proposition: "Carmakers buy greener steel only if it arrives on time. Our material handling in the \
                            arc furnace hall is what keeps Ironbridge's delivery slots predictable; a story told \
                            together helps him sell, and puts us in his expansion plans.",
        asks: "Permission to name Ironbridge as a reference in the car industry.\n\
               A seat in the planning of the second furnace hall.",
        talking_points: "Open with the delivery-slot figures since the hall opened.\n\
                         Offer our logistics planner to help Zoe Bennett with the carmakers' schedules.",
        sensitivities: "Our tie to Richard runs through Sir Alan Pryce: thank him by name, but keep the call about \
                        business.",
        logistics: "Richard joins from Tokyo, where he is meeting carmakers' buyers; 17:00 there is 08:00 in \
                    London, so take the call from home. Amara sends the slides the evening before.",
        ours: &["ceo", "sales_north"],
        theirs: &["a", "c"],
        steps: &[(GateAction::Submit, "sales_north", ""), (GateAction::Approve, "ceo", "")],
        trashed: false,
    },
    SampleMeeting {
        account: "Quayside Bank",
        title: "Annual customer review: cash-centre maintenance",
        kind: MeetingKind::AnnualReview,
        zone: "Europe/Dublin",
        day: -13,
        start: (10, 0),
        minutes: 120,
        location: "Quayside Bank head office, Dublin",
        trip: "",
        objective: "Renew the cash-centre maintenance contract and hear what they need from us as branches close.",
        value_proposition: "The cash centre has not lost a day to a breakdown this year. As they close branches, \
                            the same service team can take on the decommissioning work without a new supplier \
                            to vet.",
        asks: "Renewal of the maintenance contract for two years.\n\
               A first look at the branch closures plan.",
        talking_points: "Review the year's service figures with Ciarán.\n\
                         Ask Niamh how the branch closures will be phased.",
        sensitivities: "Our CEO is the only tie to Declan, on a small contract: keep her part short and let the \
                        account team lead.",
        logistics: "Early flight from London City; back the same evening.",
        ours: &["ceo", "kam2", "service"],
        theirs: &["a", "b", "c"],
        steps: &[
            (GateAction::Submit, "kam2", ""),
            (GateAction::Approve, "ceo", "Fine. Keep my part to the first twenty minutes."),
            (GateAction::Hold, "kam2", ""),
            (
                GateAction::FollowUp,
                "kam2",
                "Thank-you notes sent to Declan and Niamh. The quarterly service report now arrives in the first \
                 week of each quarter, as Ciarán asked. Our proposal for the branch closures is due at the end of \
                 the month.",
            ),
        ],
        trashed: false,
    },
    SampleMeeting {
        account: "Calder Retail Group",
        title: "Click-and-collect pilot: the view from the stores",
        kind: MeetingKind::Connecting,
        zone: "Europe/London",
        day: -11,
        start: (14, 0),
        minutes: 90,
        location: "Calder Retail Group head office, Leeds",
        trip: "",
        objective: "Hear from the stores how the pilot hubs are working, and find a sponsor on their side for the \
                    rollout.",
        value_proposition: "The pilot hubs handle twice the parcels per hour of a converted stockroom. Equipping \
                            the first forty hubs before the peak season is what lets them promise same-day \
                            collection.",
        asks: "A named sponsor on their side for the hub rollout.\n\
               Store refit dates for the first forty hubs.",
        talking_points: "Start with what the store staff told Aisha.\n\
                         Show the peak-season plan, week by week.",
        sensitivities: "The account is at risk and we have no sponsor of our own on it.\n\
                        Owen Hughes in procurement is sceptical; he is not in the room.",
        logistics: "Train from King's Cross at 10:03; Sanne meets Daniel at Leeds station.",
        ours: &["cso", "kam2", "install"],
        theirs: &["b", "c"],
        steps: &[
            (GateAction::Submit, "kam2", ""),
            (
                GateAction::Challenge,
                "ceo",
                "Graham is neutral at best. What exactly do we want him to say yes to in this meeting?",
            ),
            (
                GateAction::Answer,
                "kam2",
                "One thing: a named sponsor on their side for the hub rollout. Aisha will back it in the room.",
            ),
            (GateAction::Submit, "kam2", ""),
            (GateAction::Approve, "ceo", ""),
            (GateAction::Hold, "kam2", ""),
        ],
        trashed: false,
    },
];

/// Visits from before the sample week, added after it: the last visit to the
/// next visit's account (Nordhavn Energy), two months before it, so that its
/// brief has a "since your last visit" to tell.
const EARLIER_VISITS: &[SampleMeeting] = &[SampleMeeting {
    account: "Nordhavn Energy",
    title: "The winter outage plan: ready before the first storm",
    kind: MeetingKind::Connecting,
    zone: "Europe/Oslo",
    day: -62,
    start: (13, 0),
    minutes: 60,
    location: "Nordhavn Energy head office, Oslo",
    trip: "",
    objective: "Agree with Hanne which substations our crews cover first when the winter storms come.",
    value_proposition: "Phase one gives us live readings from the pilot substations. Sending our crews where \
                        the readings point, not where the calls come from, keeps the lights on for longer.",
    asks: "A joint list of the substations to cover first.\n\
           A standing call with Lars's team every week of the storm season.",
    talking_points: "Walk through last winter's outages, substation by substation.\n\
                     Offer spare parts held in Oslo for the season.",
    sensitivities: "The regulator is watching their outage figures this winter: promise only what the crews \
                    can deliver.",
    logistics: "Day trip from Heathrow; back the same evening.",
    ours: &["ceo", "sales_north"],
    theirs: &["b"],
    steps: &[
        (GateAction::Submit, "sales_north", ""),
        (GateAction::Approve, "ceo", ""),
        (GateAction::Hold, "sales_north", ""),
        (
            GateAction::FollowUp,
            "sales_north",
            "The list of substations to cover first went to Hanne the next day. Lars's team joins our weekly \
             storm call from October.",
        ),
    ],
    trashed: false,
}];

/// The Monday of next week: the day after `today` if today is a Sunday, a
/// week later if today is a Monday.
/// Someone who moved between two sample accounts (issue 17): Sophie Brandt
/// ran fleet engineering at Keel & Harrow Shipping, where our field engineer
/// knew her well, and five months ago became Head of Engineering Projects at
/// Aldergrove Foods. Her calls at Keel & Harrow stay there; the tie went with
/// her. Fixed ids and no draws from the generator, so the rest of the sample
/// is what it was.
async fn sample_move(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    counts: &mut BookCounts,
    today: DateTime<Utc>,
    our_ids: &HashMap<&'static str, (String, i64)>,
    loaded: &HashMap<&'static str, (String, HashMap<&'static str, String>)>,
) -> Result<()> {
    let id = |n: u32| format!("0190a1b2-c3d4-7e5f-8a6b-{n:012x}");
    let from = loaded["Keel & Harrow Shipping"].0.clone();
    let to = loaded["Aldergrove Foods"].0.clone();
    let engineer = our_ids["engineer"].0.clone();
    let moved = today - Duration::days(150);
    let joined = today - Duration::days(600);
    let sophie = id(1);
    bulk::people(
        &mut *tx,
        vec![PersonRecord {
            id: sophie.clone(),
            side: "theirs".into(),
            account_id: Some(to.clone()),
            name: "Sophie Brandt".into(),
            title: some("Head of Engineering Projects"),
            department: some("Engineering"),
            org_level: 3,
            decision_role: some("influencer"),
            disposition: some("champion"),
            email: Some("sophie.brandt@aldergrove.example".into()),
            created_at: timestamp(joined),
            updated_at: timestamp(moved),
            ..Default::default()
        }],
    )
    .await?;
    let role =
        |n: u32, account: &str, title: &str, from_on: Option<String>, until_on: Option<String>| PersonRoleRecord {
            id: id(n),
            person_id: sophie.clone(),
            account_id: Some(account.into()),
            title: some(title),
            from_on,
            until_on,
            created_at: timestamp(moved),
            updated_at: timestamp(moved),
        };
    bulk::person_roles(
        &mut *tx,
        vec![
            role(2, &from, "Fleet Engineering Lead", None, Some(date(moved))),
            role(3, &to, "Head of Engineering Projects", Some(date(moved)), None),
        ],
    )
    .await?;
    bulk::connections(
        &mut *tx,
        vec![ConnectionRecord {
            id: id(4),
            account_id: to.clone(),
            ours_id: engineer.clone(),
            theirs_id: sophie.clone(),
            dimension: "personal".into(),
            strength: 4,
            cadence_days: Some(30),
            notes: some("Knew her at Keel & Harrow; she asked for us by name at Aldergrove."),
            created_at: timestamp(joined),
            updated_at: timestamp(moved),
            ..Default::default()
        }],
    )
    .await?;
    let call = |n: u32, account: &str, days_ago: i64, summary: &str| {
        let on = today - Duration::days(days_ago);
        InteractionRecord {
            id: id(n),
            account_id: account.into(),
            occurred_on: date(on),
            kind: "call".into(),
            summary: summary.into(),
            people: vec![engineer.clone(), sophie.clone()],
            created_at: timestamp(on + Duration::hours(17)),
            updated_at: timestamp(on + Duration::hours(17)),
            ..Default::default()
        }
    };
    bulk::interactions(
        &mut *tx,
        vec![
            call(5, &from, 320, "Sophie walked us through the crane fleet's availability figures."),
            call(6, &from, 190, "Sophie said she is leaving Keel & Harrow; she wants to keep in touch."),
            call(7, &to, 40, "Sophie asked for a cold-chain reference visit for the third plant."),
        ],
    )
    .await?;
    counts.people += 1;
    counts.connections += 1;
    counts.interactions += 3;
    Ok(())
}

fn visit_monday(today: NaiveDate) -> NaiveDate {
    today - Duration::days(i64::from(today.weekday().num_days_from_monday())) + Duration::days(7)
}

/// A meeting's gate steps before it happens are spread over the days before
/// it (or before today, whichever comes first); holding it and following it
/// up come after it ends.
fn step_times(steps: &[Step], starts: DateTime<Utc>, ends: DateTime<Utc>, today: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let before = steps.iter().filter(|(a, ..)| !matches!(a, GateAction::Hold | GateAction::FollowUp)).count() as i64;
    let first_day = day_start(starts.min(today)) - Duration::days(before + 2);
    let mut after = 0;
    steps
        .iter()
        .enumerate()
        .map(|(j, (action, ..))| match action {
            GateAction::Hold | GateAction::FollowUp => {
                after += 1;
                ends + Duration::minutes(30) + Duration::days(after - 1)
            }
            _ => first_day + Duration::days(j as i64 + 1) + Duration::minutes(9 * 60 + 17 + 53 * j as i64),
        })
        .collect()
}

/// A review step of the sample week before it is numbered: when, which
/// meeting and which of its steps, and the step it answers (by index).
struct Timed {
    at: DateTime<Utc>,
    meeting: usize,
    step: usize,
    event: MeetingEventRecord,
    reply_to: Option<usize>,
}

fn our_name(key: &str) -> Result<&'static str> {
    OURS.iter().find(|o| o.0 == key).map(|o| o.1).ok_or_else(|| Error::Internal(format!("no sample person {key}")))
}

/// The sample week as records: meetings, and their review steps numbered in
/// the order they happened across all meetings. Every step is checked by the
/// gate itself, with the meeting's facts at that moment.
fn sample_week(
    rng: &mut Rng,
    now: DateTime<Utc>,
    ours: &HashMap<&'static str, (String, i64)>,
    accounts: &HashMap<&'static str, (String, HashMap<&'static str, String>)>,
) -> Result<(Vec<MeetingRecord>, Vec<MeetingEventRecord>)> {
    let today = day_start(now);
    let monday = visit_monday(today.date_naive());
    let missing = |what: String| Error::Internal(format!("the sample week names {what}, which is not in the sample"));
    let mut records = Vec::with_capacity(SAMPLE_WEEK.len() + EARLIER_VISITS.len());
    let mut steps: Vec<Timed> = Vec::new();
    // The earlier visits came to the sample later: their ids come from a
    // generator of their own, so the rest of the sample stays as it was.
    let mut earlier = Rng::new(18);
    for (m, sample) in SAMPLE_WEEK.iter().chain(EARLIER_VISITS).enumerate() {
        let (account_id, theirs) = accounts.get(sample.account).ok_or_else(|| missing(sample.account.into()))?;
        let tz = meetings::zone("time_zone", sample.zone)?;
        let (hour, minute) = sample.start;
        let start = (monday + Duration::days(sample.day))
            .and_hms_opt(hour, minute, 0)
            .ok_or_else(|| missing(format!("{hour}:{minute}")))?;
        let end = start + Duration::minutes(sample.minutes);
        let starts_local = start.format(meetings::LOCAL_FORMAT).to_string();
        let ends_local = end.format(meetings::LOCAL_FORMAT).to_string();
        let (_, starts_utc) = meetings::local_time("starts_local", &starts_local, tz)?;
        let (_, ends_utc) = meetings::local_time("ends_local", &ends_local, tz)?;

        let mut attendees = Vec::new();
        for key in sample.ours {
            attendees.push(ours.get(key).ok_or_else(|| missing((*key).into()))?.0.clone());
        }
        for key in sample.theirs {
            attendees.push(theirs.get(key).ok_or_else(|| missing(format!("{}'s {key}", sample.account)))?.clone());
        }
        attendees.sort();

        let times = step_times(sample.steps, starts_utc, ends_utc, today);
        let created = times.first().map_or(today - Duration::days(3), |t| day_start(*t) - Duration::days(1))
            + Duration::hours(8)
            + Duration::minutes(m as i64 * 7);
        let id = if m < SAMPLE_WEEK.len() { rng.id(created) } else { earlier.id(created) };
        // Filled in a couple of hours after it was created: one edit before the steps.
        let edited = created + Duration::hours(2);

        let mut state = MeetingState::Draft;
        let mut open_questions: Vec<usize> = Vec::new();
        for (j, ((action, by, body), at)) in sample.steps.iter().zip(&times).enumerate() {
            let facts = gate::Facts {
                state,
                has_value_proposition: !sample.value_proposition.is_empty(),
                ours_attending: sample.ours.len(),
                theirs_attending: sample.theirs.len(),
                unanswered_questions: open_questions.len(),
                starts_at: starts_utc,
                now: *at,
            };
            let body = some(body);
            let to = gate::next(&facts, *action, body.as_deref())
                .map_err(|gate::Refusal(why)| Error::Internal(format!("sample meeting \"{}\": {why}", sample.title)))?;
            let reply_to = match action {
                GateAction::Challenge => {
                    open_questions.push(j);
                    None
                }
                GateAction::Answer => Some(open_questions.remove(0)),
                _ => None,
            };
            let event = MeetingEventRecord {
                n: 0,
                meeting_id: id.clone(),
                at: timestamp(*at),
                actor: our_name(by)?.into(),
                action: action.as_str().into(),
                from_state: state.as_str().into(),
                to_state: to.as_str().into(),
                body,
                reply_to: None,
            };
            steps.push(Timed { at: *at, meeting: m, step: j, event, reply_to });
            state = to;
        }
        let updated = times.last().copied().unwrap_or(edited).max(edited);
        records.push(MeetingRecord {
            id,
            account_id: account_id.clone(),
            title: sample.title.into(),
            kind: sample.kind.as_str().into(),
            starts_local,
            ends_local,
            time_zone: tz.name().into(),
            starts_utc: timestamp(starts_utc),
            ends_utc: timestamp(ends_utc),
            location: some(sample.location),
            trip: some(sample.trip),
            objective: some(sample.objective),
            value_proposition: some(sample.value_proposition),
            asks: some(sample.asks),
            talking_points: some(sample.talking_points),
            sensitivities: some(sample.sensitivities),
            logistics: some(sample.logistics),
            state: state.as_str().into(),
            revision: 1 + sample.steps.len() as i64,
            attendees,
            created_at: timestamp(created),
            updated_at: timestamp(updated),
            deleted_at: sample.trashed.then(|| timestamp(updated + Duration::hours(1))),
        });
    }

    // Number the steps in the order they happened, then point answers at their questions.
    steps.sort_by_key(|t| (t.at, t.meeting, t.step));
    let numbers: HashMap<(usize, usize), i64> =
        steps.iter().enumerate().map(|(k, t)| ((t.meeting, t.step), k as i64 + 1)).collect();
    let events = steps
        .into_iter()
        .enumerate()
        .map(|(k, Timed { meeting, mut event, reply_to, .. })| {
            event.n = k as i64 + 1;
            event.reply_to = reply_to.map(|q| numbers[&(meeting, q)]);
            event
        })
        .collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((records, events))
}

// ---------------------------------------------------------------------------
// The sample blueprints

/// Someone a workshop step names: one of ours (a key in [`OURS`]) or theirs
/// (a key in the account's [`Sample::theirs`]).
#[derive(Clone, Copy)]
enum Who {
    Ours(&'static str),
    Theirs(&'static str),
}

/// A goal's plan: an empty owner or counterpart is left unset; `due` is in
/// days from today (negative: already passed).
#[derive(Clone, Copy)]
struct PlanGoal {
    key: &'static str,
    title: &'static str,
    owner: &'static str,
    counterpart: &'static str,
    due: Option<i64>,
    /// Metric, unit, baseline, target.
    measure: Option<(&'static str, &'static str, f64, f64)>,
}

/// One step of a sample workshop, made into a [`BlueprintCommand`] with the
/// sample's ids. Ideas and goals are named by keys local to the blueprint.
#[derive(Clone, Copy)]
enum Workshop {
    /// The clock moves to this many days before today, 09:00 UTC; each
    /// following step is a few minutes later.
    On(i64),
    /// One of ours joins the room, in the function they work in.
    Room(&'static str),
    /// Key, who brought it, what kind, the text.
    Idea(&'static str, &'static str, IdeaKind, &'static str),
    /// Keep, duplicate.
    Merge(&'static str, &'static str),
    /// Idea, impact, effort.
    Score(&'static str, u8, u8),
    /// Who, idea, votes.
    Vote(&'static str, &'static str, u32),
    Choose(&'static str),
    /// A goal from these ideas, with its plan.
    Goal(&'static [&'static str], PlanGoal),
    /// A new plan for a goal made earlier.
    Edit(PlanGoal),
    Involve(&'static str, Who),
    /// Goal, ours, theirs, cadence in days.
    Connect(&'static str, &'static str, &'static str, u32),
    Advance,
    /// The account's sponsor approves, with a comment.
    Approve(&'static str),
    /// The account's sponsor sends it back, saying why.
    SendBack(&'static str),
    OpenRevision,
    /// Goal, value, status, note; dated the clock's day.
    CheckIn(&'static str, f64, GoalStatus, &'static str),
}

struct SampleBlueprint {
    account: &'static str,
    /// The first day, in days from today, and the length of the period in days.
    starts: i64,
    days: i64,
    /// Empty for the default question.
    question: &'static str,
    steps: &'static [Workshop],
}

use IdeaKind::{Growth, ImplementationFailure, Innovation, Relationship, Risk};
use Workshop::{
    Advance, Approve, CheckIn, Choose, Connect, Edit, Goal, Idea, Involve, Merge, On, OpenRevision, Room, Score,
    SendBack, Vote,
};

const NORDHAVN_PREDICT: PlanGoal = PlanGoal {
    key: "predict",
    title: "Warn of transformer faults a week ahead",
    owner: "cto",
    counterpart: "c",
    due: Some(120),
    measure: Some(("faults warned of a week ahead", "%", 0.0, 60.0)),
};

/// A blueprint at every stage across the sample accounts: last year's plan
/// for Nordhavn done and tracked; this year's approved, revised (sent back
/// once, then approved as revision 2) and tracked, with a goal done and two
/// overdue; then one workshop each at approval, people, goals, prioritise,
/// ideas (only the account team in the room) and frame.
const SAMPLE_BLUEPRINTS: &[SampleBlueprint] = &[
    SampleBlueprint {
        account: "Nordhavn Energy",
        starts: -595,
        days: 365,
        question: "",
        steps: &[
            On(590),
            Room("sales_north"),
            Room("svc_mgr"),
            Room("engineer"),
            Room("product"),
            Advance,
            Idea(
                "pilot",
                "svc_mgr",
                Innovation,
                "Pilot our substation monitoring where last winter's outages were worst, and send Lars's planners \
                 what it sees every morning.",
            ),
            Idea(
                "on_call",
                "engineer",
                Relationship,
                "Give Lars Eide's team a named engineer on call through the winter, so they stop going through \
                 our switchboard.",
            ),
            Idea(
                "all_sites",
                "sales_north",
                Growth,
                "Quote monitoring for all two hundred substations once the pilot has proved itself.",
            ),
            Advance,
            Score("pilot", 5, 3),
            Score("on_call", 3, 1),
            Score("all_sites", 5, 5),
            Choose("pilot"),
            Choose("on_call"),
            Advance,
            Goal(
                &["pilot"],
                PlanGoal {
                    key: "pilot",
                    title: "Monitoring live at the twelve worst substations",
                    owner: "svc_mgr",
                    counterpart: "c",
                    due: Some(-420),
                    measure: Some(("substations monitored", "substations", 0.0, 12.0)),
                },
            ),
            Goal(
                &["on_call"],
                PlanGoal {
                    key: "on_call",
                    title: "Winter call-outs answered within the hour",
                    owner: "engineer",
                    counterpart: "e",
                    due: Some(-450),
                    measure: Some(("call-outs answered within an hour", "%", 55.0, 95.0)),
                },
            ),
            Advance,
            Advance,
            On(560),
            Approve("Good: prove it on twelve before we talk about two hundred."),
            On(480),
            CheckIn("pilot", 5.0, GoalStatus::OnTrack, "Five substations live; the rest wait for permits."),
            CheckIn("on_call", 81.0, GoalStatus::OnTrack, ""),
            On(420),
            CheckIn("pilot", 12.0, GoalStatus::Done, "All twelve live before the first storm."),
            On(300),
            CheckIn("on_call", 97.0, GoalStatus::Done, "Winter over: 97% answered within the hour."),
        ],
    },
    SampleBlueprint {
        account: "Nordhavn Energy",
        starts: -230,
        days: 365,
        question: "What could we achieve with Nordhavn if they trusted us to keep their grid running, not just \
                   to fix it?",
        steps: &[
            On(215),
            Room("coo"),
            Room("sales_north"),
            Room("cto"),
            Room("svc_mgr"),
            Room("logistics"),
            Room("finance"),
            Room("engineer"),
            Advance,
            On(212),
            Idea(
                "predict",
                "cto",
                Innovation,
                "Predict transformer faults from the monitoring data we already collect, and warn Lars's planners \
                 a week ahead instead of after the trip.",
            ),
            Idea(
                "spares",
                "svc_mgr",
                ImplementationFailure,
                "Spare parts for the older substations took nine days to arrive last winter. Stock the twenty \
                 critical parts in Bergen and Trondheim.",
            ),
            Idea(
                "far_spares",
                "logistics",
                ImplementationFailure,
                "Critical spares sit in our Oslo warehouse, a day's drive from the northern substations.",
            ),
            Idea(
                "term",
                "sales_north",
                Growth,
                "Offer a five-year service agreement in place of the yearly renewals, priced on availability.",
            ),
            Idea(
                "second_voice",
                "coo",
                Relationship,
                "Hanne Vik carries us alone. Our COO and their Head of Procurement, Mette Aas, should meet twice a \
                 year, so a five-year term has a second supporter.",
            ),
            Idea(
                "crews",
                "engineer",
                Relationship,
                "Train Siri Dahl's field crews alongside ours, so their people trust the alarms and act on them.",
            ),
            Idea(
                "settlement",
                "finance",
                Risk,
                "Their settlement with the regulator is still open; a fine could freeze capital spending next year.",
            ),
            Idea(
                "case_study",
                "cto",
                Innovation,
                "Publish the outage figures with their operations team as a joint case study for other grid operators.",
            ),
            Advance,
            On(205),
            Merge("spares", "far_spares"),
            Score("predict", 5, 4),
            Score("spares", 4, 2),
            Score("term", 5, 3),
            Score("second_voice", 4, 1),
            Score("crews", 3, 2),
            Score("settlement", 3, 1),
            Score("case_study", 2, 2),
            Vote("coo", "term", 5),
            Vote("coo", "second_voice", 5),
            Vote("sales_north", "term", 6),
            Vote("sales_north", "predict", 4),
            Vote("cto", "predict", 7),
            Vote("cto", "case_study", 3),
            Vote("svc_mgr", "spares", 6),
            Vote("svc_mgr", "predict", 4),
            Vote("logistics", "spares", 10),
            Vote("finance", "term", 4),
            Vote("finance", "settlement", 6),
            Vote("engineer", "crews", 6),
            Vote("engineer", "spares", 4),
            Choose("predict"),
            Choose("spares"),
            Choose("term"),
            Choose("second_voice"),
            Advance,
            On(200),
            Goal(&["predict"], NORDHAVN_PREDICT),
            Goal(
                &["spares", "far_spares"],
                PlanGoal {
                    key: "spares",
                    title: "Critical spares at any substation within a day",
                    owner: "logistics",
                    counterpart: "f",
                    due: Some(-20),
                    measure: Some(("days to deliver a critical spare", "days", 9.0, 1.0)),
                },
            ),
            Goal(
                &["term"],
                PlanGoal {
                    key: "term",
                    title: "A five-year service agreement signed",
                    owner: "sales_north",
                    counterpart: "b",
                    due: Some(-10),
                    measure: Some(("years under contract", "years", 1.0, 5.0)),
                },
            ),
            Goal(
                &["second_voice"],
                PlanGoal {
                    key: "second_voice",
                    title: "Our COO and their Head of Procurement meet twice a year",
                    owner: "coo",
                    counterpart: "d",
                    due: Some(150),
                    measure: Some(("meetings between them", "meetings", 0.0, 2.0)),
                },
            ),
            Advance,
            On(198),
            Involve("predict", Who::Theirs("e")),
            Involve("predict", Who::Ours("svc_mgr")),
            Involve("term", Who::Theirs("d")),
            Involve("term", Who::Ours("finance")),
            Connect("second_voice", "coo", "d", 180),
            Connect("spares", "logistics", "f", 30),
            Advance,
            On(150),
            Approve("Go ahead. Lead with the five-year term, and keep Mette Aas close."),
            On(120),
            CheckIn("predict", 10.0, GoalStatus::OnTrack, "The model flags one fault in ten so far."),
            CheckIn("spares", 7.0, GoalStatus::OnTrack, ""),
            CheckIn("term", 1.0, GoalStatus::OnTrack, "Hanne wants the term; procurement has not seen it yet."),
            CheckIn("second_voice", 1.0, GoalStatus::OnTrack, "First meeting in Oslo went well."),
            On(90),
            CheckIn("predict", 22.0, GoalStatus::OnTrack, ""),
            CheckIn("spares", 6.0, GoalStatus::AtRisk, "Bergen stock is in; Trondheim waits for a lease."),
            On(60),
            OpenRevision,
            Edit(PlanGoal {
                due: Some(150),
                measure: Some(("faults warned of a week ahead", "%", 0.0, 70.0)),
                ..NORDHAVN_PREDICT
            }),
            Advance,
            Advance,
            On(55),
            SendBack("Hanne asked us to train her field crews with ours: put that in before I approve."),
            On(52),
            Choose("crews"),
            Goal(
                &["crews"],
                PlanGoal {
                    key: "crews",
                    title: "Their field crews trained alongside ours",
                    owner: "engineer",
                    counterpart: "f",
                    due: Some(-5),
                    measure: Some(("field crew members trained", "people", 0.0, 40.0)),
                },
            ),
            Involve("crews", Who::Ours("svc_mgr")),
            Advance,
            Advance,
            On(45),
            Approve("Approved with the crew training. Check in every month."),
            On(40),
            CheckIn("predict", 38.0, GoalStatus::OnTrack, ""),
            CheckIn("spares", 4.0, GoalStatus::AtRisk, "Trondheim store still not open."),
            CheckIn("term", 3.0, GoalStatus::OnTrack, "Procurement has the draft."),
            CheckIn("crews", 6.0, GoalStatus::OnTrack, ""),
            On(15),
            CheckIn("term", 5.0, GoalStatus::Done, "Signed: five years from January."),
            CheckIn("spares", 3.0, GoalStatus::AtRisk, "Spares reach the north in three days, not one."),
            CheckIn("crews", 14.0, GoalStatus::OffTrack, "Two training days cancelled for storm repairs."),
            On(7),
            CheckIn("predict", 45.0, GoalStatus::OnTrack, "Five faults warned of in time this month."),
        ],
    },
    SampleBlueprint {
        account: "Westmoor County Council",
        starts: -40,
        days: 365,
        question: "",
        steps: &[
            On(30),
            Room("service"),
            Room("coo"),
            Room("svc_mgr"),
            Room("product"),
            Room("kam1"),
            Room("finance"),
            Advance,
            On(28),
            Idea(
                "housing",
                "service",
                Relationship,
                "The pilot lives in IT and the housing team has never met us. Spend a day with Janet Moss's \
                 repairs team before we propose anything to them.",
            ),
            Idea(
                "tenants",
                "product",
                Innovation,
                "Let tenants book their own repair slots on the council's website, using the scheduler the pilot \
                 already runs.",
            ),
            Idea(
                "exports",
                "svc_mgr",
                ImplementationFailure,
                "The nightly export from their housing system fails about one week in four; fix it before we ask \
                 to scale.",
            ),
            Idea(
                "per_repair",
                "finance",
                Growth,
                "Budgets are cut again next year: price the housing rollout per repair completed, so it pays for \
                 itself from the backlog.",
            ),
            Idea(
                "agreement",
                "kam1",
                Risk,
                "The data-sharing agreement runs out in the spring; if it lapses, the pilot stops.",
            ),
            Advance,
            On(24),
            Score("housing", 5, 2),
            Score("tenants", 4, 4),
            Score("exports", 4, 1),
            Score("per_repair", 3, 3),
            Score("agreement", 4, 1),
            Vote("service", "housing", 6),
            Vote("service", "exports", 4),
            Vote("coo", "housing", 5),
            Vote("coo", "per_repair", 5),
            Vote("svc_mgr", "exports", 10),
            Vote("product", "tenants", 8),
            Vote("kam1", "agreement", 6),
            Vote("finance", "per_repair", 7),
            Choose("housing"),
            Choose("tenants"),
            Choose("exports"),
            Advance,
            On(20),
            Goal(
                &["housing"],
                PlanGoal {
                    key: "housing",
                    title: "Janet Moss's team schedules every repair with us",
                    owner: "service",
                    counterpart: "c",
                    due: Some(200),
                    measure: Some(("repairs scheduled through the service", "%", 5.0, 80.0)),
                },
            ),
            Goal(
                &["exports"],
                PlanGoal {
                    key: "exports",
                    title: "Reliable nightly data from the housing system",
                    owner: "svc_mgr",
                    counterpart: "f",
                    due: Some(60),
                    measure: Some(("failed nightly exports a month", "failures", 4.0, 0.0)),
                },
            ),
            Goal(
                &["tenants"],
                PlanGoal {
                    key: "tenants",
                    title: "Tenants book their own repair slots",
                    owner: "product",
                    counterpart: "e",
                    due: Some(300),
                    measure: Some(("repairs booked by tenants", "%", 0.0, 30.0)),
                },
            ),
            Advance,
            On(18),
            Involve("housing", Who::Theirs("d")),
            Involve("housing", Who::Theirs("b")),
            Involve("tenants", Who::Theirs("g")),
            Connect("housing", "svc_mgr", "c", 30),
            Connect("housing", "service", "d", 14),
            Advance,
        ],
    },
    SampleBlueprint {
        account: "Ironbridge Steel",
        starts: -40,
        days: 365,
        question: "",
        steps: &[
            On(26),
            Room("sales_north"),
            Room("install"),
            Room("logistics"),
            Room("cfo"),
            Room("product"),
            Advance,
            On(25),
            Idea(
                "charging",
                "install",
                Innovation,
                "Design the scrap handling in the arc furnace hall around their charging cycle, so the cranes never \
                 wait for a bucket.",
            ),
            Idea(
                "slots",
                "logistics",
                Growth,
                "Carmakers pay a premium for predictable delivery: link our yard systems to their delivery-slot \
                 planning.",
            ),
            Idea(
                "finance_director",
                "cfo",
                Relationship,
                "Emma Clarke decides on capital spending and has only met us across a tender table; I should brief \
                 her on a shared energy-saving case.",
            ),
            Idea(
                "metering",
                "product",
                Innovation,
                "Meter the energy per tonne on our conveyors and report it with their green-steel certificates.",
            ),
            Idea(
                "energy_prices",
                "sales_north",
                Risk,
                "Energy prices decide everything for them: a sharp rise could delay the furnace hall by a year.",
            ),
            Advance,
            On(21),
            Score("charging", 5, 4),
            Score("slots", 3, 4),
            Score("finance_director", 4, 1),
            Score("metering", 4, 2),
            Vote("install", "charging", 10),
            Vote("logistics", "slots", 5),
            Vote("logistics", "charging", 5),
            Vote("cfo", "finance_director", 6),
            Vote("cfo", "metering", 4),
            Vote("product", "metering", 7),
            Vote("sales_north", "charging", 5),
            Vote("sales_north", "finance_director", 5),
            Choose("charging"),
            Choose("finance_director"),
            Choose("metering"),
            Advance,
            On(14),
            Goal(
                &["charging"],
                PlanGoal {
                    key: "hall",
                    title: "Scrap handling for the furnace hall designed and ordered",
                    owner: "install",
                    counterpart: "d",
                    due: Some(180),
                    measure: Some(("design milestones signed off", "milestones", 0.0, 4.0)),
                },
            ),
            Goal(
                &["metering"],
                PlanGoal {
                    key: "metering",
                    title: "Energy per tonne reported on every conveyor",
                    owner: "product",
                    counterpart: "c",
                    due: Some(270),
                    measure: Some(("conveyors metered", "conveyors", 0.0, 18.0)),
                },
            ),
            Goal(
                &["finance_director"],
                PlanGoal {
                    key: "finance_director",
                    title: "A working relationship with their Finance Director",
                    owner: "cfo",
                    counterpart: "b",
                    due: Some(240),
                    measure: Some(("meetings a year", "meetings", 0.0, 3.0)),
                },
            ),
            Advance,
            On(12),
            Involve("hall", Who::Theirs("e")),
            Involve("hall", Who::Ours("engineer")),
            Connect("finance_director", "cfo", "b", 90),
        ],
    },
    SampleBlueprint {
        account: "Vireo Manufacturing",
        starts: -40,
        days: 365,
        question: "",
        steps: &[
            On(20),
            Room("cto"),
            Room("product"),
            Room("kam1"),
            Room("svc_mgr"),
            Room("engineer"),
            Advance,
            On(19),
            Idea(
                "diagnostics",
                "product",
                Innovation,
                "Build remote diagnostics into our controllers, so their service team sees a jammed machine before \
                 the customer calls.",
            ),
            Idea(
                "uptime_plan",
                "svc_mgr",
                Growth,
                "Sell uptime, not controllers: a service plan for their machines in the field, under their brand.",
            ),
            Idea(
                "purchasing",
                "kam1",
                Relationship,
                "Every tie there is personal, and nobody has visited Sara Conti in purchasing. Give her a formal \
                 contact and a quarterly review.",
            ),
            Idea(
                "firmware",
                "engineer",
                ImplementationFailure,
                "A firmware update still needs an engineer on site; make updates remote before the next machine \
                 generation ships.",
            ),
            Idea(
                "designed_out",
                "cto",
                Risk,
                "Asian competitors ship the same mechanics for less; if our controller adds cost without visible \
                 uptime, we get designed out.",
            ),
            Advance,
            On(15),
            Score("diagnostics", 5, 3),
            Score("uptime_plan", 4, 4),
            Score("purchasing", 3, 1),
            Score("firmware", 4, 2),
            Vote("cto", "diagnostics", 6),
            Vote("cto", "designed_out", 4),
            Vote("product", "diagnostics", 10),
            Vote("kam1", "purchasing", 7),
            Vote("svc_mgr", "uptime_plan", 6),
            Vote("engineer", "firmware", 8),
            Choose("diagnostics"),
            Choose("firmware"),
            Choose("purchasing"),
            Advance,
            On(9),
            Goal(
                &["diagnostics", "firmware"],
                PlanGoal {
                    key: "connected",
                    title: "Remote diagnostics and updates in the next machine generation",
                    owner: "cto",
                    counterpart: "c",
                    due: Some(240),
                    measure: Some(("prototype machines connected", "machines", 0.0, 3.0)),
                },
            ),
            Goal(
                &["purchasing"],
                PlanGoal {
                    key: "purchasing",
                    title: "A formal line to purchasing",
                    owner: "kam1",
                    counterpart: "d",
                    due: None,
                    measure: None,
                },
            ),
        ],
    },
    SampleBlueprint {
        account: "Brightline Logistics",
        starts: -40,
        days: 365,
        question: "",
        steps: &[
            On(12),
            Room("cso"),
            Room("logistics"),
            Room("kam2"),
            Room("install"),
            Room("svc_mgr"),
            Advance,
            On(11),
            Idea(
                "standard",
                "logistics",
                Growth,
                "Offer the Venlo design as the standard for the next three depots, rolled out in stages so every \
                 depot keeps shipping.",
            ),
            Idea(
                "cut_over",
                "install",
                ImplementationFailure,
                "The Venlo conveyor stopped twice during the cut-over. Write down what we changed and walk Bram's \
                 team through it.",
            ),
            Idea(
                "phones",
                "svc_mgr",
                Innovation,
                "Show Ruben's shift supervisors conveyor faults on their phones, with the likely fix.",
            ),
            Idea(
                "owner",
                "cso",
                Relationship,
                "Nobody owns this account on our side. Name an owner before Pieter Janssens asks who it is.",
            ),
            Idea(
                "floor_space",
                "kam2",
                Growth,
                "Help them let the floor space automation frees: two of our customers are looking for warehouse \
                 space in Limburg.",
            ),
            Idea(
                "two_depots",
                "install",
                Risk,
                "Labour costs keep climbing; if automation slips, they may cut the programme to two depots.",
            ),
            Advance,
            On(6),
            Score("standard", 5, 3),
            Score("cut_over", 3, 1),
            Score("phones", 4, 4),
            Score("owner", 4, 1),
            Score("floor_space", 2, 2),
            Vote("cso", "standard", 4),
            Vote("cso", "owner", 6),
            Vote("logistics", "standard", 6),
            Vote("logistics", "cut_over", 4),
            Vote("kam2", "owner", 5),
            Vote("kam2", "floor_space", 5),
            Vote("install", "cut_over", 7),
            Vote("install", "standard", 3),
            Vote("svc_mgr", "phones", 6),
            Vote("svc_mgr", "cut_over", 4),
            Choose("standard"),
            Choose("owner"),
        ],
    },
    SampleBlueprint {
        account: "Stellan Health",
        starts: -40,
        days: 365,
        question: "",
        steps: &[
            On(8),
            Room("ceo"),
            Room("kam1"),
            Advance,
            On(7),
            Idea(
                "second_centre",
                "kam1",
                Growth,
                "Ask for the second regional sterile-supply centre without a new tender, on the strength of the \
                 first.",
            ),
            Idea(
                "through_me",
                "ceo",
                Relationship,
                "Too much runs through Dr. Vogel and me. Introduce our service director to Julia Hartmann before \
                 the merger vote.",
            ),
            Idea(
                "paperwork",
                "kam1",
                ImplementationFailure,
                "Validation paperwork for the first centre took three rounds; agree a template with Stefan Bauer.",
            ),
        ],
    },
    SampleBlueprint {
        account: "Quayside Bank",
        starts: 25,
        days: 365,
        question: "What would it take to be Quayside's partner for the branch closures, not only for cash-centre \
                   maintenance?",
        steps: &[On(3), Room("kam2"), Room("service"), Room("cfo"), Room("logistics")],
    },
];

/// The sample's people and accounts by key, to name them in a workshop.
struct SampleIds<'a> {
    ours: &'a HashMap<&'static str, (String, i64)>,
    accounts: &'a HashMap<&'static str, (String, HashMap<&'static str, String>)>,
    sponsors: &'a HashMap<&'static str, String>,
}

/// The sample blueprints, each built by applying its steps to a new
/// blueprint with the aggregate's own rules, so every one is a blueprint the
/// app could have made. A step refused is a mistake in the sample.
fn sample_blueprints(rng: &mut Rng, now: DateTime<Utc>, ids: &SampleIds<'_>) -> Result<Vec<BlueprintRecord>> {
    let today = day_start(now);
    let mut records = Vec::with_capacity(SAMPLE_BLUEPRINTS.len());
    for sample in SAMPLE_BLUEPRINTS {
        let wrong = |what: String| Error::Internal(format!("sample blueprint for {}: {what}", sample.account));
        let (account_id, theirs) = ids.accounts.get(sample.account).ok_or_else(|| wrong("no such account".into()))?;
        let sponsor = ids.sponsors.get(sample.account).ok_or_else(|| wrong("the account has no sponsor".into()))?;
        let our = |key: &str| ids.ours.get(key).map(|o| o.0.clone()).ok_or_else(|| wrong(format!("no person {key}")));
        let their = |key: &str| theirs.get(key).cloned().ok_or_else(|| wrong(format!("no person {key} of theirs")));
        let ours_ref = |key: &str| Ok::<_, Error>(PersonRef { id: our(key)?, side: Side::Ours });
        let theirs_ref = |key: &str| Ok::<_, Error>(PersonRef { id: their(key)?, side: Side::Theirs });
        let first = match sample.steps.first() {
            Some(On(days)) => today - Duration::days(*days) + Duration::hours(9),
            _ => return Err(wrong("the steps start with On".into())),
        };
        let starts_on = (today + Duration::days(sample.starts)).date_naive();
        let mut blueprint = Blueprint::new(NewBlueprint {
            id: rng.id(first),
            account_id: account_id.clone(),
            period: Period { starts_on, ends_on: starts_on + Duration::days(sample.days - 1) },
            question: some(sample.question),
        })?;
        // Keys of ideas and goals → their ids, made as they first appear.
        let mut keyed: HashMap<&'static str, String> = HashMap::new();
        let mut at = first;
        for (n, step) in sample.steps.iter().enumerate() {
            at += Duration::minutes(7);
            let mut id = |key: &'static str| keyed.entry(key).or_insert_with(|| rng.id(at)).clone();
            let plan = |g: &PlanGoal, id: String| -> Result<BlueprintCommand> {
                Ok(BlueprintCommand::EditGoal {
                    id,
                    title: g.title.into(),
                    owner: (!g.owner.is_empty()).then(|| ours_ref(g.owner)).transpose()?,
                    counterpart: (!g.counterpart.is_empty()).then(|| theirs_ref(g.counterpart)).transpose()?,
                    target_date: g.due.map(|d| (today + Duration::days(d)).date_naive()),
                    measure: g.measure.map(|(metric, unit, baseline, target)| Measure {
                        metric: metric.into(),
                        unit: unit.into(),
                        baseline,
                        target,
                    }),
                })
            };
            use BlueprintCommand as C;
            let commands = match *step {
                On(days) => {
                    at = today - Duration::days(days) + Duration::hours(9);
                    vec![]
                }
                Room(key) => {
                    let function = OURS.iter().find(|o| o.0 == key).map(|o| o.3).unwrap_or("other");
                    vec![C::AddParticipant { person: ours_ref(key)?, function: Function::parse(function)? }]
                }
                Idea(key, by, kind, text) => {
                    vec![C::AddIdea { id: id(key), text: text.into(), participant_id: Some(our(by)?), kind }]
                }
                Merge(keep, duplicate) => vec![C::MergeIdeas { keep: id(keep), duplicate: id(duplicate) }],
                Score(key, impact, effort) => {
                    vec![C::ScoreIdea { id: id(key), impact: Some(impact), effort: Some(effort) }]
                }
                Vote(by, key, votes) => vec![C::Vote { participant_id: our(by)?, idea_id: id(key), votes }],
                Choose(key) => vec![C::ChooseIdea { id: id(key), chosen: true }],
                Goal(ideas, g) => {
                    let goal_id = id(g.key);
                    let idea_ids = ideas.iter().map(|k| id(k)).collect();
                    let make = C::MakeGoal { id: goal_id.clone(), title: g.title.into(), idea_ids };
                    vec![make, plan(&g, goal_id)?]
                }
                Edit(g) => vec![plan(&g, id(g.key))?],
                Involve(goal, who) => {
                    let person = match who {
                        Who::Ours(key) => ours_ref(key)?,
                        Who::Theirs(key) => theirs_ref(key)?,
                    };
                    vec![C::Involve { goal_id: id(goal), person }]
                }
                Connect(goal, ours, theirs, cadence_days) => vec![C::PlanConnection {
                    goal_id: id(goal),
                    ours: ours_ref(ours)?,
                    theirs: theirs_ref(theirs)?,
                    cadence_days,
                }],
                Advance => vec![C::Advance],
                Approve(comment) => vec![C::Approve { by: sponsor.clone(), by_sponsor: true, comment: some(comment) }],
                SendBack(comment) => {
                    vec![C::SendBack { by: sponsor.clone(), by_sponsor: true, comment: comment.into() }]
                }
                OpenRevision => vec![C::OpenRevision],
                CheckIn(goal, value, status, note) => vec![C::CheckIn {
                    goal_id: id(goal),
                    on: at.date_naive(),
                    value,
                    note: some(note),
                    status: Some(status),
                }],
            };
            for command in commands {
                blueprint.apply(&command, at, today.date_naive()).map_err(|why| wrong(format!("step {n}: {why}")))?;
            }
        }
        blueprint.check_stored().map_err(|why| wrong(why.to_string()))?;
        records.push(BlueprintRecord {
            blueprint,
            created_at: timestamp(first),
            updated_at: timestamp(at),
            deleted_at: None,
        });
    }
    Ok(records)
}

// ---------------------------------------------------------------------------
// The sample care: feedback and its loop, stories, the ownership check and
// a year of health scores

/// A step of a sample feedback loop. Taken on the day of its
/// [`SampleFeedback::steps`] entry, by the one of ours named there.
#[derive(Clone, Copy)]
enum Heard {
    /// Someone picks it up.
    Act,
    /// Done: what the customer can see now, and how many days before today
    /// they could first see it.
    Complete(&'static str, i64),
    /// Put off until this many days from today (negative: that day has come).
    Defer(i64),
    /// Declined, and why.
    Decline(&'static str),
    /// Done or declined, and taken up again.
    Reopen,
    Thank(ThanksHow),
}

/// One piece of sample feedback and what became of it.
struct SampleFeedback {
    account: &'static str,
    /// One of theirs, by key; empty when nobody was named.
    from: &'static str,
    /// Days before today they told us.
    received: i64,
    channel: FeedbackChannel,
    text: &'static str,
    theme: &'static str,
    /// Days before today, one of ours by key, the step.
    steps: &'static [(i64, &'static str, Heard)],
    /// Binned this many days before today.
    trashed: Option<i64>,
}

use FeedbackChannel as Via;
use Heard::{Act, Complete, Decline, Defer, Reopen, Thank};

/// Feedback across the sample accounts, in every state of the loop: new
/// (one heard two days ago, still within the days allowed for thanks, and
/// two nobody has thanked for longer), acting, done with the change the
/// customer can see, deferred (one whose day has come, two still waiting),
/// declined with the reason, reopened after a change that did not hold, and
/// a duplicate in the trash. Thanks by note, call and handwritten letter.
const SAMPLE_FEEDBACK: &[SampleFeedback] = &[
    SampleFeedback {
        account: "Nordhavn Energy",
        from: "c",
        received: 150,
        channel: Via::Meeting,
        text: "Every substation sends its alerts as a separate email, so my planners spend the morning sorting them \
               before they can plan a single round.",
        theme: "Monitoring alerts",
        steps: &[
            (148, "sales_north", Thank(ThanksHow::Note)),
            (145, "product", Act),
            (
                72,
                "product",
                Complete(
                    "Alerts arrive as one morning digest, grouped by fault type, with a link to each substation",
                    74,
                ),
            ),
        ],
        trashed: None,
    },
    SampleFeedback {
        account: "Nordhavn Energy",
        from: "f",
        received: 40,
        channel: Via::Call,
        text: "The field crews would like the spare-part kits labelled in Norwegian as well as English.",
        theme: "Spare parts",
        steps: &[(39, "engineer", Thank(ThanksHow::Call)), (35, "logistics", Act), (21, "logistics", Defer(45))],
        trashed: None,
    },
    // Typed in twice after the same call; the copy was binned.
    SampleFeedback {
        account: "Nordhavn Energy",
        from: "f",
        received: 40,
        channel: Via::Call,
        text: "Spare-part kits: labels in Norwegian too, please.",
        theme: "Spare parts",
        steps: &[],
        trashed: Some(38),
    },
    SampleFeedback {
        account: "Brightline Logistics",
        from: "c",
        received: 20,
        channel: Via::Meeting,
        text: "When a conveyor stops at night, nobody on your helpdesk can tell which belt it is until the morning \
               shift logs in.",
        theme: "Night support",
        steps: &[(18, "svc_mgr", Act)],
        trashed: None,
    },
    SampleFeedback {
        account: "Brightline Logistics",
        from: "d",
        received: 65,
        channel: Via::Email,
        text: "Your quotes for spare belts come in a different layout every time, so I cannot hold them against the \
               framework prices.",
        theme: "Quotes",
        steps: &[
            (64, "kam2", Thank(ThanksHow::Note)),
            (60, "kam2", Act),
            (
                30,
                "kam2",
                Complete("Every spare-parts quote now lists the framework line number and price per item", 30),
            ),
        ],
        trashed: None,
    },
    SampleFeedback {
        account: "Calder Retail Group",
        from: "b",
        received: 9,
        channel: Via::Review,
        text: "The pilot hubs work, but your fit-out crews leave packaging in the stores for days after every \
               installation.",
        theme: "Installation",
        steps: &[],
        trashed: None,
    },
    SampleFeedback {
        account: "Calder Retail Group",
        from: "c",
        received: 45,
        channel: Via::Meeting,
        text: "Store managers want one number to call about anything wrong with the hub equipment, not three.",
        theme: "Support",
        steps: &[(44, "kam2", Thank(ThanksHow::Handwritten)), (40, "service", Act), (30, "service", Defer(-4))],
        trashed: None,
    },
    SampleFeedback {
        account: "Calder Retail Group",
        from: "d",
        received: 80,
        channel: Via::Email,
        text: "Could you hold your prices for three years if we commit to sixty hubs up front?",
        theme: "Pricing",
        steps: &[
            (79, "kam2", Thank(ThanksHow::Call)),
            (
                60,
                "cfo",
                Decline(
                    "Steel and freight costs move too much for a three-year freeze; we offered a yearly rise capped \
                     at the index instead.",
                ),
            ),
        ],
        trashed: None,
    },
    SampleFeedback {
        account: "Stellan Health",
        from: "e",
        received: 110,
        channel: Via::Survey,
        text: "The validation paperwork for each washer turns up a week after the machine, and until then we cannot \
               use it.",
        theme: "Validation documents",
        steps: &[
            (108, "kam1", Thank(ThanksHow::Note)),
            (105, "svc_mgr", Act),
            (
                50,
                "svc_mgr",
                Complete("Validation packs travel in the crate with the machine, and as a PDF the day before", 52),
            ),
        ],
        trashed: None,
    },
    SampleFeedback {
        account: "Stellan Health",
        from: "c",
        received: 4,
        channel: Via::Meeting,
        text: "For the first regional centre we would like one named engineer who covers the night shift.",
        theme: "Service cover",
        steps: &[],
        trashed: None,
    },
    SampleFeedback {
        account: "Vireo Manufacturing",
        from: "c",
        received: 30,
        channel: Via::Call,
        text: "A firmware update should not need one of your engineers on site; give our technicians the tool and \
               they will do it.",
        theme: "Firmware",
        steps: &[(29, "product", Thank(ThanksHow::Call)), (25, "cto", Act)],
        trashed: None,
    },
    SampleFeedback {
        account: "Quayside Bank",
        from: "c",
        received: 2,
        channel: Via::Email,
        text: "The quarterly service report would help us more if it gave cash-centre downtime in hours rather than \
               as a count of incidents.",
        theme: "Reporting",
        steps: &[],
        trashed: None,
    },
    SampleFeedback {
        account: "Westmoor County Council",
        from: "c",
        received: 200,
        channel: Via::Meeting,
        text: "Your scheduling screens assume everyone sits at a desk. Most of my repair team only has a phone.",
        theme: "Mobile use",
        steps: &[
            (198, "service", Thank(ThanksHow::Handwritten)),
            (190, "product", Act),
            (100, "product", Complete("Repair jobs can be accepted and closed from a phone", 101)),
            // Their vans lose signal on the estates: the phone screens lost jobs.
            (60, "service", Reopen),
        ],
        trashed: None,
    },
    SampleFeedback {
        account: "Keel & Harrow Shipping",
        from: "c",
        received: 25,
        channel: Via::Meeting,
        text: "When a crane is down, my drivers tell me the repair date before your service desk does.",
        theme: "Repair updates",
        steps: &[(20, "logistics", Act)],
        trashed: None,
    },
    SampleFeedback {
        account: "Keel & Harrow Shipping",
        from: "b",
        received: 95,
        channel: Via::Review,
        text: "Split the maintenance invoices by terminal, so that each terminal manager signs off their own.",
        theme: "Invoicing",
        steps: &[(93, "logistics", Thank(ThanksHow::Note)), (90, "finance", Act), (60, "finance", Defer(20))],
        trashed: None,
    },
    SampleFeedback {
        account: "Pellucid Pharma",
        from: "d",
        received: 55,
        channel: Via::Meeting,
        text: "The refit plan should show which days the clean room is open to your engineers, so we can book our \
               validation staff around them.",
        theme: "Refit planning",
        steps: &[
            (54, "engineer", Thank(ThanksHow::Call)),
            (50, "install", Act),
            (35, "install", Complete("A shared refit calendar shows the clean-room days for both teams", 35)),
        ],
        trashed: None,
    },
    SampleFeedback {
        account: "Ironbridge Steel",
        from: "f",
        received: 12,
        channel: Via::Call,
        text: "Delivery slots are confirmed by email the afternoon before, which is too late for our yard plan.",
        theme: "Delivery slots",
        steps: &[(11, "logistics", Thank(ThanksHow::Note)), (8, "logistics", Act)],
        trashed: None,
    },
];

/// The sample feedback as records, and the steps of their loops numbered in
/// the order they were taken across all feedback. Each step goes through the
/// loop's own rules ([`feedback::next`], [`feedback::check_thanks`]) on the
/// day it was taken and is recorded as the store records it, so every piece
/// is one the app could have made. A step refused is a mistake in the sample.
fn sample_feedback(
    rng: &mut Rng,
    now: DateTime<Utc>,
    ids: &SampleIds<'_>,
) -> Result<(Vec<FeedbackRecord>, Vec<FeedbackEventRecord>)> {
    let today = day_start(now);
    let mut records = Vec::with_capacity(SAMPLE_FEEDBACK.len());
    let mut events = Vec::new();
    for sample in SAMPLE_FEEDBACK {
        let wrong = |what: String| Error::Internal(format!("sample feedback for {}: {what}", sample.account));
        let (account_id, theirs) = ids.accounts.get(sample.account).ok_or_else(|| wrong("no such account".into()))?;
        let person_id = match sample.from {
            "" => None,
            key => Some(theirs.get(key).cloned().ok_or_else(|| wrong(format!("no person {key} of theirs")))?),
        };
        let heard = today - Duration::days(sample.received);
        let received_on = heard.date_naive();
        let created = heard + Duration::hours(8);
        let mut record = FeedbackRecord {
            id: rng.id(created),
            account_id: account_id.clone(),
            person_id,
            received_on: received_on.to_string(),
            channel: sample.channel.as_str().into(),
            text: sample.text.into(),
            theme: some(sample.theme),
            state: String::new(),
            created_at: timestamp(created),
            updated_at: timestamp(created),
            deleted_at: sample.trashed.map(|days| timestamp(today - Duration::days(days) + Duration::hours(11))),
            ..Default::default()
        };
        let mut state = FeedbackState::New;
        for (n, (days, who, step)) in sample.steps.iter().enumerate() {
            let at = today - Duration::days(*days) + Duration::hours(10) + Duration::minutes(5 * n as i64);
            let day = at.date_naive();
            let refused = |why: rapport_core::blueprint::Refusal| wrong(format!("step {n}: {why}"));
            let on = |d: i64| Some((today + Duration::days(d)).date_naive());
            let mut apply = |action, step: FeedbackStep| {
                let step = FeedbackStep { action: Some(action), ..step };
                take_step(&mut record, state, step, received_on, day).map_err(refused)
            };
            let (action, to, note) = match *step {
                Act => apply(FeedbackAction::Act, FeedbackStep::default())?,
                Complete(change, visible) => apply(
                    FeedbackAction::Complete,
                    FeedbackStep { change: Some(change.into()), visible_on: on(-visible), ..Default::default() },
                )?,
                Defer(until) => {
                    apply(FeedbackAction::Defer, FeedbackStep { reconsider_on: on(until), ..Default::default() })?
                }
                Decline(reason) => {
                    apply(FeedbackAction::Decline, FeedbackStep { reason: Some(reason.into()), ..Default::default() })?
                }
                Reopen => apply(FeedbackAction::Reopen, FeedbackStep::default())?,
                // Not a step of the loop: the state stays as it is.
                Thank(how) => {
                    if record.thanked_on.is_some() {
                        return Err(wrong(format!("step {n}: thanked twice")));
                    }
                    feedback::check_thanks(received_on, day, day).map_err(refused)?;
                    record.thanked_on = Some(day.to_string());
                    record.thanked_how = Some(how.as_str().into());
                    ("thank", state, Some(format!("{} on {day}", how.label())))
                }
            };
            events.push(FeedbackEventRecord {
                n: 0,
                feedback_id: record.id.clone(),
                at: timestamp(at),
                actor: our_name(who)?.into(),
                action: action.into(),
                from_state: state.as_str().into(),
                to_state: to.as_str().into(),
                note,
            });
            state = to;
            record.updated_at = timestamp(at);
        }
        record.state = state.as_str().into();
        records.push(record);
    }
    // Timestamps in one format sort as they happened.
    events.sort_by(|a, b| a.at.cmp(&b.at));
    for (n, event) in events.iter_mut().enumerate() {
        event.n = n as i64 + 1;
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((records, events))
}

/// One step of the loop on `record`, decided by [`feedback::next`] on `day`,
/// keeping what the store keeps: the action, the state it leads to and the
/// note it leaves in the record.
fn take_step(
    record: &mut FeedbackRecord,
    state: FeedbackState,
    step: FeedbackStep,
    received_on: NaiveDate,
    day: NaiveDate,
) -> std::result::Result<(&'static str, FeedbackState, Option<String>), rapport_core::blueprint::Refusal> {
    let to = feedback::next(state, &step, received_on, day)?;
    let action = step.action.expect("next refuses a step without an action");
    record.reconsider_on = None;
    let note = match action {
        FeedbackAction::Complete => {
            record.change = step.change.clone();
            record.visible_on = step.visible_on.map(|d| d.to_string());
            step.change
        }
        FeedbackAction::Defer => {
            record.reconsider_on = step.reconsider_on.map(|d| d.to_string());
            step.reconsider_on.map(|d| format!("until {d}"))
        }
        FeedbackAction::Decline => {
            record.reason = step.reason.clone();
            step.reason
        }
        FeedbackAction::Act | FeedbackAction::Reopen => None,
    };
    Ok((action.as_str(), to, note))
}

/// One story told about us, by one of our departments.
struct SampleStory {
    account: &'static str,
    kind: StoryKind,
    title: &'static str,
    department: &'static str,
    /// Days before today.
    on: i64,
    impact: &'static str,
    failure: Option<Failure>,
    resolved: bool,
    lesson: &'static str,
    /// Binned this many days before today.
    trashed: Option<i64>,
}

use StoryKind::{Horror, Success};

/// Successes (mostly something new we brought) and horror stories (mostly a
/// delivery that went wrong) from Engineering, Support, Delivery, Product,
/// Finance and Sales: some horror stories resolved with their lesson, some
/// still open, a duplicate in the trash and one inside the binned account.
const SAMPLE_STORIES: &[SampleStory] = &[
    SampleStory {
        account: "Nordhavn Energy",
        kind: Success,
        title: "Fault prediction caught a failing transformer at Stavanger",
        department: "Engineering",
        on: 130,
        impact: "Their COO told the regulator about the outage that did not happen; a second region asked for the \
                 same monitoring.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Nordhavn Energy",
        kind: Horror,
        title: "Sensor kits for twelve substations arrived without mounting brackets",
        department: "Delivery",
        on: 300,
        impact: "Two field crews stood idle for a week in the short summer season.",
        failure: Some(Failure::Short),
        resolved: true,
        lesson: "Kits are checked against the substation drawing before they leave the warehouse.",
        trashed: None,
    },
    SampleStory {
        account: "Brightline Logistics",
        kind: Horror,
        title: "Venlo's night shift waited nine hours for a callback",
        department: "Support",
        on: 21,
        impact: "Two lorries left late, and their Director of Operations raised it with our sales chief.",
        failure: Some(Failure::Unanswered),
        resolved: false,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Brightline Logistics",
        kind: Success,
        title: "Belt-wear sensors fitted to the main sorter",
        department: "Product",
        on: 200,
        impact: "Unplanned stops on the main sorter fell by a third in the first quarter.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Calder Retail Group",
        kind: Horror,
        title: "The Leeds hub opened with half its lockers taped off",
        department: "Delivery",
        on: 10,
        impact: "The fit-out finished two days after opening; their supply chain chief now wants a progress call \
                 every week.",
        failure: Some(Failure::Late),
        resolved: false,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Calder Retail Group",
        kind: Horror,
        title: "Pilot hub invoices went to the wrong company in the group",
        department: "Finance",
        on: 120,
        impact: "Payment was held for six weeks while the invoices were raised again.",
        failure: Some(Failure::Other),
        resolved: true,
        lesson: "The billing entity is confirmed at the project kick-off, not after the first invoice.",
        trashed: None,
    },
    SampleStory {
        account: "Calder Retail Group",
        kind: Success,
        title: "Collection in under two minutes at the pilot stores",
        department: "Product",
        on: 240,
        impact: "Their head of store operations shows our locker software to every visiting board member.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Stellan Health",
        kind: Success,
        title: "Washer cycle data fed straight into their quality system",
        department: "Engineering",
        on: 90,
        impact: "The auditors passed the sterile-supply centre without a single finding.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Stellan Health",
        kind: Horror,
        title: "A spare pump for the Hamburg washer took eleven days",
        department: "Support",
        on: 150,
        impact: "Surgery lists were cut back while the washer was down.",
        failure: Some(Failure::Late),
        resolved: true,
        lesson: "Two spare pumps now sit on site at every regional centre.",
        trashed: None,
    },
    SampleStory {
        account: "Vireo Manufacturing",
        kind: Success,
        title: "Remote diagnostics shown live on their stand in Milan",
        department: "Product",
        on: 70,
        impact: "Three of their own customers asked for machines with our controllers at the fair.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    // Entered twice; the copy was binned.
    SampleStory {
        account: "Vireo Manufacturing",
        kind: Success,
        title: "Milan fair: remote diagnostics demo",
        department: "Product",
        on: 70,
        impact: "",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: Some(60),
    },
    SampleStory {
        account: "Quayside Bank",
        kind: Horror,
        title: "A quarterly service invoice charged twice",
        department: "Finance",
        on: 60,
        impact: "Their facilities manager had to explain the overspend to the finance committee.",
        failure: Some(Failure::Broken),
        resolved: true,
        lesson: "A second person checks every service invoice above the usual amount before it goes out.",
        trashed: None,
    },
    SampleStory {
        account: "Westmoor County Council",
        kind: Success,
        title: "The pilot area's repair backlog cut by more than half",
        department: "Support",
        on: 160,
        impact: "From 900 open jobs to 350 in four months; their Head of Digital presented it to the council.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Westmoor County Council",
        kind: Horror,
        title: "The scheduling app lost jobs when repair vans had no signal",
        department: "Engineering",
        on: 65,
        impact: "Tenants were told a repair was booked that nobody had on their list.",
        failure: Some(Failure::Broken),
        resolved: false,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Keel & Harrow Shipping",
        kind: Horror,
        title: "A Bremerhaven crane repair promised for Friday finished the next Wednesday",
        department: "Delivery",
        on: 40,
        impact: "A ship waited a day for its berth, and their CFO brought it up in the renegotiation.",
        failure: Some(Failure::Late),
        resolved: false,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Keel & Harrow Shipping",
        kind: Horror,
        title: "Nobody answered the weekend hotline during a storm",
        department: "Support",
        on: 100,
        impact: "Two cranes stayed locked down for a shift longer than the wind required.",
        failure: Some(Failure::Unanswered),
        resolved: true,
        lesson: "After ten minutes the weekend hotline rings through to a second engineer.",
        trashed: None,
    },
    SampleStory {
        account: "Pellucid Pharma",
        kind: Success,
        title: "Line one refit handed over two days early",
        department: "Engineering",
        on: 180,
        impact: "They restarted production before their biggest order of the year.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Ironbridge Steel",
        kind: Success,
        title: "Conveyor sections delivered in slots around the melt shop",
        department: "Delivery",
        on: 85,
        impact: "Not one hour of melt-shop time lost to our lorries.",
        failure: None,
        resolved: true,
        lesson: "",
        trashed: None,
    },
    SampleStory {
        account: "Solent Water",
        kind: Horror,
        title: "Our pump tender went in after the deadline",
        department: "Sales",
        on: 400,
        impact: "The tender went to a competitor without our price being read.",
        failure: Some(Failure::Late),
        resolved: true,
        lesson: "Tenders have a named owner and an internal deadline a week before theirs.",
        trashed: None,
    },
];

/// A sample commitment: the account, who promised (one of ours by key, or
/// one of theirs as `their:KEY`), to whom (the same), what, made this many
/// days ago, due this many days from today (negative: past), and kept this
/// many days ago.
struct SampleCommitment {
    account: &'static str,
    by: &'static str,
    to: &'static str,
    what: &'static str,
    made: i64,
    due: Option<i64>,
    kept: Option<i64>,
}

/// Kept and open, on both sides; the next visit's account (Nordhavn Energy)
/// has one of ours open, one of theirs late and one kept.
const SAMPLE_COMMITMENTS: &[SampleCommitment] = &[
    SampleCommitment {
        account: "Nordhavn Energy",
        by: "ceo",
        to: "their:b",
        what: "Send Hanne the phase-one outage figures, substation by substation",
        made: 40,
        due: Some(5),
        kept: None,
    },
    SampleCommitment {
        account: "Nordhavn Energy",
        by: "their:b",
        to: "sales_north",
        what: "Share the regulator's reporting template for next winter",
        made: 40,
        due: Some(-10),
        kept: None,
    },
    SampleCommitment {
        account: "Nordhavn Energy",
        by: "sales_north",
        to: "their:c",
        what: "Train their field crews alongside ours at the pilot substations",
        made: 120,
        due: Some(-70),
        kept: Some(75),
    },
    SampleCommitment {
        account: "Brightline Logistics",
        by: "cso",
        to: "",
        what: "Quote the second depot's sorting line",
        made: 90,
        due: Some(-60),
        kept: Some(68),
    },
    SampleCommitment {
        account: "Aldergrove Foods",
        by: "ceo",
        to: "",
        what: "Introduce their finance team to ours before the budget round",
        made: 30,
        due: None,
        kept: None,
    },
];

/// The sample commitments as records. Their ids come from a generator of
/// their own, so the rest of the sample stays as it was.
fn sample_commitments(now: DateTime<Utc>, ids: &SampleIds<'_>) -> Result<Vec<CommitmentRecord>> {
    let mut rng = Rng::new(17);
    let today = day_start(now);
    let mut records = Vec::with_capacity(SAMPLE_COMMITMENTS.len());
    for sample in SAMPLE_COMMITMENTS {
        let wrong = |what: String| Error::Internal(format!("sample commitment \"{}\": {what}", sample.what));
        let (account_id, theirs) = ids.accounts.get(sample.account).ok_or_else(|| wrong("no such account".into()))?;
        let person = |key: &str| -> Result<Option<String>> {
            if key.is_empty() {
                return Ok(None);
            }
            let id = match key.strip_prefix("their:") {
                Some(their) => theirs.get(their).cloned(),
                None => ids.ours.get(key).map(|(id, _)| id.clone()),
            };
            id.map(Some).ok_or_else(|| wrong(format!("no person {key}")))
        };
        let made = today - Duration::days(sample.made);
        let created = made + Duration::hours(17);
        let updated = sample.kept.map_or(created, |k| today - Duration::days(k) + Duration::hours(9));
        records.push(CommitmentRecord {
            id: rng.id(created),
            account_id: account_id.clone(),
            side: if sample.by.starts_with("their:") { "theirs" } else { "ours" }.into(),
            by_person_id: person(sample.by)?,
            to_person_id: person(sample.to)?,
            what: sample.what.into(),
            made_on: date(made),
            due_on: sample.due.map(|d| date(today + Duration::days(d))),
            meeting_id: None,
            interaction_id: None,
            state: if sample.kept.is_some() { "kept" } else { "open" }.into(),
            kept_on: sample.kept.map(|k| date(today - Duration::days(k))),
            dropped_reason: None,
            created_at: timestamp(created),
            updated_at: timestamp(updated),
            deleted_at: None,
        });
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(records)
}

/// The sample stories as records, each checked by the story rules.
fn sample_stories(rng: &mut Rng, now: DateTime<Utc>, ids: &SampleIds<'_>) -> Result<Vec<StoryRecord>> {
    let today = day_start(now);
    let mut records = Vec::with_capacity(SAMPLE_STORIES.len());
    for sample in SAMPLE_STORIES {
        let wrong = |what: String| Error::Internal(format!("sample story \"{}\": {what}", sample.title));
        let (account_id, _) = ids.accounts.get(sample.account).ok_or_else(|| wrong("no such account".into()))?;
        story::check(sample.kind, sample.failure, sample.resolved).map_err(|why| wrong(why.to_string()))?;
        if sample.on < 2 {
            return Err(wrong("written down the day after, so at least two days ago".into()));
        }
        let occurred = today - Duration::days(sample.on);
        let created = occurred + Duration::days(1) + Duration::hours(16);
        // A horror story put right was last touched when its lesson was written down.
        let updated = if sample.kind == Horror && sample.resolved {
            created + Duration::days((sample.on - 2).min(21))
        } else {
            created
        };
        records.push(StoryRecord {
            id: rng.id(created),
            account_id: account_id.clone(),
            kind: sample.kind.as_str().into(),
            title: sample.title.into(),
            department: sample.department.into(),
            occurred_on: date(occurred),
            impact: some(sample.impact),
            failure: sample.failure.map(|f| f.as_str().into()),
            resolved: Some(sample.resolved),
            lesson: some(sample.lesson),
            created_at: timestamp(created),
            updated_at: timestamp(updated),
            deleted_at: sample.trashed.map(|days| timestamp(today - Duration::days(days) + Duration::hours(12))),
        });
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(records)
}

use OwnershipQuestion as Q;

/// The ownership check as the account teams answered it: every question for
/// the best-kept accounts, some for others, none for the rest (Vireo,
/// Aldergrove, Pellucid).
const SAMPLE_OWNERSHIP: &[(&str, &[(OwnershipQuestion, &str)])] = &[
    (
        "Nordhavn Energy",
        &[
            (Q::Owner, "Amara Lindqvist, with Tomasz Wren as the executive sponsor."),
            (Q::Function, "Sales, because the relationship is still growing into new regions."),
            (
                Q::Investment,
                "A service manager two days a week, a field engineer on call, and a yearly joint workshop.",
            ),
            (Q::Environment, "Wind power grows faster than the grid; the regulator fines every unplanned outage."),
            (Q::Evolution, "From repairs to prediction: fewer, longer contracts priced on uptime."),
            (Q::BothWin, "They avoid outage fines; we keep a multi-year service contract in every region."),
        ],
    ),
    (
        "Stellan Health",
        &[
            (Q::Owner, "Jonas Feld, with Helena Marsh as sponsor."),
            (Q::Function, "Sales for now; Customer Service should take it over once both centres are running."),
            (Q::Investment, "A dedicated service manager and spare parts held on their sites."),
            (Q::Environment, "Merging sterile supply into regional centres that never close."),
            (Q::Evolution, "Agreed at the last review: one partner for equipment and service in every region."),
            (Q::BothWin, "They pass audits with fewer staff; we supply every new regional centre."),
        ],
    ),
    (
        "Ironbridge Steel",
        &[
            (Q::Owner, "Amara Lindqvist, with Priya Raman as sponsor."),
            (Q::Function, "Sales, working closely with our installation team on the furnace hall."),
            (
                Q::Investment,
                "An installation team on site through the conversion and a planner for the delivery slots.",
            ),
            (Q::Environment, "Switching to electric arc; energy prices decide when they can melt."),
            (Q::Evolution, "From one project to the supplier for all their material handling."),
            (Q::BothWin, "They sell greener steel at a premium; we become part of how they run the plant."),
        ],
    ),
    (
        "Calder Retail Group",
        &[
            (Q::Owner, "Chloé Martin, still without an executive sponsor."),
            (Q::Environment, "Footfall keeps falling; half their revenue now comes through online orders."),
        ],
    ),
    (
        "Brightline Logistics",
        &[
            (Q::Environment, "Flat parcel volumes and rising wages push them to automate every depot."),
            (Q::BothWin, "Their sorting costs fall; our retrofits become the standard for the next depots."),
        ],
    ),
    (
        "Westmoor County Council",
        &[
            (Q::Owner, "Leo Brandt, with Tomasz Wren as sponsor."),
            (Q::Function, "Customer Service, because the contract is a service."),
            (Q::Environment, "Another budget cut next year, while repairs are a political promise."),
            (Q::BothWin, "Their repair backlog shrinks; our scheduling service spreads to the whole housing stock."),
        ],
    ),
    ("Keel & Harrow Shipping", &[(Q::Environment, "Freight rates halved and every supplier contract is reopened.")]),
    (
        "Quayside Bank",
        &[
            (Q::Owner, "Chloé Martin, with Priya Raman as sponsor."),
            (Q::Function, "Sales, although the daily contact is with our service engineers."),
            (Q::Environment, "Closing branches and handing cash handling to partners."),
        ],
    ),
];

fn sample_ownership(rng: &mut Rng, now: DateTime<Utc>, ids: &SampleIds<'_>) -> Result<Vec<OwnershipAnswerRecord>> {
    let today = day_start(now);
    let mut records = Vec::new();
    for (account, answers) in SAMPLE_OWNERSHIP {
        let (account_id, _) = ids
            .accounts
            .get(account)
            .ok_or_else(|| Error::Internal(format!("sample ownership check for {account}: no such account")))?;
        // Answered together at one account review, a few minutes apart.
        let reviewed = today - Duration::days(5 + rng.below(80) as i64) + Duration::hours(15);
        for (n, (question, answer)) in answers.iter().enumerate() {
            records.push(OwnershipAnswerRecord {
                account_id: account_id.clone(),
                question: question.as_str().into(),
                answer: (*answer).into(),
                updated_at: timestamp(reviewed + Duration::minutes(3 * n as i64)),
            });
        }
    }
    records.sort_by(|a, b| (&a.account_id, &a.question).cmp(&(&b.account_id, &b.question)));
    Ok(records)
}

/// How many points higher (negative: lower) each account scored a year ago
/// than today: Calder and Keel & Harrow sliding, Westmoor and Aldergrove
/// recovering, the rest about level.
const SAMPLE_HEALTH_YEAR_AGO: &[(&str, i64)] = &[
    ("Nordhavn Energy", -4),
    ("Brightline Logistics", 6),
    ("Calder Retail Group", 18),
    ("Stellan Health", 5),
    ("Vireo Manufacturing", -6),
    ("Quayside Bank", 0),
    ("Westmoor County Council", -14),
    ("Aldergrove Foods", -12),
    ("Keel & Harrow Shipping", 20),
    ("Pellucid Pharma", 9),
    ("Ironbridge Steel", -8),
];

/// Demo only: weekly scores for the 53 weeks before `today` (so a score from
/// a year ago exists for the annual review), made up. A past
/// day's score cannot be worked out again from today's data, so the sample
/// invents one that drifts from `today`'s parts towards where the account
/// stood a year ago (`year_ago` points away), with a little week-to-week
/// noise. Each stays a recorded score could be: every part within its
/// maximum, adding up to the score.
fn invented_health_history(
    rng: &mut Rng,
    account_id: &str,
    today_parts: &[(HealthPart, u32)],
    year_ago: i64,
    today: NaiveDate,
) -> Vec<HealthRecord> {
    let mut records = Vec::with_capacity(53);
    for week in (1..=53i64).rev() {
        let wobble = rng.below(5) as i64 - 2;
        let mut shift = (year_ago * week + 26) / 52 + wobble;
        let mut parts: Vec<(HealthPart, i64)> = today_parts.iter().map(|(p, n)| (*p, i64::from(*n))).collect();
        // One point at a time, round the parts that have room, so the change
        // spreads over them.
        while shift != 0 {
            let step = shift.signum();
            let mut moved = false;
            for (part, points) in &mut parts {
                let room = if step > 0 { *points < i64::from(part.max_points()) } else { *points > 0 };
                if shift != 0 && room {
                    *points += step;
                    shift -= step;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        records.push(HealthRecord {
            account_id: account_id.into(),
            on_date: (today - Duration::days(7 * week)).to_string(),
            score: Some(parts.iter().map(|(_, p)| p).sum()),
            parts: parts.into_iter().map(|(part, points)| (part.as_str().into(), points)).collect(),
        });
    }
    records
}

// ---------------------------------------------------------------------------
// The large generated book

/// How big a generated book is. [`LargeSize::LARGE`] is the size the product
/// promises to stay interactive at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeSize {
    pub accounts: u64,
    /// Ours and theirs together.
    pub people: u64,
    pub interactions: u64,
}

impl LargeSize {
    pub const LARGE: LargeSize = LargeSize { accounts: 10_000, people: 200_000, interactions: 1_000_000 };
}

impl Default for LargeSize {
    fn default() -> Self {
        Self::LARGE
    }
}

/// Reported while a large book is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Records written so far.
    Written(BookCounts),
    /// Every record is written; the per-account summaries are being computed.
    Summaries,
}

#[rustfmt::skip]
const PREFIXES: &[&str] = &[
    "Alder", "Amber", "Arden", "Ash", "Bay", "Beacon", "Birch", "Black", "Bright", "Brook", "Calder", "Castle",
    "Cedar", "Clear", "Cobalt", "Copper", "Crest", "Cross", "Dale", "Deep", "East", "Elm", "Fair", "Fern", "Fjord",
    "Frost", "Glen", "Gold", "Granite", "Green", "Harbour", "Hart", "Hazel", "High", "Iron", "Ivy", "Juniper",
    "Kestrel", "Lake", "Lark", "Linden", "Maple", "Marsh", "Meadow", "Mill", "Moor", "North", "Oak", "Orchard",
    "Pine", "Quarry", "Raven", "Red", "River", "Rock", "Rowan", "Salt", "Silver", "Sky", "Slate", "South", "Spring",
    "Stone", "Summit", "Thorn", "Tide", "Vale", "West", "Willow", "Wind", "Wren", "Yew",
];
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "", "bridge", "brook", "by", "field", "ford", "gate", "haven", "hill", "holm", "land", "lea", "mere", "mont",
    "more", "port", "side", "stead", "ton", "vale", "view", "wick", "wood", "worth",
];
const INDUSTRIES: &[(&str, &[&str])] = &[
    ("Energy", &["Energy", "Power", "Renewables", "Grid"]),
    ("Logistics", &["Logistics", "Freight", "Transport", "Distribution"]),
    ("Retail", &["Retail", "Stores", "Markets", "Trading"]),
    ("Healthcare", &["Health", "Care", "Medical", "Clinics"]),
    ("Manufacturing", &["Manufacturing", "Engineering", "Works", "Industries"]),
    ("Banking", &["Bank", "Capital", "Savings", "Finance"]),
    ("Public sector", &["Council", "Authority", "Agency", "Services"]),
    ("Food and beverage", &["Foods", "Dairy", "Brewing", "Bakeries"]),
    ("Shipping", &["Shipping", "Lines", "Maritime", "Terminals"]),
    ("Pharmaceuticals", &["Pharma", "Biologics", "Laboratories", "Therapeutics"]),
    ("Utilities", &["Water", "Utilities", "Networks", "Gas"]),
    ("Telecommunications", &["Telecom", "Networks", "Connect", "Fibre"]),
];
const LEGAL: &[&str] = &["", "", "Ltd", "Group", "AG", "plc", "SA", "GmbH", "BV", "AB", "Holdings", "Inc."];
const REGIONS: &[(&str, &str)] = &[
    ("Nordics", "EUR"),
    ("DACH", "EUR"),
    ("Benelux", "EUR"),
    ("France", "EUR"),
    ("Iberia", "EUR"),
    ("Italy", "EUR"),
    ("United Kingdom", "GBP"),
    ("Ireland", "EUR"),
    ("Switzerland", "CHF"),
    ("Poland", "PLN"),
    ("North America", "USD"),
    ("Sweden", "SEK"),
];
#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Aaron", "Ada", "Ahmed", "Aino", "Alba", "Ali", "Amir", "Ana", "Anders", "Anna", "Arjun", "Astrid", "Ben",
    "Bianca", "Carla", "Carlos", "Chen", "Chiara", "Claire", "Dana", "David", "Elena", "Elif", "Emil", "Emma", "Erik",
    "Eva", "Farah", "Felix", "Fiona", "Gabriel", "Greta", "Hamza", "Hana", "Hugo", "Ida", "Igor", "Ines", "Isaac",
    "Jana", "Jonas", "Julia", "Kai", "Karin", "Kofi", "Lara", "Laura", "Leon", "Lina", "Lucas", "Maja", "Marco",
    "Maria", "Mateo", "Mei", "Mila", "Nadia", "Nils", "Nina", "Noah", "Olga", "Omar", "Paula", "Pedro", "Priya",
    "Rania", "Rosa", "Sami", "Sara", "Sofia", "Tariq", "Teresa", "Theo", "Tomas", "Vera", "Wei", "Yara", "Yusuf",
    "Zoe",
];
#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Abbott", "Achterberg", "Bakker", "Barros", "Becker", "Berg", "Bianchi", "Brennan", "Carvalho", "Castro", "Chen",
    "Costa", "Dahl", "Dubois", "Eriksson", "Fischer", "Fontaine", "Garcia", "Gruber", "Hansen", "Hoffmann", "Ivanova",
    "Jansen", "Kaya", "Keller", "Kowalski", "Larsen", "Laurent", "Lindgren", "Lopez", "Marino", "Meyer", "Moreau",
    "Murphy", "Nakamura", "Nielsen", "Novak", "Oliveira", "Olsen", "Patel", "Peeters", "Petrov", "Quinn", "Rahman",
    "Ricci", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Sorensen", "Tanaka", "Vargas", "Visser", "Wagner",
    "Weber", "Wilson", "Wolff", "Young", "Zhang",
];
const THEIR_TITLES: [&[(&str, &str)]; 6] = [
    &[("Chief Executive", "Board"), ("Managing Director", "Board")],
    &[
        ("Chief Operating Officer", "Operations"),
        ("Chief Financial Officer", "Finance"),
        ("Chief Technology Officer", "Technology"),
        ("Chief Procurement Officer", "Procurement"),
    ],
    &[
        ("Head of Operations", "Operations"),
        ("Head of Engineering", "Engineering"),
        ("Head of Procurement", "Procurement"),
        ("Finance Director", "Finance"),
        ("Head of IT", "Technology"),
    ],
    &[
        ("Operations Manager", "Operations"),
        ("Engineering Manager", "Engineering"),
        ("Category Manager", "Procurement"),
        ("Controller", "Finance"),
        ("Project Manager", "Operations"),
    ],
    &[
        ("Planner", "Operations"),
        ("Engineer", "Engineering"),
        ("Buyer", "Procurement"),
        ("Analyst", "Finance"),
        ("Coordinator", "Operations"),
    ],
    &[("Technician", "Operations"), ("Assistant", "Operations"), ("Specialist", "Engineering")],
];
const OUR_TITLES: &[(&str, &str, i64)] = &[
    ("Executive Vice President", "executive", 2),
    ("Sales Director", "sales", 3),
    ("Account Manager", "sales", 4),
    ("Sales Representative", "sales", 5),
    ("Head of Product", "product_development", 3),
    ("Product Manager", "product_development", 4),
    ("Service Director", "customer_service", 3),
    ("Service Manager", "customer_service", 4),
    ("Service Engineer", "customer_service", 5),
    ("Installation Manager", "installation", 4),
    ("Installer", "installation", 5),
    ("Logistics Manager", "logistics", 4),
    ("Finance Manager", "finance", 4),
    ("Bid Manager", "other", 4),
];
#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "the renewal", "service levels", "the new site", "a delivery delay", "pricing for next year", "the pilot",
    "spare parts", "an upgrade", "the maintenance plan", "a complaint", "the roadmap", "training for their team",
    "invoicing", "a tender", "safety figures", "the rollout", "a reference visit", "energy savings",
];
const INTERMEDIARIES: &[&str] = &[
    "a former colleague now at their company",
    "our shared industry association",
    "their board adviser",
    "a partner who installs for both of us",
    "an alumni network",
];
#[rustfmt::skip]
const KINDS_WEIGHTED: &[&str] = &[
    "email", "email", "email", "call", "call", "call", "meeting", "meeting", "meeting", "site_visit", "event",
    "social", "annual_customer_review", "executive_business_review",
];

/// Splits `total` into `parts` shares with a skew (a few big accounts, many
/// small), each at least `floor`.
fn skewed_shares(rng: &mut Rng, total: u64, parts: u64, floor: u64) -> Vec<u64> {
    if parts == 0 {
        return Vec::new();
    }
    let weights: Vec<f64> = (0..parts).map(|_| 0.2 + rng.unit().powi(4) * 12.0).collect();
    let sum: f64 = weights.iter().sum();
    let spare = total.saturating_sub(floor * parts) as f64;
    let mut shares: Vec<u64> = weights.iter().map(|w| floor + (spare * w / sum) as u64).collect();
    let mut given: u64 = shares.iter().sum();
    let mut i = 0;
    while given < total {
        shares[i % parts as usize] += 1;
        given += 1;
        i += 1;
    }
    shares
}

/// Accounts per transaction chunk sent to the database.
const ACCOUNTS_PER_ROUND: usize = 50;

/// Generates a large book into an empty vault: deterministic for the same
/// `seed`, `size` and day of `now` (ids are UUIDv7-shaped, drawn from the
/// seed). One transaction; records are made and written a few accounts at a
/// time, so memory stays flat. Refuses a non-empty vault (field "book").
pub async fn generate_large(
    pool: &SqlitePool,
    size: LargeSize,
    seed: u64,
    now: DateTime<Utc>,
    progress: impl FnMut(Progress),
) -> Result<BookCounts> {
    generate_large_recorded(pool, size, seed, now, bulk::Recording::Batched, progress).await
}

/// [`generate_large`], with the change log and search index written as
/// `recording` says (the tests compare the two ways).
pub async fn generate_large_recorded(
    pool: &SqlitePool,
    size: LargeSize,
    seed: u64,
    now: DateTime<Utc>,
    recording: bulk::Recording,
    mut progress: impl FnMut(Progress),
) -> Result<BookCounts> {
    let mut conn = bulk::connection(pool).await?;
    let mut tx = bulk::begin_on(&mut conn, now, recording).await?;
    let counts = generate_in(&mut tx, size, seed, day_start(now), &mut progress).await?;
    progress(Progress::Summaries);
    bulk::refresh_summaries(&mut tx, now).await?;
    tx.commit().await?;
    Ok(counts)
}

struct OurPerson {
    id: String,
    level: i64,
}

async fn generate_in(
    conn: &mut SqliteConnection,
    size: LargeSize,
    seed: u64,
    today: DateTime<Utc>,
    progress: &mut impl FnMut(Progress),
) -> Result<BookCounts> {
    let mut rng = Rng::new(seed);
    let start_millis = u64::try_from((today - Duration::days(3 * 365)).timestamp_millis()).unwrap_or(0);
    let mut ids = Ids { millis: start_millis };
    let mut counts = BookCounts::default();
    let start = today - Duration::days(3 * 365);
    let span_secs = (today - start).num_seconds() as u64;
    let at = |rng: &mut Rng| start + Duration::seconds(rng.below(span_secs) as i64);
    let person_name = |rng: &mut Rng| format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));

    // Our people: a CEO, then titles spread over functions and levels.
    let ours_total = (size.people / 400).clamp(15.min(size.people), size.people);
    let mut ours: Vec<OurPerson> = Vec::new();
    let mut rows = Vec::new();
    for n in 0..ours_total {
        let created = at(&mut rng);
        let (title, function, level) =
            if n == 0 { ("Chief Executive Officer", "executive", 1) } else { *rng.pick(OUR_TITLES) };
        let id = ids.next(&mut rng);
        let active = n == 0 || rng.chance(0.96);
        rows.push(PersonRecord {
            id: id.clone(),
            side: "ours".into(),
            name: person_name(&mut rng),
            title: some(title),
            function: some(function),
            org_level: level,
            active,
            created_at: timestamp(created),
            updated_at: timestamp(created),
            ..Default::default()
        });
        if active {
            ours.push(OurPerson { id, level });
        }
    }
    counts.people += rows.len() as u64;
    for chunk in rows.chunks(500) {
        bulk::people(conn, chunk.to_vec()).await?;
    }
    drop(rows);
    let by_level = |level: i64| -> Vec<usize> {
        let near: Vec<usize> = (0..ours.len()).filter(|&i| (ours[i].level - level).abs() <= 1).collect();
        if near.is_empty() { (0..ours.len()).collect() } else { near }
    };
    let ours_near: Vec<Vec<usize>> = (0..=7).map(by_level).collect();
    let owners: Vec<usize> = (0..ours.len()).filter(|&i| (3..=4).contains(&ours[i].level)).collect();
    let sponsors: Vec<usize> = (0..ours.len()).filter(|&i| ours[i].level <= 2).collect();

    let theirs_total = size.people - ours_total;
    let people_per = skewed_shares(&mut rng, theirs_total, size.accounts, 2.min(theirs_total / size.accounts.max(1)));
    let interactions_per = {
        // Bigger accounts see more interactions, with noise.
        let mut shares = vec![0u64; size.accounts as usize];
        let weight: Vec<f64> = people_per.iter().map(|p| (*p as f64 + 1.0) * (0.5 + rng.unit())).collect();
        let sum: f64 = weight.iter().sum();
        let mut given = 0;
        for (share, w) in shares.iter_mut().zip(&weight) {
            *share = (size.interactions as f64 * w / sum) as u64;
            given += *share;
        }
        let mut i = 0;
        while given < size.interactions && !shares.is_empty() {
            let n = shares.len();
            shares[i % n] += 1;
            given += 1;
            i += 1;
        }
        shares
    };

    let mut names = HashSet::new();
    let mut accounts = Vec::new();
    let mut people = Vec::new();
    let mut connections = Vec::new();
    let mut interactions = Vec::new();
    for a in 0..size.accounts as usize {
        let created = at(&mut rng);
        let stamp = timestamp(created);
        let account_id = ids.next(&mut rng);
        let (industry, nouns) = *rng.pick(INDUSTRIES);
        let (region, currency) = *rng.pick(REGIONS);
        let mut name = String::new();
        for attempt in 0.. {
            let base = format!("{}{} {}", rng.pick(PREFIXES), rng.pick(SUFFIXES), rng.pick(nouns));
            let legal = rng.pick(LEGAL);
            name = if legal.is_empty() { base } else { format!("{base} {legal}") };
            if attempt > 8 {
                name = format!("{name} {}", a + 1);
            }
            if names.insert(name.to_lowercase()) {
                break;
            }
        }
        let tier = *rng.pick(&["strategic", "key", "key", "growth", "growth", "growth"]);
        let revenue = (rng.unit().powi(3) * 80_000_000.0) as i64 + 50_000;
        let reviewed = today - Duration::days(rng.below(400) as i64);
        let has_owner = !owners.is_empty() && rng.chance(0.9);
        let has_sponsor = !sponsors.is_empty() && rng.chance(if tier == "growth" { 0.4 } else { 0.85 });
        accounts.push(AccountRecord {
            id: account_id.clone(),
            name,
            tier: tier.into(),
            status: (*rng.pick(&["active", "active", "active", "active", "at_risk", "prospect", "dormant"])).into(),
            industry: some(industry),
            region: some(region),
            currency: some(currency),
            annual_revenue: Some(revenue),
            annual_margin: Some((revenue as f64 * (rng.unit() * 0.3 - 0.03)) as i64),
            owner_id: has_owner.then(|| ours[*rng.pick(&owners)].id.clone()),
            sponsor_id: has_sponsor.then(|| ours[*rng.pick(&sponsors)].id.clone()),
            business_environment: Some(format!(
                "{industry} in {region}: margins under pressure, {}.",
                rng.pick(TOPICS)
            )),
            customer_strategy: None,
            mutual_goals: None,
            last_customer_review: Some(date(reviewed)),
            next_customer_review: Some(date(reviewed + Duration::days(365))),
            last_internal_review: None,
            next_internal_review: None,
            cadence_days: None,
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
            deleted_at: rng.chance(0.002).then(|| timestamp(today - Duration::days(rng.below(60) as i64))),
        });

        // Their organisation: a top person, then each new person reports to
        // someone one level up.
        let count = people_per[a] as usize;
        let mut theirs: Vec<(String, i64, String)> = Vec::with_capacity(count);
        let mut levels: Vec<Vec<usize>> = vec![Vec::new(); 7];
        for n in 0..count {
            let level = if n == 0 { 1 } else { (2 + (rng.unit().powf(0.6) * 5.0) as i64).min(6) };
            let boss_level = (1..level).rev().find(|l| !levels[*l as usize].is_empty());
            let boss = boss_level.map(|l| theirs[*rng.pick(&levels[l as usize])].0.clone());
            let (title, department) = *rng.pick(THEIR_TITLES[level as usize - 1]);
            let id = ids.next(&mut rng);
            let name = person_name(&mut rng);
            levels[level as usize].push(n);
            people.push(PersonRecord {
                id: id.clone(),
                side: "theirs".into(),
                function: None,
                account_id: Some(account_id.clone()),
                name: name.clone(),
                title: some(title),
                department: some(department),
                org_level: level,
                reports_to_id: boss,
                decision_role: match level {
                    1 => Some("decision_maker".into()),
                    2 => rng.chance(0.7).then(|| "approver".into()),
                    _ => rng.chance(0.5).then(|| (*rng.pick(&["influencer", "user", "user", "gatekeeper"])).into()),
                },
                disposition: rng.chance(0.7).then(|| {
                    (*rng.pick(&["champion", "supporter", "supporter", "neutral", "neutral", "sceptic", "detractor"]))
                        .into()
                }),
                email: None,
                phone: None,
                notes: None,
                active: rng.chance(0.97),
                created_at: stamp.clone(),
                updated_at: stamp.clone(),
                deleted_at: None,
            });
            theirs.push((id, level, name));
        }

        // Ties: most of their people know one or two of ours, near their level.
        let mut ties: Vec<(usize, usize, i64)> = Vec::new();
        for (t, (their_id, level, _)) in theirs.iter().enumerate() {
            if ours.is_empty() || !rng.chance(0.65) {
                continue;
            }
            let n = if rng.chance(0.3) { 2 } else { 1 };
            let pool = &ours_near[(*level as usize).min(7)];
            let mut chosen: Vec<usize> = Vec::new();
            for _ in 0..n {
                let o = *rng.pick(pool);
                if chosen.contains(&o) {
                    continue;
                }
                chosen.push(o);
                let dimension = *rng.pick(&["formal", "formal", "formal", "formal", "personal", "personal", "proxied"]);
                let strength = 1 + rng.below(5) as i64;
                let tie_created = created + Duration::days(rng.below(200) as i64);
                connections.push(ConnectionRecord {
                    id: ids.next(&mut rng),
                    account_id: account_id.clone(),
                    ours_id: ours[o].id.clone(),
                    theirs_id: their_id.clone(),
                    dimension: dimension.into(),
                    intermediary: (dimension == "proxied").then(|| (*rng.pick(INTERMEDIARIES)).into()),
                    strength,
                    cadence_days: rng.chance(0.6).then(|| *rng.pick(&[14, 30, 30, 60, 90, 180])),
                    notes: None,
                    created_at: timestamp(tie_created),
                    updated_at: timestamp(tie_created),
                    deleted_at: None,
                });
                ties.push((o, t, strength));
            }
        }

        // Interactions over the last 18 months, mostly along the ties.
        for _ in 0..interactions_per[a] {
            let on = today - Duration::days(1 + rng.below(547) as i64);
            let kind = *rng.pick(KINDS_WEIGHTED);
            let mut people_ids: Vec<String> = Vec::with_capacity(3);
            let their_name = if let Some(&(o, t, _)) = (!ties.is_empty()).then(|| rng.pick(&ties)) {
                people_ids.push(ours[o].id.clone());
                people_ids.push(theirs[t].0.clone());
                if theirs.len() > 1 && rng.chance(0.25) {
                    let other = rng.below(theirs.len() as u64) as usize;
                    if other != t {
                        people_ids.push(theirs[other].0.clone());
                    }
                }
                theirs[t].2.as_str()
            } else if let Some(t) = theirs.first() {
                people_ids.push(t.0.clone());
                t.2.as_str()
            } else {
                "them"
            };
            people_ids.sort();
            let logged = on + Duration::hours(8 + rng.below(10) as i64);
            interactions.push(InteractionRecord {
                id: ids.next(&mut rng),
                account_id: account_id.clone(),
                occurred_on: date(on),
                kind: kind.into(),
                people: people_ids,
                summary: interaction_text(kind, their_name, rng.pick::<&str>(TOPICS)),
                outcomes: rng.chance(0.5).then(|| (*rng.pick(OUTCOMES)).into()),
                follow_ups: rng.chance(0.3).then(|| (*rng.pick(FOLLOW_UPS)).into()),
                private: false,
                created_at: timestamp(logged),
                updated_at: timestamp(logged),
                deleted_at: rng.chance(0.003).then(|| timestamp(logged + Duration::days(2))),
            });
        }

        if accounts.len() == ACCOUNTS_PER_ROUND || a + 1 == size.accounts as usize {
            counts.accounts += accounts.len() as u64;
            counts.people += people.len() as u64;
            counts.connections += connections.len() as u64;
            counts.interactions += interactions.len() as u64;
            bulk::accounts(conn, std::mem::take(&mut accounts)).await?;
            bulk::people(conn, std::mem::take(&mut people)).await?;
            bulk::connections(conn, std::mem::take(&mut connections)).await?;
            for chunk in interactions.chunks(2000) {
                bulk::interactions(conn, chunk.to_vec()).await?;
            }
            interactions.clear();
            progress(Progress::Written(counts));
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_spread() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        let mut c = Rng::new(8);
        assert_ne!(xs[0], c.next());
        let mut hits = [0u32; 4];
        for _ in 0..4000 {
            hits[a.below(4) as usize] += 1;
        }
        assert!(hits.iter().all(|h| (850..1150).contains(h)), "{hits:?}");
        let now = Utc::now();
        let id = a.id(now);
        let parsed = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
    }

    /// Whatever the day it is loaded, the sample week passes the gate: steps
    /// are in the past, held meetings have taken place, the rest are next week.
    #[test]
    fn the_sample_week_fits_any_day_it_is_loaded() {
        let mut rng = Rng::new(1);
        let ours: HashMap<&'static str, (String, i64)> =
            OURS.iter().map(|o| (o.0, (rng.id(Utc::now()), o.4))).collect();
        let accounts: HashMap<&'static str, (String, HashMap<&'static str, String>)> = SAMPLES
            .iter()
            .map(|s| (s.name, (rng.id(Utc::now()), s.theirs.iter().map(|t| (t.0, rng.id(Utc::now()))).collect())))
            .collect();
        let monday = "2026-11-23T09:30:00Z".parse::<DateTime<Utc>>().unwrap();
        for day in 0..7 {
            let now = monday + Duration::days(day) + Duration::hours(day * 2);
            let (meetings, events) = sample_week(&mut Rng::new(2026), now, &ours, &accounts).unwrap();
            assert_eq!(meetings.len(), SAMPLE_WEEK.len() + EARLIER_VISITS.len());
            for m in &meetings {
                let starts = m.starts_utc.parse::<DateTime<Utc>>().unwrap();
                let happened = m.state == "held" || m.state == "followed_up";
                assert_eq!(starts < now, happened, "{} on day {day}", m.title);
                assert!(m.created_at <= m.updated_at);
            }
            assert!(events.iter().all(|e| e.at.parse::<DateTime<Utc>>().unwrap() < now));
            assert!(events.windows(2).all(|w| w[0].at <= w[1].at && w[0].n + 1 == w[1].n));
        }
        assert_eq!(visit_monday(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).to_string(), "2026-11-30");
        assert_eq!(visit_monday(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()).to_string(), "2026-11-30");
    }

    /// Whatever the day it is loaded, every sample workshop goes through the
    /// aggregate's rules, the same day gives the same blueprints, and every
    /// stage is there.
    #[test]
    fn the_sample_blueprints_fit_any_day_and_cover_every_stage() {
        let mut rng = Rng::new(1);
        let ours: HashMap<&'static str, (String, i64)> =
            OURS.iter().map(|o| (o.0, (rng.id(Utc::now()), o.4))).collect();
        let accounts: HashMap<&'static str, (String, HashMap<&'static str, String>)> = SAMPLES
            .iter()
            .map(|s| (s.name, (rng.id(Utc::now()), s.theirs.iter().map(|t| (t.0, rng.id(Utc::now()))).collect())))
            .collect();
        let sponsors: HashMap<&'static str, String> =
            SAMPLES.iter().filter(|s| !s.sponsor.is_empty()).map(|s| (s.name, ours[s.sponsor].0.clone())).collect();
        let ids = SampleIds { ours: &ours, accounts: &accounts, sponsors: &sponsors };
        let monday = "2026-11-23T09:30:00Z".parse::<DateTime<Utc>>().unwrap();
        for day in [0, 3, 40, 200, 365] {
            let now = monday + Duration::days(day) + Duration::hours(day % 9);
            let built = sample_blueprints(&mut Rng::new(2026), now, &ids).unwrap();
            assert_eq!(built, sample_blueprints(&mut Rng::new(2026), now, &ids).unwrap());
            let stages: HashSet<_> = built.iter().map(|r| r.blueprint.stage).collect();
            assert_eq!(stages.len(), 7, "day {day}: {stages:?}");
            let today = now.date_naive();
            let tracked: Vec<_> = built.iter().filter(|r| r.blueprint.revision == 2).collect();
            assert_eq!(tracked.len(), 1);
            let progress = tracked[0].blueprint.progress(today);
            assert_eq!(progress.overdue, 2, "day {day}");
            assert!(tracked[0].blueprint.goals.iter().any(|g| g.status == GoalStatus::Done));
            let rooms: Vec<bool> = built.iter().map(|r| r.blueprint.functions_in_room().only_account_team).collect();
            assert_eq!(rooms.iter().filter(|only| **only).count(), 1, "one room of only the account team");
        }
    }

    /// Whatever the day it is loaded, every sample feedback goes through the
    /// loop's rules, and the sample shows what the care screens need: every
    /// state, a deferral due and one still waiting, every way of thanking,
    /// feedback left unthanked, stories from several departments, horror
    /// stories open and put right, and something of each in the trash.
    #[test]
    fn the_sample_care_fits_any_day_and_covers_every_state() {
        let mut rng = Rng::new(1);
        let ours: HashMap<&'static str, (String, i64)> =
            OURS.iter().map(|o| (o.0, (rng.id(Utc::now()), o.4))).collect();
        let accounts: HashMap<&'static str, (String, HashMap<&'static str, String>)> = SAMPLES
            .iter()
            .map(|s| (s.name, (rng.id(Utc::now()), s.theirs.iter().map(|t| (t.0, rng.id(Utc::now()))).collect())))
            .collect();
        let sponsors = HashMap::new();
        let ids = SampleIds { ours: &ours, accounts: &accounts, sponsors: &sponsors };
        let monday = "2026-11-23T09:30:00Z".parse::<DateTime<Utc>>().unwrap();
        for day in [0, 3, 40, 200, 365] {
            let now = monday + Duration::days(day) + Duration::hours(day % 9);
            let today = now.date_naive().to_string();
            let (feedback, steps) = sample_feedback(&mut Rng::new(2026), now, &ids).unwrap();
            assert_eq!((feedback.clone(), steps.clone()), sample_feedback(&mut Rng::new(2026), now, &ids).unwrap());
            let live: Vec<&FeedbackRecord> = feedback.iter().filter(|f| f.deleted_at.is_none()).collect();
            let states: HashSet<&str> = live.iter().map(|f| f.state.as_str()).collect();
            assert_eq!(states.len(), FeedbackState::ALL.len(), "day {day}: {states:?}");
            let deferred: Vec<&str> =
                live.iter().filter(|f| f.state == "deferred").filter_map(|f| f.reconsider_on.as_deref()).collect();
            assert_eq!(deferred.iter().filter(|d| **d <= today.as_str()).count(), 1, "one has come back");
            assert!(deferred.iter().any(|d| *d > today.as_str()), "one is still waiting");
            let hows: HashSet<&str> = live.iter().filter_map(|f| f.thanked_how.as_deref()).collect();
            assert_eq!(hows.len(), ThanksHow::ALL.len());
            let days_ago =
                |f: &FeedbackRecord| (now.date_naive() - f.received_on.parse::<NaiveDate>().unwrap()).num_days();
            let unthanked: Vec<i64> = live.iter().filter(|f| f.thanked_on.is_none()).map(|f| days_ago(f)).collect();
            assert!(unthanked.iter().filter(|d| **d > feedback::THANKS_WITHIN_DAYS).count() >= 2, "{unthanked:?}");
            assert!(unthanked.iter().any(|d| *d <= feedback::THANKS_WITHIN_DAYS), "one just heard");
            assert!(live.iter().all(|f| f.created_at <= f.updated_at && f.updated_at < timestamp(now)));
            assert!(steps.iter().any(|e| e.action == "reopen"));
            let ns: Vec<i64> = steps.iter().map(|e| e.n).collect();
            assert_eq!(ns, (1..=steps.len() as i64).collect::<Vec<_>>());
            assert!(steps.windows(2).all(|w| w[0].at <= w[1].at));
            assert!(feedback.iter().any(|f| f.deleted_at.is_some()));

            let stories = sample_stories(&mut Rng::new(2026), now, &ids).unwrap();
            let departments: HashSet<&str> = stories.iter().map(|s| s.department.as_str()).collect();
            assert!(departments.len() >= 5, "{departments:?}");
            let horror = |resolved: bool| {
                stories
                    .iter()
                    .filter(move |s| s.kind == "horror" && s.resolved == Some(resolved) && s.deleted_at.is_none())
            };
            assert!(horror(true).all(|s| s.lesson.is_some()) && horror(true).count() >= 3);
            assert!(horror(false).count() >= 3);
            assert!(stories.iter().any(|s| s.deleted_at.is_some()));
        }
        let answers = sample_ownership(&mut Rng::new(2026), monday, &ids).unwrap();
        let per_account = |name: &str| answers.iter().filter(|a| a.account_id == accounts[name].0).count();
        assert_eq!(per_account("Nordhavn Energy"), OwnershipQuestion::ALL.len());
        assert_eq!(per_account("Calder Retail Group"), 2);
        assert_eq!(per_account("Vireo Manufacturing"), 0);
    }

    #[test]
    fn invented_health_stays_a_score_the_app_could_record() {
        let today: Vec<(HealthPart, u32)> = HealthPart::ALL.iter().map(|p| (*p, p.max_points() / 2)).collect();
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for year_ago in [-60, -12, 0, 20, 60] {
            let past = invented_health_history(&mut Rng::new(3), "a", &today, year_ago, day);
            assert_eq!(past.len(), 53);
            assert_eq!(past[0].on_date, "2025-11-17");
            assert_eq!(past[52].on_date, "2026-11-16");
            for h in &past {
                let score = h.score.unwrap();
                assert!((0..=100).contains(&score));
                assert_eq!(score, h.parts.iter().map(|(_, p)| p).sum::<i64>());
                for ((name, points), part) in h.parts.iter().zip(HealthPart::ALL) {
                    assert_eq!(name, part.as_str());
                    assert!((0..=i64::from(part.max_points())).contains(points), "{name}: {points}");
                }
            }
            // Half of each part today: 49 points, room for 51 more.
            let shift = past[0].score.unwrap() - 49;
            assert!((shift - year_ago.clamp(-49, 51)).abs() <= 2, "{year_ago}: a year ago {shift}");
        }
    }

    #[test]
    fn shares_add_up_and_respect_the_floor() {
        let mut rng = Rng::new(1);
        let shares = skewed_shares(&mut rng, 1000, 30, 2);
        assert_eq!(shares.iter().sum::<u64>(), 1000);
        assert!(shares.iter().all(|s| *s >= 2));
        assert!(shares.iter().max() > Some(&(shares.iter().min().unwrap() * 3)));
    }
}
