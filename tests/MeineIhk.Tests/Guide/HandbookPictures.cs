using MeineIhk.IdentityProvider.Seeding;
using MeineIhk.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// The pictures of docs/handbuch: screenshots of the real pages of the demo (provider and sample application with the
/// demo data, German), taken in Debian's chromium at one viewport size. Each picture names the person who sees the
/// page and how to get there; docs/handbuch/bilder.sh runs them all.
/// </summary>
public static class HandbookPictures
{
    public static readonly ViewportSize Viewport = new() { Width = 1024, Height = 720 };

    /// <summary>Who is logged in (null: nobody) and the pictures taken in that person's browser, in order.</summary>
    public static IReadOnlyList<(string? UserName, IReadOnlyList<Picture> Pictures)> All(TestWorld world) =>
    [
        (null,
        [
            new("anmelden.png", page => page.GotoAsync(Url(world, "anmelden"))),
            new("registrieren.png", page => page.GotoAsync(Url(world, "registrieren"))),
        ]),
        ("azubi",
        [
            new("startseite.png", page => page.GotoAsync(Url(world, ""))),
            new("berichtsheft.png", async page =>
            {
                await page.GotoAsync(world.SampleUrl.ToString());
                await page.GetByText("Auszubildende(r)").First.WaitForAsync();
            }),
            new("gespeicherte-daten.png", page => page.GotoAsync(Url(world, "konto/gespeicherte-daten"))),
        ]),
        ("ohnerolle",
        [
            new("kein-zugang.png", async page =>
            {
                await page.GotoAsync(world.SampleUrl.ToString());
                await page.Locator("#request-access").WaitForAsync();
            }),
            new("zugang-anfragen.png", page => page.Locator("#request-access").ClickAsync()),
        ]),
        (DemoPlatformData.AdministratorUserName,
        [
            new("plattform.png", page => page.GotoAsync(Url(world, "plattform"))),
            new("nutzerunterstuetzung.png", page => page.GotoAsync(Url(world, "plattform/nutzer?suche=azubi"))),
            new("nutzer-details.png", page => page.Locator("#results a").First.ClickAsync()),
            new("kammerpersonal.png", page => page.GotoAsync(Url(world, "plattform/kammerpersonal"))),
        ]),
        (DemoChamberData.StaffUserName,
        [
            new("kammer.png", page => page.GotoAsync(Url(world, "kammer"))),
            new("kammer-kollegen.png", page => page.GotoAsync(Url(world, "kammer/kollegen"))),
        ]),
    ];

    /// <summary>Takes the pictures into <paramref name="folder"/>; <paramref name="limit"/> stops early (the fast check).</summary>
    public static async Task<IReadOnlyList<string>> TakeAsync(TestWorld world, IBrowser browser, string folder, int limit = int.MaxValue)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var (userName, pictures) in All(world))
        {
            if (written.Count >= limit)
            {
                break;
            }

            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE", ViewportSize = Viewport });
            context.SetDefaultTimeout(90_000);
            var page = await context.NewPageAsync();
            if (userName is not null)
            {
                await page.GotoAsync(Url(world, "anmelden"));
                await page.Locator("#Input_Username").FillAsync(userName);
                await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
                await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
            }

            foreach (var picture in pictures.Take(limit - written.Count))
            {
                await picture.ShowAsync(page);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var path = Path.Combine(folder, picture.FileName);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
                written.Add(path);
            }
        }

        return written;
    }

    private static string Url(TestWorld world, string path) => new Uri(world.ProviderUrl, path).ToString();

    public sealed record Picture(string FileName, Func<IPage, Task> ShowAsync);
}
