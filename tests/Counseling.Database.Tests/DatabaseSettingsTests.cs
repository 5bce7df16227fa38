using Counseling.Silo.Database;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Counseling.Database.Tests;

public class DatabaseSettingsTests
{
    private static NpgsqlConnectionStringBuilder Parse(string url) => new(DatabaseSettings.FromUrl(url));

    [Fact]
    public void Url_with_every_part_maps_to_npgsql_keywords()
    {
        var settings = Parse("postgres://counsel:secret@db.internal:6543/counseling?sslmode=require");

        Assert.Equal("db.internal", settings.Host);
        Assert.Equal(6543, settings.Port);
        Assert.Equal("counseling", settings.Database);
        Assert.Equal("counsel", settings.Username);
        Assert.Equal("secret", settings.Password);
        Assert.Equal(SslMode.Require, settings.SslMode);
    }

    [Fact]
    public void Percent_encoded_password_is_decoded()
    {
        var settings = Parse("postgresql://app:p%40ss%3Aw%2Frd%25@localhost/db");

        Assert.Equal("app", settings.Username);
        Assert.Equal("p@ss:w/rd%", settings.Password);
    }

    [Fact]
    public void Missing_port_defaults_to_5432()
    {
        Assert.Equal(5432, Parse("postgres://app:pw@localhost/db").Port);
    }

    [Theory]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("prefer", SslMode.Prefer)]
    public void Sslmode_values_follow_libpq_spelling(string value, SslMode expected)
    {
        Assert.Equal(expected, Parse($"postgres://app:pw@localhost/db?sslmode={value}").SslMode);
    }

    [Fact]
    public void Several_query_parameters_are_all_applied()
    {
        var settings = Parse("postgres://app:pw@localhost/db?sslmode=require&application_name=counseling%20silo&connect_timeout=7");

        Assert.Equal(SslMode.Require, settings.SslMode);
        Assert.Equal("counseling silo", settings.ApplicationName);
        Assert.Equal(7, settings.Timeout);
    }

    [Theory]
    [InlineData("postgres://app:pw@localhost/db?sslmod=require")]
    [InlineData("postgres://app:pw@localhost/db?sslmode=sometimes")]
    [InlineData("mysql://app:pw@localhost/db")]
    [InlineData("not a url")]
    public void Urls_we_cannot_honour_are_rejected(string url)
    {
        Assert.Throws<FormatException>(() => DatabaseSettings.FromUrl(url));
    }

    [Fact]
    public void Connection_string_wins_over_url()
    {
        var configuration = Configuration(("ConnectionStrings:Postgres", "Host=primary"), ("DATABASE_URL", "postgres://u:p@secondary/db"));

        Assert.Equal("primary", new NpgsqlConnectionStringBuilder(DatabaseSettings.ConnectionString(configuration)).Host);
    }

    [Fact]
    public void Url_is_used_when_no_connection_string_is_set()
    {
        var configuration = Configuration(("DATABASE_URL", "postgres://u:p@secondary/db"));

        Assert.Equal("secondary", new NpgsqlConnectionStringBuilder(DatabaseSettings.ConnectionString(configuration)).Host);
    }

    [Fact]
    public void Pool_reset_and_statement_preparation_are_tuned_unless_the_user_chose()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSettings.ConnectionString(Configuration(("ConnectionStrings:Postgres", "Host=h"))));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(32, tuned.MaxAutoPrepare);

        var chosen = new NpgsqlConnectionStringBuilder(DatabaseSettings.ConnectionString(
            Configuration(("ConnectionStrings:Postgres", "Host=h;No Reset On Close=false;Max Auto Prepare=0"))));
        Assert.False(chosen.NoResetOnClose);
        Assert.Equal(0, chosen.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=127.0.0.1", SslMode.Disable)]
    [InlineData("Host=localhost;Port=5433", SslMode.Disable)]
    [InlineData("Host=::1", SslMode.Disable)]
    [InlineData("Host=127.0.0.1,localhost:5433", SslMode.Disable)]
    [InlineData("Host=db.internal", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1,db.internal", SslMode.Prefer)]
    [InlineData("Host=10.0.0.5", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1;SSL Mode=Require", SslMode.Require)]
    public void Tls_is_skipped_only_for_loopback_servers_the_user_left_unset(string connectionString, SslMode expected)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSettings.ConnectionString(Configuration(("ConnectionStrings:Postgres", connectionString))));
        Assert.Equal(expected, tuned.SslMode);
    }

    [Fact]
    public void Nothing_configured_means_embedded_mode()
    {
        Assert.Null(DatabaseSettings.ConnectionString(Configuration()));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
