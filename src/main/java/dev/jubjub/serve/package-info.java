/**
 * {@code jubjub serve}: a Jetty server over the mirror tree. PEP 691 content negotiation for the
 * simple pages, PEP 503 redirects, the JSON API from the mirror's copies, files with ranges and
 * conditional requests, plus health, Prometheus metrics, an access log and per-day download
 * counts. Reads the tree only; depends on {@code pypi}.
 */
package dev.jubjub.serve;
