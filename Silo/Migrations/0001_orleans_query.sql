-- The Orleans ADO.NET providers keep no SQL of their own: at start-up each one runs
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and refuses to start when a key it needs is missing.
-- The table name and both column names are therefore fixed by the providers (unquoted, so PostgreSQL folds
-- them to lower case, which is how the providers' own unquoted SELECT resolves them too).
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);
