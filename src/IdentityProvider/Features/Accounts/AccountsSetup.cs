using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Passwords;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Accounts;

public static class AccountSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentity<ApplicationUser, IdentityRole>(o =>
            {
                // The manual's rule: at least 8 characters with upper and lower case letters, digits and special characters.
                o.Password.RequiredLength = 8;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddDefaultTokenProviders()
            .AddMeineIhkPasswordPolicy();

        // Confirmation and reset links: 24 hours, as the mails say.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(24));

        // A password change, lock or deletion ends other sessions within a minute, not half an hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".MeineIhk.Session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/anmelden";
            o.LogoutPath = "/abmelden";
            o.AccessDeniedPath = "/fehler/403";
            // Lifetimes and the server-side store: SessionsSetup (Sessions:IdleTimeout, Sessions:AbsoluteLifetime).
            Features.Sessions.ProviderSession.AddTo(o.Events);
        });
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);

        services.AddDataProtection()
            .SetApplicationName("meine-ihk")
            .PersistKeysToDbContext<ApplicationDbContext>();

        services.AddPasswordHashing();
        services.AddSingleton<Features.Accounts.Login.RememberedUsername>();
        services.AddScoped<Features.Accounts.Register.Registration>();
        services.AddSingleton<Features.Accounts.Register.RegistrationDraft>();
        services.AddOptions<Features.Accounts.Register.RegistrationOptions>().BindConfiguration("Registration").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Features.Accounts.Register.PrivacyNotice>();
        services.AddScoped<Features.Profile.AccountNotices>();
        services.AddScoped<Features.Profile.CurrentPasswordCheck>();
        services.AddSingleton<Features.Accounts.CancelEmailChange.EmailChangeCancellation>();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = ".MeineIhk.Antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }
}
