package io.kanal.runtime.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The extra names a plugin location gives its own plugins, from {@value #RESOURCE} in its jars or class directories:
 * a properties file whose keys are foreign class names (Kafka Connect's {@code
 * org.apache.kafka.connect.file.FileStreamSourceConnector}, say) and whose values are the plugin classes that stand
 * in for them. A config may then name the plugin by the foreign name, so that a Connect configuration runs unchanged;
 * the registry treats these names as it treats the built-ins' extra names, and a name claimed for two different
 * classes is ambiguous, like an alias.
 *
 * <p>A file that cannot be read, or an entry whose class is not one of the location's discovered plugins, is a
 * {@link PluginLoadFailure.Stage#NAMES} failure; the location's plugins and its other names still load. Stateless;
 * called on the scan thread of its location.
 */
final class PluginExtraNames {

    /** Where a plugin location lists its extra names. */
    static final String RESOURCE = "META-INF/kanal/connect-names.properties";

    private PluginExtraNames() {}

    /**
     * Reads every copy of {@value #RESOURCE} in the location.
     *
     * @param loader the location's loader
     * @param pluginClasses the class names of the plugins discovered in the location
     * @param names receives each valid extra name → plugin class name
     * @param failures receives what could not be read or does not name a plugin of the location
     */
    static void read(
            PluginClassLoader loader,
            Set<String> pluginClasses,
            Map<String, String> names,
            List<PluginLoadFailure> failures) {
        List<URL> files;
        try {
            files = Collections.list(loader.ownResources(RESOURCE));
        } catch (IOException e) {
            failures.add(new PluginLoadFailure(loader.location(), PluginLoadFailure.Stage.NAMES, null, null, e));
            return;
        }
        for (URL file : files) {
            Properties entries = new Properties();
            try (InputStream in = file.openStream();
                    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                entries.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                failures.add(new PluginLoadFailure(
                        loader.location(),
                        PluginLoadFailure.Stage.NAMES,
                        null,
                        null,
                        new IOException("cannot read " + file + ": " + e.getMessage(), e)));
                continue;
            }
            for (String name : entries.stringPropertyNames()) {
                String target = entries.getProperty(name).trim();
                if (pluginClasses.contains(target)) {
                    names.put(name.trim(), target);
                } else {
                    failures.add(new PluginLoadFailure(
                            loader.location(),
                            PluginLoadFailure.Stage.NAMES,
                            null,
                            target,
                            new IllegalArgumentException(file + " maps '" + name + "' to " + target
                                    + ", which is not a plugin of this location")));
                }
            }
        }
    }
}
