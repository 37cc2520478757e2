package dev.jubjub.testing;

/** The shapes of distribution files the generator makes; platform wheels use the release's CPython tag. */
public enum FileKind {
  SDIST(null),
  PURE_WHEEL("py3-none-any"),
  UNIVERSAL_WHEEL("py2.py3-none-any"),
  WIN32("%1$s-%1$s-win32"),
  WIN_AMD64("%1$s-%1$s-win_amd64"),
  MACOSX_ARM64("%1$s-%1$s-macosx_11_0_arm64"),
  MANYLINUX_X86_64("%1$s-%1$s-manylinux_2_17_x86_64.manylinux2014_x86_64");

  private final String tagPattern;

  FileKind(String tagPattern) {
    this.tagPattern = tagPattern;
  }

  public boolean isWheel() {
    return tagPattern != null;
  }

  public boolean isPlatformSpecific() {
    return isWheel() && tagPattern.contains("%");
  }

  /** The compressed wheel tag, e.g. {@code cp311-cp311-win32}, for a CPython tag like {@code cp311}. */
  public String tag(String cpython) {
    if (!isWheel()) {
      throw new IllegalStateException("an sdist has no wheel tag");
    }
    return String.format(tagPattern, cpython);
  }
}
