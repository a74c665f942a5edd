using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Features.Organisations.Register;

/// <summary>"1. Dateneingabe" carried to "2. Zusammenfassung".</summary>
public sealed class OrganisationRequestDraft(IDataProtectionProvider dataProtection)
    : StepDraft<InputModel>(dataProtection, "MeineIhk.OrganisationRequestDraft.v1");
