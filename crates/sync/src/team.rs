//! A vault in a team, end to end: create a team, invite, join, admit, list
//! the members, and sync (docs/SYNC.md). The CLI's `rapport team …` and
//! `rapport sync` are thin doors onto these functions.
//!
//! Where things live: the membership and its positions in the vault
//! ([`rapport_core::team`]); the member's key pairs and their server
//! connection (with its password) in the OS keychain, one entry per vault;
//! the team key on the server, wrapped for each member.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::RngCore;
use rapport_core::team::{self as book_team, Incoming, Membership};
use rapport_core::{KeyStore, Vault};
use serde::{Deserialize, Serialize};
use sqlx::ConnectOptions;
use sqlx::postgres::PgConnectOptions;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::envelope::Event;
use crate::exchange;
use crate::keys::{MemberKey, TeamKey, invitation_proof};
use crate::server::{self, Member, ServerError};

/// What went wrong with a team step: one line for a person.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error(transparent)]
    Vault(#[from] rapport_core::Error),
    #[error("this vault is not in a team: create one (rapport team create) or join one (rapport team join CODE)")]
    NoTeam,
    /// A step the team's state does not allow, or input that is not right.
    #[error("{0}")]
    Refused(String),
    #[error("the keychain cannot keep or give this vault's team keys: {0}")]
    Keychain(String),
}

/// How many events go in one push or one pull.
const BATCH: u32 = 500;

/// Where an invitation code starts.
const CODE_PREFIX: &str = "rapport-invite-";

/// What an invitation code carries. The secret proves the joiner's keys to
/// the owner; the owner's fingerprint lets the joiner check the server's
/// roster. The code goes from the owner to the joiner by hand, never through
/// the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub team: Uuid,
    /// `postgres://HOST:PORT/DATABASE`: no user, no password.
    pub server: String,
    pub name: String,
    /// 32 bytes, hex.
    pub secret: String,
    pub owner: String,
}

