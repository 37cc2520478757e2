package dev.jubjub.cli;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.ConfigLoader;
import dev.jubjub.config.ConfigMissingException;
import dev.jubjub.config.MirrorConfig;
import dev.jubjub.filter.Filters;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.search.SearchIndex;
import dev.jubjub.search.SearchIndexException;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageFactory;
import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.StorageException;
import dev.jubjub.sync.FilterConfirmationException;
import dev.jubjub.sync.Mirror;
import dev.jubjub.sync.ReleaseAge;
import dev.jubjub.sync.SyncOptions;
import dev.jubjub.sync.SyncStats;
import dev.jubjub.upstream.RetryPolicy;
import dev.jubjub.upstream.Upstream;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options every mirror command shares, and the one place errors become exit codes. */
final class CommonOptions {
  /**
   * Looked up on use, not held in a static field: picocli creates every command (and this mixin)
   * to build its model, so a field would start logback even for {@code --version} (~0.1 s).
   */
  static Logger log() {
    return LoggerFactory.getLogger("jubjub");
  }

  @Option(
      names = {"-c", "--config"},
      paramLabel = "CONFIG",
      description = "config file (default: $JUBJUB_CONFIG, /etc/bandersnatch.conf, ./bandersnatch.conf)")
  Path config;

  @Option(names = "--debug", description = "log at DEBUG level (as bandersnatch's --debug)")
  boolean debug;

  @Option(names = {"-q", "--quiet"}, description = "for cron: no progress, only errors and, when the run"
      + " failed, its summary")
  boolean quiet;

  /** Runs beside a server (serve --mirror-every): progress as log lines, never a bar. */
  boolean background;

  @Option(names = "--force", description = "say yes where a terminal would be asked: filters that exclude every"
      + " project, removals past the guard (more than 5 or 5%% of the mirror, or half of it)")
  boolean force;

  /** What a command does once config, upstream and storage are set up; returns the exit code. */
  interface Body {
    int run(MirrorConfig config, Upstream upstream, Storage storage, SyncOptions options)
        throws Exception;
  }

  /** A sync-like command: runs {@code job} with progress, then prints the summary. */
  int withMirror(String command, MirrorCommand.Job job) {
    return run(command, (cfg, upstream, storage, options) -> {
      Mirror mirror = new Mirror(upstream, storage, options, this::confirm);
      RunReport report = new RunReport(command, storage);
      Optional<SearchIndex> index = searchIndex(cfg);
      if (index.isPresent()) {
        mirror.stats().trackChangedProjects();
      }
      SyncStats stats;
      try (ProgressDisplay progress = progress(mirror.stats())) {
        stats = job.run(mirror);
      } catch (LockHeldException e) {
        throw e; // the run holding the lock writes its own report
      } catch (Exception | Error e) {
        report.write(exitCode(e), mirror.stats(), reason(e));
        throw e;
      }
      int code = stats.ok() ? ExitCodes.OK : ExitCodes.SYNC_ERRORS;
      if (index.isPresent()) {
        updateSearchIndex(index.get(), storage, stats.changedProjects());
      }
      report.write(code, stats, null);
      if (!quiet || !stats.ok()) {
        Summary.print(command, stats, System.out);
      }
      return code;
    });
  }

  /** The exit code the command boundary ({@link #configured}, {@link #run}) gives a run stopped by {@code e}. */
  private static int exitCode(Throwable e) {
    if (e instanceof UpstreamException) {
      return ExitCodes.UPSTREAM;
    }
    if (e instanceof StorageException || e instanceof IOException) {
      return ExitCodes.STORAGE;
    }
    return e instanceof FilterConfirmationException ? ExitCodes.USAGE : ExitCodes.SYNC_ERRORS;
  }

  /** Drops removed projects from the search index, when there is one. */
  static void unindex(MirrorConfig cfg, Storage storage, java.util.Set<String> removed) throws IOException {
    Optional<SearchIndex> index = searchIndex(cfg);
    if (index.isPresent()) {
      updateSearchIndex(index.get(), storage, removed);
    }
  }

