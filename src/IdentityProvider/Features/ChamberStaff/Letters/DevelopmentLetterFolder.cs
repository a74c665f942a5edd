using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

/// <summary>
/// Development only: writes every letter of the outbox as a PDF into <see cref="LetterOptions.DevelopmentFolder"/>,
/// so a developer can activate an organisation without the print run. Off unless configured, and never
/// outside the Development environment (the files hold activation passwords).
/// </summary>
public sealed class DevelopmentLetterFolder(
    IServiceScopeFactory scopes,
    IOptions<LetterOptions> options,
    IHostEnvironment environment,
    ILogger<DevelopmentLetterFolder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.DevelopmentFolder) || !environment.IsDevelopment())
        {
            return;
        }

        var folder = Path.Combine(environment.ContentRootPath, options.Value.DevelopmentFolder);
        Directory.CreateDirectory(folder);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3));
        do
        {
            try
            {
                await WriteNewLettersAsync(folder, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not write letters to the development folder");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WriteNewLettersAsync(string folder, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var printer = scope.ServiceProvider.GetRequiredService<LetterPrinter>();
        var ids = await printer.Unsent(null).Select(l => l.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            var path = Path.Combine(folder, $"aktivierungsbrief-{id}.pdf");
            if (!File.Exists(path) && await printer.PdfAsync(null, [id], cancellationToken) is { } pdf)
            {
                await File.WriteAllBytesAsync(path, pdf, cancellationToken);
                logger.LogInformation("Letter {LetterId} written to {Path}", id, path);
            }
        }
    }
}
