package dev.jubjub.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Real curl requests; returns status, headers (lower-cased names) and body. */
final class Curl {
  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private Curl() {}

  static Reply get(Path tmp, String url, String... extraArgs) throws IOException, InterruptedException {
    Path headers = Files.createTempFile(tmp, "h-", ".txt");
    Path body = Files.createTempFile(tmp, "b-", ".bin");
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "--path-as-is", "-D", headers.toString(),
        "-o", body.toString()));
    cmd.addAll(List.of(extraArgs));
    cmd.add(url);
    Processes.Result r = Processes.run(new ProcessBuilder(cmd), tmp.resolve("curl-logs"), 60);
    if (r.exitCode() != 0) {
      throw new AssertionError("curl failed: " + r.stderr());
    }
    Map<String, String> h = new TreeMap<>();
    int status = 0;
    for (String line : Files.readAllLines(headers)) {
      if (line.startsWith("HTTP/")) {
        status = Integer.parseInt(line.split(" ")[1]);
        h.clear();
      } else if (line.contains(":")) {
        String name = line.substring(0, line.indexOf(':')).trim().toLowerCase();
        h.merge(name, line.substring(line.indexOf(':') + 1).trim(), (a, b) -> a + ", " + b);
      }
    }
    return new Reply(status, h, Files.readString(body, java.nio.charset.StandardCharsets.ISO_8859_1));
  }
}
