namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// What _SaveAnswer renders for an htmx save: the whole row (when it showed an error) or its "Updated" cell, then
/// what else the page shows of the key, out of band (<see cref="KeyShown"/>).
/// </summary>
public sealed record SaveAnswer(KeyShown Shown, bool WholeRow);
