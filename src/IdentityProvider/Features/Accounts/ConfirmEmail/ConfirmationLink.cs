using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace MeineIhk.IdentityProvider.Features.Accounts.ConfirmEmail;

/// <summary>The address of the confirmation page for one token (main address, or a further one by id).</summary>
public static class ConfirmationLink
{
    public static Uri For(HttpRequest request, string userId, string token, Guid? furtherAddress = null)
    {
        var query = new Dictionary<string, string?> { ["user"] = userId, ["code"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)) };
        if (furtherAddress is not null)
        {
            query["address"] = furtherAddress.Value.ToString();
        }

        return new Uri(QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}/Accounts/ConfirmEmail", query));
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
