//! vCard import against exports shaped like a phone's, Android's and Outlook's,
//! and against damaged files. All names are invented.

use std::path::PathBuf;

use rapport_core::import::{Existing, PlannedItem, Problem, RecordRef, SourceFormat, parse_vcard, plan};

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "import", name].iter().collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn phone_export_3_0_with_folding_groups_and_a_photo() {
    let parsed = parse_vcard(&fixture("phone_3_0.vcf")).unwrap();
    assert_eq!(parsed.format, SourceFormat::Vcard);
    assert_eq!(parsed.rows_read, 4);
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
    let marta = &parsed.contacts[0];
    assert_eq!(marta.row, 1);
    assert_eq!(marta.name, "Marta Lindqvist");
    assert_eq!(marta.account_name.as_deref(), Some("Halden Ceramics AB"));
    assert_eq!(marta.department.as_deref(), Some("Procurement"));
    assert_eq!(marta.email.as_deref(), Some("marta.lindqvist@halden.example"), "the preferred work address");
    assert_eq!(marta.phone.as_deref(), Some("+46 70 555 01 23"), "the preferred number");
    assert_eq!(marta.notes.as_deref(), Some("Met at the Gothenburg fair, 2025.\nPrefers calls before 10:00."));

    let noor = &parsed.contacts[1];
    assert_eq!(
        noor.title.as_deref(),
        Some("Chief Financial Officer and Member of the Executive Board, responsible for Treasury"),
        "a folded line is joined"
    );
    assert_eq!(noor.reports_to_name.as_deref(), Some("Sigrid Aune"));
    assert_eq!(noor.email.as_deref(), Some("noor@fjordline.example"));

    assert_eq!(parsed.contacts[2].account_name, None, "Kai has no ORG");
    let chloe = &parsed.contacts[3];
    assert_eq!(chloe.name, "Chloé Martin");
    assert_eq!(chloe.phone.as_deref(), Some("+1-415-555-0142"), "a 4.0 tel: URI");
}

#[test]
fn android_and_outlook_2_1_quoted_printable() {
    let parsed = parse_vcard(&fixture("android_2_1.vcf")).unwrap();
    let olli = &parsed.contacts[0];
    assert_eq!(olli.name, "Olli Järvinen");
    assert_eq!(olli.account_name.as_deref(), Some("Kestä Oy"));
    assert_eq!(olli.department.as_deref(), Some("Hankinta"));
    assert_eq!(olli.phone.as_deref(), Some("+358 40 555 0101"));
    assert_eq!(olli.notes.as_deref(), Some("会議は月曜日です\nSauna afterwards."), "a soft break inside a character");

    let juergen = &parsed.contacts[1];
    assert_eq!(juergen.name, "Jürgen Weiß", "Windows-1252 quoted-printable");
    assert_eq!(juergen.phone.as_deref(), Some("+49 89 5550 1400"), "the fax number is not taken");
    assert_eq!(juergen.reports_to_name.as_deref(), Some("Ilse Varga"));

    assert_eq!(parsed.contacts.len(), 2);
    assert_eq!(parsed.issues.len(), 1);
    assert_eq!(parsed.issues[0].row, 3);
    assert_eq!(parsed.issues[0].message, "duplicate of card 1: the same email OLLI.JARVINEN@kesta.example");
}

#[test]
fn broken_cards_are_rejected_one_by_one_with_their_numbers() {
    let parsed = parse_vcard(&fixture("broken.vcf")).unwrap();
    assert_eq!(parsed.rows_read, 7);
    assert_eq!(parsed.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Ada Brook"]);
    let issues: Vec<(u32, Option<&str>)> = parsed.issues.iter().map(|i| (i.row, i.column.as_deref())).collect();
    assert_eq!(
        issues,
        vec![(2, None), (3, Some("FN")), (4, Some("EMAIL")), (5, Some("FN")), (6, None), (7, Some("END"))]
    );
    let messages: Vec<&str> = parsed.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages[0],
        "card 2 (line 7): no END:VCARD before the next BEGIN:VCARD on line 11 (a card nested in another, or a missing END)"
    );
    assert_eq!(messages[1], "card 3 (line 11): has no name (neither FN nor N)");
    assert_eq!(messages[2], "card 4 (line 16): EMAIL \"cara.holm(at)kestrel.example\" is not an email address");
    assert!(messages[3].contains("\"=G1\" is not a valid quoted-printable escape"), "{}", messages[3]);
    assert!(messages[4].contains("line 29 is not a vCard property"), "{}", messages[4]);
    assert!(messages[5].starts_with("card 7 (line 31): the file ends before"), "{}", messages[5]);
}