  /** The search index {@code jubjub index} made, if it did: only then does a run note what it changed. */
  private static Optional<SearchIndex> searchIndex(MirrorConfig cfg) {
    Optional<SearchIndex> index = dev.jubjub.config.SearchConfig.from(cfg, new ArrayList<>()).indexDirectory()
        .map(SearchIndex::new);
    try {
      return index.isPresent() && index.get().exists() ? index : Optional.empty();
    } catch (IOException e) {
      log().warn("Cannot read the search index in {}: {}", index.get().directory(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Projects whose change a run could not put into the search index (its disk full, say), in the
   * mirror's storage: the next run indexes them with its own, and {@code jubjub index} covers them.
   */
  static final String SEARCH_PENDING = ".jubjub-search-pending";
  /** Past this many pending projects, a rebuild is the cheaper way back. */
  private static final int MAX_PENDING = 100_000;

  /**
   * Keeps the search index in step with the projects this run wrote or removed, and those an
   * earlier run could not: O(changed). Its failure is a warning, and its projects are kept for the
   * next run; the mirror itself is fine.
   */
  private static void updateSearchIndex(SearchIndex index, Storage storage, java.util.Set<String> changed)
      throws IOException {
    Optional<byte[]> pending = storage.readIfExists(SEARCH_PENDING);
    java.util.Set<String> names = new java.util.TreeSet<>(changed);
    pending.ifPresent(p -> names.addAll(new String(p, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()));
    if (names.isEmpty()) {
      return;
    }
    try {
      var update = index.update(storage, names);
      if (!update.noIndex()) {
        log().info("Search index: {} projects indexed, {} removed{}", update.indexed(), update.removed(),
            update.failed() == 0 ? "" : ", " + update.failed() + " failed");
      }
      if (pending.isPresent()) {
        storage.delete(SEARCH_PENDING);
      }
    } catch (SearchIndexException e) {
      if (names.size() > MAX_PENDING) {
        log().warn("{}; {} projects changed since it was last updated: run jubjub index", e.getMessage(), names.size());
        names.retainAll(names.stream().limit(MAX_PENDING).toList());
      } else {
        log().warn("{}; the next run indexes the {} projects it missed (or run jubjub index)", e.getMessage(),
            names.size());
      }
      storage.write(SEARCH_PENDING, String.join("\n", names).concat("\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The one line the command boundary prints for {@code e}, without its "jubjub: " prefix. */
  private static String reason(Throwable e) {
    if (e instanceof UpstreamException) {
      return "upstream failed: " + e.getMessage();
    }
    if (e instanceof StorageException || e instanceof IOException) {
      return "the mirror's storage failed: " + withReason((Exception) e);
    }
    return String.valueOf(e.getMessage());
  }

  /** A progress bar on a terminal, a log line every 10 s otherwise, nothing with --quiet. */
  ProgressDisplay progress(SyncStats stats) {
    if (quiet) {
      return new ProgressDisplay(stats, ProgressDisplay.Mode.NONE, Duration.ZERO);
    }
    if (isTerminal() && !background) {
      Logging.underProgressBar();
      return new ProgressDisplay(stats, ProgressDisplay.Mode.BAR, Duration.ZERO);
    }
    return new ProgressDisplay(stats, ProgressDisplay.Mode.LINES, Duration.ofSeconds(10));
  }

  /** What a command does with its loaded config; returns the exit code. */
  interface ConfigBody {
    int run(MirrorConfig config) throws Exception;
  }

  /**
   * Loads the config and runs {@code body}; a missing config (written for review) or a config
   * mistake, from loading or from the body reading its own sections, becomes one line and an
   * exit code.
   */
  int configured(String command, ConfigBody body) {
    try {
      return body.run(new ConfigLoader().load(Optional.ofNullable(config)));
    } catch (ConfigMissingException e) {
      System.err.println("jubjub: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (ConfigException e) {
      System.err.println("jubjub: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (StorageException | IOException e) {
      // Upstream failures are UpstreamExceptions: an I/O error here is the mirror's own storage.
      log().debug("local storage failure", e);
      System.err.println("jubjub: " + command + " stopped: the mirror's storage failed: " + withReason(e)
          + " (nothing partial is visible; run again once this is fixed)");
      return ExitCodes.STORAGE;
    } catch (IllegalArgumentException e) {
      // A path the tree cannot hold (a directory where jubjub keeps a file of its own): one line.
      log().debug("{} stopped", command, e);
      System.err.println("jubjub: " + command + " stopped: " + e.getMessage());
      return ExitCodes.SYNC_ERRORS;
    } catch (Exception e) {
      log().error("{} failed", command, e);
      return ExitCodes.SYNC_ERRORS;
    }
  }

  /**
   * The message, with the reason the JDK leaves out: an {@link java.nio.file.AccessDeniedException}'s
   * message is only the path.
   */
  static String withReason(Exception e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.file.FileSystemException fs) {
        String reason = fs.getReason() != null ? fs.getReason()
            : t instanceof java.nio.file.AccessDeniedException ? "permission denied"
            : t instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
            : t instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
            : t instanceof java.nio.file.NotDirectoryException ? "not a directory"
            : t.getClass().getSimpleName();
        return message.contains(reason) ? message : message + ": " + reason;
      }
    }
    return message;
  }

  /** {@link #run}, for a command that works on an existing mirror ({@link StorageFactory#open}). */
  int runOnMirror(String command, Body body) {
    return run(command, body, true);
  }

  /** Loads the config, opens upstream and storage, and turns every failure into one line and an exit code. */
  int run(String command, Body body) {
    return run(command, body, false);
  }

  /** @param existing refuse, before the storage creates anything, a directory with no mirror */
  private int run(String command, Body body, boolean existing) {
    return configured(command, cfg -> {
      SyncOptions options = syncOptions(cfg);
      List<String> warnings = new ArrayList<>();
      try (Storage storage = StorageFactory.open(cfg, warnings, existing);
          Upstream upstream = new Upstream(upstreamSettings(cfg))) {
        warnings.forEach(log()::warn);
        return body.run(cfg, upstream, storage, options);
      } catch (FilterConfirmationException e) {
        System.err.println("jubjub: " + e.getMessage());
        return ExitCodes.USAGE;
      } catch (LockHeldException e) {
        // For cron (--quiet) a run still going is the usual reason, not news worth a mail.
        if (!quiet) {
          System.err.println("jubjub: " + e.getMessage());
        }
        return ExitCodes.LOCKED;
      } catch (UpstreamException e) {
        System.err.println("jubjub: " + reason(e));
        return ExitCodes.UPSTREAM;
      }
    });
  }

  static Upstream.Settings upstreamSettings(MirrorConfig c) {
    return new Upstream.Settings(
        c.master(),
        c.proxy(),
        c.timeout(),
        c.globalTimeout(),
        c.downloadMirror(),
        c.downloadMirrorNoFallback(),
        RetryPolicy.DEFAULT,
        c.caBundle());
  }

  static SyncOptions syncOptions(MirrorConfig c) {
    // Refused rather than ignored: it would silently build a different mirror than asked for.
    if (c.digestName() != MirrorConfig.DigestName.SHA256) {
      throw new ConfigException("digest_name = " + c.digestName().configName() + " is not supported yet (only sha256)");
    }
    return new SyncOptions(
        c.workers(),
        c.hashIndex(),
        c.stopOnError(),
        c.deletePackages(),
        c.json(),
        c.releaseFiles(),
        c.coreMetadata(),
        SyncOptions.CompareMethod.valueOf(c.compareMethod().name()),
        SyncOptions.SimpleFormat.valueOf(c.simpleFormat().name()),
        c.rootUri(),
        c.diffFile(),
        c.diffAppendEpoch(),
        c.cleanup(),
        c.keepIndexVersions(),
        filters(c),
        ReleaseAge.from(c.ini(), ReleaseAge.clockFromEnvironment()));
  }

  static Filters filters(MirrorConfig c) {
    List<String> warnings = new ArrayList<>();
    Filters filters = Filters.from(c.ini(), warnings);
    warnings.forEach(log()::warn);
    return filters;
  }

  /** --force says yes; on a terminal the user is asked; in batch mode (cron) the answer is no. */
  boolean confirm(String question) {
    if (force) {
      return true;
    }
    java.io.Console console = System.console();
    // A scheduled run beside a server has nobody to ask, even when serve was started on a terminal.
    if (background || !isTerminal() || console == null) {
      return false;
    }
    String answer = console.readLine("%s. Continue? [y/N] ", question);
    return answer != null && answer.trim().equalsIgnoreCase("y");
  }

  /** The names as project names, or null after saying which one is not valid. */
  static List<ProjectName> projectNames(List<String> args) {
    List<ProjectName> names = new ArrayList<>();
    for (String p : args) {
      if (!ProjectName.isValid(p)) {
        System.err.println("jubjub: invalid project name " + ProjectName.printable(p));
        return null;
      }
      names.add(ProjectName.of(p));
    }
    return names;
  }

  /** Java 22+ can tell a terminal from a redirected stream; on 21 a console means a terminal. */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method m = java.io.Console.class.getMethod("isTerminal");
      return (boolean) m.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
