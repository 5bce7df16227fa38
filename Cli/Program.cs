using System.CommandLine;
using Counseling.Cli.Commands;

var root = new RootCommand("Counseling outcome pipeline, offline: the four stages, training, evaluation and scoring; and load against a running Api.");
root.Subcommands.Add(PipelineCommands.Preprocess());
root.Subcommands.Add(PipelineCommands.Extract());
root.Subcommands.Add(PipelineCommands.Dataset());
root.Subcommands.Add(PipelineCommands.Train());
root.Subcommands.Add(PipelineCommands.Evaluate());
root.Subcommands.Add(PipelineCommands.Predict());
root.Subcommands.Add(PipelineCommands.Generate());
root.Subcommands.Add(BenchmarkCommand.Create());
root.Subcommands.Add(LoadCommand.Create());
root.Subcommands.Add(SentimentCommands.Train());
root.Subcommands.Add(SentimentCommands.Evaluate());
root.Subcommands.Add(SentimentCommands.Score());
root.Subcommands.Add(SentimentCommands.Baseline());
return await root.Parse(args).InvokeAsync();
