using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SessionBridge.Testing;

/// <summary>What a form sends, for a test that crafts its own request from a real form (a tampered or replayed post).</summary>
public static class HtmlForms
{
    /// <summary>
    /// The form data set a browser posts for <paramref name="form"/> as it stands: named, enabled controls in document
    /// order, ticked boxes only, and of the buttons only the one clicked.
    /// </summary>
    /// <param name="form">A form of a page's <see cref="HtmxPage.Document"/>.</param>
    /// <param name="submitter">The button clicked, or null for none.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> DataSet(IHtmlFormElement form, IElement? submitter = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        return HtmxDom.FormData(form, submitter);
    }
}
