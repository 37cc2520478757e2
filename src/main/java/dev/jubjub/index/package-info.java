/**
 * Renders what clients read: the PEP 503 HTML and PEP 691 JSON simple pages of a project, the root
 * index (streamed, for 700k+ projects) and the JSON API copies. Pure functions from {@code pypi}
 * values to deterministic bytes, byte-compatible with bandersnatch where reasonable.
 */
package dev.jubjub.index;
