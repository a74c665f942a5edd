namespace MeineIhk.IdentityProvider.Hosting.Nodes;

/// <summary>The topics of <see cref="NodeCaches"/>: what changed, so that every node forgets what it keeps of it.</summary>
public static class NodeCacheTopics
{
    /// <summary>A client, its Fachanwendung, secrets or scopes (ClientRules, ApplicationSnapshots).</summary>
    public const string Clients = "clients";

    /// <summary>
    /// The signing key ring: whoever rotates or withdraws a key calls <c>NodeCaches.Changed(SigningKeys)</c>; the key
    /// ring registers its reload (<c>caches.Register(SigningKeys, keyRing.Invalidate)</c>), the discovery and JWKS
    /// cache (WellKnownDocumentCache) is registered already.
    /// </summary>
    public const string SigningKeys = "signing-keys";

    /// <summary>The discovery document and JWKS answers (WellKnownDocumentCache), for changes other than keys.</summary>
    public const string WellKnownDocuments = "well-known";
}
