package io.kanal.runtime.api;

import java.util.List;
import java.util.Optional;

/**
 * The logging backend's levels, as {@code /admin/loggers} reads and changes them. The root logger is named {@link
 * #ROOT}; level names are upper-case ({@code OFF}, {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG}, {@code
 * TRACE}, {@code ALL}, and {@code FATAL} where the backend has it). The worker's command line implements it with
 * Logback; {@link #NONE} stands for a backend Kanal cannot drive, as Connect's no-op loggers do.
 *
 * <p><b>Threading.</b> Implementations must be safe from any thread: REST request threads call them concurrently.
 */
public interface LoggerLevels {

    /** The root logger's name, as Connect shows it. */
    String ROOT = "root";

    /** No backend: no logger is known and nothing can be set. */
    LoggerLevels NONE = new LoggerLevels() {
        @Override
        public List<String> loggers() {
            return List.of();
        }

        @Override
        public Optional<String> level(String logger) {
            return Optional.empty();
        }

        @Override
        public Optional<String> effectiveLevel(String logger) {
            return Optional.empty();
        }

        @Override
        public void setLevel(String logger, String level) {
            // Nothing to set: there is no backend, and setLevel of NONE returns no logger either.
        }
    };

    /**
     * The loggers that exist now, {@link #ROOT} among them.
     *
     * @return their names
     */
    List<String> loggers();

    /**
     * A logger's own level, set by configuration or by {@link #setLevel}.
     *
     * @param logger the logger's name
     * @return the level; empty when the logger inherits its level or does not exist
     */
    Optional<String> level(String logger);

    /**
     * The level a logger logs at: its own, or else its nearest ancestor's.
     *
     * @param logger the logger's name
     * @return the level; empty when the logger does not exist
     */
    Optional<String> effectiveLevel(String logger);

    /**
     * Sets a logger's own level, creating the logger if it does not exist yet.
     *
     * @param logger the logger's name
     * @param level an upper-case level name the service checked
     */
    void setLevel(String logger, String level);
}
