using Counseling.Silo.Database;
using Npgsql;

namespace Counseling.Database.Tests;

public class MigrationTests
{
    public static readonly string[] ProviderQueryKeys =
    [
        // Clustering
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        // Persistence
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // Reminders
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Empty_database_gets_every_table_and_query_key()
    {
        await using var database = await TestDatabase.CreateAsync();

        var applied = await new DatabaseMigrator(database.ConnectionString).MigrateAsync();

        Assert.Equal(Migration.Embedded().Select(m => m.Version), applied.Select(m => m.Version));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], applied.Select(m => m.Version));

        var tables = await ListAsync(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        foreach (var table in new[]
                 {
                     "schema_migrations", "orleansquery", "orleans_membership_version", "orleans_membership",
                     "orleans_storage", "orleans_reminders", "prediction_history", "model_versions", "training_examples", "session_resume",
                 })
        {
            Assert.Contains(table, tables);
        }

        var keys = await ListAsync(database, "SELECT QueryKey FROM OrleansQuery");
        Assert.Equal(ProviderQueryKeys.Order(), keys.Order());

        // Ciphertext does not compress, so grain state is kept inline instead of in the TOAST table (0006).
        Assert.Equal("m", await database.ScalarAsync<string>(
            "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'orleans_storage'::regclass AND attname = 'payload'"));
    }

    [Fact]
    public async Task Second_run_applies_nothing_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new DatabaseMigrator(database.ConnectionString);
        await migrator.MigrateAsync();
        var firstRun = await ListAsync(database, "SELECT version || ':' || applied_at FROM schema_migrations");

        var secondRun = await migrator.MigrateAsync();

        Assert.Empty(secondRun);
        Assert.Equal(firstRun, await ListAsync(database, "SELECT version || ':' || applied_at FROM schema_migrations"));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_once()
    {
        await using var database = await TestDatabase.CreateAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => new DatabaseMigrator(database.ConnectionString).MigrateAsync())));

        var applied = runs.SelectMany(run => run).Select(m => m.Version).Order().ToList();
        Assert.Equal(Migration.Embedded().Select(m => m.Version), applied);
        Assert.Equal((long)Migration.Embedded().Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Edited_script_that_was_already_applied_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var original = Migration.Embedded();
        await new DatabaseMigrator(database.ConnectionString, original).MigrateAsync();

        var edited = original.Select(m => m.Version == 5 ? m with { Sql = m.Sql + "\n-- edited" } : m).ToList();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new DatabaseMigrator(database.ConnectionString, edited).MigrateAsync());

        Assert.Contains("0005_prediction_history", error.Message);
    }

    [Fact]
    public async Task Failed_migration_leaves_no_trace_and_later_ones_do_not_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        var broken = Migration.Embedded().Take(1)
            .Append(new Migration(2, "broken", "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;"))
            .Append(new Migration(3, "after", "CREATE TABLE after_broken (id int);"))
            .ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => new DatabaseMigrator(database.ConnectionString, broken).MigrateAsync());

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('half_done')::text"));
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('after_broken')::text"));
    }

    [Fact]
    public async Task Writing_the_same_prediction_twice_keeps_one_row()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var connection = await database.OpenAsync();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO prediction_history (session_id, session_version, label, confidence, probabilities, model_version, completed_at)
                VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())
                ON CONFLICT (session_id, session_version) DO NOTHING
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = "session_40001" });
            insert.Parameters.Add(new NpgsqlParameter { Value = 1 });
            insert.Parameters.Add(new NpgsqlParameter { Value = "만족" });
            insert.Parameters.Add(new NpgsqlParameter { Value = 0.81 });
            insert.Parameters.Add(new NpgsqlParameter { Value = """{"만족": 0.81, "미흡": 0.1, "해결 불가": 0.05, "추가 상담 필요": 0.04}""" });
            insert.Parameters.Add(new NpgsqlParameter { Value = "outcome-2024-01" });
            Assert.Equal(attempt == 0 ? 1 : 0, await insert.ExecuteNonQueryAsync());
        }

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM prediction_history"));
        Assert.Equal("만족", await database.ScalarAsync<string>("SELECT label FROM prediction_history WHERE session_id = 'session_40001'"));
        Assert.Equal(0.81, await database.ScalarAsync<double>("SELECT (probabilities->>'만족')::float8 FROM prediction_history"));
        Assert.NotEqual(default, await database.ScalarAsync<DateTime>("SELECT created_at FROM prediction_history"));
    }

    [Fact]
    public async Task At_most_one_model_version_is_active()
    {
        await using var database = await TestDatabase.MigratedAsync();
        await using var connection = await database.OpenAsync();
        await Execute(connection, "INSERT INTO model_versions (version, metrics, active) VALUES ('v1', '{\"macro_f1\": 0.61}', true), ('v2', '{}', false)");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, "UPDATE model_versions SET active = true WHERE version = 'v2'"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);

        // The swap a registry does: deactivate and activate in one transaction.
        await Execute(connection, "BEGIN; UPDATE model_versions SET active = false WHERE active; UPDATE model_versions SET active = true WHERE version = 'v2'; COMMIT;");
        Assert.Equal("v2", await database.ScalarAsync<string>("SELECT version FROM model_versions WHERE active"));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM model_versions"));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ListAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
