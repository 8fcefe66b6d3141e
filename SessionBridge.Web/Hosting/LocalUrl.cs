using Microsoft.AspNetCore.Mvc;

namespace SessionBridge.Web.Hosting;

public static class LocalUrl
{
    /// <summary>
    /// <paramref name="url"/> when it is a local URL that can go into a Location header as it is (printable ASCII:
    /// the pages render their own URLs escaped, so anything else came from someone else), otherwise the fallback.
    /// </summary>
    public static string OrDefault(IUrlHelper urls, string? url, string fallback) =>
        url is not null && url.All(c => c is > ' ' and < '\u007f') && urls.IsLocalUrl(url) ? url : fallback;
}
