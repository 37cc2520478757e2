package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.index.RootIndex;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes the root simple index from the project directories present in the tree (as bandersnatch
 * does), so it always matches what can be served, whatever filters or failures happened.
 */
final class RootIndexWriter {
  /** Normalized name and serial of every project in the tree, one a line; outside web/. */
  static final String SERIALS = ".jubjub-serials";
  private static final String STATUS_LINE = "#status ";
  private final Storage storage;
  private final MirrorLayout layout;
  private final SyncOptions.SimpleFormat format;

  /**
   * The serials of the pages this run wrote, so the root index need not read them back; kept only
   * where reading is a request (an object store): at PyPI's size a local first run would hold
   * 880,000 entries here for reads that cost a page-cache hit.
   */
  private final Map<String, Long> written;

  RootIndexWriter(Storage storage, MirrorLayout layout, SyncOptions.SimpleFormat format) {
    this.storage = storage;
    this.layout = layout;
    this.format = format;
    this.written = storage.localRoot().isEmpty() ? new java.util.concurrent.ConcurrentHashMap<>() : null;
  }

  List<String> projects() throws IOException {
    return scan().projects();
  }

  /**
   * The projects of the tree.
   *
   * @param projects normalized names of those with pages in this layout
   * @param strays those whose pages are still in the other layout ({@code hash-index} was
   *     switched): a run moves their pages to this one before anything else
   */
  record Found(List<String> projects, List<String> strays) {}

  /**
   * Lists {@code web/simple}. With hash-index, one-character directories are buckets of projects
   * and longer names are projects of the flat layout; without it, a one-character directory is a
   * project when it holds a page, and its subdirectories that hold pages are hash-index projects.
   */
  Found scan() throws IOException {
    List<String> names = new ArrayList<>();
    List<String> strays = new ArrayList<>();
    for (Storage.Entry top : storage.list(MirrorLayout.SIMPLE)) {
      if (!top.directory()) {
        continue;
      }
      String dir = MirrorLayout.SIMPLE + "/" + top.name();
      // One-character projects are rare: only their directories cost a look inside.
      boolean pages = top.name().length() == 1 && hasPage(dir);
      if (top.name().length() == 1) {
        for (Storage.Entry project : storage.list(dir)) {
          if (project.name().startsWith(top.name())
              && (layout.hashIndex() && !pages || hasPage(dir + "/" + project.name()))) {
            addIfProject(layout.hashIndex() ? names : strays, project);
          }
        }
      }
      if (top.name().length() > 1 || pages) {
        addIfProject(layout.hashIndex() ? strays : names, top);
      }
    }
    names.sort(null);
    strays.sort(null);
    return new Found(names, strays);
  }

  private boolean hasPage(String dir) throws IOException {
    return storage.stat(dir + "/index.html").isPresent() || storage.stat(dir + "/index.v1_json").isPresent();
  }

  private static void addIfProject(List<String> names, Storage.Entry entry) {
    if (entry.directory()
        && ProjectName.isValid(entry.name())
        && ProjectName.normalize(entry.name()).equals(entry.name())) {
      names.add(entry.name());
    }
  }

  /** Notes the serial of the pages a project now has (written or found current by this run). */
  void pageWritten(String name, long serial) {
    if (written != null && serial >= 0) {
      written.put(ProjectName.normalize(name), serial);
    }
  }

  /** Writes the root index, re-reading every project's serial (verify: everything may have changed). */
  void write(long serial) throws IOException {
    write(serial, null, Set.of());
  }

  /**
   * Writes the root index. The JSON listing carries each project's {@code _last-serial}, as
   * PyPI's does, so this tree can be the upstream of another mirror; the serials are kept in
   * {@code .jubjub-serials} and re-read from the pages only for the projects named in {@code
   * changed} (all of them when {@code changed} is null or the file is missing).
   *
   * @param leaving projects about to be removed: left out now, so that a run killed while removing
   *     them never leaves an index that lists a project without pages
   */
  void write(long serial, Set<String> changed, Set<String> leaving) throws IOException {
    // Outside a mirror run (sync, delete, verify) the projects a run left failing are still due:
    // its todo names them, with the serial upstream has them at, and the run's target.
    Optional<MirrorState.Todo> todo = new MirrorState(storage).loadTodo();
    write(Math.max(serial, todo.map(MirrorState.Todo::targetSerial).orElse(serial)), serial, changed, leaving,
        todo.map(MirrorState.Todo::projects).orElse(Map.of()));
  }

