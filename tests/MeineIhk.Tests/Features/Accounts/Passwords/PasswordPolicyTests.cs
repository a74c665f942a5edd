using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Features.Accounts.ForgotPassword;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Features.Profile;
using MeineIhk.Tests.Hosting;

namespace MeineIhk.Tests.Features.Accounts.Passwords;

public sealed class PasswordPolicyTests : IDisposable
{
    private const string Strong = "Vb7#kLm2qZ!w";
    private const string Passphrase = "Korrekt-Pferd-Batterie-Heftklammer-2024-Sonnenuntergang-am-Meer!";

    private readonly ServiceProvider _provider;
    private readonly IServiceScope _scope;
    private readonly UserManager<ApplicationUser> _userManager;

    public PasswordPolicyTests()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                // As in AccountSetup: at least 8 characters with upper and lower case letters, digits and special characters.
                o.Password.RequiredLength = 8;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = true;
            })
            .AddMeineIhkPasswordPolicy();
        services.AddScoped<IUserStore<ApplicationUser>, NoUserStore>();
        _provider = services.BuildServiceProvider();
        _scope = _provider.CreateScope();
        _userManager = _scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
    }

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }

    private static ApplicationUser User(string userName = "e.musterfrau", string email = "erika.musterfrau@example.org") =>
        new() { UserName = userName, Email = email, GivenName = "Erika", FamilyName = "Musterfrau" };

    private async Task<List<IdentityError>> ValidateAsync(ApplicationUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in _userManager.PasswordValidators)
        {
            var result = await validator.ValidateAsync(_userManager, user, password);
            errors.AddRange(result.Errors);
        }

        return errors;
    }

    private async Task<List<string>> CodesAsync(ApplicationUser user, string password) =>
        [.. (await ValidateAsync(user, password)).Select(e => e.Code)];

    [Fact]
    public void Both_validators_and_the_localized_describer_are_registered()
    {
        Assert.Contains(_userManager.PasswordValidators, v => v is PasswordPolicyValidator);
        Assert.Contains(_userManager.PasswordValidators, v => v is PasswordValidator<ApplicationUser>);
        Assert.IsType<LocalizedIdentityErrorDescriber>(_userManager.ErrorDescriber);
    }

    [Fact]
    public async Task A_strong_password_passes()
    {
        Assert.Equal(12, Strong.Length);
        Assert.Empty(await ValidateAsync(User(), Strong));
    }

    [Fact]
    public void The_embedded_lists_hold_over_100000_breached_passwords_without_the_header()
    {
        // ASVS 5.0 6.2.12 (breached passwords, checked offline): the 10,000 common ones and the breached list beside them.
        Assert.True(CommonPasswords.Count > 200_000, $"{CommonPasswords.Count} entries");
        Assert.True(CommonPasswords.Contains("tropical666")); // only on the breached list
        Assert.True(CommonPasswords.Contains("Diunilaobu8*"));
        Assert.True(CommonPasswords.Contains("password"));
        Assert.True(CommonPasswords.Contains("PassWort"));
        Assert.False(CommonPasswords.Contains("# The 10,000 most common passwords"));
        Assert.False(CommonPasswords.Contains(Strong));
    }

    [Theory]
    [InlineData("Passwort1!", "passwort")]
    [InlineData("Password1!", "password")]
    [InlineData("Qwerty123!", "qwerty")]
    [InlineData("Sommer2024!", "sommer")]
    [InlineData("Hallo123#", "hallo")]
    [InlineData("Letmein1?", "letmein")]
    public async Task Common_passwords_with_digits_and_signs_appended_fail(string password, string listed)
    {
        Assert.True(CommonPasswords.Contains(listed));
        var codes = await CodesAsync(User(), password);
        Assert.Equal(["PasswordCommon"], codes);
    }

    [Fact]
    public async Task A_common_password_as_it_is_fails_whatever_its_case()
    {
        Assert.True(CommonPasswords.Contains("password1"));
        Assert.Contains("PasswordCommon", await CodesAsync(User(), "PASSWORD1"));
    }

    [Fact]
    public async Task A_password_containing_the_user_name_fails()
    {
        var codes = await CodesAsync(User(userName: "kmueller", email: "k@example.org"), "Xy7!KMueller#2");
        Assert.Equal(["PasswordContainsUserName"], codes);
    }

    [Fact]
    public async Task A_user_name_shorter_than_three_characters_is_not_looked_for()
    {
        Assert.Empty(await ValidateAsync(User(userName: "km", email: "k@example.org"), "Xy7!KMueller#2"));
    }

    [Fact]
    public async Task A_password_containing_the_local_part_of_the_email_address_fails()
    {
        var codes = await CodesAsync(User(userName: "kmueller", email: "Karla.Berg@example.org"), "9!karla.bergX");
        Assert.Equal(["PasswordContainsEmail"], codes);
    }

    [Fact]
    public async Task A_64_character_passphrase_with_all_classes_passes()
    {
        Assert.Equal(64, Passphrase.Length);
        Assert.Empty(await ValidateAsync(User(), Passphrase));
    }

    [Fact]
    public async Task Passwords_up_to_256_characters_pass_and_257_fail()
    {
        var at256 = string.Concat(Enumerable.Repeat("Vb7#kLm2", 32));
        Assert.Equal(256, at256.Length);
        Assert.Empty(await ValidateAsync(User(), at256));

        var errors = await ValidateAsync(User(), at256 + "x");
        var error = Assert.Single(errors);
        Assert.Equal("PasswordTooLong", error.Code);
        Assert.Contains("256", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_breaking_several_rules_gets_all_errors_at_once()
    {
        Assert.True(CommonPasswords.Contains("sommer"));
        var codes = await CodesAsync(User(userName: "sommer", email: "sommer@example.org"), "sommer");
        Assert.Equal(
            new[]
            {
                "PasswordCommon", "PasswordContainsEmail", "PasswordContainsUserName", "PasswordRequiresDigit",
                "PasswordRequiresNonAlphanumeric", "PasswordRequiresUpper", "PasswordTooShort",
            },
            codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Messages_are_german_under_de_DE()
    {
        var errors = await InCultureAsync("de-DE", () => ValidateAsync(User(userName: "sommer", email: "sommer@example.org"), "sommer"));
        var byCode = errors.ToDictionary(e => e.Code, e => e.Description);
        Assert.Equal("Das Passwort muss mindestens 8 Zeichen lang sein.", byCode["PasswordTooShort"]);
        Assert.Equal("Das Passwort gehört zu den am häufigsten verwendeten Passwörtern und ist deshalb nicht erlaubt.", byCode["PasswordCommon"]);
        Assert.Equal("Das Passwort darf Ihren Benutzernamen nicht enthalten.", byCode["PasswordContainsUserName"]);

        var duplicate = InCulture("de-DE", () => _userManager.ErrorDescriber.DuplicateUserName("e.musterfrau"));
        Assert.Equal("DuplicateUserName", duplicate.Code);
        Assert.Equal("Der Benutzername „e.musterfrau“ ist bereits vergeben.", duplicate.Description);
    }

    [Fact]
    public async Task Messages_are_english_under_en()
    {
        var errors = await InCultureAsync("en", () => ValidateAsync(User(userName: "sommer", email: "sommer@example.org"), "sommer"));
        var byCode = errors.ToDictionary(e => e.Code, e => e.Description);
        Assert.Equal("The password must be at least 8 characters long.", byCode["PasswordTooShort"]);
        Assert.Equal("The password is one of the most commonly used passwords and is therefore not allowed.", byCode["PasswordCommon"]);
        Assert.Equal("The password must not contain your user name.", byCode["PasswordContainsUserName"]);

        var duplicate = InCulture("en", () => _userManager.ErrorDescriber.DuplicateUserName("e.musterfrau"));
        Assert.Equal("The user name “e.musterfrau” is already taken.", duplicate.Description);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("en")]
    public void Every_message_of_the_describer_comes_from_the_resources(string culture)
    {
        var describer = _userManager.ErrorDescriber;
        var methods = typeof(LocalizedIdentityErrorDescriber)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError))
            .ToList();
        Assert.Equal(26, methods.Count);
        foreach (var method in methods)
        {
            var arguments = method.GetParameters()
                .Select(p => p.ParameterType == typeof(int) ? (object)7 : "x")
                .ToArray();
            var error = InCulture(culture, () => (IdentityError)method.Invoke(describer, arguments)!);
            Assert.Equal(method.Name, error.Code);
            // A missing resource comes back as its key.
            Assert.NotEqual(method.Name, error.Description);
            Assert.EndsWith(".", error.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_describer_overrides_every_virtual_method_of_IdentityErrorDescriber()
    {
        var notOverridden = typeof(IdentityErrorDescriber)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.IsVirtual && !m.IsFinal)
            .Where(m => typeof(LocalizedIdentityErrorDescriber)
                .GetMethod(m.Name, [.. m.GetParameters().Select(p => p.ParameterType)])!
                .DeclaringType != typeof(LocalizedIdentityErrorDescriber))
            .Select(m => m.Name)
            .ToList();
        Assert.Empty(notOverridden);
    }

    [Fact]
    public void The_german_and_english_resources_have_the_same_keys()
    {
        var resources = Path.Combine(RepositoryRoot(), "src", "IdentityProvider", "Resources");
        var german = Keys(Path.Combine(resources, "IdentityErrors.resx"));
        var english = Keys(Path.Combine(resources, "IdentityErrors.en.resx"));
        Assert.NotEmpty(german);
        Assert.Equal(german, english);
    }

    private static SortedSet<string> Keys(string path) =>
        new(XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!), StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeineIhk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MeineIhk.sln not found above " + AppContext.BaseDirectory);
    }

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static async Task<T> InCultureAsync<T>(string culture, Func<Task<T>> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return await action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The validators never touch the store; UserManager only needs one to exist.</summary>
    private sealed class NoUserStore : IUserStore<ApplicationUser>
    {
        public void Dispose()
        {
        }

        public Task<string> GetUserIdAsync(ApplicationUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string?> GetUserNameAsync(ApplicationUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SetUserNameAsync(ApplicationUser user, string? userName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string?> GetNormalizedUserNameAsync(ApplicationUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SetNormalizedUserNameAsync(ApplicationUser user, string? normalizedName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IdentityResult> CreateAsync(ApplicationUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IdentityResult> UpdateAsync(ApplicationUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IdentityResult> DeleteAsync(ApplicationUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ApplicationUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ApplicationUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
