/**
 * The one place that talks HTTP to an upstream index: the project listing (PEP 691 JSON, with
 * XML-RPC as the fallback), project metadata from the JSON API with stale-cache busting (documents
 * gzipped, bounded after decoding), the project's PEP 691 page (PEP 792 status, PEP 740
 * provenance URLs, core metadata hashes), and verified file and provenance downloads with retries, backoff and stall
 * detection. Returns parsed values or {@link dev.jubjub.upstream.UpstreamException}. Depends on
 * {@code pypi} and {@code store}.
 */
package dev.jubjub.upstream;
