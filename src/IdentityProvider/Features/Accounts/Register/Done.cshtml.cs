using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>"Registrierung abschließen": the same page whether or not the address already had an account.</summary>
[AllowAnonymous]
public sealed class DoneModel : PageModel;
