using System.Data;
using Npgsql;

namespace Counseling.Database.Tests;

/// <summary>
/// Runs the stored OrleansQuery texts the way the ADO.NET providers do: looked up by key, named
/// parameters without a type unless the provider gives one, results read by column name.
/// </summary>
public sealed class ProviderQueries(NpgsqlConnection connection) : IAsyncDisposable
{
    public static async Task<ProviderQueries> OpenAsync(TestDatabase database) => new(await database.OpenAsync());

    public async Task<List<Dictionary<string, object?>>> ReadAsync(string key, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(key, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            // Keys are compared case-insensitively, as the providers' GetOrdinal lookups are.
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The single value of a single-row, single-column answer (the providers' "boolean" results).</summary>
    public async Task<object?> SingleAsync(string key, params (string Name, object? Value)[] parameters)
    {
        var rows = await ReadAsync(key, parameters);
        var row = Assert.Single(rows);
        return Assert.Single(row).Value;
    }

    public async Task<int> ExecuteAsync(string key, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(key, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlCommand> CommandAsync(string key, (string Name, object? Value)[] parameters)
    {
        await using var lookup = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1", connection);
        lookup.Parameters.Add(new NpgsqlParameter { Value = key });
        var text = (string?)await lookup.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No query stored for {key}");

        var command = new NpgsqlCommand(text, connection);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is AnsiString ansi)
            {
                // The providers send addresses and grain ids as DbType.AnsiString.
                parameter.Value = ansi.Value;
                parameter.DbType = DbType.AnsiString;
            }
            else if (value is TypedValue typed)
            {
                parameter.Value = typed.Value ?? DBNull.Value;
                parameter.DbType = typed.Type;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

public sealed record AnsiString(string Value);

public sealed record TypedValue(object? Value, DbType Type);
