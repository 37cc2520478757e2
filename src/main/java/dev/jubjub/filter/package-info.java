/**
 * Filter plugins under bandersnatch's names and config sections ({@code [plugins] enabled = …}):
 * which projects, releases and files a partial mirror keeps. Pure functions over the {@code pypi}
 * domain types, built once from the config; depends on {@code pypi} and {@code config}.
 */
package dev.jubjub.filter;
