package dev.jubjub.testing;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a fake PyPI by hand or for benchmarks: {@code --port P} (default 0: ephemeral; the base URI
 * is printed), {@code --projects N}, {@code --seed S}, {@code --fixtures} adds the recorded projects.
 */
public final class FakePyPIMain {
  private FakePyPIMain() {}

  public static void main(String[] args) throws InterruptedException {
    int projects = 200;
    long seed = 1;
    boolean fixtures = false;
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--projects" -> projects = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--fixtures" -> fixtures = true;
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: [--port P] [--projects N] [--seed S] [--fixtures]");
      }
    }
    Universe universe = Universe.generate(seed, projects);
    if (fixtures) {
      universe.addFixtures(false);
    }
    FakePyPI fake = FakePyPI.start(universe, port);
    System.out.println(fake.baseUri());
    System.out.printf("%d projects, %d files, %d bytes, serial %d%n",
        universe.projects().size(), universe.files().size(), universe.totalBytes(), universe.serial());
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    new CountDownLatch(1).await();
  }
}
