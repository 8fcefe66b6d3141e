using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SessionBridge.Security;

namespace SessionBridge.Tests.Web;

/// <summary>Which requests RememberedAntiforgery answers from memory and which it hands to the stock validation.</summary>
public sealed class RememberedAntiforgeryPairsTests : IDisposable
{
    private readonly CountingAntiforgery _stock = new();
    private readonly RememberedAntiforgery _remembered;

    public RememberedAntiforgeryPairsTests() =>
        _remembered = new RememberedAntiforgery(_stock, Options.Create(new AntiforgeryOptions { Cookie = { Name = "af" }, HeaderName = "RequestVerificationToken" }));

    public void Dispose() => _remembered.Dispose();

    [Fact]
    public async Task A_validated_pair_is_not_decrypted_again()
    {
        await _remembered.ValidateRequestAsync(Request("cookie", header: "token"));
        await _remembered.ValidateRequestAsync(Request("cookie", header: "token"));

        Assert.Equal(1, _stock.Validations);
    }

    [Theory]
    [InlineData("other cookie", "token")]
    [InlineData("cookie", "other token")]
    public async Task Another_pair_is_validated(string cookie, string token)
    {
        await _remembered.ValidateRequestAsync(Request("cookie", header: "token"));
        await _remembered.ValidateRequestAsync(Request(cookie, header: token));

        Assert.Equal(2, _stock.Validations);
    }

    [Fact]
    public async Task The_form_field_counts_when_there_is_no_header()
    {
        await _remembered.ValidateRequestAsync(Request("cookie", form: "token"));
        await _remembered.ValidateRequestAsync(Request("cookie", form: "token"));
        await _remembered.ValidateRequestAsync(Request("cookie", form: "other token"));

        Assert.Equal(2, _stock.Validations);
    }

    [Fact]
    public async Task A_refused_pair_is_refused_again_by_the_stock_validation()
    {
        _stock.Refuse = true;
        await Assert.ThrowsAsync<AntiforgeryValidationException>(() => _remembered.ValidateRequestAsync(Request("cookie", header: "token")));
        await Assert.ThrowsAsync<AntiforgeryValidationException>(() => _remembered.ValidateRequestAsync(Request("cookie", header: "token")));

        Assert.Equal(2, _stock.Validations);
    }

    [Fact]
    public async Task Requests_without_a_cookie_always_go_to_the_stock_validation()
    {
        for (int i = 0; i < 2; i++)
        {
            await _remembered.ValidateRequestAsync(Request(null, header: "token"));
        }

        Assert.Equal(2, _stock.Validations);
    }

    [Fact]
    public async Task A_signed_in_users_pair_is_remembered_for_that_user_only()
    {
        await _remembered.ValidateRequestAsync(SignedIn("alice"));
        await _remembered.ValidateRequestAsync(SignedIn("alice"));
        Assert.Equal(1, _stock.Validations);

        // The stock validation compares the token with the user: anyone else's request is its to judge.
        await _remembered.ValidateRequestAsync(SignedIn("bob"));
        await _remembered.ValidateRequestAsync(SignedIn("alice", issuer: "another issuer"));
        await _remembered.ValidateRequestAsync(SignedIn("alice", authenticated: false));
        await _remembered.ValidateRequestAsync(Request("cookie", header: "token"));
        Assert.Equal(5, _stock.Validations);
    }

    [Fact]
    public async Task The_frameworks_own_additional_data_provider_keeps_pairs_remembered()
    {
        using var services = new ServiceCollection().AddAntiforgery().BuildServiceProvider();
        using var remembered = new RememberedAntiforgery(_stock, Options.Create(new AntiforgeryOptions { Cookie = { Name = "af" }, HeaderName = "RequestVerificationToken" }), services.GetRequiredService<IAntiforgeryAdditionalDataProvider>());

        await remembered.ValidateRequestAsync(Request("cookie", header: "token"));
        await remembered.ValidateRequestAsync(Request("cookie", header: "token"));

        Assert.Equal(1, _stock.Validations);
    }

    [Fact]
    public async Task An_apps_own_additional_data_is_checked_on_every_request()
    {
        using var remembered = new RememberedAntiforgery(_stock, Options.Create(new AntiforgeryOptions { Cookie = { Name = "af" }, HeaderName = "RequestVerificationToken" }), new RequestBoundData());

        await remembered.ValidateRequestAsync(Request("cookie", header: "token"));
        await remembered.ValidateRequestAsync(Request("cookie", header: "token"));

        Assert.Equal(2, _stock.Validations);
    }

    [Fact]
    public async Task At_most_its_capacity_of_pairs_is_kept()
    {
        for (int i = 0; i <= RememberedAntiforgery.Capacity; i++)
        {
            await _remembered.ValidateRequestAsync(Request("cookie", header: "token " + i));
        }

        Assert.Equal(RememberedAntiforgery.Capacity + 1, _stock.Validations);
        await _remembered.ValidateRequestAsync(Request("cookie", header: "token " + RememberedAntiforgery.Capacity));

        // The pair over capacity was not kept.
        Assert.Equal(RememberedAntiforgery.Capacity + 2, _stock.Validations);
    }

    private static DefaultHttpContext SignedIn(string user, string issuer = ClaimsIdentity.DefaultIssuer, bool authenticated = true)
    {
        var context = Request("cookie", header: "token");
        Claim[] claims = [new(ClaimTypes.NameIdentifier, user, ClaimValueTypes.String, issuer), new(ClaimTypes.Name, user, ClaimValueTypes.String, issuer)];
        context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticated ? "test" : null));
        return context;
    }

    private static DefaultHttpContext Request(string? cookie, string? header = null, string? form = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = "af=" + Uri.EscapeDataString(cookie);
        }

        if (header is not null)
        {
            context.Request.Headers["RequestVerificationToken"] = header;
        }

        if (form is not null)
        {
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.Form = new FormCollection(new Dictionary<string, StringValues> { ["__RequestVerificationToken"] = form });
        }

        return context;
    }

    private sealed class RequestBoundData : IAntiforgeryAdditionalDataProvider
    {
        public string GetAdditionalData(HttpContext context) => "bound";

        public bool ValidateAdditionalData(HttpContext context, string additionalData) => true;
    }

    private sealed class CountingAntiforgery : IAntiforgery
    {
        public int Validations { get; private set; }

        public bool Refuse { get; set; }

        public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => throw new NotSupportedException();

        public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => throw new NotSupportedException();

        public Task<bool> IsRequestValidAsync(HttpContext httpContext) => throw new NotSupportedException();

        public Task ValidateRequestAsync(HttpContext httpContext)
        {
            Validations++;
            return Refuse ? Task.FromException(new AntiforgeryValidationException("refused")) : Task.CompletedTask;
        }

        public void SetCookieTokenAndHeader(HttpContext httpContext) => throw new NotSupportedException();
    }
}
