# meine ihk identity provider: a linux-x64, framework-dependent publish on the ASP.NET Core runtime image.
#
#   podman build --format docker \
#     --build-arg SDK_IMAGE=<.NET 10 SDK image> --build-arg RUNTIME_IMAGE=<ASP.NET Core 10 runtime image> \
#     -t meine-ihk:latest .
#
# SDK_IMAGE and RUNTIME_IMAGE are Microsoft's official .NET 10 "sdk" and "aspnet" images (Debian 12), pulled through
# your registry or mirror; deploy/container/base-images.sh builds local stand-ins where no image can be pulled
# (deploy/README.md). --format docker keeps the HEALTHCHECK (the OCI format has none).
#
# Runs as the unprivileged user 10001 and writes only to /var/lib/meine-ihk (the volume; /app/App_Data points there)
# and /tmp, so it runs with a read-only root file system: podman/docker run --read-only, Kubernetes
# readOnlyRootFilesystem with an emptyDir on /tmp.
ARG SDK_IMAGE
ARG RUNTIME_IMAGE

FROM ${SDK_IMAGE} AS build
# Extra restore options, e.g. -p:NuGetAudit=false for an offline build from a mounted package cache (test-image.sh).
ARG RESTORE_OPTIONS=
WORKDIR /src
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# Restore first, in its own layer: it is reused as long as the project and package versions stay the same.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/IdentityProvider/IdentityProvider.csproj src/IdentityProvider/
RUN dotnet restore src/IdentityProvider -r linux-x64 ${RESTORE_OPTIONS}
COPY src/IdentityProvider/ src/IdentityProvider/
# Framework-dependent for linux-x64 only (docs/operations.md, "Packages"): no native libraries of other platforms.
# Not trimmed: EF Core, OpenIddict and Razor Pages use reflection that trimming would break.
RUN dotnet publish src/IdentityProvider -c Release -r linux-x64 --self-contained false --no-restore \
      -p:UseAppHost=false -o /out \
 && rm -f /out/*.pdb

FROM ${RUNTIME_IMAGE} AS runtime
RUN groupadd --system --gid 10001 meine-ihk \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin meine-ihk \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/meine-ihk
WORKDIR /app
COPY --from=build /out/ /app/
COPY deploy/container/healthcheck.sh /usr/local/bin/meine-ihk-healthcheck
# App_Data (the default SQLite file, development mail folder) lives on the volume; the rest of /app stays read-only.
RUN ln -s /var/lib/meine-ihk /app/App_Data
VOLUME /var/lib/meine-ihk
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/meine-ihk-healthcheck"]
# Operator commands run in the same image: `podman run … meine-ihk:latest migrate` (deploy/README.md).
ENTRYPOINT ["dotnet", "/app/MeineIhk.IdentityProvider.dll"]
