package dev.jubjub.cli;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.sync.Mirror;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jubjub delete PROJECT…}: remove projects from the mirror. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Remove projects (pages, files, JSON copies) from the mirror and update the root index.")
final class DeleteCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--dry-run", description = "print what would be removed, remove nothing")
  boolean dryRun;

  @Option(names = "--workers", paramLabel = "N", description = "projects removed at once (default: [mirror] workers)")
  Integer workers;

  @Parameters(arity = "1..*", paramLabel = "PROJECT", description = "project names")
  List<String> projects = new ArrayList<>();

  @Override
  public Integer call() {
    List<ProjectName> names = CommonOptions.projectNames(projects);
    if (names == null) {
      return ExitCodes.USAGE;
    }
    return common.runOnMirror("delete", (cfg, upstream, storage, options) -> {
      List<String> paths = new Mirror(upstream, storage, workers != null && workers > 0 ? options.withWorkers(workers) : options)
          .delete(names, dryRun);
      if (!dryRun) {
        // The index reads each name's JSON copy, which is gone now: the name leaves the index.
        CommonOptions.unindex(cfg, storage, names.stream().map(ProjectName::normalized)
            .collect(java.util.stream.Collectors.toSet()));
      }
      if (common.quiet && !dryRun) {
        return ExitCodes.OK;
      }
      paths.forEach(p -> System.out.println((dryRun ? "would remove " : "removed ") + storage.describe(p)));
      System.out.printf("jubjub delete: %d path%s %s for %d project%s%n", paths.size(), paths.size() == 1 ? "" : "s",
          dryRun ? "would be removed" : "removed", names.size(), names.size() == 1 ? "" : "s");
      return ExitCodes.OK;
    });
  }
}
