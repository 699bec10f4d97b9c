//! CSV and vCard imports committed to a real encrypted vault: all or nothing,
//! re-imports update instead of duplicating, and a refused import changes nothing.

use crate::common;

use common::*;
use rapport_core::accounts::{self, AccountQuery, Tier};
use rapport_core::import::{self, ColumnMapping, ImportOptions, ImportRequest, RecordKind, SourceFormat};
use rapport_core::kinds::{Function, Side};
use rapport_core::people::{self, PersonInput};
use rapport_core::{ErrorCode, Vault, page, search};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// New accounts without a tier in the file become growth accounts.
fn growth() -> ImportOptions {
    ImportOptions { default_tier: Some(Tier::Growth), ..ImportOptions::default() }
}

async fn total(vault: &Vault) -> u32 {
    accounts::query(vault.pool(), &AccountQuery::default()).await.unwrap().total
}

#[tokio::test]
async fn salesforce_accounts_then_contacts_import_and_reimport_updates() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;

    let parsed =
        import::parse_csv(&fixture("salesforce_accounts.csv"), RecordKind::Accounts, &ColumnMapping::new()).unwrap();
    let options = ImportOptions { add_unknown_owners: true, ..growth() };
    let plan = import::preview(vault.pool(), &parsed, &options).await.unwrap();
    assert!(!plan.creates.is_empty());
    let outcome = import::commit(vault.pool(), &parsed, &options, true, now()).await.unwrap();
    assert_eq!(outcome.created as usize, plan.creates.len());
    assert_eq!(total(&vault).await as usize, plan.creates.len());
    let brightwater =
        accounts::list(vault.pool()).await.unwrap().into_iter().find(|a| a.name == "Brightwater Mills").unwrap();
    assert_eq!(brightwater.owner_name.as_deref(), Some("Ada Brook"), "asked to, the CRM owner became one of ours");
    assert_eq!((brightwater.annual_revenue, brightwater.currency.as_deref()), (Some(1_250_000), Some("EUR")));

    let parsed =
        import::parse_csv(&fixture("salesforce_contacts.csv"), RecordKind::Contacts, &ColumnMapping::new()).unwrap();
    let outcome = import::commit(vault.pool(), &parsed, &options, true, now()).await.unwrap();
    assert!(outcome.created > 0);
    let view = page::account_view(vault.pool(), &brightwater.id).await.unwrap();
    let ilse = view.relationship.theirs.iter().find(|p| p.name == "Ilse Varga").unwrap();
    let tomas = view.relationship.theirs.iter().find(|p| p.name == "Tomas Reyes").unwrap();
    assert_eq!(tomas.reports_to_id.as_deref(), Some(ilse.id.as_str()), "Reports To became the org chart");
    assert_eq!(search::search(vault.pool(), "varga", 10).await.unwrap().len(), 1);

    // The same file again updates the same people: nothing is duplicated.
    let people_before = view.relationship.theirs.len();
    let again = import::commit(vault.pool(), &parsed, &options, true, now()).await.unwrap();
    assert_eq!(again.created, 0);
    assert!(again.updated > 0);
    let view = page::account_view(vault.pool(), &brightwater.id).await.unwrap();
    assert_eq!(view.relationship.theirs.len(), people_before);
    vault.lock().await;
}

#[tokio::test]
async fn rejected_rows_stop_the_import_unless_skipped_and_nothing_is_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let parsed =
        import::parse_csv(&fixture("duplicate_rows.csv"), RecordKind::Accounts, &ColumnMapping::new()).unwrap();
    assert!(!parsed.issues.is_empty(), "the fixture has a duplicate row");
    let err = import::commit(vault.pool(), &parsed, &growth(), false, now()).await.unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("file")));
    assert!(err.to_string().contains("row"), "{err}");
    assert_eq!(total(&vault).await, 0, "nothing imported");

    let outcome = import::commit(vault.pool(), &parsed, &growth(), true, now()).await.unwrap();
    assert_eq!(outcome.skipped as usize, parsed.issues.len());
    assert_eq!(total(&vault).await, outcome.created);

    // Contacts for an account that does not exist are rejected, not attached elsewhere.
    let contacts =
        import::parse_csv(&fixture("hubspot_contacts.csv"), RecordKind::Contacts, &ColumnMapping::new()).unwrap();
    let plan = import::preview(vault.pool(), &contacts, &growth()).await.unwrap();
    assert!(plan.rejects.iter().all(|r| r.column.is_some()), "{:?}", plan.rejects);
    vault.lock().await;
}

#[tokio::test]
async fn broken_files_are_refused_whole() {
    for (name, kind) in [
        ("unterminated_quote.csv", RecordKind::Accounts),
        ("ragged_rows.csv", RecordKind::Accounts),
        ("windows1252_contacts.csv", RecordKind::Contacts),
    ] {
        let err = import::parse_csv(&fixture(name), kind, &ColumnMapping::new()).unwrap_err();
        let err = rapport_core::Error::from(err);
        assert_eq!(err.field(), Some("file"), "{name}: {err}");
    }
}

