namespace SessionBridge.Tests.Fuzz;

/// <summary>A form as a page rendered it for one identity: where it posts, its fields and the element htmx swaps.</summary>
public sealed record HarvestedForm(
    FuzzIdentity Identity,
    string Page,
    string Action,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    string? HtmxTarget)
{
    /// <summary>Submitting it ends the identity's session: each submission gets a freshly signed-in one.</summary>
    public bool EndsSession => Action.StartsWith("/logout", StringComparison.Ordinal);

    public override string ToString() => $"{Action} on {Page} as {Identity.Name}";
}
