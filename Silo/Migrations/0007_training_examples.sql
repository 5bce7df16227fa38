-- Retraining from the database: the labelled sessions' features, and when each model version went live.

-- One row per session: a session resubmitted with other content replaces its example, and deleting the
-- session deletes it. features is the stage-2 feature set without the consultation's nouns; a retrain fits
-- its encoders on these, so rows stored under different model versions stay comparable.
CREATE TABLE IF NOT EXISTS training_examples
(
    session_id      text        PRIMARY KEY,
    session_version integer     NOT NULL,
    label           text        NOT NULL,
    features        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);

-- Counting examples per label is what refuses a retrain at once; it should not read every feature set.
CREATE INDEX IF NOT EXISTS ix_training_examples_label ON training_examples (label);

ALTER TABLE model_versions ADD COLUMN IF NOT EXISTS activated_at timestamptz;
