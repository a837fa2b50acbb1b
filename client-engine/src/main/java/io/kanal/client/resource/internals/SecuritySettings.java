package io.kanal.client.resource.internals;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.network.SecurityProtocol;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.client.security.OAuthBearerTokenSource;
import io.kanal.config.ClassName;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/** Turns the client's security keys into network settings. Stateless. */
final class SecuritySettings {
    private SecuritySettings() {}

    /**
     * The SASL settings of a client.
     *
     * @param config the parsed settings, including {@link CommonClientConfigs#SPEC}
     * @param protocol the settings' {@code security.protocol} ({@link SecurityProtocol#of}), read once per client
     * @return the settings, or null when the protocol does not use SASL
     * @throws InvalidConfigException if the SASL keys are missing or do not fit together
     */
    static SaslSettings sasl(ParsedConfig config, SecurityProtocol protocol) {
        if (!protocol.usesSasl()) {
            return null;
        }
        return SaslSettings.from(
                config.get(CommonClientConfigs.SASL_MECHANISM),
                config.find(CommonClientConfigs.SASL_JAAS_CONFIG)
                        .map(Password::reveal)
                        .orElse(null),
                config.find(CommonClientConfigs.SASL_USERNAME).orElse(null),
                config.find(CommonClientConfigs.SASL_PASSWORD)
                        .map(Password::reveal)
                        .orElse(null),
                tokenSource(config));
    }

    /**
     * The OAUTHBEARER token source named by {@code kanal.sasl.oauthbearer.token.source.class}, created and configured
     * with the client's settings, or null when the key is absent.
     */
    private static OAuthBearerTokenSource tokenSource(ParsedConfig config) {
        ClassName className = config.find(CommonClientConfigs.SASL_OAUTHBEARER_TOKEN_SOURCE_CLASS)
                .orElse(null);
        if (className == null) {
            return null;
        }
        String key = CommonClientConfigs.SASL_OAUTHBEARER_TOKEN_SOURCE_CLASS.name();
        String mechanism = config.get(CommonClientConfigs.SASL_MECHANISM).trim().toUpperCase(Locale.ROOT);
        if (!mechanism.equals("OAUTHBEARER")) {
            // Refused rather than ignored: a token source set for another mechanism is a mistake to show, not hide.
            throw new InvalidConfigException(
                    key + " is for sasl.mechanism OAUTHBEARER only, but sasl.mechanism is " + mechanism);
        }
        String what = key + " " + className.name();
        Class<?> type;
        try {
            type = className.load(classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidConfigException(what + ": the class cannot be loaded", e);
        }
        if (!OAuthBearerTokenSource.class.isAssignableFrom(type)) {
            throw new InvalidConfigException(what + " does not implement " + OAuthBearerTokenSource.class.getName());
        }
        OAuthBearerTokenSource source;
        try {
            source = (OAuthBearerTokenSource) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new InvalidConfigException(
                    what + " needs to be a public concrete class with a public no-arg constructor", e);
        } catch (InvocationTargetException e) {
            // Our message names the type only; the cause is kept for the stack trace.
            throw new InvalidConfigException(
                    what + ": the constructor threw " + e.getCause().getClass().getName(), e.getCause());
        }
        try {
            source.configure(config.originals());
        } catch (RuntimeException e) {
            throw new InvalidConfigException(
                    what + ": configure(Map) threw " + e.getClass().getName(), e);
        }
        return source;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SecuritySettings.class.getClassLoader();
    }
}
