-- The team server's schema. Forward-only: never edit a migration that has
-- landed; add a new one.
--
-- The server holds ciphertext and the little it needs to route it: which team,
-- which member, in what order, when. Everything a member writes is in
-- `events.bytes`, encrypted with the team key and signed by its author.

CREATE SCHEMA rapport;

-- Every member's login role is granted this group role; it carries the
-- privileges, row-level security narrows them to the member's own teams.
-- Roles belong to the whole cluster, not this database: another database on
-- the same server may have made it already.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rapport_member') THEN
        CREATE ROLE rapport_member NOLOGIN;
    END IF;
END
$$;

CREATE TABLE rapport.teams (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rapport.members (
    team uuid NOT NULL REFERENCES rapport.teams (id),
    id uuid NOT NULL,
    -- The PostgreSQL role this member logs in as: one role, one member.
    role name NOT NULL UNIQUE,
    -- The member's public keys: Ed25519 (their events' signatures verify
    -- against it) then X25519 (the team key is wrapped for it).
    public_key bytea NOT NULL CHECK (length(public_key) = 64),
    -- The team key wrapped for this member; NULL until they are admitted.
    team_key bytea CHECK (length(team_key) = 105),
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team, id)
);

CREATE TABLE rapport.events (
    team uuid NOT NULL REFERENCES rapport.teams (id),
    -- Per team, 1, 2, 3… in the order the inserts committed (see next_seq).
    seq bigint NOT NULL,
    member uuid NOT NULL,
    bytes bytea NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team, seq),
    FOREIGN KEY (team, member) REFERENCES rapport.members (team, id)
);

-- The admitted memberships of the role that opened the session. SECURITY DEFINER so the
-- policies below can read `members` without recursing into its own policy;
-- `session_user` because `current_user` is the definer inside this function.
CREATE FUNCTION rapport.my_memberships() RETURNS TABLE (team uuid, member uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, rapport AS $$
    SELECT m.team, m.id FROM rapport.members m WHERE m.role = session_user AND m.team_key IS NOT NULL
$$;

-- The server, not the client, numbers events and stamps their time. The
-- transaction-scoped lock per team makes numbering and commit happen in the
-- same order, so a reader that has seen seq N never later finds a new N-1.
CREATE FUNCTION rapport.next_seq() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rapport AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('rapport.events ' || NEW.team::text, 0));
    NEW.seq := coalesce((SELECT max(e.seq) FROM rapport.events e WHERE e.team = NEW.team), 0) + 1;
    NEW.at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER events_next_seq BEFORE INSERT ON rapport.events
    FOR EACH ROW EXECUTE FUNCTION rapport.next_seq();

-- Wakes the team's listeners (LISTEN rapport_<team id, 32 hex digits>) when
-- the transaction commits. The payload is empty so that PostgreSQL folds a
-- pushed batch into one notification; listeners pull to see what is new.
CREATE FUNCTION rapport.notify_team() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, rapport AS $$
BEGIN
    PERFORM pg_notify('rapport_' || replace(NEW.team::text, '-', ''), '');
    RETURN NULL;
END
$$;

CREATE TRIGGER events_notify_team AFTER INSERT ON rapport.events
    FOR EACH ROW EXECUTE FUNCTION rapport.notify_team();

ALTER TABLE rapport.teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport.events ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_teams ON rapport.teams FOR SELECT TO rapport_member
    USING (id IN (SELECT team FROM rapport.my_memberships()));
CREATE POLICY own_teams ON rapport.members FOR SELECT TO rapport_member
    USING (team IN (SELECT team FROM rapport.my_memberships()));
CREATE POLICY own_teams ON rapport.events FOR SELECT TO rapport_member
    USING (team IN (SELECT team FROM rapport.my_memberships()));
-- A member writes only as themselves, only into their own team.
CREATE POLICY as_oneself ON rapport.events FOR INSERT TO rapport_member
    WITH CHECK ((team, member) IN (SELECT team, member FROM rapport.my_memberships()));

REVOKE ALL ON SCHEMA rapport FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA rapport FROM PUBLIC;
REVOKE ALL ON FUNCTION rapport.my_memberships() FROM PUBLIC;
REVOKE ALL ON FUNCTION rapport.next_seq() FROM PUBLIC;
REVOKE ALL ON FUNCTION rapport.notify_team() FROM PUBLIC;
GRANT USAGE ON SCHEMA rapport TO rapport_member;
GRANT SELECT ON rapport.teams, rapport.members TO rapport_member;
-- Events are append-only: no UPDATE, DELETE or TRUNCATE for members.
GRANT SELECT, INSERT ON rapport.events TO rapport_member;
GRANT EXECUTE ON FUNCTION rapport.my_memberships() TO rapport_member;
