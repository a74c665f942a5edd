using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// A form of a server-rendered page, filled in and sent the way a browser would: every successful control
/// (hidden inputs such as <c>__RequestVerificationToken</c> included) goes with it, checkboxes only when
/// checked, the pressed (or default) submit button with its name and value. Relative actions are resolved
/// against the page's address.
/// </summary>
/// <example>
/// <code>
/// var form = await HtmlForm.ReadAsync(response, "form#login");
/// var next = await form.Set("Input.Username", "azubi").Set("Input.Password", pw).SubmitAsync(client);
/// </code>
/// </example>
public sealed class HtmlForm
{
    private readonly List<KeyValuePair<string, string>> _added = [];
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly List<(string Name, string FileName, byte[] Content, string ContentType)> _files = [];

    private HtmlForm(IHtmlDocument document, Uri documentUri, IHtmlFormElement element)
    {
        Document = document;
        DocumentUri = documentUri;
        Element = element;
    }

    public IHtmlDocument Document { get; }

    /// <summary>The address the page came from; relative actions resolve against it.</summary>
    public Uri DocumentUri { get; }

    public IHtmlFormElement Element { get; }

    /// <summary>Where the form goes when sent with its default button.</summary>
    public Uri Action => ActionFor(null);

    /// <summary>GET or POST, as the form says (GET when it says nothing).</summary>
    public HttpMethod Method => MethodFor(null);

    /// <summary>
    /// Reads the response's HTML and finds the form. Without a selector the page must hold exactly one form;
    /// with several (a language switch, a logout button …) name the one you mean.
    /// </summary>
    public static async Task<HtmlForm> ReadAsync(HttpResponseMessage response, string? selector = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var uri = response.RequestMessage?.RequestUri
            ?? throw new InvalidOperationException("The response carries no request address to resolve the form's action against.");
        var html = await response.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(html);
        if (FindForm(document, selector) is { } form)
        {
            return new HtmlForm(document, uri, form);
        }

        throw new InvalidOperationException(
            $"{Describe(selector)} on {uri} (HTTP {(int)response.StatusCode}). Forms there: {DescribeForms(document)}. " +
            $"Page starts: {Shorten(document.Body?.TextContent ?? html, 400)}");
    }

    /// <summary>Finds the form in an already parsed page that came from <paramref name="documentUri"/>.</summary>
    public static HtmlForm Find(IHtmlDocument document, Uri documentUri, string? selector = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return FindForm(document, selector) is { } form
            ? new HtmlForm(document, documentUri, form)
            : throw new InvalidOperationException($"{Describe(selector)} on {documentUri}. Forms there: {DescribeForms(document)}.");
    }

    /// <summary>
    /// Fills the control named <paramref name="name"/> as a user would: types into a text field or text area,
    /// picks the option of a select (by value, else by visible text), chooses the radio button with that
    /// value, and checks a checkbox whose value it is (or unchecks it with "false" or ""). Hidden inputs
    /// can be overwritten too. Fails when the form has no such control.
    /// </summary>
    public HtmlForm Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var controls = Controls().Where(c => c.GetAttribute("name") == name).ToList();
        if (controls.Count == 0)
        {
            throw new InvalidOperationException(
                $"The form has no control named '{name}'. Its controls: {string.Join(", ", Controls().Select(c => c.GetAttribute("name")).Distinct())}. " +
                "Use Add() for a field the form does not have.");
        }

        var choices = controls.OfType<IHtmlInputElement>().Where(i => i.Type is "radio" or "checkbox").ToList();
        if (choices.Count > 0)
        {
            var match = choices.FirstOrDefault(c => ValueOf(c) == value);
            if (match is null && choices.All(c => c.Type == "checkbox") && value is "false" or "")
            {
                choices.ForEach(c => c.IsChecked = false);
                return this;
            }

            if (match is null)
            {
                throw new InvalidOperationException(
                    $"No choice of '{name}' has the value '{value}'. Values: {string.Join(", ", choices.Select(ValueOf))}.");
            }

            if (match.Type == "radio")
            {
                choices.ForEach(c => c.IsChecked = false);
            }

            match.IsChecked = true;
            return this;
        }

        switch (controls[0])
        {
            case IHtmlSelectElement select:
                var option = select.Options.FirstOrDefault(o => o.Value == value)
                    ?? select.Options.FirstOrDefault(o => o.Text.Trim() == value)
                    ?? throw new InvalidOperationException(
                        $"The select '{name}' has no option '{value}'. Options: {string.Join(", ", select.Options.Select(o => $"{o.Value} ({o.Text.Trim()})"))}.");
                foreach (var other in select.Options)
                {
                    other.IsSelected = false;
                }

                option.IsSelected = true;
                break;
            case IHtmlTextAreaElement textArea:
                textArea.Value = value;
                break;
            case IHtmlInputElement input:
                input.Value = value;
                break;
            default:
                throw new InvalidOperationException($"The control '{name}' is a <{controls[0].LocalName}>, which cannot be filled in.");
        }

