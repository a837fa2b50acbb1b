package io.kanal.client.network;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.config.SslConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns a client's {@code security.protocol} and {@code ssl.*} settings into its {@link TransportSecurity}: loads the
 * key store (client authentication) and the trust store once, in JKS, PKCS12 or PEM (files or inline PEM values), and
 * builds the {@link SSLContext}. A problem is an {@link InvalidConfigException} that names the key and the file, never
 * a password. Stateless.
 */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * The transport security the settings ask for.
     *
     * @param config settings that include {@link CommonClientConfigs#SPEC}
     * @return plaintext, or TLS with a context built from the {@code ssl.*} keys
     * @throws InvalidConfigException if a store cannot be read or the settings contradict each other
     */
    public static TransportSecurity from(ParsedConfig config) {
        return from(config, SecurityProtocol.of(config));
    }

    /**
     * The transport security of a protocol already read from the settings.
     *
     * @param config settings that include {@link CommonClientConfigs#SPEC}
     * @param protocol the settings' {@code security.protocol} ({@link SecurityProtocol#of})
     * @return plaintext, or TLS with a context built from the {@code ssl.*} keys
     * @throws InvalidConfigException if a store cannot be read or the settings contradict each other
     */
    public static TransportSecurity from(ParsedConfig config, SecurityProtocol protocol) {
        if (!protocol.usesTls()) {
            return new TransportSecurity(protocol, null);
        }
        String algorithm =
                config.get(SslConfigs.ENDPOINT_IDENTIFICATION_ALGORITHM).trim();
        if (!algorithm.isEmpty() && !algorithm.equalsIgnoreCase("https")) {
            throw new InvalidConfigException(
                    "ssl.endpoint.identification.algorithm must be https or empty, not " + algorithm);
        }
        try {
            SSLContext context = SSLContext.getInstance(config.get(SslConfigs.PROTOCOL));
            context.init(keyManagers(config), trustManagers(config), null);
            return new TransportSecurity(
                    protocol,
                    new TlsConfig(
                            context,
                            !algorithm.isEmpty(),
                            config.get(SslConfigs.ENABLED_PROTOCOLS),
                            config.get(SslConfigs.CIPHER_SUITES)));
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(ParsedConfig config) throws GeneralSecurityException {
        String type = config.get(SslConfigs.KEYSTORE_TYPE).toUpperCase(Locale.ROOT);
        Optional<String> location = config.find(SslConfigs.KEYSTORE_LOCATION);
        Optional<Password> inlineKey = config.find(SslConfigs.KEYSTORE_KEY);
        char[] keyPassword = chars(config.find(SslConfigs.KEY_PASSWORD));
        KeyStore store;
        char[] entryPassword;
        if (inlineKey.isPresent()) {
            if (!type.equals("PEM")) {
                throw new InvalidConfigException("ssl.keystore.key needs ssl.keystore.type=PEM, not " + type);
            }
            if (location.isPresent()) {
                throw new InvalidConfigException("set ssl.keystore.key or ssl.keystore.location, not both");
            }
            String chain = config.find(SslConfigs.KEYSTORE_CERTIFICATE_CHAIN)
                    .map(Password::reveal)
                    .orElseThrow(
                            () -> new InvalidConfigException("ssl.keystore.key needs ssl.keystore.certificate.chain"));
            store = PemKeyStores.keyStore(inlineKey.get().reveal(), chain, keyPassword);
            entryPassword = PemKeyStores.entryPassword();
        } else if (location.isEmpty()) {
            clear(keyPassword);
            return null;
        } else if (type.equals("PEM")) {
            String pem = readPem(location.get(), "ssl.keystore.location");
            store = PemKeyStores.keyStore(pem, pem, keyPassword);
            entryPassword = PemKeyStores.entryPassword();
        } else {
            char[] storePassword = chars(config.find(SslConfigs.KEYSTORE_PASSWORD));
            store = load(type, location.get(), storePassword, "ssl.keystore.location");
            if (keyPassword != null) {
                clear(storePassword);
                entryPassword = keyPassword.clone();
            } else {
                entryPassword = storePassword;
            }
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            factory.init(store, entryPassword);
        } finally {
            // The key managers hold the decrypted keys; the passwords are not needed any more.
            clear(entryPassword);
            clear(keyPassword);
        }
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(ParsedConfig config) throws GeneralSecurityException {
        String type = config.get(SslConfigs.TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT);
        Optional<String> location = config.find(SslConfigs.TRUSTSTORE_LOCATION);
        Optional<Password> inline = config.find(SslConfigs.TRUSTSTORE_CERTIFICATES);
        KeyStore store;
        if (inline.isPresent()) {
            if (!type.equals("PEM")) {
                throw new InvalidConfigException(
                        "ssl.truststore.certificates needs ssl.truststore.type=PEM, not " + type);
            }
            store = PemKeyStores.trustStore(inline.get().reveal());
        } else if (location.isEmpty()) {
            store = null; // the JDK's default trusted authorities
        } else if (type.equals("PEM")) {
            store = PemKeyStores.trustStore(readPem(location.get(), "ssl.truststore.location"));
        } else {
            char[] password = chars(config.find(SslConfigs.TRUSTSTORE_PASSWORD));
            try {
                store = load(type, location.get(), password, "ssl.truststore.location");
            } finally {
                clear(password);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore load(String type, String location, char[] password, String key)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password);
        } catch (IOException e) {
            // The JDK's message says "password was incorrect" or what is wrong with the file; it never holds the
            // password itself.
            throw new InvalidConfigException(
                    "Cannot read the " + type + " store " + location + " (" + key + "): " + e.getMessage(), e);
        }
        return store;
    }

    private static String readPem(String location, String key) {
        try {
            return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read the PEM file " + location + " (" + key + "): " + e, e);
        }
    }

    private static void clear(char[] password) {
        if (password != null) {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static char[] chars(Optional<Password> password) {
        return password.map(p -> p.reveal().toCharArray()).orElse(null);
    }
}
