using AngleSharp.Dom;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;

namespace MeineIhk.Tests.Infrastructure.Http;

/// <summary>A rendered page as a test sees it: status, address and the parsed document.</summary>
public sealed record HtmlPage(HttpStatusCode Status, Uri RequestUri, string Html, IHtmlDocument Document)
{
    public static async Task<HtmlPage> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(html);
        return new HtmlPage(response.StatusCode, response.RequestMessage!.RequestUri!, html, document);
    }

    /// <summary>The form's fields as a browser would submit them, with <paramref name="values"/> filled in and the pressed button's name and value.</summary>
    public (HttpMethod Method, Uri Action, List<KeyValuePair<string, string>> Fields) Form(
        string selector, IReadOnlyDictionary<string, string>? values = null, IHtmlButtonElement? submitter = null)
    {
        var form = Document.QuerySelector<IHtmlFormElement>(selector)
            ?? throw new InvalidOperationException($"No form '{selector}' on {RequestUri} ({(int)Status}: {Document.QuerySelector("h1")?.TextContent.Trim()})");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
            {
                continue;
            }

            fields.Add(KeyValuePair.Create(input.Name!, input.Value));
        }

        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(KeyValuePair.Create(name, value));
        }

        if (submitter?.Name is { Length: > 0 } buttonName)
        {
            fields.Add(KeyValuePair.Create(buttonName, submitter.Value));
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? RequestUri : new Uri(RequestUri, action);
        var method = string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase) ? HttpMethod.Post : HttpMethod.Get;
        return (method, target, fields);
    }

    public static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400;
}
