using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SessionBridge.Sessions;

/// <summary>Every handler of the page needs a signed-in session; others are refused the way their request expects.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireSignedInAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.CurrentUser() is null)
        {
            http.RequestServices.GetRequiredService<SessionRefusal>().Write(http, RefusalReason.SignInRequired);
            context.Result = new EmptyResult();
            return;
        }

        await next();
    }
}
