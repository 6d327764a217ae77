using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.PackageTests;

/// <summary>A hot reload end to end through the packaged API, as a .NET user would write it.</summary>
public sealed class PackagedReloadTests : IDisposable
{
    // A hang bound, not a timing assertion: the watcher and a 50 ms debounce deliver well within it.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("driftless-package-");

    [Fact]
    public async Task A_saved_json_file_reaches_IOptionsMonitor_once_and_a_bad_save_keeps_the_last_good_values()
    {
        var path = Path.Combine(_directory.FullName, "appsettings.json");
        await File.WriteAllTextAsync(path, """{"App":{"Port":1,"Name":"a"}}""");
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder()
            .AddDriftless(new JsonFileSource(path), o => o.Debounce = TimeSpan.FromMilliseconds(50))
            .Build();
        var reloader = configuration.Providers.OfType<DriftlessConfigurationProvider>().Single().Reloader;
        var services = new ServiceCollection();
        services.Configure<AppOptions>(configuration.GetSection("App"));
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<AppOptions>>();
        Assert.Equal(1, monitor.CurrentValue.Port);
        var changed = new TaskCompletionSource<AppOptions>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = monitor.OnChange(o => changed.TrySetResult(o));

        await SaveAsync(path, """{"App":{"Port":2,"Name":"a"}}""");

        Assert.Equal(2, (await changed.Task.WaitAsync(Bound)).Port);
        Assert.Equal(2, monitor.CurrentValue.Port);
        Assert.Equal(2, reloader.Revision);

        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        reloader.ReloadFailed += ex => failed.TrySetResult(ex);
        await SaveAsync(path, """{"App":{"Port":3,""");

        Assert.IsType<ConfigLoadException>(await failed.Task.WaitAsync(Bound));
        Assert.Equal("2", configuration["App:Port"]);
        Assert.Equal(2, reloader.Revision);
        Assert.NotNull(reloader.LastError);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    // As editors and deployment tools save: write a temporary file, then rename it over the old one.
    private static async Task SaveAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed class AppOptions
    {
        public int Port { get; set; }

        public string Name { get; set; } = string.Empty;
    }
}
