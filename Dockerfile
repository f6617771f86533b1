# Tidings in a container: gRPC and REST on port 8085, state in the /data volume.
#   docker build -t tidings .
#   docker run --rm -p 8085:8085 -v tidings-data:/data tidings
# Options go after the image name (docker run ... tidings --in-memory) or in TIDINGS_* variables (-e).

# Build stage: the SDK publishes a framework-dependent build; the runtime stage needs only ASP.NET Core.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Everything the server's projects build from; tests, benchmarks and docs stay out (.dockerignore).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/Tidings/Tidings.csproj -c Release -o /app -p:UseAppHost=false

# Runtime stage: ASP.NET Core's runtime image (Debian, with tzdata for Cloud Scheduler's time zones).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The image's non-root user ($APP_UID, "app") owns the data directory; a named volume inherits that.
RUN mkdir /data && chown "$APP_UID" /data
VOLUME /data
# Inside a container 127.0.0.1 would be unreachable from outside it: listen on every interface.
ENV TIDINGS_HOST=0.0.0.0 \
    TIDINGS_PORT=8085 \
    TIDINGS_DATA_DIR=/data
EXPOSE 8085
USER $APP_UID
ENTRYPOINT ["dotnet", "Tidings.dll"]
