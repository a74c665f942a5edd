using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Profile.Lock;

[AllowAnonymous]
public sealed class DoneModel : PageModel;
