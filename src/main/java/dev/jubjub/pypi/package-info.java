/**
 * The PyPI domain: project names (PEP 503 normalization), distribution files, and project
 * metadata parsed from PyPI's JSON API with every upstream-controlled string validated. Pure
 * values, no I/O; depends on nothing else in jubjub.
 */
package dev.jubjub.pypi;
