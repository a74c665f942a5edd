using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>Self-registration arrives with the accounts feature; until then this page says so plainly.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel;
