namespace FlexPlatform.Contracts.Pledge;

/// <summary>
/// A person erased their pledge (or an admin erased them on request): every service deletes what it holds about
/// them. The only event with personal data: the address, as given and normalized, is the one key the services
/// share. Consumers keep nothing of it but the message id.
/// </summary>
public sealed record SupporterErased(string Email, string EmailNormalized, DateTimeOffset ErasedAt);
