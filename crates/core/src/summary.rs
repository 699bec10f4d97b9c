//! What each account's relationship looks like right now: its people and ties
//! run through the analysis, plus the ownership checks, kept as a summary row
//! per account. Every write that can change it refreshes it in the same
//! transaction, so the account list sorts and filters on flags without
//! re-analysing 10,000 accounts.

use std::collections::{BTreeSet, HashMap};

use sqlx::SqliteConnection;

use crate::analysis::{self, AccountPeople, Analysis, FindingKind, Ours, Theirs, Tie};
use crate::error::{Error, Result};
pub use crate::kinds::Flag;
use crate::kinds::Tier;
use crate::kinds::{AccountStatus, DecisionRole, Disposition, Function, Side};
use crate::store::people::PersonRow;
use crate::store::summaries::{self as store, AccountFacts, LiveTie, Summary, TieDates};

/// What the analysis and the due days need of a person, ours or theirs. The
/// summary reads it from the store's rows; the relationship map
/// ([`crate::relationship`]) from the domain's people, so both analyse alike.
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) name: String,
    /// False once they have left.
    pub(crate) active: bool,
    /// Ours only.
    pub(crate) function: Option<Function>,
    /// 1 = CEO / top.
    pub(crate) level: u8,
    pub(crate) reports_to: Option<String>,
    pub(crate) role: Option<DecisionRole>,
    pub(crate) disposition: Option<Disposition>,
}

/// Checks the row's vocabularies as `people::Person` does: a stored word that
/// is not one is damage, not a person to skip.
impl TryFrom<PersonRow> for Member {
    type Error = Error;
    fn try_from(r: PersonRow) -> Result<Self> {
        Side::from_stored(&r.side)?;
        Ok(Member {
            function: r.function.as_deref().map(Function::from_stored).transpose()?,
            role: r.decision_role.as_deref().map(DecisionRole::from_stored).transpose()?,
            disposition: r.disposition.as_deref().map(Disposition::from_stored).transpose()?,
            level: u8::try_from(r.org_level).map_err(|_| Error::Corrupt(format!("person {} level", r.id)))?,
            id: r.id,
            name: r.name,
            active: r.active,
            reports_to: r.reports_to_id,
        })
    }
}

/// The analysis of an account's active people and the ties between them.
pub(crate) fn analyse(ours: &[Member], theirs: &[Member], ties: &[Tie]) -> Analysis {
    let analysis_ours: Vec<Ours> = ours
        .iter()
        .filter(|p| p.active)
        .map(|p| Ours {
            id: p.id.clone(),
            name: p.name.clone(),
            function: p.function.unwrap_or(Function::Other),
            level: p.level,
        })
        .collect();
    let analysis_theirs: Vec<Theirs> = theirs
        .iter()
        .filter(|p| p.active)
        .map(|p| Theirs {
            id: p.id.clone(),
            name: p.name.clone(),
            level: p.level,
            reports_to: p.reports_to.clone(),
            role: p.role,
            disposition: p.disposition,
        })
        .collect();
    analysis::analyse(AccountPeople { ours: &analysis_ours, theirs: &analysis_theirs, ties })
}

fn flag_for(kind: FindingKind) -> Flag {
    match kind {
        FindingKind::NoTies => Flag::NoTies,
        FindingKind::MostlyInformal => Flag::MostlyInformal,
        FindingKind::KeyPerson => Flag::KeyPerson,
        FindingKind::SingleExecutiveThread => Flag::SingleThread,
        FindingKind::FarAboveWorkingLevel => Flag::FarAbove,
        FindingKind::Bypass => Flag::Bypass,
        FindingKind::DecisionRoleGap => Flag::CoverageGap,
        FindingKind::NoChampion => Flag::NoChampion,
    }
}

pub(crate) fn parse_flags(stored: &str) -> Vec<Flag> {
    stored.split(' ').filter_map(|code| Flag::from_stored(code).ok()).collect()
}

/// Accounts refreshed per round of statements by [`refresh_many`]: enough to
/// make each statement worth its overhead, few enough to keep a round's
/// people and ties of a large book in memory at once.
const ACCOUNTS_PER_ROUND: usize = 500;

