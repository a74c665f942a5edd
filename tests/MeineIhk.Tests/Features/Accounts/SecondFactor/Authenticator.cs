using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Accounts.SecondFactor;

/// <summary>The test's authenticator app: reads the key from the enrolment page and computes codes (RFC 6238) on the provider's clock.</summary>
public sealed class Authenticator(TestWorld world, byte[] secret)
{
    public static Authenticator FromPage(TestWorld world, HtmlPage page)
    {
        var key = page.Document.QuerySelector("#schluessel")?.TextContent
            ?? throw new InvalidOperationException("No key on " + page.RequestUri);
        return new Authenticator(world, Base32.Decode(key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()));
    }

    /// <summary>The code of the current step, or of a later one (the provider accepts one step ahead, never an earlier or a used one).</summary>
    public string Code(int stepsAhead = 0) => AuthenticatorCodes.Compute(secret, AuthenticatorCodes.StepAt(world.Clock.GetUtcNow()) + stepsAhead);

    /// <summary>Sets up the authenticator for the signed-in session of <paramref name="browser"/>; returns the app and the recovery codes.</summary>
    public static async Task<(Authenticator App, List<string> RecoveryCodes)> EnrolAsync(TestWorld world, BrowserSession browser)
    {
        var page = (await browser.GetAsync(new Uri(world.ProviderUrl, "konto/sicherheit/authenticator"))).RequiredPage;
        var app = FromPage(world, page);
        var done = (await browser.FollowAsync(await browser.SubmitAsync(page.Form("#authenticator-form", new Dictionary<string, string> { ["Code"] = app.Code() })))).RequiredPage;
        var codes = done.Document.QuerySelectorAll("#wiederherstellungscodes code").Select(c => c.TextContent.Trim()).ToList();
        Assert.True(codes.Count == 10, "Expected ten recovery codes on " + done.RequestUri + ": " + done.Document.QuerySelector("h1")?.TextContent);
        return (app, codes);
    }
}