  /**
   * @param statusAfter the {@code status} the tree will have once this run ends
   * @param due projects this run failed (as upstream spells them), with the serial upstream has them at:
   *     the JSON listing gives them that serial, not their pages' older one. Listed at their old
   *     serial below {@code serial}, a project a later run syncs at the same upstream serial would
   *     never reach a mirror of this tree, whose plan looks only above its own serial; listed at
   *     the serial due, such a mirror fetches it, finds it stale, and retries it until it is here.
   */
  void write(long serial, long statusAfter, Set<String> changed, Set<String> leaving, Map<String, Long> due)
      throws IOException {
    List<String> names = projects();
    names.removeAll(leaving);
    long[] serials = serials(statusAfter, names, changed);
    Map<String, Long> dueByName = new HashMap<>();
    due.forEach((name, at) -> dueByName.merge(ProjectName.normalize(name), at, Math::max));
    for (int i = 0; i < serials.length; i++) {
      Long pending = dueByName.get(names.get(i));
      if (pending != null && pending > serials[i]) {
        // Never above the listing's own serial, which a mirror of this tree takes as reached: a
        // todo kept from before upstream's serial went back may name a higher one.
        serials[i] = Math.min(pending, serial);
      }
    }
    if (format.html()) {
      // The two HTML names get the same bytes in one pass, without reading 50 MB back.
      try (Storage.PendingFile html = storage.create(MirrorLayout.SIMPLE + "/index.html");
          Storage.PendingFile v1 = storage.create(MirrorLayout.SIMPLE + "/index.v1_html")) {
        Writer out = new BufferedWriter(
            new OutputStreamWriter(new TeeOutputStream(html.stream(), v1.stream()), StandardCharsets.UTF_8),
            256 * 1024);
        RootIndex.htmlStart(out);
        for (String name : names) {
          RootIndex.htmlEntry(out, name);
        }
        RootIndex.htmlEnd(out);
        out.flush();
        html.commit();
        v1.commit();
      }
    } else {
      storage.delete(MirrorLayout.SIMPLE + "/index.html");
      storage.delete(MirrorLayout.SIMPLE + "/index.v1_html");
    }
    if (format.json()) {
      try (Storage.PendingFile pending = storage.create(MirrorLayout.SIMPLE + "/index.v1_json")) {
        Writer out = writer(pending);
        RootIndex.jsonStart(out, serial);
        for (int i = 0; i < serials.length; i++) {
          RootIndex.jsonEntry(out, names.get(i), serials[i], i == 0);
        }
        RootIndex.jsonEnd(out);
        out.flush();
        pending.commit();
      }
    } else {
      storage.delete(MirrorLayout.SIMPLE + "/index.v1_json");
    }
    // Every run that wrote pages ends here: a new mark tells serving nodes to drop cached pages.
    MirrorLayout.markChanged(storage);
  }

  /**
   * The serial each local project was synced at, from {@code .jubjub-serials}; empty if none, or
   * if another tool (bandersnatch) synced the tree since: the file names the {@code status} it
   * was written for, and a different {@code status} means its pages may have changed behind it.
   */
  Map<String, Long> knownSerials() throws IOException {
    Map<String, Long> known = new HashMap<>();
    readKnown(known::put);
    return known;
  }

  /**
   * Each valid line of {@code .jubjub-serials}, in file order, read as a stream: at PyPI's size
   * the file has 880,000 lines, and one string plus an array of lines would take ~100 MB.
   */
  private void readKnown(BiConsumer<String, Long> line) throws IOException {
    if (storage.stat(SERIALS).isEmpty()) {
      return;
    }
    String status = storage.stat(MirrorLayout.STATUS).isPresent()
        ? new String(storage.readAllBytes(MirrorLayout.STATUS), StandardCharsets.UTF_8).trim()
        : "0";
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(storage.open(SERIALS), StandardCharsets.UTF_8), 256 * 1024)) {
      if (!(STATUS_LINE + status).equals(in.readLine())) {
        return; // written for another status: another tool may have synced the tree since
      }
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        SerialLines.parseLine(text, line);
      }
    }
  }

  /**
   * The serial of each of {@code names} (sorted), by position; -1 when unknown. Known serials are
   * matched against the names in one merged pass (the file is written sorted), not through a map
   * of 880,000 entries; a line out of order only costs a read of that project's pages.
   */
  private long[] serials(long mirrorSerial, List<String> names, Set<String> changed) throws IOException {
    long[] serials = new long[names.size()];
    Arrays.fill(serials, -1);
    if (changed != null) {
      int[] next = {0};
      readKnown((name, serial) -> {
        int i = next[0];
        while (i < names.size() && names.get(i).compareTo(name) < 0) {
          i++;
        }
        if (i < names.size() && names.get(i).equals(name)) {
          serials[i] = serial;
          i++;
        }
        next[0] = i;
      });
    }
    try (Storage.PendingFile pending = storage.create(SERIALS)) {
      Writer out = writer(pending);
      // Named for the status this run leaves when it succeeds; a run that fails, or another
      // tool's run, leaves another status, and the next run reads every page again.
      out.write(STATUS_LINE + mirrorSerial + "\n");
      for (int i = 0; i < serials.length; i++) {
        String name = names.get(i);
        if (serials[i] < 0 || (changed != null && changed.contains(name))) {
          Long known = written == null ? null : written.get(name);
          serials[i] = known != null ? known : new LinkedPages(storage, layout.simpleDirectory(name)).serial();
        }
        out.write(name);
        out.write(' ');
        out.write(Long.toString(serials[i]));
        out.write('\n');
      }
      out.flush();
      pending.commit();
    }
    return serials;
  }

  private static Writer writer(Storage.PendingFile pending) {
    return new BufferedWriter(
        new OutputStreamWriter(pending.stream(), StandardCharsets.UTF_8), 256 * 1024);
  }
}