/// Recomputes one account's summary row (removes it for a trashed account).
pub(crate) async fn refresh(conn: &mut SqliteConnection, account_id: &str) -> Result<()> {
    refresh_many(conn, &[account_id.to_string()]).await
}

/// Recomputes the summary rows of `accounts` (removes those of accounts in
/// the trash) and the last contact and due day of their ties, a few
/// statements per round of [`ACCOUNTS_PER_ROUND`] accounts. Fails with
/// [`Error::NotFound`] when one of them does not exist.
pub(crate) async fn refresh_many(conn: &mut SqliteConnection, accounts: &[String]) -> Result<()> {
    for round in accounts.chunks(ACCOUNTS_PER_ROUND) {
        refresh_round(conn, round).await?;
    }
    Ok(())
}

async fn refresh_round(conn: &mut SqliteConnection, accounts: &[String]) -> Result<()> {
    let facts = store::facts(conn, accounts).await?;
    if facts.len() != accounts.iter().collect::<BTreeSet<_>>().len() {
        return Err(Error::NotFound("account".into()));
    }
    let (trashed, facts): (Vec<AccountFacts>, Vec<AccountFacts>) = facts.into_iter().partition(|f| f.deleted);
    let live: Vec<String> = facts.iter().map(|f| f.id.clone()).collect();

    let mut theirs = group(members(store::theirs(conn, &live).await?)?);
    let mut ours = group(members(store::ours(conn, &live).await?)?);
    let mut ties: HashMap<String, Vec<LiveTie>> = HashMap::new();
    for tie in store::live_ties(conn, &live).await? {
        ties.entry(tie.account_id.clone()).or_default().push(tie);
    }
    let last_contacts: HashMap<String, String> = store::last_contacts(conn, &live).await?.into_iter().collect();

    let mut summaries = Vec::with_capacity(facts.len());
    let mut kept = Vec::new();
    for facts in facts {
        let theirs = theirs.remove(&facts.id).unwrap_or_default();
        let ours = ours.remove(&facts.id).unwrap_or_default();
        let ties = ties.remove(&facts.id).unwrap_or_default();
        let last_contact = last_contacts.get(&facts.id).cloned();
        summaries.push(summarise(facts, &ours, &theirs, &ties, last_contact)?);
        kept.push((ours, theirs, ties));
    }
    let dates: Vec<TieDates<'_>> = kept.iter().flat_map(|(ours, theirs, ties)| tie_dates(ours, theirs, ties)).collect();
    // Nothing is due with an account in the trash (restoring refreshes it):
    // its ties are not among `dates`, so their due days are cleared.
    store::write_tie_dates(conn, accounts, &dates).await?;
    let trashed: Vec<String> = trashed.into_iter().map(|f| f.id).collect();
    store::remove(conn, &trashed).await?;
    store::upsert(conn, &summaries).await?;
    store::write_health(conn, &live).await
}

fn group(rows: Vec<(String, Member)>) -> HashMap<String, Vec<Member>> {
    let mut groups: HashMap<String, Vec<Member>> = HashMap::new();
    for (account, person) in rows {
        groups.entry(account).or_default().push(person);
    }
    groups
}

/// Day `days` after the day `from` starts with (a date or a timestamp).
fn days_after(from: &str, days: u32) -> Option<String> {
    chrono::NaiveDate::parse_from_str(from.get(..10).unwrap_or(from), "%Y-%m-%d")
        .ok()
        .map(|d| (d + chrono::Duration::days(i64::from(days))).to_string())
}

/// Each live tie's last contact and next due day (see the care migration):
/// due its cadence after the last contact (or after it was made), while both
/// people are active.
fn tie_dates<'a>(ours: &'a [Member], theirs: &'a [Member], ties: &'a [LiveTie]) -> Vec<TieDates<'a>> {
    let active = |id: &str| ours.iter().chain(theirs).any(|p| p.id == id && p.active);
    ties.iter()
        .map(|c| TieDates {
            id: &c.id,
            last_contact: c.last_contact.as_deref(),
            due_on: match c.cadence_days {
                Some(days) if active(&c.ours_id) && active(&c.theirs_id) => {
                    days_after(c.last_contact.as_deref().unwrap_or(&c.created_at), days)
                }
                _ => None,
            },
        })
        .collect()
}

