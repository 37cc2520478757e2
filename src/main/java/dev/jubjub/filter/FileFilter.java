package dev.jubjub.filter;

import dev.jubjub.pypi.DistFile;

/** Decides about one distribution file. */
interface FileFilter {
  boolean allows(DistFile file);
}
