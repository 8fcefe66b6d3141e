using System.Text;
using CsCheck;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Every form of every page, submitted as its page would (valid antiforgery token, the identity's cookies, the
/// page's own values, bob's real password on the sign-in form) with one field in turn missing, empty, huge, over the
/// body limit, non-ASCII, control characters or an injection, with and without htmx headers.
/// </summary>
public static class FormMutations
{
    public static readonly string[] Injections =
    [
        "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "${7*7}", "../../etc/passwd", "..\\..\\win.ini", "%00",
        "javascript:alert(1)", "//evil.example/", "/\\evil.example", "\"><img src=x onerror=alert(1)>", "🦊 Zoë",
    ];

    private const string TokenField = "__RequestVerificationToken";

    private static readonly Gen<(string Name, string? Value)> Mutation = Gen.Frequency(
        (2, Gen.Const<(string, string?)>(("missing", null))),
        (2, Gen.Const<(string, string?)>(("empty", ""))),
        (1, Gen.Const<(string, string?)>(("huge", new string('A', 20_000)))),
        (1, Gen.Const<(string, string?)>(("over the body limit", new string('A', HostileRequests.BodyLimit + 1)))),
        // Half of them shaped like a local path, for the fields that hold one (returnUrl).
        (2, Gen.OneOf("Zoë Ωμέγα 中文 🦊", "é", "\u202eevil", "/\u00e9t\u00e9", "/Zoë", "/\ufeff").Select(v => ("non-ASCII", (string?)v))),
        (2, Gen.OneOf("\u0000", "a\r\nb", "\u0001\u001b[31m\u007f", "\t").Select(v => ("control characters", (string?)v))),
        (3, Gen.OneOf(Injections).Select(v => ("injection", (string?)v))));

    public static Gen<FuzzRequest> For(FuzzMaterial material, string baseUrl)
    {
        var form = Gen.OneOf(material.Forms.Select(f => Gen.Const(f)).ToArray<IGen<HarvestedForm>>());
        return form.SelectMany(f => Gen.Select(Gen.Int[-1, f.Fields.Count - 1], Mutation, Gen.Bool, (field, mutation, htmx) =>
            Submit(f, field, mutation, htmx, baseUrl)));
    }

    private static FuzzRequest Submit(HarvestedForm form, int field, (string Name, string? Value) mutation, bool htmx, string baseUrl)
    {
        var fields = form.Fields.ToList();
        string what = "as rendered";
        if (field >= 0)
        {
            what = $"field '{fields[field].Key}' {mutation.Name}";
            if (mutation.Value is null)
            {
                fields.RemoveAt(field);
            }
            else
            {
                fields[field] = new(fields[field].Key, mutation.Value);
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (htmx)
        {
            // As htmx sends it: the page's token in a header too (includeAspNetAntiforgeryToken), unless that is
            // the field under test.
            headers.Add(new("HX-Request", "true"));
            headers.Add(new("HX-Current-URL", baseUrl + form.Page));
            if (form.HtmxTarget is { } target)
            {
                headers.Add(new("HX-Target", target.TrimStart('#')));
            }

            if (fields.FirstOrDefault(f => f.Key == TokenField).Value is { } token && (field < 0 || form.Fields[field].Key != TokenField))
            {
                headers.Add(new("RequestVerificationToken", token));
            }
        }

        var cookies = form.EndsSession
            ? form.Identity.Cookies.Select(c => c.Key == Infrastructure.AppTestExtensions.SessionCookie ? new(c.Key, FuzzRequest.FreshBobSession) : c).ToList()
            : form.Identity.Cookies;
        var body = new FuzzBody("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(HostileRequests.Encode(fields)), Chunked: false);
        return new FuzzRequest("POST", form.Action, headers, cookies, body, $"form {form}, {what}, {(htmx ? "htmx" : "no JavaScript")}");
    }
}
