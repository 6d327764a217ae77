using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// How YAML 1.2's core schema types a scalar — what an editor, and the JSON Schema, see. The parser reads text,
/// but where the grammar expects a number, or a name that must not be read as one, it follows this typing so
/// that it and <c>schema/driftless.schema.json</c> judge a file alike.
/// </summary>
internal static partial class YamlScalars
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    public enum Kind
    {
        String,
        Null,
        Boolean,
        Integer,
        Float,
    }

    public static Kind Classify(YamlScalarNode scalar)
    {
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return scalar.Tag.Value switch
            {
                CoreTagPrefix + "null" => Kind.Null,
                CoreTagPrefix + "bool" => Kind.Boolean,
                CoreTagPrefix + "int" => Kind.Integer,
                CoreTagPrefix + "float" => Kind.Float,
                _ => Kind.String,
            };
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return Kind.String;
        }

        var text = scalar.Value ?? string.Empty;
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => Kind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => Kind.Boolean,
            _ when CoreInteger().IsMatch(text) => Kind.Integer,
            _ when CoreFloat().IsMatch(text) => Kind.Float,
            _ => Kind.String,
        };
    }

    /// <summary>The value of a YAML integer (<c>42</c>, <c>+42</c>, <c>0x2A</c>, <c>0o52</c>); false for anything else.</summary>
    public static bool TryGetInteger(YamlScalarNode scalar, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (Classify(scalar) != Kind.Integer)
        {
            return false;
        }

        var text = scalar.Value ?? string.Empty;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            foreach (var digit in text[2..])
            {
                value = (value * 8) + (digit - '0');
            }

            return true;
        }

        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The value of a YAML integer or float (<c>1.5</c>, <c>.5</c>, <c>1e3</c>); false for anything else.</summary>
    public static bool TryGetNumber(YamlScalarNode scalar, out double value)
    {
        value = 0;
        if (TryGetInteger(scalar, out var integer))
        {
            value = (double)integer;
            return true;
        }

        return Classify(scalar) == Kind.Float
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex CoreInteger();

    // Without .inf and .nan: JSON has no such numbers, so the schema could not judge them as numbers either; they stay text.
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex CoreFloat();
}
