using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Protocol.FormPost;

/// <summary>
/// The response_mode=form_post page (OAuth 2.0 Form Post Response Mode §2). OpenIddict's own page submits itself with an
/// inline script, which our Content-Security-Policy (no inline script) blocks in a browser, leaving a blank page. This
/// one submits through a script file from our origin, and its button works without script.
/// </summary>
public sealed class FormPostResponse(IStringLocalizer<SharedResource> text, HtmlEncoder html) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public const string ScriptPath = "/js/form-post.js";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<FormPostResponse>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.Authentication.ProcessFormPostResponse.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http is null || string.IsNullOrEmpty(context.RedirectUri) || context.ResponseMode != ResponseModes.FormPost)
        {
            return;
        }

        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "de";
        var page = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\" />")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />")
            .Append(CultureInfo.InvariantCulture, $"<title>{html.Encode(text["FormPost.Title"])} – meine ihk</title>")
            .Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"{html.Encode(http.Request.PathBase + "/css/site.css")}\" />")
            .Append(CultureInfo.InvariantCulture, $"<script src=\"{html.Encode(http.Request.PathBase + ScriptPath)}\" defer></script>")
            .Append("</head><body><main id=\"inhalt\" class=\"content\"><div class=\"card\">")
            .Append(CultureInfo.InvariantCulture, $"<h1>{html.Encode(text["FormPost.Title"])}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{html.Encode(text["FormPost.Text"])}</p>")
            .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{html.Encode(context.RedirectUri)}\" id=\"form-post\">");
        foreach (var (name, value) in context.Response.GetParameters())
        {
            foreach (var item in (StringValues)(OpenIddictParameter?)value)
            {
                if (!string.IsNullOrEmpty(item))
                {
                    page.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{html.Encode(name)}\" value=\"{html.Encode(item)}\" />");
                }
            }
        }

        page.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" class=\"button\">{html.Encode(text["FormPost.Submit"])}</button>")
            .Append("</form></div></main></body></html>");

        var body = Encoding.UTF8.GetBytes(page.ToString());
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = body.Length;
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers[HeaderNames.Pragma] = "no-cache";
        await response.Body.WriteAsync(body, context.CancellationToken);
        context.HandleRequest();
    }
}
