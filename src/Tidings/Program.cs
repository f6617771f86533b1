using Tidings;

return await TidingsCommand.RunAsync(args, CommandEnvironment.FromProcess(), CancellationToken.None);
