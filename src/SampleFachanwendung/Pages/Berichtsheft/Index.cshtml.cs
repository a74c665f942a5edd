namespace MeineIhk.SampleFachanwendung.Pages.Berichtsheft;

public sealed class IndexModel : BerichtsheftPage
{
    public void OnGet()
    {
    }
}