#[tokio::test]
async fn vcards_land_in_the_account_the_user_chose() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Fernwood Clinics").await;
    let mut parsed = import::parse_vcard(&fixture("phone_3_0.vcf")).unwrap();
    parsed.set_missing_account("Fernwood Clinics");
    for c in &mut parsed.contacts {
        c.account_name = Some("Fernwood Clinics".into());
    }
    let outcome = import::commit(vault.pool(), &parsed, &ImportOptions::default(), true, now()).await.unwrap();
    assert!(outcome.created > 0);
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    assert_eq!(view.relationship.theirs.len() as u32, outcome.created);
    assert!(view.relationship.theirs.iter().all(|p| p.org_level == import::DEFAULT_CONTACT_LEVEL));
    vault.lock().await;
}

fn accounts_request(options: ImportOptions) -> ImportRequest {
    ImportRequest {
        format: SourceFormat::Csv,
        kind: RecordKind::Accounts,
        mapping: ColumnMapping::new(),
        account_name: None,
        options,
    }
}

/// The preview runs the commit's checks: a row the commit would refuse is
/// rejected in the preview already, with the column and the way out named,
/// and the counts are what the commit then does.
#[tokio::test]
async fn the_preview_counts_are_what_the_commit_does() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let csv = b"Account Name,Annual Revenue,Currency,Tier\n\
        Northwind Looms,\"1,250,000\",,key\n\
        Halden Ceramics,\"300,000\",SEK,growth\n";

    let request = accounts_request(ImportOptions::default());
    let preview = import::preview_request(vault.pool(), &request, csv).await.unwrap();
    assert_eq!((preview.creates, preview.updates, preview.rejected), (1, 0, 1), "{:?}", preview.rejects);
    let reject = &preview.rejects[0];
    assert_eq!((reject.row, reject.column.as_deref()), (2, Some("Currency")));
    assert!(reject.message.starts_with("Currency: say which currency"), "{}", reject.message);
    assert!(reject.message.contains("choose a currency for the whole file"), "{}", reject.message);

    let err = import::commit_request(vault.pool(), &request, csv, false, now()).await.unwrap_err();
    assert!(err.to_string().contains("1 row(s) cannot be imported (row 2: Currency: say which"), "{err}");
    assert_eq!(total(&vault).await, 0, "a refused import changes nothing");
    let outcome = import::commit_request(vault.pool(), &request, csv, true, now()).await.unwrap();
    assert_eq!(
        (outcome.created, outcome.updated, outcome.skipped),
        (preview.creates, preview.updates, preview.rejected)
    );

    // With a currency for the file, both rows pass, in the preview and the commit.
    let other = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(other.path())).await.vault;
    let request = accounts_request(ImportOptions { default_currency: Some("eur".into()), ..ImportOptions::default() });
    let preview = import::preview_request(vault.pool(), &request, csv).await.unwrap();
    assert_eq!((preview.creates, preview.rejected), (2, 0), "{:?}", preview.rejects);
    let outcome = import::commit_request(vault.pool(), &request, csv, false, now()).await.unwrap();
    assert_eq!((outcome.created, outcome.skipped), (2, 0));
    let listed = accounts::list(vault.pool()).await.unwrap();
    let northwind = listed.iter().find(|a| a.name == "Northwind Looms").unwrap();
    assert_eq!((northwind.annual_revenue, northwind.currency.as_deref()), (Some(1_250_000), Some("EUR")));
    let halden = listed.iter().find(|a| a.name == "Halden Ceramics").unwrap();
    assert_eq!(halden.currency.as_deref(), Some("SEK"), "the row's own currency wins");

    let bad = accounts_request(ImportOptions { default_currency: Some("euro".into()), ..ImportOptions::default() });
    let err = import::preview_request(vault.pool(), &bad, csv).await.unwrap_err();
    assert_eq!(err.field(), Some("default_currency"), "{err}");
    vault.lock().await;
}

