using SessionBridge.Events;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// The ids of a row of the session table and of its parts: the markup renders them, and the save handler reads them
/// back from HX-Target to decide what to answer, so they are spelt in one place.
/// </summary>
public static class SessionRowIds
{
    /// <summary>The row, which the live channel refreshes (<see cref="LiveChannel.RowId"/>).</summary>
    public static string Row(string key) => LiveChannel.RowId(key);

    /// <summary>The row's "Updated" cell: what a save answers, leaving the field being typed in alone.</summary>
    public static string Updated(string key) => Row(key) + "-updated";

    public static string Error(string key) => Row(key) + "-error";

    public static string Field(string key) => "value-" + key;
}
