package dev.jubjub.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.jubjub.pypi.NativeSha256;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jubjub}: the entry point; each subcommand is its own class. */
@Command(
    name = "jubjub",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A bandersnatch-compatible PyPI mirror.")
public final class Main implements Runnable {
  /**
   * The commands, in the order help lists them. picocli builds a command's model by reflection
   * when it is added: a run adds only the command it names, the rest only when it needs them all
   * (help, a mistyped command).
   */
  private static final List<String> COMMANDS =
      List.of("mirror", "sync", "verify", "delete", "serve", "status", "index", "selftest", "help");
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--debug", description = "log at DEBUG level (also accepted after the command)")
  boolean debug;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    if (isVersionRequest(args)) {
      // Answered before picocli: its model of every command, built by reflection over classes it
      // cannot share in a CDS archive (old class files), is most of the cost of this answer.
      for (String line : new Version().getVersion()) {
        System.out.println(line);
      }
      return ExitCodes.OK;
    }
    NativeSha256.install();
    args = configFirst(args);
    CommandLine cli = new CommandLine(new Main());
    String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    if (COMMANDS.contains(named) && !named.equals("help")) {
      cli.addSubcommand(command(named));
    } else {
      for (String name : COMMANDS) {
        cli.addSubcommand(command(name));
      }
    }
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    cli.setExecutionStrategy(Main::execute);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          String suggestion = suggestion(e);
          e.getCommandLine().getErr().println("jubjub: " + e.getMessage() + suggestion);
          if (suggestion.isEmpty()) {
            e.getCommandLine().usage(e.getCommandLine().getErr());
          } else {
            e.getCommandLine().getErr().println("jubjub: '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help' lists them all");
          }
          return ExitCodes.USAGE;
        });
    return cli.execute(args);
  }

  /**
   * A switch, not a map of constructor references: the AOT cache would archive those lambdas, and
   * one naming picocli's HelpCommand (an old class file the cache cannot hold) crashes the JVM that
   * writes the cache.
   */
  private static Object command(String name) {
    return switch (name) {
      case "mirror" -> new MirrorCommand();
      case "sync" -> new SyncCommand();
      case "verify" -> new VerifyCommand();
      case "delete" -> new DeleteCommand();
      case "serve" -> new ServeCommand();
      case "status" -> new StatusCommand();
      case "index" -> new IndexCommand();
      case "selftest" -> new SelftestCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * bandersnatch takes its options before the command ({@code bandersnatch -c CONF --debug
   * mirror}), and cron jobs and units say so: {@code -c CONF} (or {@code --config CONF}, {@code
   * --config=CONF}) among the options before the command is moved after it, where each command
   * reads it; {@code --debug} is an option of jubjub itself and stays.
   */
  static String[] configFirst(String... args) {
    List<String> leading = new ArrayList<>();
    List<String> config = new ArrayList<>();
    int i = 0;
    while (i < args.length && args[i].startsWith("-")) {
      String a = args[i];
      if ((a.equals("-c") || a.equals("--config")) && i + 1 < args.length) {
        config.add(a);
        config.add(args[i + 1]);
        i += 2;
      } else if (a.startsWith("--config=") || a.startsWith("-c") && a.length() > 2) {
        config.add(a);
        i++;
      } else if (a.equals("--debug")) {
        leading.add(a);
        i++;
      } else {
        return args;
      }
    }
    if (config.isEmpty() || i >= args.length) {
      return args;
    }
    List<String> moved = new ArrayList<>(leading);
    moved.add(args[i]);
    moved.addAll(config);
    moved.addAll(Arrays.asList(args).subList(i + 1, args.length));
    return moved.toArray(String[]::new);
  }

  /** --debug (before or after the command) and --quiet set the log levels before the command runs. */
  private static int execute(CommandLine.ParseResult parsed) {
    boolean debug = false;
    boolean quiet = false;
    for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
      debug |= r.hasMatchedOption("--debug");
      quiet |= r.hasMatchedOption("--quiet");
    }
    Logging.configure(debug, quiet);
    return new CommandLine.RunLast().execute(parsed);
  }

  /** ", did you mean 'mirror'?" for a mistyped command or option, else nothing. */
  private static String suggestion(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      return "";
    }
    String typed = u.getUnmatched().getFirst();
    java.util.Set<String> known;
    if (typed.startsWith("-")) {
      known = e.getCommandLine().getCommandSpec().optionsMap().keySet();
      typed = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    } else if (e.getCommandLine().getParent() == null) {
      known = e.getCommandLine().getSubcommands().keySet();
    } else {
      return "";
    }
    return dev.jubjub.config.EditDistance.closest(typed, known)
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
