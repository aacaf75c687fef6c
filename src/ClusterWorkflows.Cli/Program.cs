using ClusterWorkflows.Cli;

return await CliApp.RunAsync(args);
