using CsCheck;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Raw bodies of every content type (<see cref="MultipartShapes"/>, <see cref="BodyShapes"/>) posted to every route
/// that takes a body, as an identity with its cookies and its antiforgery token in the header (so a body that parses
/// reaches the handler), with and without htmx headers. The forms the pages render are not enough: the app must
/// answer what no page renders.
/// </summary>
public static class RawBodies
{
    /// <summary>Every route a page serves POST on (and its siblings that do not exist).</summary>
    public static readonly string[] Routes =
    [
        "/login", "/logout", "/account?handler=revoke", "/account?handler=revokeOthers", "/session/displayName", "/session/theme",
        "/session/language", "/session/compactMode", "/session/unknown",
    ];

    private const string TokenField = "__RequestVerificationToken";

    public static Gen<FuzzRequest> For(FuzzMaterial material, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(material);
        string[] routes = [.. Routes.Union(material.Forms.Select(f => f.Action), StringComparer.Ordinal)];
        var identity = Gen.OneOf(material.Identities.Select(i => Gen.Const(i)).ToArray<IGen<FuzzIdentity>>());
        return identity.SelectMany(i => Gen.Select(Gen.OneOf(routes), Fields(material, i).SelectMany(Body), Gen.Int[0, 9], Gen.Bool, (route, body, token, htmx) =>
            Request(i, route, body, tokenInHeader: token > 1, htmx, baseUrl)));
    }

    /// <summary>Fields a handler reads, filled with real or hostile values (the token field is the identity's).</summary>
    private static Gen<IReadOnlyList<KeyValuePair<string, string>>> Fields(FuzzMaterial material, FuzzIdentity identity)
    {
        var value = Gen.Frequency((2, Gen.OneOf("dark", "true", "fr", "Zoë", material.VictimSessionTag)), (1, HostileRequests.Junk));
        var field = Gen.Select(Gen.OneOf("value", "session", "password", "email", "tab", "rememberMe"), value, (n, v) => new KeyValuePair<string, string>(n, v));
        return Gen.Select(Gen.Bool, field.Array[0, 3], (withToken, rest) =>
            (IReadOnlyList<KeyValuePair<string, string>>)[.. withToken ? [new(TokenField, identity.Token)] : Array.Empty<KeyValuePair<string, string>>(), .. rest]);
    }

    private static Gen<FuzzBody> Body(IReadOnlyList<KeyValuePair<string, string>> fields) => Gen.Frequency(
        (4, MultipartShapes.For(fields)),
        (3, BodyShapes.UrlEncoded(fields)),
        (3, BodyShapes.NotAForm(fields)),
        (1, BodyShapes.RandomBytesAsForm),
        (1, BodyShapes.Oversized));

    private static FuzzRequest Request(FuzzIdentity identity, string route, FuzzBody body, bool tokenInHeader, bool htmx, string baseUrl)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (tokenInHeader)
        {
            headers.Add(new("RequestVerificationToken", identity.Token));
        }

        if (htmx)
        {
            headers.Add(new("HX-Request", "true"));
            headers.Add(new("HX-Current-URL", baseUrl + "/session"));
        }

        // Signing out ends the identity's session for the rest of the run: each sign-out gets a fresh one of bob's.
        var cookies = route.StartsWith("/logout", StringComparison.Ordinal)
            ? [.. identity.Cookies.Select(c => c.Key == AppTestExtensions.SessionCookie ? new(c.Key, FuzzRequest.FreshBobSession) : c)]
            : identity.Cookies;
        return new FuzzRequest("POST", route, headers, cookies, body, $"raw body as {identity.Name}");
    }
}
