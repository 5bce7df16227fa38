-- Grain state for Microsoft.Orleans.Persistence.AdoNet 10.x (binary payloads only: Orleans 10 writes
-- PayloadBinary and reads nothing else). The version column is the grain's ETag.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id          varchar(150) NOT NULL,
    grain_type          varchar(512) NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    -- The string part of the key ('' for Guid or integer keys without an extension): NOT NULL so it can
    -- sit in the primary key and two activations cannot both insert the first state.
    grain_key_extension varchar(512) NOT NULL DEFAULT '',
    -- The provider sends both hashes; they are kept so rows can be compared with other Orleans stores.
    grain_id_hash       integer      NOT NULL,
    grain_type_hash     integer      NOT NULL,
    payload             bytea,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key_extension)
);

-- Every statement returns exactly one row. An empty or NULL version tells the provider the write lost
-- a race (its ETag was stale, or another activation inserted first), which it raises as
-- InconsistentStateException; returning no row at all would make it accept the write silently.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT payload AS PayloadBinary, version AS Version
    FROM orleans_storage
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_key_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '');
$q$),

-- A NULL @GrainStateVersion means the grain never saw a stored row, so only an insert is allowed;
-- otherwise only an update of exactly that version is.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE orleans_storage
        SET payload = @PayloadBinary, version = version + 1, modified_at = now()
        WHERE service_id = @ServiceId
          AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_key_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
          AND version = CAST(@GrainStateVersion AS integer)
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_storage
            (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key_extension,
             grain_id_hash, grain_type_hash, payload, version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
               COALESCE(CAST(@GrainIdExtensionString AS varchar), ''),
               @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
        WHERE CAST(@GrainStateVersion AS integer) IS NULL
        ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key_extension) DO NOTHING
        RETURNING version)
    SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS NewGrainStateVersion;
$q$),

-- Clearing keeps the row (with a new version) so a stale activation still fails its next write.
('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE orleans_storage
        SET payload = NULL, version = version + 1, modified_at = now()
        WHERE service_id = @ServiceId
          AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_key_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
          AND version = CAST(@GrainStateVersion AS integer)
        RETURNING version)
    SELECT (SELECT version FROM cleared) AS NewGrainStateVersion;
$q$),

-- Used only with DeleteStateOnClear = true. The returned version differs from the caller's ETag so the
-- provider sees the delete as successful.
('DeleteStorageKey', $q$
    WITH deleted AS (
        DELETE FROM orleans_storage
        WHERE service_id = @ServiceId
          AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_key_extension = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
          AND version = CAST(@GrainStateVersion AS integer)
        RETURNING version + 1 AS version)
    SELECT (SELECT version FROM deleted) AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