/// Owner names from a CRM are matched to our people; nobody is added to our
/// people unless the user asks for it.
#[tokio::test]
async fn imported_owners_match_our_people_and_are_added_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let ada = PersonInput {
        side: Some(Side::Ours),
        name: "Ada Brook".into(),
        function: Some(Function::Sales),
        org_level: Some(3),
        ..PersonInput::default()
    };
    let ada = people::create(vault.pool(), &ada, now()).await.unwrap();
    let csv =
        b"Account Name,Account Owner,Tier\nBrightwater Mills,ada  brook,key\nFjordline Freight,Jonas Weller,growth\n";

    let request = accounts_request(ImportOptions::default());
    let preview = import::preview_request(vault.pool(), &request, csv).await.unwrap();
    assert_eq!((preview.creates, preview.rejected), (2, 0), "{:?}", preview.rejects);
    assert_eq!(preview.unknown_owners, vec!["Jonas Weller".to_string()]);
    assert_eq!(preview.warnings.len(), 1, "{:?}", preview.warnings);
    assert_eq!(preview.warnings[0].row, 3);
    assert!(
        preview.warnings[0].message.contains("\"Jonas Weller\" is not one of our people"),
        "{:?}",
        preview.warnings
    );
    import::commit_request(vault.pool(), &request, csv, false, now()).await.unwrap();
    let listed = accounts::list(vault.pool()).await.unwrap();
    let owner = |name: &str| listed.iter().find(|a| a.name == name).unwrap().owner_id.clone();
    assert_eq!(owner("Brightwater Mills"), Some(ada.id.clone()), "matched by name, any case and spacing");
    assert_eq!(owner("Fjordline Freight"), None, "an unknown owner is left empty");
    let ours: Vec<String> = people::list_ours(vault.pool()).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(ours, vec!["Ada Brook".to_string()], "nobody was added to our people");

    // Asked to, the import adds them (once).
    let csv = b"Account Name,Account Owner\nFjordline Freight,Jonas Weller\nMarlow Textiles,Jonas Weller\n";
    let request = accounts_request(ImportOptions { add_unknown_owners: true, ..growth() });
    let preview = import::preview_request(vault.pool(), &request, csv).await.unwrap();
    assert_eq!(preview.warnings.len(), 2, "{:?}", preview.warnings);
    assert!(preview.warnings.iter().all(|w| w.message.contains("adds \"Jonas Weller\" to our people")));
    import::commit_request(vault.pool(), &request, csv, false, now()).await.unwrap();
    let ours = people::list_ours(vault.pool()).await.unwrap();
    assert_eq!(ours.iter().filter(|p| p.name == "Jonas Weller").count(), 1);
    vault.lock().await;
}

/// Tiers come from the file, through the user's mapping for words that are
/// not tiers; a row without one takes the tier chosen in the preview, never
/// a silent key.
#[tokio::test]
async fn tiers_are_mapped_and_rows_without_one_take_the_chosen_default() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let csv = b"Account Name,Customer Tier\nBrightwater Mills,Gold\nFjordline Freight,silver\n\
        Marlow Textiles,\nHalden Ceramics,Key\nNorthwind Looms,GOLD\n";

    let request = accounts_request(ImportOptions::default());
    let preview = import::preview_request(vault.pool(), &request, csv).await.unwrap();
    assert_eq!((preview.creates, preview.rejected), (1, 4), "{:?}", preview.rejects);
    let values: Vec<(&str, u32, Option<Tier>)> =
        preview.tier_values.iter().map(|v| (v.value.as_str(), v.rows, v.tier)).collect();
    assert_eq!(values, vec![("Gold", 2, None), ("key", 1, Some(Tier::Key)), ("silver", 1, None)]);
    assert_eq!(preview.accounts_without_tier, 1);
    let messages: Vec<(u32, &str)> = preview.rejects.iter().map(|r| (r.row, r.message.as_str())).collect();
    assert_eq!(messages[0], (2, "Customer Tier: \"Gold\" is not a tier; map it to strategic, key or growth"));
    assert_eq!(messages[2], (4, "Customer Tier: empty; choose the tier for new accounts without one"));
    assert!(preview.rejects.iter().all(|r| r.column.as_deref() == Some("Customer Tier")));
    let err = import::commit_request(vault.pool(), &request, csv, false, now()).await.unwrap_err();
    assert!(err.to_string().contains("4 row(s) cannot be imported"), "{err}");

    let mapped = ImportOptions {
        tiers: [("gold".to_string(), Tier::Strategic), ("Silver".to_string(), Tier::Key)].into_iter().collect(),
        ..growth()
    };
    let request = accounts_request(mapped);
    let preview = import::preview_request(vault.pool(), &request, csv).await.unwrap();
    assert_eq!((preview.creates, preview.rejected), (5, 0), "{:?}", preview.rejects);
    let outcome = import::commit_request(vault.pool(), &request, csv, false, now()).await.unwrap();
    assert_eq!(outcome.created, 5);
    let mut tiers: Vec<(String, Tier)> =
        accounts::list(vault.pool()).await.unwrap().into_iter().map(|a| (a.name, a.tier)).collect();
    tiers.sort();
    assert_eq!(
        tiers,
        vec![
            ("Brightwater Mills".to_string(), Tier::Strategic),
            ("Fjordline Freight".to_string(), Tier::Key),
            ("Halden Ceramics".to_string(), Tier::Key),
            ("Marlow Textiles".to_string(), Tier::Growth),
            ("Northwind Looms".to_string(), Tier::Strategic),
        ]
    );
    vault.lock().await;
}
