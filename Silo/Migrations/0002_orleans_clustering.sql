-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet 10.x.
-- Orleans treats the membership table as one optimistic-concurrency unit: every change to a silo row must
-- also bump the deployment's version, and fail (return 0) when the caller's version is stale.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   varchar(150) NOT NULL
        -- Deleting a deployment's version row is how the whole deployment is dropped.
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL DEFAULT 0,
    suspect_times   text,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Result columns are aliased to the names the provider reads; it looks them up case-insensitively.
-- Parameters that may arrive as NULL are cast so PostgreSQL never has to guess their type.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT count(*)::int FROM created;
$q$),

-- The version row is locked first, so a concurrent writer holding the same version waits and then sees
-- the bumped version, instead of both inserting under one version.
('InsertMembershipKey', $q$
    WITH current_version AS (
        SELECT deployment_id
        FROM orleans_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE),
    joined AS (
        INSERT INTO orleans_membership
            (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
             start_time, i_am_alive_time)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
               @StartTime, @IAmAliveTime
        FROM current_version
        ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
        RETURNING deployment_id),
    bumped AS (
        UPDATE orleans_membership_version v
        SET version = v.version + 1, updated_at = now()
        FROM joined j
        WHERE v.deployment_id = j.deployment_id
        RETURNING 1)
    SELECT count(*)::int FROM bumped;
$q$),

-- The heartbeat only moves forward: a delayed write must not make a live silo look older than it is.
('UpdateMembershipKey', $q$
    WITH current_version AS (
        SELECT deployment_id
        FROM orleans_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE),
    changed AS (
        UPDATE orleans_membership m
        SET status = @Status,
            suspect_times = CAST(@SuspectTimes AS text),
            i_am_alive_time = GREATEST(m.i_am_alive_time, @IAmAliveTime)
        FROM current_version c
        WHERE m.deployment_id = c.deployment_id
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING m.deployment_id),
    bumped AS (
        UPDATE orleans_membership_version v
        SET version = v.version + 1, updated_at = now()
        FROM changed c
        WHERE v.deployment_id = c.deployment_id
        RETURNING 1)
    SELECT count(*)::int FROM bumped;
$q$),

-- Heartbeats are not versioned: Orleans writes them without touching the table version.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
    SET i_am_alive_time = GREATEST(i_am_alive_time, @IAmAliveTime)
    WHERE deployment_id = @DeploymentId
      AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

-- Both reads start from the version row so the table version comes back even when no silo matches;
-- the provider takes "no StartTime" to mean "no member in this row".
('MembershipReadRowKey', $q$
    SELECT v.deployment_id AS DeploymentId,
           m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status,
           m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
    SELECT v.deployment_id AS DeploymentId,
           m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status,
           m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId;
$q$),

-- Clients call this with @Status = Active (3) to find silos that accept client connections.
('GatewaysQueryKey', $q$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),

-- The cascade from the version row removes the deployment's silo rows with it.
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$),

-- Set-based clean-up of dead silos (status 6) that were last heard of before the cut-off.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId
      AND status = 6
      AND i_am_alive_time < @IAmAliveTime
      AND start_time < @IAmAliveTime
      AND COALESCE(suspect_times, '') = '';
$q$),

-- Orleans 10 decides in .NET which dead rows are defunct and deletes each one only if it still holds the
-- values it read, so a silo that came back to life in the meantime is left alone.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId
      AND address = @Address AND port = @Port AND generation = @Generation
      AND status = 6
      AND start_time = @StartTime
      AND i_am_alive_time = @IAmAliveTime
      AND COALESCE(suspect_times, '') = COALESCE(CAST(@SuspectTimes AS text), '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
