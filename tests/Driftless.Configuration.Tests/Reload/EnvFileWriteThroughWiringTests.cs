using System.Diagnostics;
using System.Runtime.InteropServices;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.Tests.Reload;

/// <summary>
/// <c>EnvFileOptions.WriteThroughToEnvironment</c> as an app uses it: <c>AddDriftless</c>, the real file watcher, an
/// <c>IOptionsMonitor</c>, and who else sees the variables.
/// </summary>
public sealed partial class EnvFileWriteThroughWiringTests : IDisposable
{
    private readonly string _p = "DRIFTLESS_W" + Guid.NewGuid().ToString("N")[..8] + "_";
    private readonly TempDirectory _dir = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        foreach (var name in new[] { "App__Port", "TOKEN" })
        {
            Environment.SetEnvironmentVariable(_p + name, null);
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task SavedEnvFile_ReachesTheEnvironment_BeforeOptionsMonitorOnChangeRuns()
    {
        var config = Build($"{_p}App__Port=80\n{_p}TOKEN=a\n");
        var services = new ServiceCollection().Configure<AppOptions>(config.GetSection("App")).BuildServiceProvider();
        _disposables.Add(services);
        var monitor = services.GetRequiredService<IOptionsMonitor<AppOptions>>();
        string? tokenSeenOnChange = null;
        using var _ = monitor.OnChange(_ => Volatile.Write(ref tokenSeenOnChange, Environment.GetEnvironmentVariable(_p + "TOKEN")));
        Assert.Equal("a", Environment.GetEnvironmentVariable(_p + "TOKEN"));

        _dir.WriteAtomically("app.env", $"{_p}App__Port=81\n{_p}TOKEN=b\n");

        await Eventually.AssertAsync(() => Volatile.Read(ref tokenSeenOnChange) is not null, "the watcher's reload reaches OnChange");
        Assert.Equal("b", tokenSeenOnChange);
        Assert.Equal(81, monitor.CurrentValue.Port);
        Assert.Equal("81", Environment.GetEnvironmentVariable(_p + "App__Port"));
    }

    [Fact]
    public async Task WrittenVariables_AreSeenByChildProcesses_ButNotByNativeGetenv()
    {
        Build($"{_p}TOKEN=from-file\n");

        using var child = Process.Start(new ProcessStartInfo("printenv", _p + "TOKEN") { RedirectStandardOutput = true })!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();

        Assert.Equal("from-file", output.TrimEnd('\n'));
        Assert.Equal(nint.Zero, GetEnv(_p + "TOKEN")); // as EnvironmentWriteThrough documents
    }

    private IConfigurationRoot Build(string content)
    {
        var path = _dir.Write("app.env", content);
        var source = new EnvFileSource(path, new EnvFileOptions { WriteThroughToEnvironment = true, Prefix = _p });
        var config = new ConfigurationBuilder().AddDriftless(source, o => o.Debounce = TimeSpan.FromMilliseconds(20)).Build();
        _disposables.Add((IDisposable)config);
        return config;
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);
}
