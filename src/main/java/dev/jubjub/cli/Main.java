package dev.jubjub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jubjub}: the entry point; each subcommand is its own class. */
@Command(
    name = "jubjub",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A bandersnatch-compatible PyPI mirror.",
    subcommands = {MirrorCommand.class, SyncCommand.class, VerifyCommand.class, DeleteCommand.class, ServeCommand.class,
        SelftestCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    if (isVersionRequest(args)) {
      // Answered before picocli: its model of every command, built by reflection over classes it
      // cannot share in a CDS archive (old class files), is most of the cost of this answer.
      for (String line : new Version().getVersion()) {
        System.out.println(line);
      }
      return ExitCodes.OK;
    }
    CommandLine cli = new CommandLine(new Main());
    args = configFirst(args);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("jubjub: " + e.getMessage() + suggestion(e));
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ExitCodes.USAGE;
        });
    return cli.execute(args);
  }

  /**
   * bandersnatch takes its config before the command ({@code bandersnatch -c CONF mirror}), and
   * cron jobs and units say so: {@code -c CONF} (or {@code --config CONF}, {@code --config=CONF})
   * before the command is moved after it.
   */
  static String[] configFirst(String... args) {
    int take = 0;
    if (args.length >= 3 && (args[0].equals("-c") || args[0].equals("--config"))) {
      take = 2;
    } else if (args.length >= 2 && (args[0].startsWith("--config=") || args[0].startsWith("-c") && args[0].length() > 2)) {
      take = 1;
    }
    if (take == 0 || args[take].startsWith("-")) {
      return args;
    }
    String[] moved = new String[args.length];
    moved[0] = args[take];
    System.arraycopy(args, 0, moved, 1, take);
    System.arraycopy(args, take + 1, moved, take + 1, args.length - take - 1);
    return moved;
  }

  /** ", did you mean 'mirror'?" for a mistyped command, else nothing. */
  private static String suggestion(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException u) || e.getCommandLine().getParent() != null
        || u.getUnmatched().isEmpty() || u.getUnmatched().getFirst().startsWith("-")) {
      return "";
    }
    return dev.jubjub.config.EditDistance.closest(u.getUnmatched().getFirst(),
            e.getCommandLine().getSubcommands().keySet())
        .map(name -> "; did you mean '" + name + "'?").orElse("");
  }

  static boolean isVersionRequest(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /** Bare {@code jubjub}: what there is to do, as {@code --help} says it. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jubjub " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
  }
}
