using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Driftless.Configuration.AspNetCore;
using Driftless.Configuration.Sources;

namespace Driftless.Configuration.PackageTests;

/// <summary>What a .NET user gets from the feed: metadata, README, XML documentation and a symbol package.</summary>
public sealed class PackageContentsTests
{
    [Theory]
    [InlineData(TestedPackages.Library)]
    [InlineData(TestedPackages.AspNetCore)]
    public void The_nuspec_names_the_package_its_licence_readme_and_repository(string id)
    {
        using var package = Open(id, "nupkg");
        var metadata = Nuspec(package, id);

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(TestedPackages.Version, Value(metadata, "version"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.Contains("configuration", Value(metadata, "tags").Split(' '));
        var license = Element(metadata, "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.False(string.IsNullOrEmpty((string?)Element(metadata, "repository").Attribute("commit")));
        var readme = package.GetEntry("README.md");
        Assert.NotNull(readme);
        using var reader = new StreamReader(readme.Open());
        Assert.Contains("dotnet add package " + id, reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_AspNetCore_package_depends_on_the_library_package_of_the_same_version()
    {
        using var package = Open(TestedPackages.AspNetCore, "nupkg");
        var dependency = Assert.Single(
            Nuspec(package, TestedPackages.AspNetCore).Descendants().Where(e => e.Name.LocalName == "dependency"),
            d => (string?)d.Attribute("id") == TestedPackages.Library);
        Assert.Equal(TestedPackages.Version, (string?)dependency.Attribute("version"));
    }

    [Theory]
    [InlineData(TestedPackages.Library)]
    [InlineData(TestedPackages.AspNetCore)]
    public void The_package_documents_every_public_type(string id)
    {
        using var package = Open(id, "nupkg");
        var entry = package.GetEntry($"lib/net10.0/{id}.xml");
        Assert.NotNull(entry);
        XDocument docs;
        using (var stream = entry.Open())
        {
            docs = XDocument.Load(stream);
        }

        var documented = docs.Descendants("member")
            .Where(m => m.Element("summary") is not null || m.Element("inheritdoc") is not null)
            .Select(m => (string?)m.Attribute("name"))
            .ToHashSet(StringComparer.Ordinal);
        var assembly = id == TestedPackages.Library ? typeof(JsonFileSource).Assembly : typeof(ISecretKeys).Assembly;
        var publicTypes = assembly.GetExportedTypes();
        Assert.NotEmpty(publicTypes);
        Assert.All(publicTypes, t => Assert.Contains("T:" + t.FullName, documented));
        Assert.All(
            // Static methods (extension methods above all); property accessors and record operators are not members of their own.
            publicTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(m => !m.IsSpecialName),
            m => Assert.Contains(documented, name => name is not null && name.StartsWith($"M:{m.DeclaringType!.FullName}.{m.Name}", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(TestedPackages.Library)]
    [InlineData(TestedPackages.AspNetCore)]
    public void The_symbol_package_carries_the_portable_pdb(string id)
    {
        using var symbols = Open(id, "snupkg");
        var pdb = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdb);
        using var stream = pdb.Open();
        var signature = new byte[4];
        stream.ReadExactly(signature);
        Assert.Equal("BSJB"u8.ToArray(), signature); // the metadata signature every portable PDB starts with
    }

    private static ZipArchive Open(string id, string extension) =>
        ZipFile.OpenRead(Path.Combine(TestedPackages.Feed, $"{id}.{TestedPackages.Version}.{extension}"));

    private static XElement Nuspec(ZipArchive package, string id)
    {
        var entry = package.GetEntry(id + ".nuspec");
        Assert.NotNull(entry);
        using var stream = entry.Open();
        return Element(XDocument.Load(stream).Root!, "metadata");
    }

    private static XElement Element(XElement parent, string localName) =>
        parent.Elements().SingleOrDefault(e => e.Name.LocalName == localName)
        ?? throw new Xunit.Sdk.XunitException($"no <{localName}> in <{parent.Name.LocalName}>");

    private static string Value(XElement parent, string localName) => Element(parent, localName).Value;
}
