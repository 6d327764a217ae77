namespace Driftless.Configuration.Reload;

internal interface IOptionsReloadValidator
{
    /// <summary>Builds the options through the application's own pipeline (bind, post-configure, validate).</summary>
    IReadOnlyList<string> Validate(IServiceProvider services);
}
