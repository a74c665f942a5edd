using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.ForgotPassword;

/// <summary>Password reset by mail arrives with the accounts feature; until then this page says so plainly.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel;
