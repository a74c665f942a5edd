using System.Globalization;
using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>One entry of an import file: the API's create schema, whether the application is approved at once and whether it is first-party.</summary>
public sealed record ImportedApplication : CreateApplicationRequest
{
    public bool Approved { get; init; }

    /// <summary>True: users are not asked for consent; false: they are; left out: a new application is not first-party, an existing one keeps its mark.</summary>
    public bool? FirstParty { get; init; }
}

/// <summary>
/// `import-applications FILE.json [--secrets-out FILE]`: upserts Fachanwendungen from a JSON array of the API's create
/// schema. Every entry is checked before anything is written; with one error nothing changes. Existing applications
/// get the file's settings and missing roles, existing roles the file's names; roles the file does not list stay
/// and are reported, never deleted. New secrets go to stdout or to the secrets file (0600), never to the log.
/// </summary>
public sealed class ApplicationImport(ApplicationRegistry registry, IOptions<JsonOptions> json, IStringLocalizer<SharedResource> localizer)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<int> RunAsync(string file, string? secretsOut, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"Error: no file {file}.");
            return 1;
        }

        List<ImportedApplication> entries;
        try
        {
            await using var stream = File.OpenRead(file);
            entries = await JsonSerializer.DeserializeAsync<List<ImportedApplication>>(stream, json.Value.SerializerOptions, cancellationToken) ?? [];
        }
        catch (JsonException e)
        {
            await output.WriteLineAsync($"Error: {file} is not a JSON array of applications ({e.Path}, line {e.LineNumber + 1}). Nothing imported.");
            return 1;
        }

        var existing = new Dictionary<string, RegisteredApplication>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var found = entry.ClientId is { Length: > 0 } id ? await registry.FindAsync(id.Trim(), RegistryActor.Operator, cancellationToken) : null;
            if (found is not null)
            {
                existing[found.ClientId] = found;
            }

            foreach (var error in Check(entry, found, entries.Take(i)))
            {
                errors.Add($"[{i}] {Problems.FieldPath(error.Field)}: {error.MessageKey} ({English(error.MessageKey)})");
            }
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await output.WriteLineAsync(error);
            }

            await output.WriteLineAsync($"Nothing imported: {errors.Count} error(s).");
            return 1;
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var (created, updated) = (0, 0);
        foreach (var entry in entries)
        {
            var clientId = entry.ClientId!.Trim();
            if (existing.TryGetValue(clientId, out var current))
            {
                updated += await UpdateAsync(entry, current, output, cancellationToken) ? 1 : 0;
                continue;
            }

            var result = await registry.CreateAsync(entry.ToSettings(clientId), entry.RoleDefinitions(), RegistryActor.Operator, cancellationToken);
            Ensure(result, clientId);
            created++;
            if (result.Value!.Secret is { } secret)
            {
                secrets[clientId] = secret.PlainText;
            }

            if (entry.Approved)
            {
                Ensure(await registry.ApproveAsync(clientId, RegistryActor.Operator, cancellationToken), clientId);
            }

            if (entry.FirstParty == true)
            {
                Ensure(await registry.SetFirstPartyAsync(clientId, true, RegistryActor.Operator, cancellationToken), clientId);
            }
        }

        await WriteSecretsAsync(secrets, secretsOut, output);
        await output.WriteLineAsync($"Applications imported: {created} created, {updated} updated, {entries.Count - created - updated} unchanged.");
        return 0;
    }

    private static IEnumerable<BrokenRule> Check(ImportedApplication entry, RegisteredApplication? found, IEnumerable<ImportedApplication> before)
    {
        var settings = entry.ToSettings(entry.ClientId?.Trim());
        foreach (var error in ApplicationRules.Check(settings, mayGrantManagementAccess: true, mayRelaxPkce: true))
        {
            yield return error;
        }

        if (before.Any(b => b.ClientId?.Trim() == settings.ClientId))
        {
            yield return new(nameof(entry.ClientId), "Applications.Error.ClientIdTaken");
        }

        if (found is not null && found.Settings.ClientType != settings.ClientType)
        {
            yield return new(nameof(entry.ClientType), "Applications.Error.ClientTypeFixed");
        }

        var roles = entry.RoleDefinitions();
        for (var i = 0; i < roles.Count; i++)
        {
            foreach (var error in ApplicationRules.Check(roles[i], $"Roles[{i}]."))
            {
                yield return error;
            }

            if (roles.Take(i).Any(r => r.Key == roles[i].Key))
            {
                yield return new($"Roles[{i}].Key", "Applications.Error.RoleKeyTaken");
            }
        }
    }

    /// <summary>Applies the file's settings and roles to an existing application; true when something changed.</summary>
    private async Task<bool> UpdateAsync(ImportedApplication entry, RegisteredApplication current, TextWriter output, CancellationToken cancellationToken)
    {
        var clientId = current.ClientId;
        var changed = false;
        var settings = entry.ToSettings(clientId);
        if (!Same(settings, current.Settings))
        {
            Ensure(await registry.UpdateAsync(clientId, settings, null, RegistryActor.Operator, cancellationToken), clientId);
            changed = true;
        }

        foreach (var role in entry.RoleDefinitions())
        {
            var held = current.Roles.SingleOrDefault(r => r.Key == role.Key);
            if (held is null)
            {
                Ensure(await registry.AddRoleAsync(clientId, role, RegistryActor.Operator, cancellationToken), clientId);
                changed = true;
            }
            else if (held.DisplayNameDe != role.DisplayNameDe.Trim() || held.DisplayNameEn != role.DisplayNameEn.Trim()
                     || held.Description != (string.IsNullOrWhiteSpace(role.Description) ? null : role.Description.Trim()))
            {
                Ensure(await registry.DescribeRoleAsync(clientId, role, RegistryActor.Operator, cancellationToken), clientId);
                changed = true;
            }
        }

        var listed = entry.RoleDefinitions().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in current.Roles.Where(r => !listed.Contains(r.Key)))
        {
            await output.WriteLineAsync($"{clientId}: role {extra.Key} is not in the file; kept (remove it through the API or the pages).");
        }

        if (entry.Approved && !current.Fachanwendung.IsApproved)
        {
            Ensure(await registry.ApproveAsync(clientId, RegistryActor.Operator, cancellationToken), clientId);
            changed = true;
        }

        if (entry.FirstParty is { } firstParty && firstParty != current.Fachanwendung.FirstParty)
        {
            Ensure(await registry.SetFirstPartyAsync(clientId, firstParty, RegistryActor.Operator, cancellationToken), clientId);
            changed = true;
        }

        return changed;
    }

    private static bool Same(ApplicationSettings file, ApplicationSettings stored) =>
        file.DisplayNameDe.Trim() == stored.DisplayNameDe && file.DisplayNameEn.Trim() == stored.DisplayNameEn
        && file.RoleRequired == stored.RoleRequired && file.ManagementAccess == stored.ManagementAccess
        && file.PkceRequired == stored.PkceRequired
        && (string.IsNullOrWhiteSpace(file.BackChannelLogoutUri) ? null : file.BackChannelLogoutUri.Trim()) == stored.BackChannelLogoutUri
        && SameSet(file.RedirectUris, stored.RedirectUris) && SameSet(file.PostLogoutRedirectUris, stored.PostLogoutRedirectUris)
        && SameSet(file.Scopes, stored.Scopes)
        && SameSet(file.Resources, stored.Resources) && SameSet(file.WebOrigins, stored.WebOrigins)
        && (string.IsNullOrWhiteSpace(file.JwksUri) ? null : file.JwksUri.Trim()) == stored.JwksUri
        && (string.IsNullOrWhiteSpace(file.JsonWebKeySet) ? null : file.JsonWebKeySet.Trim()) == stored.JsonWebKeySet;

    private static bool SameSet(IReadOnlyList<string> file, IReadOnlyList<string> stored) =>
        file.Select(v => v.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal).SetEquals(stored);

    private static async Task WriteSecretsAsync(Dictionary<string, string> secrets, string? secretsOut, TextWriter output)
    {
        if (secrets.Count == 0)
        {
            return;
        }

        if (secretsOut is null)
        {
            await output.WriteLineAsync("New client secrets (shown once, store them now):");
            foreach (var (clientId, secret) in secrets)
            {
                await output.WriteLineAsync($"  {clientId}: {secret}");
            }

            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(secretsOut, options))
        {
            await JsonSerializer.SerializeAsync(stream, secrets, Indented);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secretsOut, UnixFileMode.UserRead | UnixFileMode.UserWrite); // also when the file existed before
        }

        await output.WriteLineAsync($"{secrets.Count} new client secret(s) written to {secretsOut}.");
    }

    private string English(string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            return localizer[key];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void Ensure<T>(Result<T> result, string clientId)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"{clientId}: {result.Status} {string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey))}; the entries before it were imported, run the import again after fixing it.");
        }
    }
}