#[test]
fn the_plan_links_cards_to_accounts_and_managers() {
    let mut parsed = parse_vcard(&fixture("phone_3_0.vcf")).unwrap();
    let mut existing = Existing::default();
    existing.add_account("Halden Ceramics AB", "acc-hc");
    existing.add_account("Fjordline Freight", "acc-ff");
    existing.add_person("p-sigrid", "acc-ff", "Sigrid Aune", None);
    existing.add_person("p-marta", "acc-hc", "Marta Lindqvist", None);

    let first = plan(&parsed, &existing);
    assert_eq!(first.updates.len(), 1);
    assert_eq!(first.updates[0].reason, "updates the contact with the same name at Halden Ceramics AB");
    assert_eq!(first.creates.len(), 1);
    let PlannedItem::Contact { reports_to, .. } = &first.creates[0].item else { panic!("a contact") };
    assert_eq!(reports_to, &Some(RecordRef::Existing { id: "p-sigrid".into() }));
    let rejected: Vec<(u32, Option<&str>)> = first.rejects.iter().map(|r| (r.row, r.column.as_deref())).collect();
    assert_eq!(rejected, vec![(3, Some("ORG")), (4, Some("ORG"))]);
    assert!(first.rejects[0].message.contains("Kai Lund has no account"), "{}", first.rejects[0].message);
    assert!(
        first.rejects[1].message.contains("\"Kestrel Analytics\" is not in Rapport"),
        "{}",
        first.rejects[1].message
    );

    // The user picks an account for cards without ORG.
    parsed.set_missing_account("Fjordline Freight");
    let second = plan(&parsed, &existing);
    assert_eq!(second.creates.iter().map(|c| c.row).collect::<Vec<_>>(), vec![2, 3]);
}

#[test]
fn whole_file_problems() {
    let err = parse_vcard(&fixture("salesforce_accounts.csv")).unwrap_err();
    assert_eq!(err.problem, Problem::NotVcard);

    let err = parse_vcard(b"BEGIN:VCARD\nFN:Ada Brook\nORG:Brightwater M\xFCller\nEND:VCARD\n").unwrap_err();
    assert_eq!(err.problem, Problem::Encoding);
    assert_eq!(err.line, Some(3));

    let mut long = String::from("BEGIN:VCARD\nFN:Ada Brook\nNOTE:");
    long.push_str(&"x".repeat(1024 * 1024 + 1));
    long.push_str("\nEND:VCARD\n");
    let err = parse_vcard(long.as_bytes()).unwrap_err();
    assert_eq!((err.problem, err.line), (Problem::LineTooLong, Some(3)));

    let mut folded = String::from("BEGIN:VCARD\nFN:Ada Brook\nNOTE:x");
    for _ in 0..20_000 {
        folded.push_str("\n ");
        folded.push_str(&"y".repeat(60));
    }
    folded.push_str("\nEND:VCARD\n");
    let err = parse_vcard(folded.as_bytes()).unwrap_err();
    assert_eq!(err.problem, Problem::LineTooLong, "folding cannot get round the limit");

    let many = "BEGIN:VCARD\nFN:A\nEND:VCARD\n".repeat(200_001);
    let err = parse_vcard(many.as_bytes()).unwrap_err();
    assert_eq!(err.problem, Problem::TooManyCards);

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "BEGIN:VCARD\r\nFN:Ada Brook\r\nORG:Brightwater Mills\r\nEND:VCARD\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(parse_vcard(&utf16).unwrap().contacts[0].name, "Ada Brook");
}

/// Windows and phone exports put a byte-order mark in front, or write UTF-16
/// big-endian: the cards read the same; UTF-16 without a mark is named.
#[test]
fn byte_order_marks_and_utf16_big_endian() {
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Weiß\r\nORG:Brightwater Mills\r\nEND:VCARD\r\n";
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], card.as_bytes()].concat();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(card.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    for bytes in [with_bom, be] {
        let parsed = parse_vcard(&bytes).unwrap();
        assert_eq!(parsed.contacts[0].name, "Jürgen Weiß");
        assert_eq!(parsed.contacts[0].account_name.as_deref(), Some("Brightwater Mills"));
    }
    let no_mark: Vec<u8> = card.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let err = parse_vcard(&no_mark).unwrap_err();
    assert_eq!(err.problem, Problem::Encoding);
    assert!(err.message.contains("UTF-16 without a byte-order mark"), "{}", err.message);
}
