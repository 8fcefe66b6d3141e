namespace SessionBridge.Web.Bridge.Handoff;

public enum HandoffOutcome
{
    Accepted,
    Missing,
    Malformed,
    Expired,
    Replayed,
    WrongBrowser,
}
