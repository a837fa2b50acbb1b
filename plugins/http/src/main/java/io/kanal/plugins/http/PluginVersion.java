package io.kanal.plugins.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin's version: the Maven project version, written into {@code plugin.properties} by resource filtering. */
final class PluginVersion {

    /** The version every connector and task of this plugin reports. */
    static final String VERSION = read();

    private PluginVersion() {}

    private static String read() {
        Properties properties = new Properties();
        try (InputStream in = PluginVersion.class.getResourceAsStream("plugin.properties")) {
            if (in == null) {
                throw new IllegalStateException("plugin.properties is missing from the plugin jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin.properties", e);
        }
        return properties.getProperty("version", "unknown");
    }
}
