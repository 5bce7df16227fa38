using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Counseling.Benchmarks -- --filter '*'` runs them all; BenchmarkDotNet's
// own options apply (--filter, --job short, --inProcess). Building the benchmark child project on a busy
// 2-core machine can outlast BenchmarkDotNet's default two minutes.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
    .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
