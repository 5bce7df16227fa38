-- The project's own tables: every prediction answered, and the registry of outcome-model versions.

-- One row per (session, version of that session's result). Grains may retry a write after a crash, so
-- the key makes a second write of the same result a no-op (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE IF NOT EXISTS prediction_history
(
    session_id      text             NOT NULL,
    session_version integer          NOT NULL,
    label           text             NOT NULL,
    confidence      double precision NOT NULL,
    probabilities   jsonb            NOT NULL,
    model_version   text             NOT NULL,
    created_at      timestamptz      NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    PRIMARY KEY (session_id, session_version)
);

-- The primary key already serves lookups by session_id; this index makes that explicit for queries that
-- filter on session_id alone and keeps working if the key ever changes shape.
CREATE INDEX IF NOT EXISTS ix_prediction_history_session_id ON prediction_history (session_id);
CREATE INDEX IF NOT EXISTS ix_prediction_history_created_at ON prediction_history (created_at);

CREATE TABLE IF NOT EXISTS model_versions
(
    version    text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    metrics    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    metadata   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    artifact   bytea,
    active     boolean     NOT NULL DEFAULT false
);

-- Every silo must serve the same model, so at most one version may be active. Swapping versions is one
-- transaction that deactivates the old row before activating the new one.
CREATE UNIQUE INDEX IF NOT EXISTS ux_model_versions_one_active ON model_versions (active) WHERE active;
