using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Profile.Delete;

[AllowAnonymous]
public sealed class DoneModel : PageModel;
