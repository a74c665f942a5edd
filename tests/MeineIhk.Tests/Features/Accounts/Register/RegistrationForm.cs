using AngleSharp.Dom;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Accounts.ForgotPassword;
using MeineIhk.Tests.Features.Accounts.Passwords;
using MeineIhk.Tests.Features.Profile;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Hosting;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Accounts.Register;

/// <summary>The two registration steps as a user fills them in, for tests that need a registered person.</summary>
public static class RegistrationForm
{
    public const string StrongPassword = "Sonnen-Blume-42!";

    public static (string UserName, string Email) NewIdentity()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return ("neu" + id, $"neu{id}@example.org");
    }

    public static Dictionary<string, string> Values(string userName, string email) => new()
    {
        ["Input.Anrede"] = "Frau",
        ["Input.AcademicTitle"] = "Dr.",
        ["Input.GivenName"] = "Erika",
        ["Input.FamilyName"] = "Mustermann",
        ["Input.Email"] = email,
        ["Input.EmailRepeat"] = email,
        ["Input.UserName"] = userName,
        ["Input.Password"] = StrongPassword,
        ["Input.PasswordRepeat"] = StrongPassword,
    };

    public static async Task<HtmlPage> PostStepOneAsync(BrowserSession browser, Dictionary<string, string> values)
    {
        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("registrieren"));
        return await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", values)));
    }

    public static async Task<HtmlPage> StepOneAsync(BrowserSession browser, Dictionary<string, string> values)
    {
        var page = await PostStepOneAsync(browser, values);
        Assert.True(page.Document.QuerySelector("input[name=Draft]") is not null, "Step 1 was refused: " + page.Document.QuerySelector(".error-summary")?.TextContent);
        return page;
    }

    public static async Task<HtmlPage> SubmitAsync(BrowserSession browser, HtmlPage stepTwo, bool accept)
    {
        var values = accept ? new Dictionary<string, string> { ["AcceptPrivacyNotice"] = "true" } : null;
        var submit = stepTwo.Document.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlButtonElement>("button")
            .Single(b => b.TextContent.Contains("Registrierung abschicken", StringComparison.Ordinal));
        var form = stepTwo.Form("#inhalt form[method=post]", values);
        var action = new Uri(stepTwo.RequestUri, submit.GetAttribute("formaction")!);
        return (await browser.FollowAsync(await browser.SubmitAsync((form.Method, action, form.Fields)))).RequiredPage;
    }

    /// <summary>Both steps with valid data; returns the "Registrierung abschließen" page.</summary>
    public static async Task<HtmlPage> RegisterAsync(BrowserSession browser, string userName, string email) =>
        await SubmitAsync(browser, await StepOneAsync(browser, Values(userName, email)), accept: true);
}
