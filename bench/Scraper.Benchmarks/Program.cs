// Micro-benchmarks. Run all:   dotnet run -c Release --project bench/Scraper.Benchmarks
// One class:                    dotnet run -c Release --project bench/Scraper.Benchmarks -- --filter '*SessionGet*'
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
