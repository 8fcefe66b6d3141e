namespace SessionBridge.Handoff;

public enum HandoffOutcome
{
    Accepted,
    Missing,
    Malformed,
    Expired,
    Replayed,
    WrongBrowser,
}