impl Invitation {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).expect("an invitation serialises");
        format!("{CODE_PREFIX}{}", URL_SAFE_NO_PAD.encode(json))
    }

    pub fn decode(code: &str) -> Result<Self, TeamError> {
        let bad = || TeamError::Refused("that is not an invitation code: it starts with rapport-invite-".into());
        let body = code.trim().strip_prefix(CODE_PREFIX).ok_or_else(bad)?;
        let json = URL_SAFE_NO_PAD.decode(body).map_err(|_| bad())?;
        let invitation: Self = serde_json::from_slice(&json).map_err(|_| bad())?;
        secret_bytes(&invitation.secret).ok_or_else(bad)?;
        Ok(invitation)
    }

    /// The server's URL as `user` (the joiner's PostgreSQL role).
    pub fn server_as(&self, user: &str) -> String {
        let rest = self.server.strip_prefix("postgres://").unwrap_or(&self.server);
        format!("postgres://{user}@{rest}")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn secret_bytes(text: &str) -> Option<Zeroizing<[u8; 32]>> {
    if text.len() != 64 {
        return None;
    }
    let mut out = Zeroizing::new([0u8; 32]);
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The member's keys and connection, as the keychain keeps them.
struct Credentials {
    key: MemberKey,
    /// The full connection URL, password included.
    url: Zeroizing<String>,
}

fn keychain_name(vault: &Vault) -> String {
    format!("team-{}", vault.vault_id())
}

async fn save_credentials(keystore: &Arc<dyn KeyStore>, vault: &Vault, creds: &Credentials) -> Result<(), TeamError> {
    let mut bytes = Zeroizing::new(creds.key.to_secret_bytes().to_vec());
    bytes.extend_from_slice(creds.url.as_bytes());
    let (store, name) = (keystore.clone(), keychain_name(vault));
    tokio::task::spawn_blocking(move || store.save_secret(&name, &bytes))
        .await
        .map_err(|e| TeamError::Keychain(e.to_string()))?
        .map_err(|e| TeamError::Keychain(e.to_string()))
}

async fn load_credentials(keystore: &Arc<dyn KeyStore>, vault: &Vault) -> Result<Credentials, TeamError> {
    let (store, name) = (keystore.clone(), keychain_name(vault));
    let bytes = tokio::task::spawn_blocking(move || store.load_secret(&name))
        .await
        .map_err(|e| TeamError::Keychain(e.to_string()))?
        .map_err(|e| TeamError::Keychain(e.to_string()))?
        .ok_or_else(|| TeamError::Keychain("it holds no team keys for this vault".into()))?;
    let lost = || TeamError::Keychain("the stored team keys are damaged".into());
    if bytes.len() < 64 {
        return Err(lost());
    }
    let key = MemberKey::from_secret_bytes(&bytes[..64]).ok_or_else(lost)?;
    let url = Zeroizing::new(String::from_utf8(bytes[64..].to_vec()).map_err(|_| lost())?);
    Ok(Credentials { key, url })
}

/// The URL with its password (from the URL, `PGPASSWORD` or `~/.pgpass`),
/// for the keychain, and the same without it, for the vault and messages.
fn split_url(options: &PgConnectOptions) -> (Zeroizing<String>, String) {
    let full = Zeroizing::new(options.to_url_lossy().to_string());
    let shown = format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("postgres")
    );
    (full, shown)
}

async fn membership(vault: &Vault) -> Result<Membership, TeamError> {
    book_team::membership(vault.pool()).await?.ok_or(TeamError::NoTeam)
}

fn uuid(text: &str) -> Result<Uuid, TeamError> {
    Uuid::parse_str(text).map_err(|_| TeamError::Vault(rapport_core::Error::Corrupt(format!("a bad id {text:?}"))))
}

async fn connect(creds: &Credentials) -> Result<Member, TeamError> {
    Ok(Member::connect_with(&server::parse_url(&creds.url)?).await?)
}

/// Creates team `name` on the server `options` name (this member's own role, which
/// an administrator made: docs/SYNC.md), with this vault's member as its
/// owner. The keys go to the keychain before the server hears of them.
pub async fn create(
    vault: &Vault,
    keystore: &Arc<dyn KeyStore>,
    options: &PgConnectOptions,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Membership, TeamError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(TeamError::Refused("a team needs a name".into()));
    }
    if book_team::membership(vault.pool()).await?.is_some() {
        return Err(TeamError::Refused("this vault is in a team already; one vault shares one team".into()));
    }
    let (full, shown) = split_url(options);
    let (team, member) = (Uuid::new_v4(), Uuid::new_v4());
    let creds = Credentials { key: MemberKey::generate(), url: full };
    let mut conn = Member::connect_with(options).await?;
    save_credentials(keystore, vault, &creds).await?;
    let public = creds.key.public();
    let team_key = TeamKey::generate();
    conn.create_team(team, member, &public, &team_key.wrap_for(team, member, &public)).await?;
    let m = Membership {
        team_id: team.to_string(),
        team_name: name.to_string(),
        server_url: shown,
        member_id: member.to_string(),
        role: "owner".into(),
        owner_fingerprint: public.fingerprint(),
        pulled_seq: 0,
        pushed_seq: 0,
        stamped_seq: 0,
        clock: 0,
        joined_at: now.to_rfc3339(),
    };
    Ok(book_team::join(vault.pool(), &m).await?)
}

/// A new one-time invitation code (the owner only).
pub async fn invite(vault: &Vault, now: DateTime<Utc>) -> Result<String, TeamError> {
    let m = membership(vault).await?;
    if m.role != "owner" {
        return Err(TeamError::Refused("only the team's owner invites".into()));
    }
    let mut secret = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(secret.as_mut());
    let secret = hex(secret.as_ref());
    book_team::add_invitation(vault.pool(), &secret, now).await?;
    let server = match m.server_url.split_once('@') {
        Some((_, rest)) => format!("postgres://{rest}"),
        None => m.server_url.clone(),
    };
    let invitation =
        Invitation { team: uuid(&m.team_id)?, server, name: m.team_name, secret, owner: m.owner_fingerprint };
    Ok(invitation.encode())
}

/// Asks to join the team of `invitation` with this vault, as the server role
/// in `options`. Returns this member's fingerprint, for the owner to compare.
pub async fn join(
    vault: &Vault,
    keystore: &Arc<dyn KeyStore>,
    invitation: &Invitation,
    options: &PgConnectOptions,
    now: DateTime<Utc>,
) -> Result<Membership, TeamError> {
    if book_team::membership(vault.pool()).await?.is_some() {
        return Err(TeamError::Refused("this vault is in a team already; one vault shares one team".into()));
    }
    let secret =
        secret_bytes(&invitation.secret).ok_or_else(|| TeamError::Refused("that invitation code is damaged".into()))?;
    let (full, shown) = split_url(options);
    let member = Uuid::new_v4();
    let creds = Credentials { key: MemberKey::generate(), url: full };
    let mut conn = Member::connect_with(options).await?;
    save_credentials(keystore, vault, &creds).await?;
    let public = creds.key.public();
    conn.join_team(invitation.team, member, &public, &invitation_proof(&secret, invitation.team, member, &public))
        .await?;
    let m = Membership {
        team_id: invitation.team.to_string(),
        team_name: invitation.name.clone(),
        server_url: shown,
        member_id: member.to_string(),
        role: "member".into(),
        owner_fingerprint: invitation.owner.clone(),
        pulled_seq: 0,
        pushed_seq: 0,
        stamped_seq: 0,
        clock: 0,
        joined_at: now.to_rfc3339(),
    };
    Ok(book_team::join(vault.pool(), &m).await?)
}

