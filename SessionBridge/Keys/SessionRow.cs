namespace SessionBridge.Keys;

/// <summary>One row of the table: the key, its current value (the default until written), and when it was written.</summary>
public sealed record SessionRow(SessionKey Key, string Value, DateTimeOffset? UpdatedAt)
{
    public bool IsTrue => Value == "true";
}
