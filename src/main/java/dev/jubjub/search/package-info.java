/**
 * Full-text search over the mirrored projects: a Lucene index built from the mirror's JSON API
 * copies ({@link dev.jubjub.search.SearchIndex}: a full rebuild swapped in atomically, and
 * incremental updates of the projects a run changed), the read side a server queries ({@link
 * dev.jubjub.search.ProjectSearch}), and PyPI's XML-RPC {@code search} protocol for {@code pip
 * search} ({@link dev.jubjub.search.XmlRpcSearch}). The index lives on local disk outside {@code
 * web/}. Depends on {@code store}, {@code pypi} and {@code config}.
 */
package dev.jubjub.search;
