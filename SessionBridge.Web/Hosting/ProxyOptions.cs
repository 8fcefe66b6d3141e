using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SessionBridge.Web.Hosting;

/// <summary>
/// Settings under "Proxy": the TLS-terminating load balancers whose X-Forwarded-For / X-Forwarded-Proto headers are
/// believed. With none listed only a proxy on this machine (loopback) is; headers from anyone else are ignored, so a
/// client cannot claim to be HTTPS or to come from another address.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Addresses of trusted proxies, e.g. "10.0.0.5".</summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public IList<string> TrustedNetworks { get; } = [];

    /// <summary>Where plain-HTTP requests are redirected to (outside Development).</summary>
    [Range(1, 65535, ErrorMessage = "Proxy:HttpsPort must be between 1 and 65535.")]
    public int HttpsPort { get; set; } = 443;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string proxy in TrustedProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"Proxy:TrustedProxies: '{proxy}' is not an IP address.");
        }

        foreach (string network in TrustedNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"Proxy:TrustedNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24).");
        }
    }
}
