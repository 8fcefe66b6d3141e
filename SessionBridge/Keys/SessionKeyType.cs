namespace SessionBridge.Keys;

/// <summary>What a key holds: free text up to a length, one of a list of values, or a flag ("true"/"false").</summary>
public enum SessionKeyType
{
    Text,
    Choice,
    Flag,
}
