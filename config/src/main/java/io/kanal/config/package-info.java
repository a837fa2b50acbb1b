/**
 * Typed configuration for Kanal's client engine, runtime and plugins.
 *
 * <p>A component declares its keys once, as {@link io.kanal.config.ConfigKey} constants gathered in a {@link
 * io.kanal.config.ConfigSpec}. That one declaration serves every use:
 *
 * <ul>
 *   <li>{@link io.kanal.config.ConfigSpec#parse(java.util.Map)} turns a raw map into an immutable {@link
 *       io.kanal.config.ParsedConfig}, read through the typed keys, or fails listing every problem;
 *   <li>{@link io.kanal.config.ConfigSpec#validate(java.util.Map)} reports per key, without throwing, for the REST
 *       {@code config/validate} endpoint;
 *   <li>{@link io.kanal.config.ConfigDocs} renders the reference documentation.
 * </ul>
 *
 * <p>Before parsing, a {@link io.kanal.config.ConfigVariableResolver} may replace {@code ${provider:path:key}}
 * references through {@link io.kanal.config.ConfigProvider}s.
 *
 * <p>Secrets: a {@link io.kanal.config.Password}, and any value that came from a provider, is shown only as {@code
 * [hidden]} or as its {@code ${...}} reference, in every message, {@code toString} and result of this package.
 */
package io.kanal.config;
