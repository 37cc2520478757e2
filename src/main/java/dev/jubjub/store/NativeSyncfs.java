package dev.jubjub.store;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code syncfs(2)} called in-process through the JDK's foreign function API, final since JDK 22.
 * jubjub is compiled for Java 21, where that API is a preview, so it is reached by reflection and
 * used only where it works; elsewhere barriers run {@code sync --file-system}, a process each
 * (163 processes for a 200-project mirror, one per project that wrote files).
 */
final class NativeSyncfs {
  private static final Logger log = LoggerFactory.getLogger(NativeSyncfs.class);
  /** {@code O_RDONLY | O_DIRECTORY} as Linux defines them on x86-64 and AArch64. */
  private static final int OPEN_DIRECTORY = 0200000;
  private final MethodHandle open;
  private final MethodHandle syncfs;
  private final MethodHandle close;
  private final Method ofConfined;
  private final Method allocateFrom;
  private final Method closeArena;

  private NativeSyncfs() throws ReflectiveOperationException {
    Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
    Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
    Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
    Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
    Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
    Object javaInt = valueLayout.getField("JAVA_INT").get(null);
    Object address = valueLayout.getField("ADDRESS").get(null);
    Object linker = linkerType.getMethod("nativeLinker").invoke(null);
    Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
    Method find = Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class);
    Method of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
    Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType());
    Object noOptions = Array.newInstance(optionType, 0);
    MethodHandle[] handles = new MethodHandle[3];
    String[] names = {"open", "syncfs", "close"};
    for (int i = 0; i < 3; i++) {
      Object symbol = ((Optional<?>) find.invoke(libc, names[i])).orElseThrow(() -> new NoSuchMethodException("libc lacks it"));
      Object arguments = Array.newInstance(layoutType, i == 0 ? 2 : 1);
      Array.set(arguments, 0, i == 0 ? address : javaInt);
      if (i == 0) {
        Array.set(arguments, 1, javaInt);
      }
      handles[i] = (MethodHandle) downcall.invoke(linker, symbol, of.invoke(null, javaInt, arguments), noOptions);
    }
    open = handles[0];
    syncfs = handles[1];
    close = handles[2];
    ofConfined = arenaType.getMethod("ofConfined");
    allocateFrom = Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocateFrom", String.class);
    closeArena = arenaType.getMethod("close");
  }

  /** Empty where the API is missing, a preview (JDK 21), refused, or the system is not Linux. */
  static Optional<NativeSyncfs> load() {
    if (!System.getProperty("os.name", "").equals("Linux") || Runtime.version().feature() < 22) {
      return Optional.empty();
    }
    try {
      return Optional.of(new NativeSyncfs());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.debug("No in-process syncfs ({}); barriers run 'sync --file-system'", e.toString());
      return Optional.empty();
    }
  }

  /** Makes everything written to the file system holding {@code directory} durable. */
  void syncfs(Path directory) throws IOException {
    try {
      Object arena = ofConfined.invoke(null);
      try {
        int fd = (int) open.invoke(allocateFrom.invoke(arena, directory.toString()), OPEN_DIRECTORY);
        if (fd < 0) {
          throw new IOException("cannot open " + directory + " to sync its file system");
        }
        try {
          if ((int) syncfs.invoke(fd) != 0) {
            throw new IOException("syncfs of the file system of " + directory + " failed");
          }
        } finally {
          int unused = (int) close.invoke(fd);
        }
      } finally {
        closeArena.invoke(arena);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("syncfs of the file system of " + directory + ": " + e, e);
    }
  }
}
