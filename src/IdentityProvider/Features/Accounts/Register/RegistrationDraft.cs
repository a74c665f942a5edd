using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>Registration step 1 carried to step 2; the password never appears in the page.</summary>
public sealed class RegistrationDraft(IDataProtectionProvider dataProtection)
    : StepDraft<InputModel>(dataProtection, "MeineIhk.RegistrationDraft.v1");
