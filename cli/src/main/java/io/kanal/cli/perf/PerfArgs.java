package io.kanal.cli.perf;

import io.kanal.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Flag values the perf commands share the parsing of; each bad value fails with a usage error naming its flag. */
final class PerfArgs {
    private PerfArgs() {}

    /**
     * Parses a whole number.
     *
     * @param flag the flag, for the error
     * @param value its value
     * @return the number
     * @throws UsageException if the value is not a whole number
     */
    static long wholeNumber(String flag, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    /**
     * Reads a client properties file.
     *
     * @param flag the flag that named the file, for the error
     * @param file the file
     * @return its properties
     * @throws UsageException if the file cannot be read
     */
    static Map<String, String> properties(String flag, Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UsageException("cannot read " + flag + " " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
