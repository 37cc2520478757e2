package dev.jubjub.sync;

import dev.jubjub.index.RootIndex;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the root simple index from the project directories present in the tree (as bandersnatch
 * does), so it always matches what can be served, whatever filters or failures happened.
 */
final class RootIndexWriter {
  private final Storage storage;
  private final MirrorLayout layout;
  private final SyncOptions.SimpleFormat format;

  RootIndexWriter(Storage storage, MirrorLayout layout, SyncOptions.SimpleFormat format) {
    this.storage = storage;
    this.layout = layout;
    this.format = format;
  }

  List<String> projects() throws IOException {
    List<String> names = new ArrayList<>();
    for (Storage.Entry top : storage.list(MirrorLayout.SIMPLE)) {
      if (!top.directory()) {
        continue;
      }
      if (layout.hashIndex()) {
        for (Storage.Entry project : storage.list(MirrorLayout.SIMPLE + "/" + top.name())) {
          addIfProject(names, project);
        }
      } else {
        addIfProject(names, top);
      }
    }
    names.sort(null);
    return names;
  }

  private static void addIfProject(List<String> names, Storage.Entry entry) {
    if (entry.directory()
        && ProjectName.isValid(entry.name())
        && ProjectName.normalize(entry.name()).equals(entry.name())) {
      names.add(entry.name());
    }
  }

  void write(long serial) throws IOException {
    List<String> names = projects();
    if (format.html()) {
      byte[] html;
      try (Storage.PendingFile pending = storage.create(MirrorLayout.SIMPLE + "/index.html")) {
        Writer out = writer(pending);
        RootIndex.htmlStart(out);
        for (String name : names) {
          RootIndex.htmlEntry(out, name);
        }
        RootIndex.htmlEnd(out);
        out.flush();
        pending.commit();
      }
      html = storage.readAllBytes(MirrorLayout.SIMPLE + "/index.html");
      storage.write(MirrorLayout.SIMPLE + "/index.v1_html", html);
    } else {
      storage.delete(MirrorLayout.SIMPLE + "/index.html");
      storage.delete(MirrorLayout.SIMPLE + "/index.v1_html");
    }
    if (format.json()) {
      try (Storage.PendingFile pending = storage.create(MirrorLayout.SIMPLE + "/index.v1_json")) {
        Writer out = writer(pending);
        RootIndex.jsonStart(out, serial);
        boolean first = true;
        for (String name : names) {
          RootIndex.jsonEntry(out, name, first);
          first = false;
        }
        RootIndex.jsonEnd(out);
        out.flush();
        pending.commit();
      }
    } else {
      storage.delete(MirrorLayout.SIMPLE + "/index.v1_json");
    }
  }

  private static Writer writer(Storage.PendingFile pending) {
    return new BufferedWriter(
        new OutputStreamWriter(pending.stream(), StandardCharsets.UTF_8), 256 * 1024);
  }
}
