package dev.jubjub.filter;

/** Decides from the name alone, before any metadata is fetched. */
interface ProjectFilter {
  boolean allows(String normalizedName);
}
