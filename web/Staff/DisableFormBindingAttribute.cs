using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// Keeps model binding from reading a form body before the handler does (its value providers read the whole form,
/// buffering files to disk, as soon as anything is bound): for a handler that streams a multipart upload itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DisableFormBindingAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        context.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
