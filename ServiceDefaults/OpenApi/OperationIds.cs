using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// An operation's id, the name a generated client gives its method: the handler's class and method
/// (<c>PostsApi.ListAsync</c> is <c>Posts_List</c>), or for a lambda its verb and route (<c>Get_AdminProjections</c>).
/// </summary>
public static class OperationIds
{
    public static string Of(ApiDescription description)
    {
        if (description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is { DeclaringType: { } type } method
            && !method.Name.Contains('<', StringComparison.Ordinal) && !type.Name.Contains('<', StringComparison.Ordinal))
        {
            return $"{Trim(type.Name, "Api")}_{Trim(method.Name, "Async")}";
        }

        var words = (description.RelativePath ?? "").Split('/', '-', '.', '{', '}', ':')
            .Where(w => w.Length > 0 && !char.IsDigit(w[0]))
            .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]);
        var verb = description.HttpMethod ?? "Any";
        return $"{char.ToUpper(verb[0], CultureInfo.InvariantCulture)}{verb[1..].ToLowerInvariant()}_{string.Concat(words)}";
    }

    private static string Trim(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
}
