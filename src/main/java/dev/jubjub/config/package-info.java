/**
 * The configuration: a reader for bandersnatch's INI files with Python {@code configparser}
 * semantics ({@link dev.jubjub.config.IniFile}), the validated, typed {@code [mirror]} options
 * ({@link dev.jubjub.config.MirrorConfig}), and {@link dev.jubjub.config.ConfigLoader}, which finds
 * the file and writes the commented default when there is none. Depends on nothing else in jubjub.
 */
package dev.jubjub.config;
