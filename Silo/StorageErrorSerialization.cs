using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Counseling.Silo;

/// <summary>
/// A grain whose storage is down fails with an OrleansException wrapping the Npgsql error. Orleans serializes
/// exceptions only from the Microsoft, System and Azure namespaces by default, so that answer could not even
/// be sent (CodecNotFoundException) and the Api saw a 500 instead of the outage it could answer 503 to.
/// Both silos and the Api's client need it.
/// </summary>
public static class StorageErrorSerialization
{
    public static IServiceCollection AddStorageErrorSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
