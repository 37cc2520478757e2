package dev.jubjub.pypi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.security.DigestException;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 by the system's libcrypto (OpenSSL 3, which uses the CPU's SHA instructions), called
 * through the JDK's foreign function API. Batch commands run with C1 only (see the launcher): C2's
 * compile time cost a 200-project mirror a quarter of its CPU, and C2 is what gives the JDK's own
 * SHA-256 its intrinsic; without it that runs at 36 MB/s here, libcrypto at over 1 GB/s from the
 * first byte. Installed as the first security provider, so every user of SHA-256 (downloads,
 * verify, the S3 client's signing, TLS) gets it. jubjub is compiled for Java 21, where the API is a
 * preview, so it is reached by reflection, as in the store's syncfs; where libcrypto or the API
 * (JDK 22+) is missing, the JDK's implementation answers.
 */
public final class NativeSha256 extends MessageDigestSpi implements Cloneable {
  private static final Logger log = LoggerFactory.getLogger(NativeSha256.class);
  /** sizeof(SHA256_CTX) is 112 bytes; room to spare. */
  private static final long CONTEXT_BYTES = 256;
  private static final int DIGEST_BYTES = 32;
  private static volatile Optional<Linked> linked;

  private final Linked calls;
  private final Object context;

  private NativeSha256(Linked calls) {
    this.calls = calls;
    this.context = calls.newContext();
    calls.check(calls.invokeInit(context), "SHA256_Init");
  }

  private NativeSha256(Linked calls, Object context) {
    this.calls = calls;
    this.context = context;
  }

  /** Puts libcrypto's SHA-256 first among the providers; a no-op where it cannot be linked (checked on first use). */
  public static void install() {
    if (Security.getProvider(DigestProvider.NAME) == null) {
      Security.insertProviderAt(new DigestProvider(), 1);
    }
  }

  /** Whether libcrypto's SHA-256 is in use; links it on the first call. */
  public static boolean available() {
    return linked().isPresent();
  }

  private static Optional<Linked> linked() {
    Optional<Linked> l = linked;
    if (l == null) {
      synchronized (NativeSha256.class) {
        l = linked;
        if (l == null) {
          l = Linked.load();
          linked = l;
        }
      }
    }
    return l;
  }

  @Override
  protected int engineGetDigestLength() {
    return DIGEST_BYTES;
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int length) {
    if (length > 0) {
      calls.check(calls.invokeUpdate(context, input, offset, length), "SHA256_Update");
    }
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[DIGEST_BYTES];
    calls.check(calls.invokeFinal(out, context), "SHA256_Final");
    engineReset();
    return out;
  }

  @Override
  protected int engineDigest(byte[] buf, int offset, int len) throws DigestException {
    if (len < DIGEST_BYTES || offset < 0 || buf.length - offset < DIGEST_BYTES) {
      throw new DigestException("a SHA-256 digest needs " + DIGEST_BYTES + " bytes");
    }
    System.arraycopy(engineDigest(), 0, buf, offset, DIGEST_BYTES);
    return DIGEST_BYTES;
  }

  @Override
  protected void engineReset() {
    calls.check(calls.invokeInit(context), "SHA256_Init");
  }

  @Override
  public Object clone() {
    return new NativeSha256(calls, calls.copyContext(context));
  }

  /** A provider of SHA-256 alone, named so that it is installed once. */
  private static final class DigestProvider extends Provider {
    static final String NAME = "jubjub-libcrypto";

    DigestProvider() {
      super(NAME, "1", "SHA-256 by the system's libcrypto");
      putService(new Service(this, "MessageDigest", "SHA-256", NativeSha256.class.getName(),
          List.of("SHA256", "2.16.840.1.101.3.4.2.1", "OID.2.16.840.1.101.3.4.2.1"), Map.of()) {
        @Override
        public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
          // Failing here sends MessageDigest.getInstance on to the next provider, the JDK's.
          return new NativeSha256(linked().orElseThrow(() -> new NoSuchAlgorithmException("no libcrypto")));
        }
      });
    }
  }

  /** The linked calls and the foreign-memory operations they need, found by reflection. */
  private static final class Linked {
    private final MethodHandle init;
    private final MethodHandle update;
    private final MethodHandle finish;
    private final MethodHandle ofArray;
    private final MethodHandle asSlice;
    private final MethodHandle ofAuto;
    private final MethodHandle allocate;
    private final MethodHandle copy;

    private Linked() throws Throwable {
      ClassLoader boot = Object.class.getClassLoader();
      Class<?> linkerType = Class.forName("java.lang.foreign.Linker", true, boot);
      Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout", true, boot);
      Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor", true, boot);
      Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment", true, boot);
      Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option", true, boot);
      Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout", true, boot);
      Class<?> arenaType = Class.forName("java.lang.foreign.Arena", true, boot);
      Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup", true, boot);
      Object javaInt = valueLayout.getField("JAVA_INT").get(null);
      Object javaLong = valueLayout.getField("JAVA_LONG").get(null);
      Object address = valueLayout.getField("ADDRESS").get(null);
      Object linker = linkerType.getMethod("nativeLinker").invoke(null);
      Object global = arenaType.getMethod("global").invoke(null);
      Object library = lookupType.getMethod("libraryLookup", String.class, arenaType).invoke(null, "libcrypto.so.3", global);
      Method find = lookupType.getMethod("find", String.class);
      Method of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
      Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType());
      // Heap arrays passed as they are, no copy: each call is short (64 KiB at most per update).
      Object options = Array.newInstance(optionType, 1);
      Array.set(options, 0, optionType.getMethod("critical", boolean.class).invoke(null, true));
      Object[][] signatures = {{address}, {address, address, javaLong}, {address, address}};
      String[] names = {"SHA256_Init", "SHA256_Update", "SHA256_Final"};
      MethodHandle[] handles = new MethodHandle[3];
      for (int i = 0; i < 3; i++) {
        Object symbol = ((Optional<?>) find.invoke(library, names[i]))
            .orElseThrow(() -> new NoSuchMethodException("libcrypto lacks it"));
        Object arguments = Array.newInstance(layoutType, signatures[i].length);
        for (int a = 0; a < signatures[i].length; a++) {
          Array.set(arguments, a, signatures[i][a]);
        }
        handles[i] = (MethodHandle) downcall.invoke(linker, symbol, of.invoke(null, javaInt, arguments), options);
      }
      init = handles[0];
      update = handles[1];
      finish = handles[2];
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      ofArray = lookup.findStatic(segmentType, "ofArray", MethodType.methodType(segmentType, byte[].class));
      asSlice = lookup.findVirtual(segmentType, "asSlice", MethodType.methodType(segmentType, long.class, long.class));
      ofAuto = lookup.findStatic(arenaType, "ofAuto", MethodType.methodType(arenaType));
      allocate = lookup.findVirtual(arenaType, "allocate", MethodType.methodType(segmentType, long.class, long.class));
      copy = lookup.findStatic(segmentType, "copy",
          MethodType.methodType(void.class, segmentType, long.class, segmentType, long.class, long.class));
    }

    static Optional<Linked> load() {
      if (!System.getProperty("os.name", "").equals("Linux") || Runtime.version().feature() < 22) {
        return Optional.empty();
      }
      try {
        Linked calls = new Linked();
        calls.selfTest();
        return Optional.of(calls);
      } catch (Throwable e) {
        log.debug("SHA-256 from the JDK: libcrypto's cannot be used ({})", e.toString());
        return Optional.empty();
      }
    }

    /** Refuses a libcrypto whose answer is wrong rather than trusting it with every file's check. */
    private void selfTest() {
      NativeSha256 digest = new NativeSha256(this);
      digest.engineUpdate("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
      String hex = java.util.HexFormat.of().formatHex(digest.engineDigest());
      if (!hex.equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")) {
        throw new IllegalStateException("libcrypto's SHA-256 of \"abc\" is " + hex);
      }
    }

    /** The context lives in an automatic arena: freed by the collector with the digest. */
    Object newContext() {
      try {
        return allocate.invoke(ofAuto.invoke(), CONTEXT_BYTES, 16L);
      } catch (Throwable e) {
        throw failure("allocating a SHA-256 context", e);
      }
    }

    Object copyContext(Object context) {
      Object copied = newContext();
      try {
        copy.invoke(context, 0L, copied, 0L, CONTEXT_BYTES);
      } catch (Throwable e) {
        throw failure("copying a SHA-256 context", e);
      }
      return copied;
    }

    int invokeInit(Object context) {
      try {
        return (int) init.invoke(context);
      } catch (Throwable e) {
        throw failure("SHA256_Init", e);
      }
    }

    int invokeUpdate(Object context, byte[] input, int offset, int length) {
      try {
        Object slice = asSlice.invoke(ofArray.invoke(input), (long) offset, (long) length);
        return (int) update.invoke(context, slice, (long) length);
      } catch (Throwable e) {
        throw failure("SHA256_Update", e);
      }
    }

    int invokeFinal(byte[] out, Object context) {
      try {
        return (int) finish.invoke(ofArray.invoke(out), context);
      } catch (Throwable e) {
        throw failure("SHA256_Final", e);
      }
    }

    void check(int result, String call) {
      if (result != 1) {
        throw new IllegalStateException("libcrypto's " + call + " failed");
      }
    }

    private static RuntimeException failure(String what, Throwable e) {
      if (e instanceof RuntimeException r) {
        return r;
      }
      if (e instanceof Error err) {
        throw err;
      }
      return new IllegalStateException(what + ": " + e, e);
    }
  }
}
