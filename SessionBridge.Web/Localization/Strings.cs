namespace SessionBridge.Web.Localization;

/// <summary>
/// Every string of the UI, for <c>IStringLocalizer&lt;Strings&gt;</c>: Strings.resx holds English (the neutral
/// language) and Strings.{language}.resx the others, with the same keys (a test compares them). One set for the whole
/// app rather than one per view, so a translator works through one file per language.
/// </summary>
public sealed class Strings;
