/**
 * Where the mirror tree lives. {@link dev.jubjub.store.Storage} is the one interface the rest of
 * jubjub writes through: stat, read, atomic write, delete, list and the mirror lock.
 * {@link dev.jubjub.store.FileSystemStorage} is the default; {@link dev.jubjub.store.S3Storage}
 * keeps the tree in an S3 bucket (AWS SDK v2), with the lock as a renewed lease object. Both pass
 * one contract test. {@link dev.jubjub.store.LastRun} is the report a run leaves in the tree for
 * serve to read. Depends on {@code config} (for {@link dev.jubjub.config.S3Config}) and {@code
 * pypi}.
 */
package dev.jubjub.store;
