using Counseling.Silo.Database;
using Npgsql;

namespace Counseling.Database.Tests;

/// <summary>
/// A database of its own for one test, on the server named by TEST_POSTGRES, dropped afterwards.
/// Tests fail rather than skip without a server: CI always provides one, and a silent skip would hide
/// that the schema was never checked.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. These tests need a real PostgreSQL server, e.g. " +
                $"{ServerVariable}='Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres' " +
                "(scripts/test.sh starts one and sets it).");
        }

        var database = new TestDatabase(server, $"test_{Guid.NewGuid():N}");
        await database.OnServerAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>A database with every migration applied.</summary>
    public static async Task<TestDatabase> MigratedAsync()
    {
        var database = await CreateAsync();
        await new DatabaseMigrator(database.ConnectionString).MigrateAsync();
        return database;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would otherwise keep the database busy; FORCE ends any left behind.
        NpgsqlConnection.ClearAllPools();
        await OnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    /// <summary>Runs <paramref name="sql"/> on the server's maintenance database, e.g. to take this one away.</summary>
    public async Task OnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
