package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.upstream.Listing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {
  static Listing listing(Object... nameSerial) {
    Map<String, Listing.Entry> m = new java.util.HashMap<>();
    for (int i = 0; i < nameSerial.length; i += 2) {
      ProjectName n = ProjectName.of((String) nameSerial[i]);
      m.put(n.normalized(), new Listing.Entry(n, (Integer) nameSerial[i + 1]));
    }
    return new Listing(m.values().stream().mapToLong(Listing.Entry::serial).max().orElse(0), m);
  }

  @Test
  void firstRunSyncsEverything() {
    Plan p = Plan.make(0, Optional.empty(), listing("A", 5, "b.c", 9), List.of(), true);
    assertThat(p.toSync()).containsOnlyKeys("A", "b.c");
    assertThat(p.targetSerial()).isEqualTo(9);
  }

  @Test
  void incrementalRunSyncsOnlyWhatChangedAndRemovesWhatIsGone() {
    Plan p = Plan.make(9, Optional.empty(), listing("a", 5, "b", 12), List.of("a", "old"), true);
    assertThat(p.toSync()).containsOnlyKeys("b");
    assertThat(p.toRemove()).containsExactly("old");
    assertThat(p.targetSerial()).isEqualTo(12);
  }

  @Test
  void keepsRemovedProjectsWhenDeletePackagesIsOff() {
    Plan p = Plan.make(9, Optional.empty(), listing("a", 5), List.of("old"), false);
    assertThat(p.toRemove()).isEmpty();
  }

  @Test
  void resumeFinishesTheTodoAndPicksUpNewerChanges() {
    MirrorState.Todo todo = new MirrorState.Todo(10, Map.of("x", 7L));
    Plan p = Plan.make(0, Optional.of(todo), listing("x", 7, "y", 3, "z", 11), List.of("y"), true);
    assertThat(p.toSync()).containsOnlyKeys("x", "z");
    assertThat(p.targetSerial()).isEqualTo(11);
  }

  @Test
  void nothingChangedMeansNothingToDo() {
    Plan p = Plan.make(12, Optional.empty(), listing("a", 5, "b", 12), List.of("a", "b"), true);
    assertThat(p.toSync()).isEmpty();
    assertThat(p.toRemove()).isEmpty();
    assertThat(p.targetSerial()).isEqualTo(12);
  }

  @Test
  void aSerialGoingBackSyncsWhatDiffersFromTheLocalSerialsAndFollowsUpstream() {
    Plan p = Plan.make(100, Optional.empty(), listing("a", 50, "b", 30, "c", 20),
        new Plan.Local(List.of("a", "b", "c"), Map.of("a", 90L, "b", 30L), Map.of()), true, name -> true, false);
    assertThat(p.serialWentBack()).isTrue();
    assertThat(p.toSync()).containsOnlyKeys("a", "c");
    assertThat(p.targetSerial()).isEqualTo(50);
  }

  @Test
  void aSerialAheadIsNotGoingBack() {
    Plan p = Plan.make(100, Optional.empty(), listing("a", 101, "b", 30),
        new Plan.Local(List.of("a", "b"), Map.of(), Map.of()), true, name -> true, false);
    assertThat(p.serialWentBack()).isFalse();
    assertThat(p.toSync()).containsOnlyKeys("a");
  }

  @Test
  void projectsLeftOutOnPurposeAreNotFetchedAgainUntilTheirSerialMoves() {
    Plan p = Plan.make(100, Optional.empty(), listing("kept", 90, "excluded", 80, "moved", 101, "new", 20),
        new Plan.Local(List.of("kept"), Map.of(), Map.of("excluded", 80L, "moved", 95L, "new", 19L)),
        true, name -> true, false);
    assertThat(p.toSync()).containsOnlyKeys("moved", "new");
  }

  @Test
  void aTodoSerialAboveARestoredUpstreamsGivesWayToTheListing() {
    MirrorState.Todo todo = new MirrorState.Todo(100, Map.of("p", 100L));
    Plan p = Plan.make(5, Optional.of(todo), listing("p", 3, "q", 5), List.of("p", "q"), true);
    assertThat(p.toSync()).containsEntry("p", 3L);
  }

  @Test
  void theRemovalGuardHoldsAtEverySize() {
    assertThat(Mirror.tooManyRemovals(0, 0)).isFalse();
    assertThat(Mirror.tooManyRemovals(1, 1)).isTrue();
    assertThat(Mirror.tooManyRemovals(1, 2)).isFalse();
    assertThat(Mirror.tooManyRemovals(5, 6)).isTrue();
    assertThat(Mirror.tooManyRemovals(3, 6)).isFalse();
    assertThat(Mirror.tooManyRemovals(5, 20)).isFalse();
    assertThat(Mirror.tooManyRemovals(6, 20)).isTrue();
    assertThat(Mirror.tooManyRemovals(50, 1000)).isFalse();
    assertThat(Mirror.tooManyRemovals(51, 1000)).isTrue();
  }

  @Test
  void aPlanFromTheEntriesItReadsIsThePlanFromTheWholeListing() {
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 2000; round++) {
      Map<String, Listing.Entry> all = new java.util.HashMap<>();
      List<String> local = new java.util.ArrayList<>();
      Map<String, Long> skipped = new java.util.HashMap<>();
      Map<String, Long> serials = new java.util.HashMap<>();
      for (int k = 0; k < 30; k++) {
        String name = "p" + k;
        if (random.nextInt(4) > 0) {
          all.put(name, new Listing.Entry(ProjectName.of(name), random.nextInt(40)));
        }
        if (random.nextInt(3) == 0) {
          local.add(name);
          serials.put(name, (long) random.nextInt(40));
        } else if (random.nextInt(5) == 0) {
          skipped.put(name, (long) random.nextInt(40));
        }
      }
      long status = random.nextInt(3) == 0 ? 0 : random.nextInt(40);
      Optional<MirrorState.Todo> todo = random.nextInt(4) == 0
          ? Optional.of(new MirrorState.Todo(random.nextInt(45), Map.of("p" + random.nextInt(30), 7L)))
          : Optional.empty();
      java.util.Set<String> allowedNames = new java.util.HashSet<>();
      for (int k = 0; k < 30; k++) {
        if (random.nextInt(3) > 0) {
          allowedNames.add("p" + k);
        }
      }
      java.util.function.Predicate<String> allowed = random.nextBoolean() ? n -> true : allowedNames::contains;
      boolean recheck = random.nextInt(5) == 0;
      boolean deletePackages = random.nextBoolean();
      long max = all.values().stream().mapToLong(Listing.Entry::serial).max().orElse(0);
      Listing whole = new Listing(max, all);
      Listing kept = whole.keeping(Plan.reads(local, allowed));
      Plan.Local mirror = new Plan.Local(local, serials, skipped);
      assertThat(Plan.make(status, todo, kept, mirror, deletePackages, allowed, recheck))
          .as("round %d", round)
          .isEqualTo(Plan.make(status, todo, whole, mirror, deletePackages, allowed, recheck));
    }
  }
}
