-- Admission (docs/SYNC.md, "Joining a team"): a member's role creates a team
-- and becomes its owner; another role asks to join with its public keys; the
-- owner admits it by writing the team key wrapped for it. Each step is a
-- SECURITY DEFINER function that checks who calls it (`session_user`), so
-- members still have no UPDATE or INSERT on `teams` and `members`.

ALTER TABLE rapport.members ADD COLUMN owner boolean NOT NULL DEFAULT false;
-- The joiner's proof that they hold the invitation's secret, over their
-- public keys (32 bytes, opaque to the server: only the owner can check it).
ALTER TABLE rapport.members ADD COLUMN proof bytea CHECK (length(proof) = 32);

CREATE FUNCTION rapport.create_team(p_team uuid, p_member uuid, p_public_key bytea, p_team_key bytea)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rapport AS $$
BEGIN
    IF EXISTS (SELECT FROM rapport.members m WHERE m.role = session_user) THEN
        RAISE EXCEPTION 'this server user is already a member of a team' USING ERRCODE = '23505';
    END IF;
    INSERT INTO rapport.teams (id) VALUES (p_team);
    INSERT INTO rapport.members (team, id, role, public_key, team_key, owner)
        VALUES (p_team, p_member, session_user, p_public_key, p_team_key, true);
END
$$;

CREATE FUNCTION rapport.join_team(p_team uuid, p_member uuid, p_public_key bytea, p_proof bytea)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rapport AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM rapport.teams t WHERE t.id = p_team) THEN
        RAISE EXCEPTION 'there is no such team on this server' USING ERRCODE = 'P0002';
    END IF;
    IF EXISTS (SELECT FROM rapport.members m WHERE m.role = session_user) THEN
        RAISE EXCEPTION 'this server user is already a member of a team' USING ERRCODE = '23505';
    END IF;
    INSERT INTO rapport.members (team, id, role, public_key, proof)
        VALUES (p_team, p_member, session_user, p_public_key, p_proof);
END
$$;

-- Only an admitted owner of the team; only a member still waiting. True when
-- this call admitted them.
CREATE FUNCTION rapport.admit(p_team uuid, p_member uuid, p_team_key bytea)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, rapport AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM rapport.members m
                    WHERE m.team = p_team AND m.role = session_user AND m.owner AND m.team_key IS NOT NULL) THEN
        RAISE EXCEPTION 'only the team''s owner admits members' USING ERRCODE = '42501';
    END IF;
    UPDATE rapport.members m SET team_key = p_team_key
     WHERE m.team = p_team AND m.id = p_member AND m.team_key IS NULL;
    RETURN FOUND;
END
$$;

REVOKE ALL ON FUNCTION rapport.create_team(uuid, uuid, bytea, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION rapport.join_team(uuid, uuid, bytea, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION rapport.admit(uuid, uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport.create_team(uuid, uuid, bytea, bytea) TO rapport_member;
GRANT EXECUTE ON FUNCTION rapport.join_team(uuid, uuid, bytea, bytea) TO rapport_member;
GRANT EXECUTE ON FUNCTION rapport.admit(uuid, uuid, bytea) TO rapport_member;
