using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

public sealed class EnvironmentTemplateTests
{
    private static string? Env(string name) => name switch
    {
        "TOKEN" => "s3cret",
        "HOST" => "alloy",
        "_x1" => "one",
        "EMPTY" => string.Empty,
        _ => null,
    };

    [Theory]
    [InlineData("Bearer ${TOKEN}", "Bearer s3cret")]
    [InlineData("http://${HOST}:12345/-/reload", "http://alloy:12345/-/reload")]
    [InlineData("${HOST}${HOST}", "alloyalloy")]
    [InlineData("${_x1}", "one")]
    [InlineData("a${EMPTY}b", "ab")]
    [InlineData("no variables", "no variables")]
    [InlineData("", "")]
    [InlineData("$TOKEN and $ and $5 stay literal", "$TOKEN and $ and $5 stay literal")]
    [InlineData("{TOKEN} }", "{TOKEN} }")]
    public void Expand_ReplacesEveryReference(string template, string expanded)
    {
        Assert.Equal(expanded, EnvironmentTemplate.Expand(template, Env));
    }

    [Fact]
    public void Expand_UnsetVariable_FailsNamingItWithoutAnyValue()
    {
        var e = Assert.Throws<DriftlessException>(() => EnvironmentTemplate.Expand("${TOKEN}:${MISSING}", Env));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Equal("environment variable MISSING is not set", e.Message);
    }

    [Fact]
    public void Expand_DefaultsToTheProcessEnvironment()
    {
        var name = $"DRIFTLESS_TEMPLATE_TEST_{Environment.ProcessId}";
        Environment.SetEnvironmentVariable(name, "from-process");
        try
        {
            Assert.Equal("v=from-process", EnvironmentTemplate.Expand($"v=${{{name}}}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("Bearer ${TOKEN")]
    [InlineData("${}")]
    [InlineData("${1ABC}")]
    [InlineData("${A-B}")]
    [InlineData("${A B}")]
    [InlineData("${TOKEN:-default}")]
    public void Expand_MalformedReference_FailsWithoutQuotingTheTemplate(string template)
    {
        var e = Assert.Throws<DriftlessException>(() => EnvironmentTemplate.Expand(template, Env));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.StartsWith("malformed ${NAME} reference: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(template, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_ListsEachNameOnceInOrderOfFirstUse()
    {
        Assert.Equal(["B", "A", "c_1"], EnvironmentTemplate.Variables("x${B}y${A}${B}z${c_1}$NOT"));
    }

    [Fact]
    public void Variables_OfPlainText_IsEmpty()
    {
        Assert.Empty(EnvironmentTemplate.Variables("http://127.0.0.1/$"));
    }

    [Fact]
    public void Variables_MalformedReference_Fails()
    {
        var e = Assert.Throws<DriftlessException>(() => EnvironmentTemplate.Variables("${OPEN"));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
    }
}
