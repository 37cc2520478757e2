package dev.jubjub.testing;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a fake PyPI by hand or for benchmarks: {@code --port P} (default 0: ephemeral; the base URI
 * is printed), {@code --projects N}, {@code --seed S}, {@code --fixtures} adds the recorded projects.
 * {@code --padding BYTES} makes a large-files universe instead of the generated one: N projects
 * {@code large-1}…{@code large-N}, each with release 1.0 of a pure wheel and an sdist carrying BYTES
 * of hex filler each (a file is about half of BYTES once compressed), for throughput benchmarks.
 * {@code --scale N [--churn K]} serves a {@link ScalePyPI} of N projects instead (pypi.org's size is
 * 880,000), with K of them churned before it starts; {@code /admin/churn?count=K} churns more later.
 * {@code --files-base URL} links the files to another host, as pypi.org links to
 * files.pythonhosted.org (for a proxy in front, such as the TLS front of the benchmarks).
 */
public final class FakePyPIMain {
  private FakePyPIMain() {}

  public static void main(String[] args) throws InterruptedException {
    int projects = 200;
    long seed = 1;
    boolean fixtures = false;
    int port = 0;
    int padding = 0;
    int scale = 0;
    int churn = 0;
    String filesBase = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--projects" -> projects = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--fixtures" -> fixtures = true;
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--padding" -> padding = Integer.parseInt(args[++i]);
        case "--scale" -> scale = Integer.parseInt(args[++i]);
        case "--churn" -> churn = Integer.parseInt(args[++i]);
        case "--files-base" -> filesBase = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: [--port P] [--projects N] [--seed S] [--fixtures] [--padding BYTES] [--scale N [--churn K]] [--files-base URL]");
      }
    }
    if (scale > 0) {
      ScalePyPI fake;
      try {
        fake = ScalePyPI.start(scale, port);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (churn > 0) {
        fake.churn(churn, 0);
      }
      System.out.println(fake.baseUri());
      System.out.printf("scale: %d projects, serial %d, %d churned%n", fake.size(), fake.serial(), churn);
      Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
      new CountDownLatch(1).await();
    }
    Universe universe = padding > 0 ? large(projects, padding) : Universe.generate(seed, projects);
    if (fixtures) {
      universe.addFixtures(false);
    }
    FakePyPI fake = FakePyPI.start(universe, port);
    if (filesBase != null) {
      fake.linkFilesTo(java.net.URI.create(filesBase));
    }
    System.out.println(fake.baseUri());
    System.out.printf("%d projects, %d files, %d bytes, serial %d%n",
        universe.projects().size(), universe.files().size(), universe.totalBytes(), universe.serial());
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    new CountDownLatch(1).await();
  }

  private static Universe large(int projects, int padding) {
    Universe universe = Universe.empty();
    for (int i = 1; i <= projects; i++) {
      String name = "large-" + i;
      universe.addProject(name);
      universe.addRelease(name, ReleaseSpec.of("1.0").withPadding(padding));
    }
    return universe;
  }
}
