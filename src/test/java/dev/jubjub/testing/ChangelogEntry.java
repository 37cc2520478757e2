package dev.jubjub.testing;

/**
 * One journal entry, as XML-RPC {@code changelog_since_serial} returns it: {@code [name, version,
 * timestamp, action, serial]}; {@code version} is null for project-level actions.
 */
public record ChangelogEntry(String name, String version, long timestamp, String action, long serial) {}
