//! Relationship analysis for one account, computed from its people and ties
//! and explained in words: the user must see *why*, not just a number. Plain
//! functions over plain data (no IO), so every rule is tested with a table.
//!
//! The rules (SPEC "Relationship analysis"):
//! - **Dimension mix**: strength-weighted shares of formal, personal and proxied
//!   ties. A relationship resting mostly on personal and proxied ties is fragile.
//! - **Key-person risk**: one of our people holds more than half of the total
//!   strength, or is the only thread above the working level.
//! - **Level fit**: executive ties belong one or two levels above the working
//!   level (where most interactions happen). Ties further up are flagged, and so
//!   is executive contact with nobody connected beneath it in that part of their
//!   organisation (their team may feel bypassed).
//! - **Coverage**: which of their decision roles and our functions are connected.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

/// Above this share of total strength, one of our people is a key-person risk.
pub const KEY_PERSON_SHARE: f64 = 0.5;
/// Above this share, personal + proxied ties make the relationship fragile.
pub const FRAGILE_INFORMAL_SHARE: f64 = 0.5;
/// Executive ties up to this many levels above the working level fit.
pub const MAX_LEVELS_ABOVE_WORKING: u8 = 2;

pub use crate::kinds::{DecisionRole, Dimension, Disposition, Function};

/// One of our people, as the analysis needs them. Level 1 is the CEO.
#[derive(Debug, Clone)]
pub struct Ours {
    pub id: String,
    pub name: String,
    pub function: Function,
    pub level: u8,
}

/// One of their people. Level 1 is the top of their organisation.
#[derive(Debug, Clone)]
pub struct Theirs {
    pub id: String,
    pub name: String,
    pub level: u8,
    pub reports_to: Option<String>,
    pub role: Option<DecisionRole>,
    pub disposition: Option<Disposition>,
}

/// A connection between one of ours and one of theirs. `interactions` is how
/// many logged interactions involved the pair (it locates the working level).
#[derive(Debug, Clone)]
pub struct Tie {
    pub ours: String,
    pub theirs: String,
    pub dimension: Dimension,
    /// 1–5.
    pub strength: u8,
    pub interactions: u32,
}

