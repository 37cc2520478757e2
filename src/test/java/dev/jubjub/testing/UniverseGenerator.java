package dev.jubjub.testing;

import static dev.jubjub.testing.FileKind.MACOSX_ARM64;
import static dev.jubjub.testing.FileKind.MANYLINUX_X86_64;
import static dev.jubjub.testing.FileKind.PURE_WHEEL;
import static dev.jubjub.testing.FileKind.SDIST;
import static dev.jubjub.testing.FileKind.UNIVERSAL_WHEEL;
import static dev.jubjub.testing.FileKind.WIN32;
import static dev.jubjub.testing.FileKind.WIN_AMD64;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates a reproducible universe: a fixed core every test can rely on, then random projects
 * (from {@link Random}, whose sequence the JDK specifies) until the requested count.
 *
 * <p>The fixed core: {@code jubjub-app} requires {@code jubjub-mid} requires {@code jubjub-base}
 * (pure wheels, installable on CPython 3.11; versions 1.0.0 and 1.1.0, and an app 2.0.0rc1 that
 * pip skips without {@code --pre}); {@code Foo.Bar_baz} (a pre-release, a yanked release);
 * {@code ZOPE.Interface} (platform wheels, a dev release); {@code Base_Core} ({@code
 * Requires-Python} with {@code <}, a yanked file); {@code lib.mid} (depends on Base_Core).
 */
final class UniverseGenerator {
  private static final List<String> WORDS = List.of(
      "vorpal", "tove", "borogove", "mimsy", "brillig", "slithy", "wabe", "gyre", "gimble",
      "frumious", "tumtum", "uffish", "tulgey", "beamish", "galumph", "chortle", "manxome",
      "jabber", "wock", "snicker", "callooh", "outgrabe", "rath", "mome", "whiffling", "burble");
  private static final List<String> REQUIRES_PYTHON = java.util.Arrays.asList(
      null, null, ">=3.7", ">=3.8", ">=3.8,<4", ">=3.9, <3.14", "!=3.0.*,!=3.1.*,>=2.7");
  private static final List<String> CPYTHONS = List.of("cp310", "cp311", "cp312");
  private static final List<String> YANK_REASONS = List.of("", "broken build", "security issue: CVE-0000-0000");
  private static final List<FileKind> PLATFORMS = List.of(WIN32, WIN_AMD64, MACOSX_ARM64, MANYLINUX_X86_64);

  private final Universe universe = Universe.empty();
  private final Random random;
  private final Set<String> taken = new HashSet<>();
  private final List<String> generated = new ArrayList<>();
  private boolean randomYanks; // off while the fixed core is built: it decides its own yanks

  private UniverseGenerator(long seed) {
    this.random = new Random(seed);
  }

  static Universe generate(long seed, int projects) {
    var generator = new UniverseGenerator(seed);
    generator.fixedCore();
    generator.randomYanks = true;
    while (generator.taken.size() < projects) {
      generator.randomProject();
    }
    return generator.universe;
  }

  private void fixedCore() {
    project("jubjub-base");
    release("jubjub-base", ReleaseSpec.of("1.0.0").withRequiresPython(">=3.8"));
    release("jubjub-base", ReleaseSpec.of("1.1.0").withRequiresPython(">=3.8"));
    project("jubjub-mid");
    release("jubjub-mid", ReleaseSpec.of("1.0.0").withRequires("jubjub-base>=1.0"));
    release("jubjub-mid", ReleaseSpec.of("1.1.0").withRequires("jubjub-base>=1.1"));
    project("jubjub-app");
    release("jubjub-app", ReleaseSpec.of("1.0.0").withRequires("jubjub-mid>=1.0"));
    release("jubjub-app", ReleaseSpec.of("1.1.0").withRequires("jubjub-mid>=1.1", "colorama; sys_platform == 'win32'"));
    release("jubjub-app", ReleaseSpec.of("2.0.0rc1", PURE_WHEEL).withRequires("jubjub-mid>=1.1"));

    project("Foo.Bar_baz");
    release("Foo.Bar_baz", ReleaseSpec.of("0.9", UNIVERSAL_WHEEL, SDIST));
    release("Foo.Bar_baz", ReleaseSpec.of("1.0a1", PURE_WHEEL));
    release("Foo.Bar_baz", ReleaseSpec.of("1.0"));
    release("Foo.Bar_baz", ReleaseSpec.of("1.0.1"));
    universe.yankRelease("Foo.Bar_baz", "1.0.1", "broken build");

    project("ZOPE.Interface");
    release("ZOPE.Interface", ReleaseSpec.of("5.0", SDIST, WIN32, WIN_AMD64, MACOSX_ARM64, MANYLINUX_X86_64));
    release("ZOPE.Interface", ReleaseSpec.of("5.1.dev3", SDIST));

    project("Base_Core");
    release("Base_Core", ReleaseSpec.of("1.0.dev3", SDIST).withRequiresPython(">=3.8,<4"));
    release("Base_Core", ReleaseSpec.of("1.0").withRequiresPython(">=3.8,<4"));
    release("Base_Core", ReleaseSpec.of("2.0rc1", PURE_WHEEL, MANYLINUX_X86_64).withRequiresPython(">=3.9,<4"));
    universe.yankFile("Base_Core", "base_core-1.0-py3-none-any.whl", "wrong tag");

    project("lib.mid");
    release("lib.mid", ReleaseSpec.of("0.1", SDIST));
    release("lib.mid", ReleaseSpec.of("0.2", PURE_WHEEL, SDIST, MANYLINUX_X86_64).withRequires("Base_Core>=1.0"));
  }

