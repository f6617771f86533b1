using Microsoft.Extensions.DependencyInjection;
using Tidings.Configuration;

namespace Tidings.Bootstrap;

/// <summary>Registers the bootstrap file of <see cref="TidingsOptions.Bootstrap"/>, read (and its shape checked) now, applied at start.</summary>
internal static class BootstrapRegistration
{
    /// <summary>Call after every engine's registration: hosted services start in the order they were added.</summary>
    /// <exception cref="TidingsConfigurationException">The file cannot be read or is not a bootstrap file.</exception>
    public static IServiceCollection AddTidingsBootstrap(this IServiceCollection services, TidingsOptions options)
    {
        if (options.Bootstrap.Length == 0)
        {
            return services;
        }

        services.AddSingleton(BootstrapFile.Load(options.Bootstrap));
        services.AddSingleton<BootstrapApplier>();
        services.AddHostedService<BootstrapStartup>();
        return services;
    }
}