/// The people and ties of one account; pass active people only.
#[derive(Debug, Clone, Copy)]
pub struct AccountPeople<'a> {
    pub ours: &'a [Ours],
    pub theirs: &'a [Theirs],
    pub ties: &'a [Tie],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    NoTies,
    MostlyInformal,
    KeyPerson,
    SingleExecutiveThread,
    FarAboveWorkingLevel,
    Bypass,
    DecisionRoleGap,
    NoChampion,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    pub kind: FindingKind,
    /// Why it matters and what to do, in a sentence or two.
    pub message: String,
    /// The people it is about (ours or theirs), for highlighting on the map.
    pub people: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DimensionMix {
    /// Shares of total strength, 0–1; all zero when there are no ties.
    pub formal: f64,
    pub personal: f64,
    pub proxied: f64,
    pub total_strength: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coverage {
    pub roles_connected: Vec<DecisionRole>,
    /// Roles someone on their side holds but nobody we know of is connected to.
    pub roles_unconnected: Vec<DecisionRole>,
    pub functions_connected: Vec<Function>,
    pub champion_connected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Analysis {
    pub dimension_mix: DimensionMix,
    /// Their level where most interactions happen.
    pub working_level: Option<u8>,
    pub coverage: Coverage,
    pub findings: Vec<Finding>,
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn analyse(people: AccountPeople<'_>) -> Analysis {
    let ours: HashMap<&str, &Ours> = people.ours.iter().map(|p| (p.id.as_str(), p)).collect();
    let theirs: HashMap<&str, &Theirs> = people.theirs.iter().map(|p| (p.id.as_str(), p)).collect();
    // Ties to people not passed in (inactive, or another account's) do not count.
    let ties: Vec<(&Tie, &Ours, &Theirs)> = people
        .ties
        .iter()
        .filter_map(|t| Some((t, *ours.get(t.ours.as_str())?, *theirs.get(t.theirs.as_str())?)))
        .collect();

    let mut findings = Vec::new();
    let dimension_mix = dimension_mix(&ties);
    let working_level = working_level(&ties);
    let coverage = coverage(people.theirs, &ties);

    if ties.is_empty() {
        findings.push(Finding {
            kind: FindingKind::NoTies,
            message: "No connections are recorded between our people and theirs yet.".into(),
            people: Vec::new(),
        });
        return Analysis { dimension_mix, working_level, coverage, findings };
    }

    let informal = dimension_mix.personal + dimension_mix.proxied;
    if informal > FRAGILE_INFORMAL_SHARE {
        findings.push(Finding {
            kind: FindingKind::MostlyInformal,
            message: format!(
                "{} of the relationship's strength rests on personal and proxied ties and {} on formal ones: \
                 if those people move on, the relationship may go with them. Build formal ties \
                 (contract owners, governance meetings) to carry it.",
                percent(informal),
                percent(dimension_mix.formal)
            ),
            people: Vec::new(),
        });
    }

    findings.extend(key_person(&ties, dimension_mix.total_strength, working_level));
    if let Some(level) = working_level {
        findings.extend(level_fit(&ties, people.theirs, level));
    }
    findings.extend(coverage_gaps(people.theirs, &coverage));
    Analysis { dimension_mix, working_level, coverage, findings }
}

fn dimension_mix(ties: &[(&Tie, &Ours, &Theirs)]) -> DimensionMix {
    let total: u32 = ties.iter().map(|(t, ..)| u32::from(t.strength)).sum();
    let share = |d: Dimension| {
        if total == 0 {
            return 0.0;
        }
        let sum: u32 = ties.iter().filter(|(t, ..)| t.dimension == d).map(|(t, ..)| u32::from(t.strength)).sum();
        f64::from(sum) / f64::from(total)
    };
    DimensionMix {
        formal: share(Dimension::Formal),
        personal: share(Dimension::Personal),
        proxied: share(Dimension::Proxied),
        total_strength: total,
    }
}

/// The level on their side where the most interactions happen; ties without
/// logged interactions count by strength so a new account still has one. A tie
/// between levels goes to the deeper level, where day-to-day work sits.
fn working_level(ties: &[(&Tie, &Ours, &Theirs)]) -> Option<u8> {
    let use_interactions = ties.iter().any(|(t, ..)| t.interactions > 0);
    let mut weight: BTreeMap<u8, u64> = BTreeMap::new();
    for (tie, _, their) in ties {
        let w = if use_interactions { u64::from(tie.interactions) } else { u64::from(tie.strength) };
        *weight.entry(their.level).or_default() += w;
    }
    weight.into_iter().filter(|(_, w)| *w > 0).max_by_key(|(level, w)| (*w, *level)).map(|(level, _)| level)
}

fn key_person(ties: &[(&Tie, &Ours, &Theirs)], total: u32, working_level: Option<u8>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut by_person: BTreeMap<&str, (u32, &Ours)> = BTreeMap::new();
    for (tie, our, _) in ties {
        by_person.entry(our.id.as_str()).or_insert((0, our)).0 += u32::from(tie.strength);
    }
    // Deterministic on ties: the larger strength, then the smaller id.
    if let Some((strength, person)) = by_person.values().max_by_key(|(s, p)| (*s, std::cmp::Reverse(&p.id)))
        && total > 0
    {
        let share = f64::from(*strength) / f64::from(total);
        if share > KEY_PERSON_SHARE {
            let who = if person.level == 1 { format!("{}, our CEO,", person.name) } else { person.name.clone() };
            findings.push(Finding {
                kind: FindingKind::KeyPerson,
                message: format!(
                    "{who} holds {} of the relationship's strength: if {}, most of it goes too. \
                     Spread the ties across more of our people.",
                    percent(share),
                    if person.level == 1 {
                        "the CEO leaves or is unavailable"
                    } else {
                        "they leave or are unavailable"
                    }
                ),
                people: vec![person.id.clone()],
            });
        }
    }

    // The only thread above the working level runs through one of our people.
    if let Some(level) = working_level {
        let above: BTreeSet<&str> =
            ties.iter().filter(|(_, _, their)| their.level < level).map(|(_, our, _)| our.id.as_str()).collect();
        if above.len() == 1 {
            let id = above.into_iter().next().expect("one");
            let person = ties.iter().find(|(_, our, _)| our.id == id).map(|(_, our, _)| *our).expect("tied");
            findings.push(Finding {
                kind: FindingKind::SingleExecutiveThread,
                message: format!(
                    "Every tie above their working level (level {level}) runs through {}{}: nobody else on our side \
                     knows their senior people.",
                    person.name,
                    if person.level == 1 { ", our CEO" } else { "" }
                ),
                people: vec![person.id.clone()],
            });
        }
    }
    findings
}

fn level_fit(ties: &[(&Tie, &Ours, &Theirs)], all_theirs: &[Theirs], working: u8) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Who reports (directly or not) to whom, to look beneath an executive.
    let parents: HashMap<&str, &str> =
        all_theirs.iter().filter_map(|p| Some((p.id.as_str(), p.reports_to.as_deref()?))).collect();
    let reports_to = |person: &str, boss: &str| {
        let mut current = person;
        // Bounded walk: the data may hold a loop that validation has not caught yet.
        for _ in 0..all_theirs.len() {
            match parents.get(current) {
                Some(&next) if next == boss => return true,
                Some(&next) => current = next,
                None => return false,
            }
        }
        false
    };
    let tied_theirs: BTreeSet<&str> = ties.iter().map(|(_, _, their)| their.id.as_str()).collect();

    let mut seen_far = BTreeSet::new();
    let mut seen_bypass = BTreeSet::new();
    for (_, our, their) in ties.iter().filter(|(_, _, their)| their.level < working) {
        let gap = working - their.level;
        if gap > MAX_LEVELS_ABOVE_WORKING && seen_far.insert((our.id.as_str(), their.id.as_str())) {
            findings.push(Finding {
                kind: FindingKind::FarAboveWorkingLevel,
                message: format!(
                    "{} ↔ {} (their level {}) is {gap} levels above the working level ({working}); executive ties fit \
                     one or two levels above it. Engaging them on day-to-day matters may look out of proportion.",
                    our.name, their.name, their.level
                ),
                people: vec![our.id.clone(), their.id.clone()],
            });
        }
        let has_reports = all_theirs.iter().any(|p| reports_to(&p.id, &their.id));
        let connected_beneath = all_theirs
            .iter()
            .any(|p| p.level >= working && tied_theirs.contains(p.id.as_str()) && reports_to(&p.id, &their.id));
        if has_reports && !connected_beneath && seen_bypass.insert(their.id.as_str()) {
            findings.push(Finding {
                kind: FindingKind::Bypass,
                message: format!(
                    "We are connected to {} but to nobody at the working level in their part of the organisation: \
                     their team may feel bypassed. Build a working-level tie there first.",
                    their.name
                ),
                people: vec![their.id.clone()],
            });
        }
    }
    findings
}

fn coverage(all_theirs: &[Theirs], ties: &[(&Tie, &Ours, &Theirs)]) -> Coverage {
    let roles_connected: BTreeSet<DecisionRole> = ties.iter().filter_map(|(_, _, their)| their.role).collect();
    let roles_present: BTreeSet<DecisionRole> = all_theirs.iter().filter_map(|p| p.role).collect();
    let functions_connected: BTreeSet<Function> = ties.iter().map(|(_, our, _)| our.function).collect();
    Coverage {
        roles_unconnected: roles_present.difference(&roles_connected).copied().collect(),
        roles_connected: roles_connected.into_iter().collect(),
        functions_connected: functions_connected.into_iter().collect(),
        champion_connected: ties.iter().any(|(_, _, their)| their.disposition == Some(Disposition::Champion)),
    }
}

fn coverage_gaps(all_theirs: &[Theirs], coverage: &Coverage) -> Vec<Finding> {
    let mut findings = Vec::new();
    let has_decision_maker = all_theirs.iter().any(|p| p.role == Some(DecisionRole::DecisionMaker));
    if !has_decision_maker {
        findings.push(Finding {
            kind: FindingKind::DecisionRoleGap,
            message: "No decision maker is recorded on their side: find out who decides.".into(),
            people: Vec::new(),
        });
    }
    for role in &coverage.roles_unconnected {
        let holders: Vec<&Theirs> = all_theirs.iter().filter(|p| p.role == Some(*role)).collect();
        let names: Vec<&str> = holders.iter().map(|p| p.name.as_str()).collect();
        findings.push(Finding {
            kind: FindingKind::DecisionRoleGap,
            message: format!("Nobody on our side is connected to their {} ({}).", role.label(), names.join(", ")),
            people: holders.iter().map(|p| p.id.clone()).collect(),
        });
    }
    if !coverage.champion_connected {
        findings.push(Finding {
            kind: FindingKind::NoChampion,
            message: "We have no connection to a champion on their side: nobody there argues our case when we are \
                      not in the room."
                .into(),
            people: Vec::new(),
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(id: &str, function: Function, level: u8) -> Ours {
        Ours { id: id.into(), name: format!("Our {id}"), function, level }
    }

    fn theirs(id: &str, level: u8, reports_to: Option<&str>, role: Option<DecisionRole>) -> Theirs {
        Theirs {
            id: id.into(),
            name: format!("Their {id}"),
            level,
            reports_to: reports_to.map(Into::into),
            role,
            disposition: None,
        }
    }

    fn tie(ours: &str, theirs: &str, dimension: Dimension, strength: u8, interactions: u32) -> Tie {
        Tie { ours: ours.into(), theirs: theirs.into(), dimension, strength, interactions }
    }

    /// A healthy account: formal ties carry it, three of our people share it,
    /// the executive tie sits one level above a connected working level.
    struct Book {
        ours: Vec<Ours>,
        theirs: Vec<Theirs>,
        ties: Vec<Tie>,
    }

    fn healthy() -> Book {
        let mut champion = theirs("buyer", 3, Some("cio"), Some(DecisionRole::Influencer));
        champion.disposition = Some(Disposition::Champion);
        Book {
            ours: vec![
                ours("ceo", Function::Executive, 1),
                ours("am", Function::Sales, 3),
                ours("cs", Function::CustomerService, 4),
            ],
            theirs: vec![
                theirs("cio", 2, None, Some(DecisionRole::DecisionMaker)),
                champion,
                theirs("ops", 3, Some("cio"), Some(DecisionRole::User)),
                // A second branch we have not engaged yet.
                theirs("cfo", 2, None, None),
                theirs("clerk", 3, Some("cfo"), None),
            ],
            ties: vec![
                tie("ceo", "cio", Dimension::Formal, 3, 2),
                tie("am", "cio", Dimension::Formal, 2, 4),
                tie("am", "buyer", Dimension::Formal, 3, 20),
                tie("cs", "ops", Dimension::Formal, 3, 15),
                tie("cs", "buyer", Dimension::Personal, 2, 5),
            ],
        }
    }

    fn run(book: &Book) -> Analysis {
        analyse(AccountPeople { ours: &book.ours, theirs: &book.theirs, ties: &book.ties })
    }

    fn kinds(analysis: &Analysis) -> Vec<FindingKind> {
        analysis.findings.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_healthy_account_has_no_findings() {
        let analysis = run(&healthy());
        assert_eq!(analysis.findings, vec![], "{:#?}", analysis.findings);
        assert_eq!(analysis.working_level, Some(3));
        assert_eq!(analysis.dimension_mix.total_strength, 13);
        assert!((analysis.dimension_mix.formal - 11.0 / 13.0).abs() < 1e-9);
        assert!((analysis.dimension_mix.personal - 2.0 / 13.0).abs() < 1e-9);
        assert_eq!(
            analysis.coverage.functions_connected,
            [Function::Executive, Function::Sales, Function::CustomerService]
        );
        assert!(analysis.coverage.roles_unconnected.is_empty());
    }

    #[test]
    fn each_rule_fires_on_its_case_and_explains_itself() {
        type Case = (&'static str, fn(&mut Book), FindingKind, &'static str);
        let cases: &[Case] = &[
            ("no ties", |b| b.ties.clear(), FindingKind::NoTies, "No connections"),
            (
                "mostly personal",
                |b| b.ties.iter_mut().for_each(|t| t.dimension = Dimension::Personal),
                FindingKind::MostlyInformal,
                "100% of the relationship's strength rests on personal and proxied ties and 0% on formal",
            ),
            (
                "one person holds most",
                |b| {
                    b.ties.push(tie("ceo", "buyer", Dimension::Formal, 5, 0));
                    b.ties.push(tie("ceo", "ops", Dimension::Formal, 5, 0));
                },
                FindingKind::KeyPerson,
                "Our ceo, our CEO, holds 57% of the relationship's strength",
            ),
            (
                "ceo is the only thread above working level",
                |b| b.ties.retain(|t| !(t.ours == "am" && t.theirs == "cio")),
                FindingKind::SingleExecutiveThread,
                "runs through Our ceo, our CEO",
            ),
            (
                "executive tie far above the working level",
                |b| {
                    b.theirs.iter_mut().for_each(|p| p.level += 2);
                    b.theirs[0].level = 1;
                },
                FindingKind::FarAboveWorkingLevel,
                "Our ceo ↔ Their cio (their level 1) is 4 levels above the working level (5)",
            ),
            (
                "executive contact with nobody connected beneath",
                |b| b.ties.push(tie("ceo", "cfo", Dimension::Personal, 2, 1)),
                FindingKind::Bypass,
                "connected to Their cfo but to nobody at the working level",
            ),
            (
                "decision maker not connected",
                |b| b.ties.retain(|t| t.theirs != "cio"),
                FindingKind::DecisionRoleGap,
                "their decision maker (Their cio)",
            ),
            (
                "no decision maker recorded",
                |b| b.theirs[0].role = None,
                FindingKind::DecisionRoleGap,
                "No decision maker is recorded",
            ),
            ("no champion", |b| b.theirs[1].disposition = None, FindingKind::NoChampion, "no connection to a champion"),
        ];
        for (name, change, kind, words) in cases {
            let mut book = healthy();
            change(&mut book);
            let analysis = run(&book);
            let finding = analysis.findings.iter().find(|f| f.kind == *kind);
            let Some(finding) = finding else { panic!("{name}: no {kind:?} in {:#?}", analysis.findings) };
            assert!(finding.message.contains(words), "{name}: {:?} lacks {words:?}", finding.message);
        }
    }

    #[test]
    fn inactive_people_and_foreign_ties_do_not_count() {
        let mut book = healthy();
        book.ties.push(tie("someone-who-left", "cio", Dimension::Personal, 5, 100));
        book.ties.push(tie("ceo", "other-account-person", Dimension::Personal, 5, 100));
        assert_eq!(run(&book).findings, vec![]);
    }

    #[test]
    fn working_level_follows_interactions_then_strength() {
        let mut book = healthy();
        assert_eq!(run(&book).working_level, Some(3));
        book.ties.iter_mut().for_each(|t| t.interactions = 0);
        // By strength: level 3 holds 3 + 3 + 2, level 2 holds 3.
        assert_eq!(run(&book).working_level, Some(3));
        book.ties[0].interactions = 1;
        assert_eq!(run(&book).working_level, Some(2));
    }

    #[test]
    fn a_reporting_loop_does_not_hang_the_analysis() {
        let mut book = healthy();
        // cio → ops → cio: the walk up the reporting line must stop, and the
        // rest of the analysis is unaffected.
        book.theirs[0].reports_to = Some("ops".into());
        assert_eq!(kinds(&run(&book)), vec![]);
    }
}
