package io.kanal.runtime.isolation;

import io.kanal.api.errors.PluginException;

/**
 * A plugin named in a config could not be chosen: the name is unknown, an ambiguous alias, a plugin of another type,
 * or no installed version fits the requested one. The REST layer turns each into a config error on the key that
 * named the plugin. Thrown by {@link PluginRegistry#resolve}.
 */
public abstract sealed class PluginResolutionException extends PluginException
        permits UnknownPluginException,
                AmbiguousPluginAliasException,
                PluginTypeMismatchException,
                PluginVersionNotFoundException,
                InvalidPluginVersionException {

    private static final long serialVersionUID = 1L;

    PluginResolutionException(String message) {
        super(message);
    }
}
