using System.Reflection;
using Tidings.Kernel.Errors;
using Xunit;

namespace Tidings.Testing.Errors;

/// <summary>
/// Pins every factory of an error catalogue (a static class of <see cref="TidingsException"/> factories) to the code
/// and text clients see, and fails when a factory is added without a pin: error texts are part of the wire contract.
/// </summary>
public abstract class ErrorCatalogueTests
{
    protected abstract Type Catalogue { get; }

    protected abstract IReadOnlyList<ErrorPin> Pins { get; }

    /// <summary>Factories pinned by tests of their own (ones whose errors carry details, say).</summary>
    protected virtual IReadOnlyCollection<string> PinnedElsewhere => [];

    [Fact]
    public void EveryPin_CodeAndMessageAsPinned()
    {
        var mismatches = Pins
            .Select(pin => (Pin: pin, Error: pin.Make()))
            .Where(made => made.Error.Code != made.Pin.Code || made.Error.Message != made.Pin.Message)
            .Select(made => $"{made.Pin.Factory}: {made.Error.Code} \"{made.Error.Message}\", pinned {made.Pin.Code} \"{made.Pin.Message}\"");

        Assert.Empty(mismatches);
    }

    [Fact]
    public void EveryFactory_IsPinned()
    {
        var factories = Catalogue.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.ReturnType == typeof(TidingsException))
            .Select(method => method.Name);

        Assert.Empty(factories.Except(Pins.Select(pin => pin.Factory)).Except(PinnedElsewhere));
    }
}
