package io.kanal.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for tests, created at run time with the JDK's {@code keytool} (no key ever lives
 * in the repository): it issues EC P-256 certificates with the subject alternative names a test asks for, in PKCS12
 * stores whose password is random per authority, and exports them as JKS and PEM for tests of those formats.
 *
 * <p>Each method runs one or more {@code keytool} processes (a few hundred milliseconds each). Not thread-safe: one
 * thread creates and uses an authority (the cluster's is created before its brokers start).
 */
public final class TestCertificateAuthority {
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String password;
    private final Path caStore;
    private final Path caCertificate;
    private final Path trustStore;

    private TestCertificateAuthority(Path directory, String password) {
        this.directory = directory;
        this.password = password;
        this.caStore = directory.resolve("ca.p12");
        this.caCertificate = directory.resolve("ca.pem");
        this.trustStore = directory.resolve("truststore.p12");
    }

    /**
     * Creates an authority: its key pair, its self-signed certificate and a trust store holding it.
     *
     * @param directory an existing directory for the authority's files, which it owns
     * @param name the authority's common name
     * @return the authority
     */
    public static TestCertificateAuthority create(Path directory, String name) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        TestCertificateAuthority ca =
                new TestCertificateAuthority(directory, HexFormat.of().formatHex(random));
        ca.keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-dname",
                "CN=" + name,
                "-ext",
                "bc:c",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "30",
                "-keystore",
                ca.caStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                ca.password);
        ca.keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.caStore.toString(),
                "-storepass",
                ca.password,
                "-file",
                ca.caCertificate.toString());
        ca.keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                ca.caCertificate.toString(),
                "-keystore",
                ca.trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                ca.password);
        return ca;
    }

    /**
     * Issues a certificate valid for 30 days from now.
     *
     * @param name the certificate's common name; also names its files
     * @param subjectAlternativeNames keytool SAN entries such as {@code dns:localhost} and {@code ip:127.0.0.1}
     * @return the key pair and chain in a PKCS12 store
     */
    public Identity issue(String name, List<String> subjectAlternativeNames) {
        return issue(name, subjectAlternativeNames, null);
    }

    /**
     * Issues a certificate that expired yesterday.
     *
     * @param name the certificate's common name; also names its files
     * @param subjectAlternativeNames keytool SAN entries
     * @return the key pair and chain in a PKCS12 store
     */
    public Identity issueExpired(String name, List<String> subjectAlternativeNames) {
        return issue(name, subjectAlternativeNames, "-3d");
    }

    private Identity issue(String name, List<String> sans, String startDate) {
        Path store = directory.resolve(name + ".p12");
        Path request = directory.resolve(name + ".csr");
        Path certificate = directory.resolve(name + ".crt");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-dname",
                "CN=" + name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        keytool(
                "-certreq",
                "-alias",
                name,
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                request.toString());
        List<String> gencert = new ArrayList<>(List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                caStore.toString(),
                "-storepass",
                password,
                "-infile",
                request.toString(),
                "-outfile",
                certificate.toString(),
                "-ext",
                "KU=digitalSignature,keyAgreement",
                "-ext",
                "EKU=serverAuth,clientAuth"));
        if (!sans.isEmpty()) {
            gencert.addAll(List.of("-ext", "SAN=" + String.join(",", sans)));
        }
        if (startDate != null) {
            gencert.addAll(List.of("-startdate", startDate, "-validity", "1"));
        } else {
            gencert.addAll(List.of("-validity", "30"));
        }
        keytool(gencert.toArray(String[]::new));
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                caCertificate.toString(),
                "-keystore",
                store.toString(),
                "-storepass",
                password);
        keytool(
                "-importcert",
                "-alias",
                name,
                "-file",
                certificate.toString(),
                "-keystore",
                store.toString(),
                "-storepass",
                password);
        return new Identity(name, store, password);
    }

    /**
     * The authority's certificate in PEM, what a PEM trust store holds.
     *
     * @return the file
     */
    public Path certificatePem() {
        return caCertificate;
    }

    /**
     * A PKCS12 trust store holding the authority's certificate, protected by {@link #password()}.
     *
     * @return the file
     */
    public Path trustStore() {
        return trustStore;
    }

    /**
     * The password of every store this authority writes.
     *
     * @return the password
     */
    public String password() {
        return password;
    }

    /**
     * Copies a PKCS12 store as a JKS store with the same password.
     *
     * @param pkcs12 the store
     * @return the JKS file next to it
     */
    public Path toJks(Path pkcs12) {
        Path jks = pkcs12.resolveSibling(pkcs12.getFileName().toString().replace(".p12", ".jks"));
        try {
            KeyStore source = load(pkcs12);
            KeyStore target = KeyStore.getInstance("JKS");
            target.load(null, null);
            for (String alias : java.util.Collections.list(source.aliases())) {
                if (source.isKeyEntry(alias)) {
                    target.setKeyEntry(
                            alias,
                            source.getKey(alias, password.toCharArray()),
                            password.toCharArray(),
                            source.getCertificateChain(alias));
                } else {
                    target.setCertificateEntry(alias, source.getCertificate(alias));
                }
            }
            try (OutputStream out = Files.newOutputStream(jks)) {
                target.store(out, password.toCharArray());
            }
            return jks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot convert " + pkcs12 + " to JKS", e);
        }
    }

    private KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /**
     * An identity's private key (PKCS#8, unencrypted) and certificate chain in PEM.
     *
     * @param identity the identity
     * @return the key block and the chain blocks, leaf first
     */
    public PemIdentity toPem(Identity identity) {
        try {
            KeyStore store = load(identity.keyStore());
            Key key = store.getKey(identity.name(), password.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (Certificate c : store.getCertificateChain(identity.name())) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            return new PemIdentity(pem("PRIVATE KEY", ((PrivateKey) key).getEncoded()), chain.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot export " + identity.name() + " as PEM", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: "
                        + new String(output, StandardCharsets.UTF_8).replace(password, "[hidden]"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    /**
     * A key pair and its certificate chain (leaf, then the authority) in a PKCS12 store.
     *
     * @param name the alias of the key entry and the certificate's common name
     * @param keyStore the PKCS12 file
     * @param password the store's and the key's password
     */
    public record Identity(String name, Path keyStore, String password) {
        @Override
        public String toString() {
            return "Identity[" + name + ", " + keyStore + "]";
        }
    }

    /**
     * PEM text of an identity, as Kafka's {@code ssl.keystore.key} and {@code ssl.keystore.certificate.chain} take it.
     *
     * @param privateKey the PKCS#8 {@code PRIVATE KEY} block
     * @param certificateChain the {@code CERTIFICATE} blocks, leaf first
     */
    public record PemIdentity(String privateKey, String certificateChain) {
        @Override
        public String toString() {
            return "PemIdentity[key hidden]";
        }
    }
}