/// One live account's summary row from its facts, people and live ties.
fn summarise(
    facts: AccountFacts,
    ours: &[Member],
    theirs: &[Member],
    ties: &[LiveTie],
    last_contact: Option<String>,
) -> Result<Summary> {
    let tier = Tier::parse(&facts.tier)?;
    let analysis_ties: Vec<Tie> = ties
        .iter()
        .map(|c| Tie {
            ours: c.ours_id.clone(),
            theirs: c.theirs_id.clone(),
            dimension: c.dimension,
            strength: c.strength,
            interactions: c.interactions,
        })
        .collect();
    let analysis = analyse(ours, theirs, &analysis_ties);

    let mut flags = BTreeSet::new();
    if tier.needs_owner_and_sponsor() {
        if facts.owner_active != Some(true) {
            flags.insert(Flag::NoOwner);
        }
        if facts.sponsor_active != Some(true) {
            flags.insert(Flag::NoSponsor);
        }
    }
    flags.extend(analysis.findings.iter().map(|f| flag_for(f.kind)));
    let key_person =
        analysis.findings.iter().find(|f| f.kind == FindingKind::KeyPerson).and_then(|f| f.people.first().cloned());
    let codes: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();

    let active_ours: HashMap<&str, bool> = ours.iter().map(|p| (p.id.as_str(), p.active)).collect();
    let people_ours = ties
        .iter()
        .filter(|c| active_ours.get(c.ours_id.as_str()) == Some(&true))
        .map(|c| c.ours_id.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let people_theirs = theirs.iter().filter(|p| p.active).count();
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);

    // The account's next contact is due its target interval after the last
    // one (or after it was created); Today walks an index on it. A former
    // customer is due only if someone set it a cadence on purpose.
    let former = AccountStatus::from_stored(&facts.status)? == AccountStatus::Former;
    let due_on = match facts.cadence_days {
        None if former => None,
        own => {
            let every = own.unwrap_or_else(|| tier.default_cadence_days());
            days_after(last_contact.as_deref().unwrap_or(&facts.created_at), every)
        }
    };

    Ok(Summary {
        account_id: facts.id,
        name: facts.name,
        tier: facts.tier,
        status: facts.status,
        industry: facts.industry,
        currency: facts.currency,
        annual_revenue: facts.annual_revenue,
        owner_id: facts.owner_id,
        owner_name: facts.owner_name,
        sponsor_id: facts.sponsor_id,
        sponsor_name: facts.sponsor_name,
        last_contact,
        people_ours: count(people_ours),
        people_theirs: count(people_theirs),
        connections: count(ties.len()),
        flags: codes.join(" "),
        flag_count: count(codes.len()),
        key_person_id: key_person,
        annual_margin: facts.annual_margin,
        due_on,
    })
}

/// Copies the account's latest recorded health score, with its trend against
/// the score closest to 90 days before it (within 60 to 120 days before; no
/// trend without one), onto its summary row; with `backslides` (the rules
/// that fired at that score), those too.
pub(crate) async fn write_health(
    conn: &mut SqliteConnection,
    account_id: &str,
    backslides: Option<&str>,
) -> Result<()> {
    store::write_health_with(conn, account_id, backslides).await
}

/// Our person's new name on the account list, where they own or sponsor.
pub(crate) async fn rename_person(conn: &mut SqliteConnection, person_id: &str, name: &str) -> Result<()> {
    store::rename_person(conn, person_id, name).await
}

/// Refreshes every account a person's change can touch: theirs, or every
/// account one of ours is tied to, owns or sponsors.
pub(crate) async fn refresh_for_person(conn: &mut SqliteConnection, person_id: &str) -> Result<()> {
    let accounts = store::accounts_for_person(conn, person_id).await?;
    refresh_many(conn, &accounts).await
}

/// Recomputes every summary (after a bulk import), a round of accounts at a
/// time.
pub async fn refresh_all(conn: &mut SqliteConnection) -> Result<()> {
    let accounts = store::all_account_ids(conn).await?;
    refresh_many(conn, &accounts).await
}

/// The store's rows of people, as members of their accounts.
fn members(rows: Vec<(String, PersonRow)>) -> Result<Vec<(String, Member)>> {
    rows.into_iter().map(|(account, row)| Ok((account, Member::try_from(row)?))).collect()
}
