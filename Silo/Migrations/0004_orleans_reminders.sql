-- Reminders for Microsoft.Orleans.Reminders.AdoNet 10.4 (the classic reminder table: start time and
-- period; the cron/priority columns of the newer reminder service are not read by this provider).

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(150) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    start_time    timestamptz  NOT NULL,
    -- Milliseconds. The provider sends an int for short periods and a bigint for long ones.
    period        bigint       NOT NULL,
    -- The grain's uniform hash as a signed int: the reminder service splits the hash ring into ranges.
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Returns the new version, which the provider uses as the reminder's ETag.
('UpsertReminderRowKey', $q$
    INSERT INTO orleans_reminders AS r
        (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = EXCLUDED.start_time,
        period = EXCLUDED.period,
        grain_hash = EXCLUDED.grain_hash,
        version = r.version + 1
    RETURNING r.version AS Version;
$q$),

('ReadReminderRowsKey', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$),

('ReadReminderRowKey', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$),

-- A range (begin, end] that does not wrap around the ring (begin < end as signed ints).
('ReadRangeRows1Key', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$),

-- A range that wraps: everything after begin plus everything up to end.
('ReadRangeRows2Key', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$),

-- One boolean-like column: 1 when the row with that ETag was removed, 0 when it was stale or gone.
('DeleteReminderRowKey', $q$
    WITH removed AS (
        DELETE FROM orleans_reminders
        WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
          AND version = @Version
        RETURNING 1)
    SELECT count(*)::int FROM removed;
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
