package io.kanal.client.network;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Builds in-memory key stores from PEM text, as Kafka's {@code ssl.keystore.type=PEM} reads it: certificates in
 * {@code CERTIFICATE} blocks, one private key in PKCS#8 ({@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY}
 * decrypted with {@code ssl.key.password}). Other key formats (PKCS#1 {@code RSA PRIVATE KEY}) are refused by name.
 * Stateless.
 */
final class PemKeyStores {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);
    private static final String ALIAS = "kanal";
    /** The password of the in-memory key entry: the stores never leave the process. */
    private static final char[] ENTRY_PASSWORD = new char[0];

    private PemKeyStores() {}

    /**
     * A trust store holding every certificate of the text.
     *
     * @param pem one or more {@code CERTIFICATE} blocks
     * @return the store
     * @throws GeneralSecurityException if a certificate does not parse or there is none
     */
    static KeyStore trustStore(String pem) throws GeneralSecurityException {
        List<Certificate> certificates = certificates(pem);
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no CERTIFICATE block in the PEM trust store");
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry(ALIAS + i, certificates.get(i));
        }
        return store;
    }

    /**
     * A key store with one private key entry.
     *
     * @param keyPem the private key block, PKCS#8, possibly encrypted
     * @param chainPem the certificate chain, leaf first
     * @param keyPassword the password of an encrypted key, or null
     * @return the store; its key entry has an empty password ({@link #entryPassword()})
     * @throws GeneralSecurityException if the key or a certificate does not parse
     */
    static KeyStore keyStore(String keyPem, String chainPem, char[] keyPassword) throws GeneralSecurityException {
        List<Certificate> chain = certificates(chainPem);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no CERTIFICATE block in the PEM certificate chain");
        }
        PrivateKey key = privateKey(keyPem, keyPassword);
        KeyStore store = emptyStore();
        store.setKeyEntry(ALIAS, key, ENTRY_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    /**
     * The password of the key entries of stores built here.
     *
     * @return an empty password
     */
    static char[] entryPassword() {
        return ENTRY_PASSWORD.clone();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> certificates = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                certificates.add(factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return certificates;
    }

    private static PrivateKey privateKey(String pem, char[] password) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                return parsePkcs8(decode(m.group(2)));
            }
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                if (password == null) {
                    throw new GeneralSecurityException(
                            "the PEM private key is encrypted and ssl.key.password is not set");
                }
                return parsePkcs8(decrypt(decode(m.group(2)), password));
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new GeneralSecurityException(
                        "PEM " + type + " keys are not supported; convert the key to PKCS#8 (PRIVATE KEY)");
            }
        }
        throw new GeneralSecurityException("no PRIVATE KEY block in the PEM key");
    }

    private static byte[] decrypt(byte[] encrypted, char[] password) throws GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(encrypted);
        } catch (IOException e) {
            throw new GeneralSecurityException("the encrypted PEM private key does not parse", e);
        }
        // JDK 17 names a PBES2 key (OpenSSL's default: PBKDF2 with an AES cipher) "PBES2", which no factory takes;
        // its parameters name the actual scheme, such as PBEWithHmacSHA256AndAES_256.
        String algorithm =
                info.getAlgName().equals("PBES2") ? info.getAlgParameters().toString() : info.getAlgName();
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            Key secret = SecretKeyFactory.getInstance(algorithm).generateSecret(spec);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private static PrivateKey parsePkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        List<InvalidKeySpecException> refusals = new ArrayList<>();
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // Not this algorithm: PKCS#8 names it inside, but the JDK only reads it per factory. Kept: for a key of
                // a known algorithm that is damaged, its factory's reason is the useful one.
                refusals.add(e);
            }
        }
        GeneralSecurityException failure =
                new GeneralSecurityException("the PEM private key is not an RSA, EC, EdDSA or DSA key");
        refusals.forEach(failure::addSuppressed);
        throw failure;
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    }
}
