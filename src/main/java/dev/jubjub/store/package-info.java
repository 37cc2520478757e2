/**
 * Where the mirror tree lives. {@link dev.jubjub.store.Storage} is the one interface the rest of
 * jubjub writes through: stat, read, atomic write, delete, list and the mirror lock.
 * {@link dev.jubjub.store.FileSystemStorage} is the default; object storage comes later behind
 * the same interface. Depends on nothing else in jubjub.
 */
package dev.jubjub.store;
