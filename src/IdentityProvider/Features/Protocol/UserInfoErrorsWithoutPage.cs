using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Diagnostics;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>
/// RFC 6750 §3: userinfo's refusals are a 401/403 with the error in <c>WWW-Authenticate</c>, read by programs; the
/// provider's HTML error pages (status code pages) stay out of them.
/// </summary>
public sealed class UserInfoErrorsWithoutPage : IOpenIddictServerHandler<ApplyUserInfoResponseContext>
{
    public ValueTask HandleAsync(ApplyUserInfoResponseContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return ValueTask.CompletedTask;
    }
}
