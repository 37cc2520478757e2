/**
 * A fake PyPI for tests: an in-memory upstream ({@link dev.jubjub.testing.Universe}) of generated
 * projects with real, installable wheels and sdists ({@link dev.jubjub.testing.Distributions}) plus
 * the recorded pypi.org fixtures, served over loopback HTTP by {@link dev.jubjub.testing.FakePyPI}
 * as pypi.org serves them (simple API, JSON API, XML-RPC, files, PEP 658 metadata), with fault
 * injection ({@link dev.jubjub.testing.Fault}), a stale-CDN simulation and a request log.
 *
 * <p>{@link dev.jubjub.testing.Fuzzing} holds what every Jazzer target checks the same way: time
 * per input and path safety.
 *
 * <p>{@link dev.jubjub.testing.S3ProxyServer} is the S3 side: S3Proxy as its own process on
 * loopback, with signatures checked, for the S3 storage backend.
 *
 * <p>It depends on nothing in {@code dev.jubjub} main code, on purpose: it is an independent
 * implementation of PyPI's behaviour, so a misunderstanding shared by both sides cannot hide.
 */
package dev.jubjub.testing;
