package dev.jubjub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jubjub}: the entry point; each subcommand is its own class. */
@Command(
    name = "jubjub",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A bandersnatch-compatible PyPI mirror.",
    subcommands = {MirrorCommand.class, SyncCommand.class, VerifyCommand.class, DeleteCommand.class, ServeCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("jubjub: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ExitCodes.USAGE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jubjub " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
  }
}
