package dev.jubjub.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** PEP 691 content negotiation: picks the representation the client's Accept header prefers. */
final class Negotiation {
  static final String JSON = "application/vnd.pypi.simple.v1+json";
  static final String HTML_V1 = "application/vnd.pypi.simple.v1+html";
  static final String HTML = "text/html";

  private Negotiation() {}

  private record Range(String type, String subtype, double q) {
    /** How specifically this range matches a media type: -1 none, 0 wildcard, 1 type, 2 exact. */
    int match(String mediaType) {
      String[] t = mediaType.split("/", 2);
      String sub = subtype.replace("vnd.pypi.simple.latest+", "vnd.pypi.simple.v1+");
      if (type.equals("*") && sub.equals("*")) {
        return 0;
      }
      if (type.equals(t[0]) && sub.equals("*")) {
        return 1;
      }
      return type.equals(t[0]) && sub.equals(t[1]) ? 2 : -1;
    }
  }

  /**
   * The offered type the client accepts with the highest q (the most specific matching range
   * decides each type's q); ties go to the order of {@code offered}. No Accept header means
   * {@code text/html}, as PEP 691 asks for old clients. Empty when nothing offered is acceptable.
   */
  static Optional<String> choose(String accept, List<String> offered) {
    if (accept == null || accept.isBlank()) {
      return offered.contains(HTML) ? Optional.of(HTML) : offered.stream().findFirst();
    }
    List<Range> ranges = parse(accept);
    String best = null;
    double bestQ = 0;
    for (String type : offered) {
      int specificity = -1;
      double q = 0;
      for (Range r : ranges) {
        int m = r.match(type);
        if (m > specificity) {
          specificity = m;
          q = r.q();
        }
      }
      if (specificity >= 0 && q > bestQ) {
        best = type;
        bestQ = q;
      }
    }
    return Optional.ofNullable(best);
  }

  private static List<Range> parse(String accept) {
    List<Range> ranges = new ArrayList<>();
    for (String part : accept.split(",")) {
      String[] params = part.trim().split(";");
      if (params.length == 0) {
        continue; // "Accept: ;" and the like
      }
      String[] type = params[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
      if (type.length != 2 || type[0].isEmpty() || type[1].isEmpty()) {
        continue;
      }
      ranges.add(new Range(type[0], type[1], quality(params, 1)));
    }
    return ranges;
  }

  /** The q among a header element's parameters from {@code from} on: 1 without one, 0 unreadable. */
  private static double quality(String[] params, int from) {
    double q = 1;
    for (int i = from; i < params.length; i++) {
      String[] kv = params[i].trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("q")) {
        try {
          double parsed = Double.parseDouble(kv[1].trim());
          q = Double.isNaN(parsed) ? 0 : Math.max(0, Math.min(1, parsed));
        } catch (NumberFormatException e) {
          q = 0;
        }
      }
    }
    return q;
  }

  /** Whether parameters such as {@code "q=0"} (what follows an element's first ';') refuse it. */
  static boolean zeroQuality(String params) {
    return quality(params.split(";"), 0) == 0;
  }
}
