namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// The ids of a row of the session table and of its parts: the markup renders them, and the save handler reads them
/// back from HX-Target to decide what to answer, so they are spelt in one place.
/// </summary>
public static class SessionRowIds
{
    public static string Row(string key) => "row-" + key;

    /// <summary>The row's "Updated" cell: what a save answers, leaving the field being typed in alone.</summary>
    public static string Updated(string key) => "row-" + key + "-updated";

    public static string Error(string key) => "row-" + key + "-error";

    public static string Field(string key) => "value-" + key;
}
