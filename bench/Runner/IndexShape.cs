namespace SessionBridge.Bench;

/// <summary>What user index entries the copies of a session get in the memory figure, or that the copies are deleted again (see Extras.Fill).</summary>
internal enum IndexShape
{
    None,
    OwnUser,
    SameUser,
    Removed,
}
