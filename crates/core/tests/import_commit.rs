//! CSV and vCard imports committed to a real encrypted vault: all or nothing,
//! re-imports update instead of duplicating, and a refused import changes nothing.

mod common;

use common::*;
use rapport_core::accounts::{self, AccountQuery};
use rapport_core::import::{self, ColumnMapping, RecordKind};
use rapport_core::{ErrorCode, Vault, page, search};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
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
    let plan = import::preview(vault.pool(), &parsed).await.unwrap();
    assert!(!plan.creates.is_empty());
    let outcome = import::commit(vault.pool(), &parsed, true, now()).await.unwrap();
    assert_eq!(outcome.created as usize, plan.creates.len());
    assert_eq!(total(&vault).await as usize, plan.creates.len());
    let brightwater =
        accounts::list(vault.pool()).await.unwrap().into_iter().find(|a| a.name == "Brightwater Mills").unwrap();
    assert_eq!(brightwater.owner_name.as_deref(), Some("Ada Brook"), "the CRM owner became one of our people");
    assert_eq!((brightwater.annual_revenue, brightwater.currency.as_deref()), (Some(1_250_000), Some("EUR")));

    let parsed =
        import::parse_csv(&fixture("salesforce_contacts.csv"), RecordKind::Contacts, &ColumnMapping::new()).unwrap();
    let outcome = import::commit(vault.pool(), &parsed, true, now()).await.unwrap();
    assert!(outcome.created > 0);
    let view = page::account_view(vault.pool(), &brightwater.id).await.unwrap();
    let ilse = view.relationship.theirs.iter().find(|p| p.name == "Ilse Varga").unwrap();
    let tomas = view.relationship.theirs.iter().find(|p| p.name == "Tomas Reyes").unwrap();
    assert_eq!(tomas.reports_to_id.as_deref(), Some(ilse.id.as_str()), "Reports To became the org chart");
    assert_eq!(search::search(vault.pool(), "varga", 10).await.unwrap().len(), 1);

    // The same file again updates the same people: nothing is duplicated.
    let people_before = view.relationship.theirs.len();
    let again = import::commit(vault.pool(), &parsed, true, now()).await.unwrap();
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
    let err = import::commit(vault.pool(), &parsed, false, now()).await.unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("file")));
    assert!(err.to_string().contains("row"), "{err}");
    assert_eq!(total(&vault).await, 0, "nothing imported");

    let outcome = import::commit(vault.pool(), &parsed, true, now()).await.unwrap();
    assert_eq!(outcome.skipped as usize, parsed.issues.len());
    assert_eq!(total(&vault).await, outcome.created);

    // Contacts for an account that does not exist are rejected, not attached elsewhere.
    let contacts =
        import::parse_csv(&fixture("hubspot_contacts.csv"), RecordKind::Contacts, &ColumnMapping::new()).unwrap();
    let plan = import::preview(vault.pool(), &contacts).await.unwrap();
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
    let outcome = import::commit(vault.pool(), &parsed, true, now()).await.unwrap();
    assert!(outcome.created > 0);
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    assert_eq!(view.relationship.theirs.len() as u32, outcome.created);
    assert!(view.relationship.theirs.iter().all(|p| p.org_level == import::DEFAULT_CONTACT_LEVEL));
    vault.lock().await;
}
