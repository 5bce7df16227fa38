using Counseling.Grains.Diagnostics;
using Counseling.Grains.History;
using Counseling.Grains.Models;
using Counseling.Grains.Sessions;
using Counseling.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Counseling.Silo.Database;

public static class DatabaseServices
{
    /// <summary>The project's own tables in PostgreSQL: the prediction history in place of the in-memory one.</summary>
    public static IServiceCollection AddPostgresPredictionHistory(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.Replace(ServiceDescriptor.Singleton<IPredictionHistory, PostgresPredictionHistory>());
        return services;
    }

    /// <summary>The outcome-model registry in model_versions, so every silo serves the same version.</summary>
    public static IServiceCollection AddPostgresModelStore(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.Replace(ServiceDescriptor.Singleton<IModelStore, PostgresModelStore>());
        return services;
    }

    /// <summary>The readiness check reaches the same database the silo's own tables are in.</summary>
    public static IServiceCollection AddPostgresProbe(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.Replace(ServiceDescriptor.Singleton<IDatabaseProbe, PostgresDatabaseProbe>());
        return services;
    }

    /// <summary>The labelled sessions' features in training_examples, for retraining from the database.</summary>
    public static IServiceCollection AddPostgresTrainingExamples(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.Replace(ServiceDescriptor.Singleton<ITrainingExamples, PostgresTrainingExamples>());
        return services;
    }

    /// <summary>The sessions underway in session_resume, swept by every silo, so one whose silo died resumes on another.</summary>
    public static IServiceCollection AddPostgresResumeSchedule(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.Replace(ServiceDescriptor.Singleton<IResumeSchedule, PostgresResumeSchedule>());
        return services;
    }
}
