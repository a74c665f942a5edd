using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.SampleFachanwendung.Pages;

[AllowAnonymous]
public sealed class AbgemeldetModel : PageModel;
