package dev.jubjub.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageContractTest extends StorageContract {
  @TempDir Path dir;

  @Override
  Storage newStorage() throws Exception {
    return new FileSystemStorage(dir.resolve("mirror"));
  }

  @Override
  Storage sameTreeAgain() throws Exception {
    return new FileSystemStorage(dir.resolve("mirror"));
  }

  @Override
  boolean recordsSha256() {
    return false; // a file system has no place for it: verify reads the file
  }
}
