namespace FlexPlatform.Web.Pages;

/// <summary>One field's message from the API's problem details, rendered beside that field.</summary>
public sealed record FieldError(string Field, string? Message);
