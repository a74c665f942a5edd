using System.Text;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace MeineIhk.IdentityProvider.Features.Accounts;

/// <summary>
/// The links in account mails (confirm, reset, unlock, change e-mail): a page of meine ihk with the user id,
/// the token (base64url) and any further parameters; and the decoding of the token on that page.
/// </summary>
public static class AccountLink
{
    public static Uri For(HttpRequest request, string page, string userId, string token, IReadOnlyDictionary<string, string?>? more = null)
    {
        var query = new Dictionary<string, string?> { ["user"] = userId, ["code"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)) };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            query[key] = value;
        }

        return new Uri(QueryHelpers.AddQueryString(request.PublicUri(page).AbsoluteUri, query));
    }

    public static string? Decode(string? code)
    {
        try
        {
            return code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