/// This vault's member's fingerprint (from the keychain).
pub async fn fingerprint(vault: &Vault, keystore: &Arc<dyn KeyStore>) -> Result<String, TeamError> {
    Ok(load_credentials(keystore, vault).await?.key.public().fingerprint())
}

/// A member as `rapport team members` shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberInfo {
    pub id: Uuid,
    /// Their PostgreSQL role.
    pub role: String,
    pub owner: bool,
    pub admitted: bool,
    pub fingerprint: Option<String>,
    /// This vault's member.
    pub you: bool,
    pub joined_at: DateTime<Utc>,
}

/// The team's members as the server lists them. A member still waiting to
/// be admitted sees only themselves.
pub async fn members(vault: &Vault, keystore: &Arc<dyn KeyStore>) -> Result<Vec<MemberInfo>, TeamError> {
    let m = membership(vault).await?;
    let creds = load_credentials(keystore, vault).await?;
    let (team, me) = (uuid(&m.team_id)?, uuid(&m.member_id)?);
    let mut conn = connect(&creds).await?;
    let mut list: Vec<MemberInfo> = conn
        .members(team)
        .await?
        .into_iter()
        .map(|l| MemberInfo {
            id: l.id,
            role: l.role,
            owner: l.owner,
            admitted: l.admitted,
            fingerprint: l.key.map(|k| k.fingerprint()),
            you: l.id == me,
            joined_at: l.joined_at,
        })
        .collect();
    if !list.iter().any(|l| l.you) {
        let joined_at = DateTime::parse_from_rfc3339(&m.joined_at).map_or(Utc::now(), |t| t.with_timezone(&Utc));
        list.push(MemberInfo {
            id: me,
            role: creds_role(&m.server_url),
            owner: m.role == "owner",
            admitted: false,
            fingerprint: Some(creds.key.public().fingerprint()),
            you: true,
            joined_at,
        });
    }
    Ok(list)
}

fn creds_role(server_url: &str) -> String {
    server_url.strip_prefix("postgres://").and_then(|r| r.split_once('@')).map_or("", |(u, _)| u).to_string()
}

/// A member `admit` let in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admitted {
    pub id: Uuid,
    pub role: String,
    pub fingerprint: String,
}

/// Admits the members waiting (all of them, or the one whose id, role or
/// fingerprint starts with `which`): the owner checks each one's proof
/// against the invitations it made — so the keys are the ones the invited
/// person sent — and writes the team key wrapped for them. A waiting member
/// whose proof matches no open invitation is not admitted.
pub async fn admit(
    vault: &Vault,
    keystore: &Arc<dyn KeyStore>,
    which: Option<&str>,
) -> Result<(Vec<Admitted>, Vec<String>), TeamError> {
    let m = membership(vault).await?;
    if m.role != "owner" {
        return Err(TeamError::Refused("only the team's owner admits members".into()));
    }
    let creds = load_credentials(keystore, vault).await?;
    let (team, me) = (uuid(&m.team_id)?, uuid(&m.member_id)?);
    let mut conn = connect(&creds).await?;
    let team_key = conn.team_key(team, me, &creds.key).await?;
    let matches = |l: &server::ListedMember| match which {
        None => true,
        Some(w) => {
            let w = w.trim().to_lowercase();
            l.id.to_string().starts_with(&w)
                || l.role.to_lowercase() == w
                || l.key.is_some_and(|k| k.fingerprint().replace(' ', "").starts_with(&w.replace(' ', "")))
        }
    };
    let waiting: Vec<server::ListedMember> =
        conn.members(team).await?.into_iter().filter(|l| !l.admitted && matches(l)).collect();
    if waiting.is_empty() {
        return Err(TeamError::Refused(match which {
            Some(w) => format!("no member waiting to be admitted matches {w:?}"),
            None => "no member is waiting to be admitted".into(),
        }));
    }
    let invitations = book_team::open_invitations(vault.pool()).await?;
    let (mut admitted, mut refused) = (Vec::new(), Vec::new());
    for listed in waiting {
        let Some(key) = listed.key else {
            refused.push(format!("{} ({}): the server holds no valid keys for them", listed.role, listed.id));
            continue;
        };
        let secret = invitations.iter().find(|s| {
            secret_bytes(s).is_some_and(|secret| Some(invitation_proof(&secret, team, listed.id, &key)) == listed.proof)
        });
        let Some(secret) = secret else {
            refused.push(format!(
                "{} ({}): their keys do not match any open invitation of this vault (fingerprint {})",
                listed.role,
                listed.id,
                key.fingerprint()
            ));
            continue;
        };
        // One invitation, one member: used before the key is written.
        if !book_team::use_invitation(vault.pool(), secret, &listed.id.to_string()).await? {
            continue;
        }
        if conn.admit(team, listed.id, &team_key.wrap_for(team, listed.id, &key)).await? {
            admitted.push(Admitted { id: listed.id, role: listed.role, fingerprint: key.fingerprint() });
        }
    }
    Ok((admitted, refused))
}

