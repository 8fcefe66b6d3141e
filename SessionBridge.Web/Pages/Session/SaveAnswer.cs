using SessionBridge.Keys;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// What _SaveAnswer renders for an htmx save: the whole row (when it showed an error) or its "Updated" cell, then
/// the fragments that show the key (<see cref="SessionKey.ShownIn"/>) out of band.
/// </summary>
public sealed record SaveAnswer(SessionRow Row, bool WholeRow);
