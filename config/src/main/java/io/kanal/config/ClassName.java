package io.kanal.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The binary name of a Java class, as a configuration value ({@code com.example.MyConverter}, {@code a.B$Inner}).
 *
 * <p>Parsing keeps the name and does not load the class: which class loader is right depends on the plugin that
 * will use it, and only the runtime knows that. Call {@link #load(ClassLoader)} with the plugin's loader.
 *
 * @param name the binary class name
 */
public record ClassName(String name) {

    private static final Pattern BINARY_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /**
     * Rejects strings that cannot be a binary class name.
     *
     * @param name the binary class name
     */
    public ClassName {
        Objects.requireNonNull(name, "name");
        if (!isValid(name)) {
            throw new IllegalArgumentException("not a Java class name: '" + name + "'");
        }
    }

    /**
     * The name of an already loaded class.
     *
     * @param type the class
     * @return its binary name
     */
    public static ClassName of(Class<?> type) {
        return new ClassName(type.getName());
    }

    /**
     * Whether a string has the shape of a binary class name.
     *
     * @param candidate the string
     * @return {@code true} when it is dot-separated Java identifiers
     */
    public static boolean isValid(String candidate) {
        return BINARY_NAME.matcher(candidate).matches();
    }

    /**
     * Loads the class, without initializing it, through the given loader.
     *
     * @param loader the loader of the plugin that will use the class
     * @return the class
     * @throws ClassNotFoundException when the loader cannot find it
     */
    public Class<?> load(ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    /**
     * The binary name.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return name;
    }
}
