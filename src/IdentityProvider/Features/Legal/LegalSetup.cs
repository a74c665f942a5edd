namespace MeineIhk.IdentityProvider.Features.Legal;

public static class LegalSetup
{
    public static IServiceCollection AddLegalPages(this IServiceCollection services)
    {
        services.AddOptions<LegalPagesOptions>().BindConfiguration("LegalPages").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LegalPages>();
        return services;
    }
}
