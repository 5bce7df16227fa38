namespace Counseling.Database.Tests;

/// <summary>
/// Executes every stored provider query with values of the types the Orleans 10.4 providers send,
/// so a typo, a wrong column name or a missing parameter fails here rather than in a running silo.
/// </summary>
public class ProviderQueryTests
{
    private const string Deployment = "counseling-test";
    private const int Active = 3;
    private const int Dead = 6;

    private static (string, object?)[] Silo(int port, int generation) =>
        [("Address", new AnsiString("10.0.0.5")), ("Port", port), ("Generation", generation)];

    private static (string, object?)[] With(params (string, object?)[][] groups) => groups.SelectMany(g => g).ToArray();

    [Fact]
    public async Task Membership_queries_follow_the_table_version_protocol()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var queries = await ProviderQueries.OpenAsync(database);
        var deployment = ("DeploymentId", (object?)Deployment);
        var started = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560);

        Assert.Equal(1, Convert.ToInt32(await queries.SingleAsync("InsertMembershipVersionKey", deployment)));
        Assert.Equal(0, Convert.ToInt32(await queries.SingleAsync("InsertMembershipVersionKey", deployment)));

        // With no member yet the version row still comes back, without a StartTime.
        var empty = Assert.Single(await queries.ReadAsync("MembershipReadAllKey", deployment));
        Assert.Null(empty["StartTime"]);
        Assert.Equal(0, Convert.ToInt32(empty["Version"]));

        (string, object?)[] Insert(int port, int version) => With([deployment], Silo(port, 7),
        [
            ("SiloName", $"silo-{port}"), ("HostName", "host-a"), ("Status", Active), ("ProxyPort", port + 1000),
            ("StartTime", started), ("IAmAliveTime", started), ("Version", version),
        ]);

        Assert.Equal(1, Convert.ToInt32(await queries.SingleAsync("InsertMembershipKey", Insert(11111, 0))));
        // The same silo again, or another silo with a stale version, changes nothing.
        Assert.Equal(0, Convert.ToInt32(await queries.SingleAsync("InsertMembershipKey", Insert(11111, 1))));
        Assert.Equal(0, Convert.ToInt32(await queries.SingleAsync("InsertMembershipKey", Insert(22222, 0))));
        Assert.Equal(1, Convert.ToInt32(await queries.SingleAsync("InsertMembershipKey", Insert(22222, 1))));

        var row = Assert.Single(await queries.ReadAsync("MembershipReadRowKey", With([deployment], Silo(11111, 7))));
        Assert.Equal("10.0.0.5", row["Address"]);
        Assert.Equal(11111, row["Port"]);
        Assert.Equal(7, row["Generation"]);
        Assert.Equal("silo-11111", row["SiloName"]);
        Assert.Equal("host-a", row["HostName"]);
        Assert.Equal(Active, row["Status"]);
        Assert.Equal(12111, row["ProxyPort"]);
        Assert.Null(row["SuspectTimes"]);
        Assert.Equal(started.AddTicks(-(started.Ticks % 10)), row["StartTime"]);
        Assert.Equal(2, Convert.ToInt32(row["Version"]));
        Assert.Equal(Deployment, row["DeploymentId"]);

        var gateways = await queries.ReadAsync("GatewaysQueryKey", deployment, ("Status", Active));
        Assert.Equal([12111, 23222], gateways.Select(g => (int)g["ProxyPort"]!).Order());
        Assert.All(gateways, g => Assert.Equal(7, g["Generation"]));

        var later = started.AddMinutes(1);
        await queries.ExecuteAsync("UpdateIAmAlivetimeKey", With([deployment], Silo(11111, 7), [("IAmAliveTime", later)]));
        // An older heartbeat arriving late does not move the time back.
        await queries.ExecuteAsync("UpdateIAmAlivetimeKey", With([deployment], Silo(11111, 7), [("IAmAliveTime", started)]));
        row = Assert.Single(await queries.ReadAsync("MembershipReadRowKey", With([deployment], Silo(11111, 7))));
        Assert.Equal(later.AddTicks(-(later.Ticks % 10)), row["IAmAliveTime"]);
        Assert.Equal(2, Convert.ToInt32(row["Version"]));

        (string, object?)[] Update(int status, string? suspects, int version) => With([deployment], Silo(11111, 7),
            [("Status", status), ("SuspectTimes", suspects), ("IAmAliveTime", later), ("Version", version)]);
        Assert.Equal(0, Convert.ToInt32(await queries.SingleAsync("UpdateMembershipKey", Update(Dead, null, 1))));
        Assert.Equal(1, Convert.ToInt32(await queries.SingleAsync("UpdateMembershipKey", Update(Dead, "S10.0.0.6:1:2,2025-01-02 03:05:00.000 GMT", 2))));
        row = Assert.Single(await queries.ReadAsync("MembershipReadRowKey", With([deployment], Silo(11111, 7))));
        Assert.Equal(Dead, row["Status"]);
        Assert.Equal("S10.0.0.6:1:2,2025-01-02 03:05:00.000 GMT", row["SuspectTimes"]);
        Assert.Equal(3, Convert.ToInt32(row["Version"]));
        Assert.Equal(1, Convert.ToInt32(await queries.SingleAsync("UpdateMembershipKey", Update(Dead, null, 3))));

        // Orleans 10 deletes a defunct row only if it still holds the values it read; it sends them back
        // as DbType.DateTime.
        var dead = Assert.Single(await queries.ReadAsync("MembershipReadRowKey", With([deployment], Silo(11111, 7))));
        (string, object?)[] Defunct(DateTime startTime) => With([deployment], Silo(11111, 7),
        [
            ("SuspectTimes", null),
            ("StartTime", new TypedValue(startTime, System.Data.DbType.DateTime)),
            ("IAmAliveTime", new TypedValue(dead["IAmAliveTime"], System.Data.DbType.DateTime)),
        ]);
        Assert.Equal(0, await queries.ExecuteAsync("CleanupDefunctSiloEntryKey", Defunct(started.AddSeconds(-1))));
        Assert.Equal(1, await queries.ExecuteAsync("CleanupDefunctSiloEntryKey", Defunct((DateTime)dead["StartTime"]!)));

        // Only dead rows older than the cut-off go; the active silo stays.
        Assert.Equal(0, await queries.ExecuteAsync("CleanupDefunctSiloEntriesKey", deployment, ("IAmAliveTime", later.AddHours(1))));
        Assert.Single(await queries.ReadAsync("MembershipReadAllKey", deployment));

        await queries.ExecuteAsync("DeleteMembershipTableEntriesKey", deployment);
        Assert.Empty(await queries.ReadAsync("MembershipReadAllKey", deployment));
    }

    private static (string, object?)[] Grain(string? extension) =>
    [
        ("GrainIdHash", 123456), ("GrainIdN0", 42L), ("GrainIdN1", -7L), ("GrainTypeHash", -98765),
        ("GrainTypeString", "sessiongrain"), ("GrainIdExtensionString", extension), ("ServiceId", "counseling"),
    ];

    [Theory]
    [InlineData("session_40001")]
    [InlineData(null)]
    public async Task Grain_state_round_trips_with_etag_checks(string? extension)
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var queries = await ProviderQueries.OpenAsync(database);
        byte[] first = [1, 2, 3], second = [4, 5];

        Assert.Empty(await queries.ReadAsync("ReadFromStorageKey", Grain(extension)));

        Task<object?> Write(int? version, byte[] payload) => queries.SingleAsync("WriteToStorageKey",
            With(Grain(extension), [("GrainStateVersion", version), ("PayloadBinary", payload)]));

        Assert.Equal(1, await Write(null, first));
        // A second activation that never read the state must not overwrite it.
        Assert.Null(await Write(null, second));

        var stored = Assert.Single(await queries.ReadAsync("ReadFromStorageKey", Grain(extension)));
        Assert.Equal(first, stored["PayloadBinary"]);
        Assert.Equal(1, stored["Version"]);

        Assert.Equal(2, await Write(1, second));
        Assert.Null(await Write(1, first));
        stored = Assert.Single(await queries.ReadAsync("ReadFromStorageKey", Grain(extension)));
        Assert.Equal(second, stored["PayloadBinary"]);

        (string, object?)[] Versioned(int version) => With(Grain(extension), [("GrainStateVersion", version)]);
        Assert.Null(await queries.SingleAsync("ClearStorageKey", Versioned(1)));
        Assert.Equal(3, await queries.SingleAsync("ClearStorageKey", Versioned(2)));
        stored = Assert.Single(await queries.ReadAsync("ReadFromStorageKey", Grain(extension)));
        Assert.Null(stored["PayloadBinary"]);
        Assert.Equal(3, stored["Version"]);

        Assert.Equal(4, await Write(3, first));
        Assert.Null(await queries.SingleAsync("DeleteStorageKey", Versioned(3)));
        Assert.Equal(5, await queries.SingleAsync("DeleteStorageKey", Versioned(4)));
        Assert.Empty(await queries.ReadAsync("ReadFromStorageKey", Grain(extension)));
    }

    [Fact]
    public async Task Grains_differing_only_in_key_extension_are_kept_apart()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var queries = await ProviderQueries.OpenAsync(database);

        foreach (var extension in new[] { "a", "b", null })
        {
            Assert.Equal(1, await queries.SingleAsync("WriteToStorageKey",
                With(Grain(extension), [("GrainStateVersion", null), ("PayloadBinary", new byte[] { (byte)(extension?[0] ?? 0) })])));
        }

        var b = Assert.Single(await queries.ReadAsync("ReadFromStorageKey", Grain("b")));
        Assert.Equal(new byte[] { (byte)'b' }, b["PayloadBinary"]);
    }

    [Fact]
    public async Task Reminder_rows_upsert_read_by_range_and_delete_by_etag()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var queries = await ProviderQueries.OpenAsync(database);
        var service = ("ServiceId", (object?)"counseling");
        var start = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

        (string, object?)[] Reminder(string grain, string name, int hash, object period) =>
        [
            service, ("GrainHash", hash), ("GrainId", new AnsiString(grain)), ("ReminderName", name),
            ("StartTime", start), ("Period", period),
        ];

        // Short periods arrive as int, long ones as bigint milliseconds.
        Assert.Equal(0, await queries.SingleAsync("UpsertReminderRowKey", Reminder("session/s1", "webhook", -100, 60_000)));
        Assert.Equal(1, await queries.SingleAsync("UpsertReminderRowKey", Reminder("session/s1", "webhook", -100, 120_000)));
        Assert.Equal(0, await queries.SingleAsync("UpsertReminderRowKey", Reminder("session/s1", "expire", -100, 30L * 24 * 3600 * 1000)));
        Assert.Equal(0, await queries.SingleAsync("UpsertReminderRowKey", Reminder("session/s2", "webhook", 500, 60_000)));

        var one = Assert.Single(await queries.ReadAsync("ReadReminderRowKey", service, ("GrainId", new AnsiString("session/s1")), ("ReminderName", "webhook")));
        Assert.Equal("session/s1", one["GrainId"]);
        Assert.Equal("webhook", one["ReminderName"]);
        Assert.Equal(start, one["StartTime"]);
        Assert.Equal(120_000L, one["Period"]);
        Assert.Equal(1, one["Version"]);

        Assert.Equal(2, (await queries.ReadAsync("ReadReminderRowsKey", service, ("GrainId", new AnsiString("session/s1")))).Count);

        // Hashes arrive as the unsigned ring positions cast to int.
        var inRange = await queries.ReadAsync("ReadRangeRows1Key", service, ("BeginHash", -200), ("EndHash", 0));
        Assert.Equal(["session/s1", "session/s1"], inRange.Select(r => (string)r["GrainId"]!));
        var wrapped = await queries.ReadAsync("ReadRangeRows2Key", service, ("BeginHash", 400), ("EndHash", -150));
        Assert.Equal(["session/s2"], wrapped.Select(r => (string)r["GrainId"]!));

        (string, object?)[] Delete(int version) =>
            [service, ("GrainId", new AnsiString("session/s1")), ("ReminderName", "webhook"), ("Version", version)];
        Assert.Equal(0, Convert.ToInt32(await queries.SingleAsync("DeleteReminderRowKey", Delete(0))));
        Assert.Equal(1, Convert.ToInt32(await queries.SingleAsync("DeleteReminderRowKey", Delete(1))));
        Assert.Empty(await queries.ReadAsync("ReadReminderRowKey", service, ("GrainId", new AnsiString("session/s1")), ("ReminderName", "webhook")));

        await queries.ExecuteAsync("DeleteReminderRowsKey", service);
        Assert.Empty(await queries.ReadAsync("ReadRangeRows2Key", service, ("BeginHash", 0), ("EndHash", 0)));
    }
}
