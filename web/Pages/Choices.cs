using System.Globalization;

namespace FlexPlatform.Web.Pages;

/// <summary>The values forms offer, with the labels people read (the API's vocabularies, ../shared/API.md).</summary>
public static class Choices
{
    public static readonly IReadOnlyList<(string Value, string Label)> Personas =
    [
        ("woman", "Woman"), ("man", "Man"), ("parent", "Parent"), ("caregiver", "Caregiver"), ("millennial", "Millennial"),
        ("retiree", "Retiree"), ("freelancer", "Freelancer"), ("military-spouse", "Military spouse"),
        ("person-with-disability", "Person with a disability"), ("student", "Student"), ("other", "Other"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Flexibility =
    [
        ("telecommuting", "Telecommuting"), ("flexible-schedule", "Flexible schedule"), ("alternative-schedule", "Alternative schedule"),
        ("compressed-workweek", "Compressed workweek"), ("job-sharing", "Job sharing"), ("part-time", "Part-time work"),
        ("freelance", "Freelance contracts"), ("results-only", "Results-only work"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> OrganizationKinds =
    [
        ("company", "Company"), ("nonprofit", "Nonprofit"), ("media", "Media"), ("association", "Association"),
        ("academic", "Academic centre"), ("government", "Government"), ("other", "Other"),
    ];

    /// <summary>ISO 3166-1 alpha-2 codes with English names, from the platform's own region data.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Countries = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name); } catch (ArgumentException) { return null; } })
        .Where(r => r is { TwoLetterISORegionName.Length: 2 } && r.TwoLetterISORegionName.All(char.IsAsciiLetterUpper))
        .DistinctBy(r => r!.TwoLetterISORegionName)
        .Select(r => (r!.TwoLetterISORegionName, r.EnglishName))
        .OrderBy(r => r.EnglishName, StringComparer.Ordinal)
        .ToList();
}
