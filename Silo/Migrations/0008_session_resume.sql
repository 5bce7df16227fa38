-- The sessions underway, each with when it is next due for a nudge, in place of one Orleans reminder per
-- session. A session writes its row when accepted and deletes it when it ends; every silo sweeps the rows
-- that are due and nudges those sessions, so one whose silo died carries on elsewhere.
CREATE TABLE IF NOT EXISTS session_resume
(
    session_id text        PRIMARY KEY,
    due_at     timestamptz NOT NULL
);

-- The sweep asks for the earliest due rows; without the index it would read the whole table every time.
CREATE INDEX IF NOT EXISTS ix_session_resume_due ON session_resume (due_at);
