using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>The apply modes this build knows, wired to a runtime. The composition root registers these.</summary>
internal static class ApplyStrategies
{
    public static IReadOnlyList<IApplyStrategy> For(IContainerRuntime runtime, HttpClient http) =>
    [
        new NoneStrategy(),
        new RestartStrategy(runtime),
        new RecreateStrategy(runtime),
        new ReloadHttpStrategy(http),
        new SignalStrategy(runtime),
        new ExecStrategy(runtime),
    ];
}
