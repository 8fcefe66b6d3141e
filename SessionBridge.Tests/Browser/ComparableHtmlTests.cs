namespace SessionBridge.Tests.Browser;

/// <summary>The fidelity check's comparer: what it forgives, and that it reports what it does not.</summary>
public sealed class ComparableHtmlTests
{
    [Fact]
    public void Attribute_order_whitespace_htmx_classes_and_volatile_values_do_not_count()
    {
        var driver = ComparableHtml.Lines("""
            <tr id="session-AbC_12-xyz" class="current"><td><form method="post" action="/x">
              <input type="hidden" name="__RequestVerificationToken" value="CfDJ8one"><input name="tab" type="hidden" value="A1">
              <time datetime="2026-11-25T09:00:00Z">2026-11-25 09:00 UTC</time>  Hello,   Bea
            </form></td></tr>
            """);
        var chromium = ComparableHtml.Lines("""
            <tr class="current htmx-settling" id="session-QqQ-zz9"><td><form action="/x" method="post"><!-- comment -->
            <input name="__RequestVerificationToken" type="hidden" value="CfDJ8two"><input type="hidden" name="tab" value="B2"><time datetime="2026-11-29T08:00:00Z">2026-11-29 08:00 UTC</time>
            Hello, Bea</form></td></tr>
            """);

        Assert.Null(ComparableHtml.Diff(driver, chromium));
        Assert.Equal("<tr class=\"current\" id=\"session-(varies)\">", driver[0]);
    }

    [Fact]
    public void A_real_difference_is_shown_line_by_line()
    {
        var diff = ComparableHtml.Diff(
            ComparableHtml.Lines("""<p id="greeting" class="greeting">Hello, Bea</p>"""),
            ComparableHtml.Lines("""<p id="greeting" class="greeting htmx-added">Hello!</p>"""));

        Assert.Equal("""
              <p class="greeting" id="greeting">
            -   Hello, Bea
            +   Hello!
            """.Replace("\n", Environment.NewLine, StringComparison.Ordinal) + Environment.NewLine, diff);
        Assert.Equal(["(missing)"], ComparableHtml.Lines(null));
    }
}
