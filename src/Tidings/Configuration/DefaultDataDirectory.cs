namespace Tidings.Configuration;

/// <summary>Where <see cref="TidingsOptions.DataDir"/> points when nothing sets it, following the XDG base directory spec.</summary>
internal static class DefaultDataDirectory
{
    /// <summary>
    /// <c>$XDG_DATA_HOME/tidings</c> when <c>XDG_DATA_HOME</c> is an absolute path (the spec says to ignore a
    /// relative one), else <c>$HOME/.local/share/tidings</c>, taking the user profile folder when HOME is unset.
    /// </summary>
    public static string Resolve(IReadOnlyDictionary<string, string?> environment)
    {
        if (environment.TryGetValue("XDG_DATA_HOME", out var dataHome)
            && !string.IsNullOrEmpty(dataHome)
            && Path.IsPathRooted(dataHome))
        {
            return Path.Combine(dataHome, "tidings");
        }

        var home = environment.TryGetValue("HOME", out var value) && !string.IsNullOrEmpty(value)
            ? value
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "tidings");
    }
}
