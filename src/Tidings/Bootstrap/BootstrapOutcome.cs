namespace Tidings.Bootstrap;

/// <summary>What applying a declaration did.</summary>
internal enum BootstrapOutcome
{
    /// <summary>The resource did not exist and was created.</summary>
    Created,

    /// <summary>The resource existed with every declared value; nothing was written.</summary>
    Unchanged,

    /// <summary>The resource existed and the fields whose declared values differed were updated.</summary>
    Updated,
}
