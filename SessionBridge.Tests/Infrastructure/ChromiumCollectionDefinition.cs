namespace SessionBridge.Tests.Infrastructure;

/// <summary><c>[Collection("chromium")]</c> shares one launched <see cref="ChromiumBrowser"/> across test classes;
/// give each test its own context with <see cref="ChromiumBrowser.NewContextAsync"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollectionDefinition : ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "chromium";
}
