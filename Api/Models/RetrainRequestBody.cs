using System.Text.Json;
using System.Text.Json.Nodes;
using Counseling.Grains.Interfaces;
using Counseling.Grains.Training;

namespace Counseling.Api.Models;

/// <summary>A `models/retrain` body, read field by field so each mistake is reported against its field.</summary>
public static class RetrainRequestBody
{
    private static readonly HashSet<string> Fields = ["training_data_source", "file_path", "validation_split", "force", "hyper_parameters"];

    // Name → (lowest, highest); whole numbers unless listed in Fractional.
    private static readonly Dictionary<string, (double Min, double Max)> HyperParameterRanges = new()
    {
        ["iterations"] = (1, 5000),
        ["learning_rate"] = (0.0001, 1),
        ["num_leaves"] = (2, 1024),
        ["max_depth"] = (1, 64),
        ["early_stopping_rounds"] = (0, 1000),
        ["seed"] = (0, int.MaxValue),
        ["min_data_in_leaf"] = (1, 10_000),
    };

    public static (RetrainRequest? Request, Dictionary<string, string[]> Errors) Read(JsonNode? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is not JsonObject root)
        {
            errors["body"] = ["The body must be a JSON object."];
            return (null, errors);
        }
        foreach (var (name, _) in root)
            if (!Fields.Contains(name)) errors[name] = [$"Unknown field '{name}'; expected one of {string.Join(", ", Fields)}."];

        RetrainSource? source = null;
        switch (root["training_data_source"])
        {
            case null:
                errors["training_data_source"] = ["training_data_source is required: 'database' or 'file'."];
                break;
            case var node when node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() == "database":
                source = RetrainSource.Database;
                break;
            case var node when node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() == "file":
                source = RetrainSource.File;
                break;
            default:
                errors["training_data_source"] = ["training_data_source must be 'database' or 'file'."];
                break;
        }

        string? filePath = null;
        if (root["file_path"] is { } path && path.GetValueKind() != JsonValueKind.Null)
        {
            if (path.GetValueKind() != JsonValueKind.String) errors["file_path"] = ["file_path must be a string."];
            else filePath = path.GetValue<string>();
        }
        if (source == RetrainSource.File)
        {
            if (string.IsNullOrWhiteSpace(filePath)) errors["file_path"] = ["file_path is required when training_data_source is 'file'."];
            else if (Path.IsPathRooted(filePath) || filePath.Split('/', '\\').Any(p => p == ".."))
                errors["file_path"] = ["file_path must be relative to the server's training data folder, without '..'."];
        }
        else if (source == RetrainSource.Database && filePath is not null)
        {
            errors["file_path"] = ["file_path is only read when training_data_source is 'file'."];
        }

        var split = RetrainLimits.DefaultValidationSplit;
        if (root["validation_split"] is { } v && v.GetValueKind() != JsonValueKind.Null)
        {
            if (v.GetValueKind() != JsonValueKind.Number || !v.AsValue().TryGetValue(out split) ||
                split is < RetrainLimits.MinValidationSplit or > RetrainLimits.MaxValidationSplit)
                errors["validation_split"] = [$"validation_split must be a number from {RetrainLimits.MinValidationSplit} to {RetrainLimits.MaxValidationSplit}."];
        }

        var force = false;
        if (root["force"] is { } f && f.GetValueKind() != JsonValueKind.Null)
        {
            if (f.GetValueKind() is JsonValueKind.True or JsonValueKind.False) force = f.GetValue<bool>();
            else errors["force"] = ["force must be true or false."];
        }

        var hyperParameters = HyperParameters(root["hyper_parameters"], errors);
        if (errors.Count > 0) return (null, errors);
        return (new RetrainRequest(source!.Value, filePath, split, force, hyperParameters), errors);
    }

    private static RetrainHyperParameters? HyperParameters(JsonNode? node, Dictionary<string, string[]> errors)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null) return null;
        if (node is not JsonObject given)
        {
            errors["hyper_parameters"] = ["hyper_parameters must be an object."];
            return null;
        }
        var values = new Dictionary<string, double>();
        foreach (var (name, value) in given)
        {
            var field = $"hyper_parameters.{name}";
            if (!HyperParameterRanges.TryGetValue(name, out var range))
            {
                errors[field] = [$"Unknown hyper-parameter '{name}'; expected one of {string.Join(", ", HyperParameterRanges.Keys)}."];
                continue;
            }
            var whole = name != "learning_rate";
            if (value is null || value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue(out double number)
                || number < range.Min || number > range.Max || (whole && number != Math.Floor(number)))
            {
                errors[field] = [$"{name} must be a {(whole ? "whole number" : "number")} from {range.Min} to {range.Max}."];
                continue;
            }
            values[name] = number;
        }
        int? Whole(string name) => values.TryGetValue(name, out var x) ? (int)x : null;
        return new RetrainHyperParameters(Whole("iterations"), values.TryGetValue("learning_rate", out var rate) ? rate : null,
            Whole("num_leaves"), Whole("max_depth"), Whole("early_stopping_rounds"), Whole("seed"), Whole("min_data_in_leaf"));
    }
}
