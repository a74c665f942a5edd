using System.Globalization;
using System.Xml.Linq;
using MeineIhk.IdentityProvider;
using MeineIhk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace MeineIhk.Tests.Hosting;

/// <summary>IStringLocalizer&lt;SharedResource&gt; reads the area resource files, in German and in English.</summary>
public sealed class LocalizationTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddLogging()
        .AddProviderLocalization()
        .BuildServiceProvider();

    public static TheoryData<string> Areas() => [.. IdentityProvider.Localization.Areas.Keys];

    [Theory]
    [MemberData(nameof(Areas))]
    public void The_shared_localizer_returns_the_german_and_the_english_text_of_a_key_from_each_area_file(string area)
    {
        var folder = Path.Combine(RepositoryPaths.IdentityProviderContentRoot, "Resources");
        var german = Texts(Path.Combine(folder, area + ".resx"));
        var english = Texts(Path.Combine(folder, area + ".en.resx"));
        var key = german.Keys.First(k => german[k] != english[k]);

        var localizer = _services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var inGerman = InCulture("de-DE", () => localizer[key]);
        var inEnglish = InCulture("en", () => localizer[key]);

        Assert.False(inGerman.ResourceNotFound);
        Assert.Equal(german[key], inGerman.Value);
        Assert.False(inEnglish.ResourceNotFound);
        Assert.Equal(english[key], inEnglish.Value);
        // An English variant and an unsupported language fall back as before: to English, to German.
        Assert.Equal(english[key], InCulture("en-GB", () => localizer[key]).Value);
        Assert.Equal(german[key], InCulture("fr", () => localizer[key]).Value);
    }

    [Fact]
    public void The_factory_gives_data_annotations_and_model_binding_the_same_texts()
    {
        var localizer = _services.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource));

        Assert.Equal("Bitte füllen Sie dieses Feld aus.", InCulture("de-DE", () => localizer["Validation.RequiredNoField"].Value));
        Assert.Equal("Please fill in this field.", InCulture("en", () => localizer["Validation.RequiredNoField"].Value));
    }

    [Fact]
    public void Arguments_are_formatted_into_the_text_of_the_current_language()
    {
        var localizer = _services.GetRequiredService<IStringLocalizer<SharedResource>>();

        Assert.Equal("Bitte füllen Sie das Feld Straße aus.", InCulture("de-DE", () => localizer["Validation.Required", "Straße"].Value));
        Assert.Equal("Please fill in Street.", InCulture("en", () => localizer["Validation.Required", "Street"].Value));
    }

    [Theory]
    [InlineData("Nowhere.Key")]
    [InlineData("Login.NoSuchKey")]
    [InlineData("NoDot")]
    public void An_unknown_key_comes_back_as_itself_marked_not_found(string key)
    {
        var localizer = _services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var text = InCulture("de-DE", () => localizer[key]);

        Assert.True(text.ResourceNotFound);
        Assert.Equal(key, text.Value);
    }

    [Fact]
    public void All_strings_are_the_union_of_the_area_files()
    {
        var folder = Path.Combine(RepositoryPaths.IdentityProviderContentRoot, "Resources");
        var english = IdentityProvider.Localization.Areas.Keys
            .SelectMany(area => Texts(Path.Combine(folder, area + ".en.resx")))
            .ToDictionary(StringComparer.Ordinal);
        var localizer = _services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var all = InCulture("en", () => localizer.GetAllStrings(includeParentCultures: false).ToList());

        Assert.Equal(english.Count, all.Count);
        Assert.All(all, text => Assert.Equal(english[text.Name], text.Value));
    }

    [Fact]
    public void Other_resources_keep_their_own_file()
    {
        var localizer = _services.GetRequiredService<IStringLocalizer<IdentityErrors>>();

        Assert.False(InCulture("en", () => localizer["PasswordTooShort"]).ResourceNotFound);
    }

    public void Dispose() => _services.Dispose();

    private static Dictionary<string, string> Texts(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        var previousFormat = CultureInfo.CurrentCulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
            CultureInfo.CurrentCulture = previousFormat;
        }
    }
}
