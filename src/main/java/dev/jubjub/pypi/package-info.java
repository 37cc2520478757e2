/**
 * The PyPI domain: project names (PEP 503 normalization), distribution files and their file names
 * (wheel tags, platforms), PEP 440 versions and specifiers, PEP 508 requirements and requirements
 * files, and project metadata parsed from PyPI's JSON API with every upstream-controlled string
 * validated. Pure values, no I/O beyond reading requirements files; depends on nothing else in
 * jubjub.
 */
package dev.jubjub.pypi;
