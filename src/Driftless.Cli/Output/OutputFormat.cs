namespace Driftless.Cli.Output;

public enum OutputFormat
{
    Text,
    Json,
}
