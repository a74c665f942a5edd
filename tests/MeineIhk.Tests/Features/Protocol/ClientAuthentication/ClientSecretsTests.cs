using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol.ClientAuthentication;

public sealed class ClientSecretsTests
{
    [Fact]
    public void A_generated_secret_carries_256_random_bits_and_verifies_only_itself()
    {
        var secret = ClientSecrets.Generate();
        var other = ClientSecrets.Generate();

        Assert.True(ClientSecrets.IsGenerated(secret));
        Assert.Equal(32, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(secret[ClientSecrets.Prefix.Length..]).Length);
        Assert.NotEqual(secret, other);

        var stored = ClientSecrets.Hash(secret);
        Assert.True(ClientSecrets.IsFastHash(stored));
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.True(ClientSecrets.Verify(secret, stored));
        Assert.False(ClientSecrets.Verify(other, stored));
    }

    [Theory]
    [InlineData("berichtsheft-dev-secret")]
    [InlineData("ihkcs_zu-kurz")]
    [InlineData("ihkcs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("xxxxx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_secret_a_person_chose_is_not_taken_for_a_generated_one(string secret)
    {
        Assert.False(ClientSecrets.IsGenerated(secret));
        Assert.False(ClientSecrets.Verify(secret, ClientSecrets.Hash(secret)));
    }
}
