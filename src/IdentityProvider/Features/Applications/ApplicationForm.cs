namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>What the shared settings fields (_ApplicationFields) need: the input, whether the client id and type can still be chosen, and who edits.</summary>
public sealed record ApplicationForm(ApplicationInput Input, bool IsNew, bool IsPlatformAdministrator);
