namespace MeineIhk.IdentityProvider;

/// <summary>
/// Marker for the Identity error messages in Resources/IdentityErrors(.en).resx; German is the neutral language.
/// It lives in the root namespace so that the resource name resolves to MeineIhk.IdentityProvider.Resources.IdentityErrors.
/// </summary>
public sealed class IdentityErrors;
