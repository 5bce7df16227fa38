using System.CommandLine;
using Counseling.Cli.Commands;

var root = new RootCommand("Counseling outcome pipeline, offline: train, evaluate and score from the command line.");
root.Subcommands.Add(SentimentCommands.Train());
root.Subcommands.Add(SentimentCommands.Evaluate());
root.Subcommands.Add(SentimentCommands.Score());
return await root.Parse(args).InvokeAsync();
