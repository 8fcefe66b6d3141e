using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace SessionBridge.Web.Hosting;

public static class ProxyExtensions
{
    /// <summary>Forwarded headers from the configured proxies, and where plain HTTP is redirected to.</summary>
    public static IServiceCollection AddProxySupport(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Listing proxies replaces the default (loopback only) rather than adding to it.
            if (proxy.Value.TrustedProxies.Count > 0 || proxy.Value.TrustedNetworks.Count > 0)
            {
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (string address in proxy.Value.TrustedProxies)
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(address));
                }

                foreach (string network in proxy.Value.TrustedNetworks)
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<ProxyOptions>>((https, proxy) =>
        {
            https.HttpsPort = proxy.Value.HttpsPort;
            https.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
        });
        return services;
    }

    /// <summary>
    /// Outside Development every cookie is Secure, so a request that did not arrive over HTTPS (directly or through a
    /// trusted proxy) is redirected to HTTPS before anything sets a cookie. The health check stays reachable over
    /// plain HTTP for the load balancer's probe.
    /// </summary>
    public static IApplicationBuilder UseHttpsOnly(this IApplicationBuilder app) =>
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(HealthEndpoint.Path), branch => branch.UseHttpsRedirection());
}