        return this;
    }

    /// <summary>Fills several controls, see <see cref="Set(string, string)"/>.</summary>
    public HtmlForm Set(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            Set(name, value);
        }

        return this;
    }

    /// <summary>Checks or unchecks the checkbox(es) named <paramref name="name"/>.</summary>
    public HtmlForm Check(string name, bool isChecked = true)
    {
        var boxes = Controls().OfType<IHtmlInputElement>().Where(i => i.Type == "checkbox" && i.Name == name).ToList();
        if (boxes.Count == 0)
        {
            throw new InvalidOperationException($"The form has no checkbox named '{name}'.");
        }

        boxes.ForEach(b => b.IsChecked = isChecked);
        return this;
    }

    /// <summary>Sends an extra field the form does not have (to test what a tampered request gets).</summary>
    public HtmlForm Add(string name, string value)
    {
        _added.Add(KeyValuePair.Create(name, value));
        return this;
    }

    /// <summary>Leaves every field of this name out (e.g. the antiforgery token, to see the request refused).</summary>
    public HtmlForm Remove(string name)
    {
        _removed.Add(name);
        _added.RemoveAll(f => f.Key == name);
        return this;
    }

    /// <summary>Attaches a file to a file input (sent only by multipart forms).</summary>
    public HtmlForm AttachFile(string name, string fileName, byte[] content, string contentType = "application/octet-stream")
    {
        _files.Add((name, fileName, content, contentType));
        return this;
    }

    /// <summary>The current value of the first control of that name (null when there is none or it would not be sent).</summary>
    public string? Value(string name) => Fields().FirstOrDefault(f => f.Key == name).Value;

    /// <summary>The fields as they would be sent, in document order, with the given (or default) submit button.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields(string? submitter = null)
    {
        var button = Submitter(submitter);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var control in Controls())
        {
            var name = control.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || _removed.Contains(name) || IsDisabled(control))
            {
                continue;
            }

            switch (control)
            {
                case IHtmlInputElement input:
                    switch (input.Type)
                    {
                        case "checkbox" or "radio":
                            if (input.IsChecked)
                            {
                                fields.Add(KeyValuePair.Create(name, ValueOf(input)));
                            }

                            break;
                        case "submit" or "image":
                            if (ReferenceEquals(input, button))
                            {
                                if (input.Type == "image")
                                {
                                    fields.Add(KeyValuePair.Create(name + ".x", "0"));
                                    fields.Add(KeyValuePair.Create(name + ".y", "0"));
                                }
                                else
                                {
                                    fields.Add(KeyValuePair.Create(name, input.Value));
                                }
                            }

                            break;
                        case "button" or "reset" or "file":
                            break;
                        default:
                            fields.Add(KeyValuePair.Create(name, input.Value));
                            break;
                    }

                    break;
                case IHtmlButtonElement buttonElement:
                    if (ReferenceEquals(buttonElement, button))
                    {
                        fields.Add(KeyValuePair.Create(name, buttonElement.Value));
                    }

                    break;
                case IHtmlSelectElement select:
                    var selected = select.Options.Where(o => o.IsSelected && !o.IsDisabled).ToList();
                    if (selected.Count == 0 && !select.IsMultiple && select.Options.FirstOrDefault(o => !o.IsDisabled) is { } first)
                    {
                        selected.Add(first); // a single select shows (and sends) its first option
                    }

                    fields.AddRange(selected.Select(o => KeyValuePair.Create(name, o.Value)));
                    break;
                case IHtmlTextAreaElement textArea:
                    fields.Add(KeyValuePair.Create(name, textArea.Value.ReplaceLineEndings("\r\n")));
                    break;
            }
        }

        fields.AddRange(_added);
        return fields;
    }

    /// <summary>The request a browser would send; <paramref name="submitter"/> is a CSS selector of the pressed button (default: the first submit button).</summary>
    public HttpRequestMessage CreateRequest(string? submitter = null)
    {
        var button = Submitter(submitter);
        var fields = Fields(submitter);
        var action = ActionFor(button);
        if (MethodFor(button) == HttpMethod.Get)
        {
            var target = new UriBuilder(action) { Query = "", Fragment = "" }.Uri.ToString();
            return new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(target, fields!));
        }

        var enctype = (button?.GetAttribute("formenctype") ?? Element.GetAttribute("enctype"))?.Trim().ToUpperInvariant();
        HttpContent content;
        if (enctype == "MULTIPART/FORM-DATA")
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                multipart.Add(new StringContent(value), name);
            }

            foreach (var file in _files)
            {
                var part = new ByteArrayContent(file.Content);
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
                multipart.Add(part, file.Name, file.FileName);
            }

            content = multipart;
        }
        else
        {
            content = new FormUrlEncodedContent(fields);
        }

        return new HttpRequestMessage(HttpMethod.Post, action) { Content = content };
    }

    /// <summary>Sends the form with <paramref name="client"/> and returns the response as it comes (redirects are not followed here).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string? submitter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = CreateRequest(submitter);
        return await client.SendAsync(request, cancellationToken);
    }

    private static IHtmlFormElement? FindForm(IHtmlDocument document, string? selector)
    {
        if (selector is not null)
        {
            return document.QuerySelector(selector) switch
            {
                IHtmlFormElement form => form,
                { } element => element.Closest("form") as IHtmlFormElement ?? element.QuerySelector<IHtmlFormElement>("form"),
                null => null,
            };
        }

        var forms = document.QuerySelectorAll<IHtmlFormElement>("form").ToList();
        return forms.Count == 1 ? forms[0] : null;
    }

    private static string Describe(string? selector) =>
        selector is null ? "Expected exactly one form (pass a selector to choose)" : $"No form matches '{selector}'";

    private static string DescribeForms(IHtmlDocument document)
    {
        var forms = document.QuerySelectorAll<IHtmlFormElement>("form")
            .Select(f => $"<form{(f.Id is { Length: > 0 } id ? " id=" + id : "")} method={f.GetAttribute("method") ?? "get"} action={f.GetAttribute("action") ?? "(same page)"}>")
            .ToList();
        return forms.Count == 0 ? "none" : string.Join(", ", forms);
    }

    private static string Shorten(string text, int length)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= length ? collapsed : collapsed[..length] + " …";
    }

    /// <summary>The form's controls in document order, including those outside it that name it with form="id".</summary>
    private List<IElement> Controls()
    {
        var owned = Element.QuerySelectorAll("input, select, textarea, button").Where(c => !c.HasAttribute("form")).ToList();
        if (Element.Id is { Length: > 0 } id)
        {
            var associated = Document.QuerySelectorAll("input[form], select[form], textarea[form], button[form]")
                .Where(c => c.GetAttribute("form") == id)
                .ToHashSet();
            if (associated.Count > 0)
            {
                return Document.QuerySelectorAll("input, select, textarea, button").Where(c => associated.Contains(c) || owned.Contains(c)).ToList();
            }
        }

        return owned;
    }

    private IElement? Submitter(string? selector)
    {
        var buttons = Controls().Where(IsSubmitButton).ToList();
        if (selector is null)
        {
            return buttons.FirstOrDefault(); // pressing Enter uses the default (first) button
        }

        var wanted = Document.QuerySelectorAll(selector).ToHashSet();
        return buttons.FirstOrDefault(wanted.Contains)
            ?? throw new InvalidOperationException(
                $"No submit button of the form matches '{selector}'. Buttons: {string.Join(", ", buttons.Select(b => b.OuterHtml))}.");
    }

    private static bool IsSubmitButton(IElement element) => element switch
    {
        IHtmlButtonElement button => (button.GetAttribute("type")?.ToUpperInvariant() ?? "SUBMIT") == "SUBMIT",
        IHtmlInputElement input => input.Type is "submit" or "image",
        _ => false,
    };

    private Uri ActionFor(IElement? button)
    {
        var documentBase = Document.QuerySelector("base[href]")?.GetAttribute("href") is { Length: > 0 } baseHref
            ? new Uri(DocumentUri, baseHref)
            : DocumentUri;
        var action = button?.GetAttribute("formaction") ?? Element.GetAttribute("action");
        return string.IsNullOrWhiteSpace(action) ? DocumentUri : new Uri(documentBase, action.Trim());
    }

    private HttpMethod MethodFor(IElement? button)
    {
        var method = button?.GetAttribute("formmethod") ?? Element.GetAttribute("method");
        return string.Equals(method?.Trim(), "post", StringComparison.OrdinalIgnoreCase) ? HttpMethod.Post : HttpMethod.Get;
    }

    private static string ValueOf(IHtmlInputElement choice) => choice.GetAttribute("value") ?? "on";

    private static bool IsDisabled(IElement control) =>
        control.HasAttribute("disabled") || control.Closest("fieldset[disabled]") is not null;
}
