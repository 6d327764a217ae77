using Driftless.Configuration.Postgres;
using Driftless.Configuration.Reload;
using Microsoft.Extensions.DependencyInjection;

namespace Driftless.Configuration.AspNetCore;

/// <summary>A PostgreSQL configuration document of the application, with the reloader that publishes it.</summary>
internal sealed record PostgresConfigDocument(ConfigReloader Reloader, PostgresConfigSource Source)
{
    /// <summary>The document with <paramref name="documentKey"/>, or any when null; of several, the last.</summary>
    public static PostgresConfigDocument? Find(IServiceProvider services, string? documentKey)
    {
        PostgresConfigDocument? found = null;
        foreach (var reloader in services.GetServices<ConfigReloader>())
        {
            if (reloader.Source is PostgresConfigSource source
                && (documentKey is null || string.Equals(source.Key, documentKey, StringComparison.Ordinal)))
            {
                found = new PostgresConfigDocument(reloader, source); // the last one wins, like configuration precedence
            }
        }

        return found;
    }
}
