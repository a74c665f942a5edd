using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Accounts.Passwords;

/// <summary>Marks pages whose form posts hash or verify a password (login, registration, password change, …).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class HashesPasswordsAttribute : Attribute;

/// <summary>Password hashing settings (section <c>PasswordHashing</c>).</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "PasswordHashing";

    /// <summary>PBKDF2-HMAC-SHA512 iterations (OWASP: at least 210,000); older hashes are redone at the next login.</summary>
    [Range(210_000, 10_000_000)]
    [Display(Name = "PasswordHashing:Iterations")]
    public int Iterations { get; set; } = 210_000;

    /// <summary>Form posts that hash at the same time, across all pages marked <see cref="HashesPasswordsAttribute"/>; 0: one per processor.</summary>
    [Range(0, 1024)]
    [Display(Name = "PasswordHashing:MaxConcurrency")]
    public int MaxConcurrency { get; set; }

    /// <summary>Posts that wait for a slot; beyond this they are answered 429 at once.</summary>
    [Range(0, 100_000)]
    [Display(Name = "PasswordHashing:QueueLimit")]
    public int QueueLimit { get; set; } = 500;

    public int EffectiveConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Math.Max(1, Environment.ProcessorCount);
}

/// <summary>
/// PBKDF2 at the configured iteration count (Identity's hasher rehashes a weaker hash on the next successful check),
/// and one global concurrency limit for the pages that hash: a flood of logins queues there, while token, discovery
/// and every other request keep their threads and CPU.
/// </summary>
public static class PasswordHashing
{
    public const string Partition = "password-hashing";

    public static IServiceCollection AddPasswordHashing(this IServiceCollection services)
    {
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordHasherOptions>().Configure<IOptions<PasswordHashingOptions>>((o, hashing) =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = hashing.Value.Iterations;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PasswordHashingOptions>>((o, hashing) =>
        {
            var permits = hashing.Value.EffectiveConcurrency;
            var queue = hashing.Value.QueueLimit;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<HashesPasswordsAttribute>() is not null
                    ? RateLimitPartition.GetConcurrencyLimiter(Partition, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = permits,
                        QueueLimit = queue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return services;
    }

    /// <summary>The iteration count stored in an Identity V3 hash (format byte, PRF, iterations big-endian, …).</summary>
    public static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return bytes.Length > 9 && bytes[0] == 0x01 ? (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8] : 0;
    }
}
