/**
 * The mirror engine: plans the work from serials (the {@code status} file against upstream's
 * listing), records it in {@code todo}, syncs projects concurrently (files first, verified, then
 * pages), and finishes with the root index and {@code status}. A project upstream quarantines
 * (PEP 792) keeps its place, its files held outside {@code web/} ({@code Quarantine}) until the
 * status clears. Every step is crash-safe. Depends
 * on {@code upstream}, {@code index}, {@code store} and {@code pypi}.
 */
package dev.jubjub.sync;
