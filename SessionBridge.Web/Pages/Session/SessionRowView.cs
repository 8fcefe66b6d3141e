using SessionBridge.Keys;

namespace SessionBridge.Web.Pages.Session;

/// <summary>A row as rendered: its value and the message of a failed save, if any.</summary>
public sealed record SessionRowView(SessionRow Row, string? Error);
