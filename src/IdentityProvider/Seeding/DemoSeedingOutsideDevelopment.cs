namespace MeineIhk.IdentityProvider.Seeding;

/// <summary>
/// Registered in code by test hosts that run as Production with the demo world; no setting registers it, so an
/// installation can never seed demo data (and its documented platform administrator) by configuration.
/// </summary>
public sealed class DemoSeedingOutsideDevelopment;
