/**
 * {@code jubjub serve}: a Jetty server over the mirror tree. PEP 691 content negotiation for the
 * simple pages, PEP 503 redirects, the JSON API from the mirror's copies, files with ranges and
 * conditional requests, search, the web UI ({@code /}, {@code /project/<name>/}), dated snapshots
 * ({@code /snapshot/<date>/...}, rendered per request from the stored pages), plus health,
 * Prometheus metrics, an access log and per-day download counts. Waits for a tree the first sync
 * has not made yet; health and metrics tell how current the mirror is. Reads the tree only,
 * through {@code store}; depends on {@code store}, {@code index} (the page renderers), {@code pypi},
 * {@code search}, {@code ui} and {@code upstream} (only its listing reader, so that the serial
 * served is the one a mirror of this one reads).
 */
package dev.jubjub.serve;
