using System.Security.Cryptography;

namespace SessionBridge.Events;

/// <summary>
/// The id of the tab a page is rendered for, random and made once per request: the live channel does not echo a
/// tab's own changes back to it, and a tab that signs out is not told so by its own stream.
/// </summary>
public sealed class ThisTab
{
    public string Id { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
}
