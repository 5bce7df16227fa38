using System.Text.Encodings.Web;
using System.Text.Json;

namespace Counseling.Cli.Commands;

/// <summary>JSON as the Cli prints it: Hangul as it is, one object a line unless asked to indent.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Line = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new(Line) { WriteIndented = true };

    public static TextWriter OpenOutput(FileInfo? file) =>
        file is null ? Console.Out : new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
}
