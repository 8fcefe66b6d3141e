namespace SessionBridge.Handoff;

internal enum HandoffOutcome
{
    Accepted,
    Missing,
    Malformed,
    Expired,
    WrongBrowser,
}
