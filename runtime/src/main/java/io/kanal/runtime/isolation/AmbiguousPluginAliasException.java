package io.kanal.runtime.isolation;

import java.util.List;

/**
 * An alias (a simple class name, or one without its {@code Connector}/{@code Converter}/... suffix) or an extra name
 * (a foreign class name given by a built-in or a plugin's {@code META-INF/kanal/connect-names.properties}) names more
 * than one plugin class, so it is refused, as Connect refuses an ambiguous alias; the config must use one of the full
 * class names.
 */
public final class AmbiguousPluginAliasException extends PluginResolutionException {

    private static final long serialVersionUID = 1L;

    private final String alias;
    private final transient List<String> classNames;

    AmbiguousPluginAliasException(String alias, List<String> classNames) {
        super("The alias '" + alias + "' is ambiguous: it names " + String.join(", ", classNames)
                + "; use the full class name");
        this.alias = alias;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * @return the alias as requested
     */
    public String alias() {
        return alias;
    }

    /**
     * @return the class names it could mean, sorted
     */
    public List<String> classNames() {
        return classNames;
    }
}