/// What one sync round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Local changes pushed.
    pub pushed: usize,
    /// Events pulled (this member's own included).
    pub pulled: usize,
    /// Teammates' changes written into the book.
    pub applied: usize,
    /// Events pulled and not applied, with why.
    pub skipped: Vec<(i64, String)>,
}

/// One round: push the local edits not on the server yet (each with its
/// clock), then pull and apply the team's events after the pulled position.
/// Each step records its position in the vault in the transaction that does
/// it, so a kill at any point loses nothing and applies nothing twice (a push
/// repeated after a kill is dropped by every reader by its author's change
/// number).
pub async fn sync(vault: &Vault, keystore: &Arc<dyn KeyStore>, now: DateTime<Utc>) -> Result<SyncReport, TeamError> {
    let m = membership(vault).await?;
    let creds = load_credentials(keystore, vault).await?;
    let (team, me) = (uuid(&m.team_id)?, uuid(&m.member_id)?);
    let mut conn = connect(&creds).await?;
    let team_key = conn.team_key(team, me, &creds.key).await?;
    check_owner(&mut conn, team, &m).await?;
    let mut report = SyncReport::default();
    loop {
        let outgoing = book_team::stamp_outgoing(vault.pool(), BATCH).await?;
        let Some(last) = outgoing.last().map(|o| o.change.seq) else { break };
        let events: Vec<Event> = outgoing.into_iter().map(|o| Event { hlc: o.hlc, change: o.change }).collect();
        exchange::push(&mut conn, team, me, &team_key, &creds.key, &events).await?;
        book_team::mark_pushed(vault.pool(), last).await?;
        report.pushed += events.len();
    }
    let mut after = membership(vault).await?.pulled_seq;
    loop {
        let received = exchange::pull_events(&mut conn, team, &team_key, after, BATCH).await?;
        let Some(through) = received.last().map(|r| r.seq) else { break };
        let incoming: Vec<Incoming> = received
            .into_iter()
            .map(|r| Incoming {
                server_seq: r.seq,
                member_id: r.member.to_string(),
                event: r.change.map(|e| (e.hlc, e.change)).map_err(|e| e.to_string()),
            })
            .collect();
        report.pulled += incoming.len();
        let applied = book_team::apply(vault.pool(), &incoming, through, now).await?;
        report.applied += applied.applied;
        report.skipped.extend(applied.skipped);
        after = through;
    }
    Ok(report)
}

/// A member checks that the server lists the owner the invitation named: a
/// server that swapped the owner's keys would otherwise go unnoticed.
async fn check_owner(conn: &mut Member, team: Uuid, m: &Membership) -> Result<(), TeamError> {
    let listed = conn.members(team).await?;
    let owner = listed.iter().find(|l| l.owner).and_then(|l| l.key).map(|k| k.fingerprint());
    if owner.as_deref() != Some(m.owner_fingerprint.as_str()) {
        return Err(TeamError::Refused(format!(
            "the server lists the team's owner with keys ({}) other than the invitation named ({}): not syncing",
            owner.as_deref().unwrap_or("none"),
            m.owner_fingerprint
        )));
    }
    Ok(())
}
