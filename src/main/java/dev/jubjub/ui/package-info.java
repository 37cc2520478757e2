/**
 * The web UI's pages: the home page, project pages (versions, files, the description rendered from
 * Markdown, a download chart in SVG) and the layout and escaping they share with the search page.
 * Pure functions from values to HTML: every string from upstream is escaped here, nothing here
 * reads the tree or the network. Depends on {@code pypi} and {@code index}.
 */
package dev.jubjub.ui;
