package dev.jubjub.pypi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requirements a pip requirements file names, for bandersnatch's {@code project_requirements}
 * and {@code project_requirements_pinned} filters, and what was ignored on the way.
 *
 * <p>Lines are read as pip reads them: a trailing backslash continues a line, {@code #} starts a
 * comment at the start of a line or after whitespace, {@code -r}/{@code --requirement} includes
 * another file (relative to the including file; each file at most once, so cycles end), and
 * other options ({@code -c}, {@code -e}, {@code -i}, ...) are ignored with a warning. Options
 * after a requirement ({@code foo==1 --hash=...}) are dropped; {@code --hash} silently, as a
 * mirror keeps every file of a release whatever its hash. Bandersnatch itself skips every line
 * starting with {@code -}, so following {@code -r} is an extension.
 *
 * @param warnings one line each, led by {@code file:line}
 */
public record RequirementsFile(List<Requirement> requirements, List<String> warnings) {
  private static final Pattern LINE_BREAK =
      Pattern.compile("\r\n|[\n\r\u000B\u000C\u001C\u001D\u001E\u0085\u2028\u2029]");
  private static final Pattern CONTINUATION_COMMENT = Pattern.compile("^(" + PythonText.SPACE_CLASS + "+)?#");
  private static final Pattern CODING = Pattern.compile("coding[:=]\\s*([-\\w.]+)");
  private static final Pattern INCLUDE = Pattern.compile("^(?:-r|--requirement)(?:=|\\s+|(?=[^-\\s]))(.+)$");
  private static final Pattern OPTION_NAME = Pattern.compile("^(--[^=\\s]+|-[^-\\s])");

  public RequirementsFile {
    requirements = List.copyOf(requirements);
    warnings = List.copyOf(warnings);
  }

  /** Reads {@code file}, following its {@code -r} includes. */
  public static RequirementsFile parse(Path file) {
    Reader reader = new Reader();
    reader.readFile(file, file.toString(), null, new LinkedHashSet<>());
    return reader.result();
  }

  /**
   * Parses requirements given as text, such as a configuration value; {@code sourceName} names it
   * in messages. {@code -r} lines are not followed, as the text has no directory.
   */
  public static RequirementsFile parse(String text, String sourceName) {
    Reader reader = new Reader();
    reader.readText(text, sourceName, null, new LinkedHashSet<>());
    return reader.result();
  }

  private static final class Reader {
    private final List<Requirement> requirements = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<Path> read = new HashSet<>();

    RequirementsFile result() {
      return new RequirementsFile(requirements, warnings);
    }

    /**
     * Reads one file unless it was read before. {@code including} holds the files being read,
     * outermost first; {@code includedAt} is the {@code -r} line that names this one, if any.
     */
    void readFile(Path file, String name, Place includedAt, LinkedHashSet<Path> including) {
      Path key;
      byte[] bytes;
      try {
        key = file.toRealPath(); // real paths, so a symlinked directory cannot make an endless chain
        if (including.contains(key)) {
          warnings.add(includedAt + ": not followed: " + name + " includes itself");
          return;
        }
        if (!read.add(key)) {
          return; // read already, through another include: its requirements are in
        }
        bytes = Files.readAllBytes(key);
      } catch (IOException e) {
        throw includedAt == null
            ? new RequirementsFileException(name, 0, "cannot read: " + e, e)
            : includedAt.error(name + ": cannot read: " + e, e);
      }
      including.add(key);
      // Relative to the file as named, not to a symlink's target, as pip resolves includes.
      readText(decode(bytes, name), name, file.getParent() == null ? Path.of("") : file.getParent(), including);
      including.remove(key);
    }

    void readText(String text, String name, Path directory, LinkedHashSet<Path> including) {
      for (LogicalLine line : logicalLines(text)) {
        String content = PythonText.strip(Requirement.stripComment(line.text()));
        if (content.isEmpty()) {
          continue;
        }
        Place where = new Place(name, line.number());
        if (content.startsWith("-")) {
          option(content, where, directory, including);
          continue;
        }
        // pip's split: the first word starting with '-' begins the per-requirement options.
        String[] words = content.split(" ", -1);
        int firstOption = 0;
        while (firstOption < words.length && !words[firstOption].startsWith("-")) {
          firstOption++;
        }
        String requirement = String.join(" ", List.of(words).subList(0, firstOption));
        String options = String.join(" ", List.of(words).subList(firstOption, words.length));
        try {
          requirements.add(Requirement.parse(requirement));
        } catch (IllegalArgumentException e) {
          throw where.error(e.getMessage(), e);
        }
        if (!options.isBlank() && !options.matches("(--hash[= ]\\S+\\s*)+")) {
          warnings.add(where + ": ignored per-requirement options " + ProjectName.printable(options));
        }
      }
    }

    private void option(String content, Place where, Path directory, LinkedHashSet<Path> including) {
      if (content.matches("(-r|--requirement)=?")) {
        throw where.error(content + " needs a file name", null);
      }
      Matcher include = INCLUDE.matcher(content);
      if (!include.matches()) {
        Matcher name = OPTION_NAME.matcher(content);
        String option = name.find() ? name.group(1) : content;
        warnings.add(where + ": ignored " + ProjectName.printable(content) + ": " + reason(option));
        return;
      }
      String target = PythonText.strip(include.group(1));
      if (target.matches("(?i)^(https?|file)://.*")) {
        warnings.add(where + ": not followed " + ProjectName.printable(content) + ": remote files are not fetched");
      } else if (directory == null) {
        warnings.add(where + ": not followed " + ProjectName.printable(content) + ": the text has no directory");
      } else {
        Path file = directory.resolve(target);
        readFile(file, file.toString(), where, including);
      }
    }

    private static String reason(String option) {
      return switch (option) {
        case "-c", "--constraint" -> "constraints restrict versions of projects named elsewhere and add none";
        case "-e", "--editable" -> "editable requirements are installed from source, not from an index";
        case "-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links", "--trusted-host" ->
            "the mirror chooses its own upstream";
        default -> "an install option that does not change which projects are mirrored";
      };
    }
  }

  record LogicalLine(int number, String text) {}

  /** A line of a named file or text, for messages. */
  record Place(String source, int line) {
    RequirementsFileException error(String message, Throwable cause) {
      return new RequirementsFileException(source, line, message, cause);
    }

    @Override
    public String toString() {
      return source + ":" + line;
    }
  }

  /** pip's join_lines: a line ending in a backslash continues on the next, unless it is a comment. */
  static List<LogicalLine> logicalLines(String text) {
    List<LogicalLine> out = new ArrayList<>();
    String[] physical = LINE_BREAK.split(text, -1);
    StringBuilder pending = null;
    int pendingNumber = 0;
    int count = physical.length;
    if (count > 0 && physical[count - 1].isEmpty()) {
      count--; // splitlines() yields no line after a final line break
    }
    for (int i = 0; i < count; i++) {
      String line = physical[i];
      boolean comment = CONTINUATION_COMMENT.matcher(line).find();
      if (!line.endsWith("\\") || comment) {
        if (comment) {
          line = " " + line; // keeps the comment a comment once joined
        }
        if (pending != null) {
          out.add(new LogicalLine(pendingNumber, pending.append(line).toString()));
          pending = null;
        } else {
          out.add(new LogicalLine(i + 1, line));
        }
      } else {
        if (pending == null) {
          pending = new StringBuilder();
          pendingNumber = i + 1;
        }
        pending.append(line.replaceAll("^\\\\+|\\\\+$", ""));
      }
    }
    if (pending != null) {
      out.add(new LogicalLine(pendingNumber, pending.toString()));
    }
    return out;
  }

  /**
   * bandersnatch's auto_decode: a byte-order mark, else a PEP 263 coding comment in the first two
   * lines, else UTF-8 (the locale encoding of any machine a mirror runs on). Malformed input is an
   * error rather than replacement characters that would silently change a project name.
   */
  static String decode(byte[] bytes, String name) {
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      charset = Charset.forName("UTF-32BE");
      skip = 4;
    } else if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      charset = Charset.forName("UTF-32LE");
      skip = 4;
    } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      skip = 3;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else {
      charset = declaredCoding(bytes, name);
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RequirementsFileException(name, 0, "not valid " + charset.name() + " text", e);
    }
  }

  private static Charset declaredCoding(byte[] bytes, String name) {
    String head = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\n", 3);
    for (int i = 0; i < Math.min(2, lines.length); i++) {
      Matcher m = CODING.matcher(lines[i]);
      if (lines[i].startsWith("#") && m.find()) {
        String coding = m.group(1);
        // Python spells some codecs differently (latin-1): try Java's name, then without separators.
        for (String candidate : List.of(coding, coding.replaceAll("[-_]", ""))) {
          try {
            return Charset.forName(candidate);
          } catch (IllegalArgumentException e) {
            // try the next spelling
          }
        }
        throw new RequirementsFileException(name, i + 1, "unknown coding " + ProjectName.printable(coding), null);
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