  private void randomProject() {
    String name = randomName();
    project(name);
    int major = random.nextInt(4);
    int minor = random.nextInt(10);
    int releases = 1 + random.nextInt(5);
    for (int i = 0; i < releases; i++) {
      String version = major + "." + minor + (random.nextInt(3) == 0 ? "." + random.nextInt(5) : "");
      if (random.nextInt(6) == 0) {
        String[] pre = {"a1", "b2", "rc1", ".dev3"};
        release(name, spec(version + pre[random.nextInt(pre.length)]));
      }
      if (random.nextInt(20) == 0) {
        version += ".post1";
      }
      release(name, spec(version));
      minor += 1 + random.nextInt(3);
      if (random.nextInt(4) == 0) {
        major++;
        minor = 0;
      }
    }
    generated.add(name);
  }

  private ReleaseSpec spec(String version) {
    List<FileKind> kinds = new ArrayList<>();
    int shape = random.nextInt(20);
    if (shape < 10) { // the common case: a pure wheel and an sdist
      kinds.add(random.nextInt(4) == 0 ? UNIVERSAL_WHEEL : PURE_WHEEL);
      kinds.add(SDIST);
    } else if (shape < 14) { // platform wheels, usually with an sdist
      PLATFORMS.stream().filter(k -> random.nextInt(3) != 0).forEach(kinds::add);
      kinds.add(random.nextInt(5) == 0 && !kinds.isEmpty() ? kinds.get(0) : SDIST);
      kinds = kinds.stream().distinct().toList();
    } else if (shape < 17) {
      kinds.add(SDIST);
    } else {
      kinds.add(PURE_WHEEL);
    }
    return new ReleaseSpec(
        version, kinds, requirements(), REQUIRES_PYTHON.get(random.nextInt(REQUIRES_PYTHON.size())),
        CPYTHONS.get(random.nextInt(CPYTHONS.size())), 300 + random.nextInt(2500));
  }

  private List<String> requirements() {
    if (generated.isEmpty() || random.nextInt(4) != 0) {
      return List.of();
    }
    String dependency = generated.get(random.nextInt(generated.size()));
    return switch (random.nextInt(3)) {
      case 0 -> List.of(dependency + ">=0.1");
      case 1 -> List.of(dependency, "jubjub-base; extra == \"base\"");
      default -> List.of(dependency + "; python_version < \"3.11\"");
    };
  }

  private String randomName() {
    String a = WORDS.get(random.nextInt(WORDS.size()));
    String b = WORDS.get(random.nextInt(WORDS.size()));
    String name = switch (random.nextInt(6)) {
      case 0 -> a + "-" + b;
      case 1 -> capital(a) + "_" + capital(b);
      case 2 -> a + "." + b;
      case 3 -> capital(a) + capital(b);
      case 4 -> a.toUpperCase(Locale.ROOT) + "." + capital(b);
      default -> a + b;
    };
    String candidate = name;
    for (int n = 2; taken.contains(Names.normalize(candidate)); n++) {
      candidate = name + n;
    }
    return candidate;
  }

  private static String capital(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private void project(String name) {
    taken.add(Names.normalize(name));
    universe.addProject(name);
  }

  /** Releases now and then get yanked, whole or one file, after upload as on PyPI. */
  private void release(String project, ReleaseSpec spec) {
    if (universe.require(project).release(spec.version()).isPresent()) {
      return; // a random version may repeat; the first one stands
    }
    UpstreamProject p = universe.addRelease(project, spec);
    if (!randomYanks) {
      return;
    }
    int dice = random.nextInt(25);
    if (dice == 0) {
      universe.yankRelease(project, spec.version(), YANK_REASONS.get(random.nextInt(YANK_REASONS.size())));
    } else if (dice == 1) {
      universe.yankFile(project, p.release(spec.version()).orElseThrow().files().get(0).filename(), "");
    }
  }
}
