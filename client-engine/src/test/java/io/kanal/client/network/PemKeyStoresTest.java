package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.testkit.tls.TestCertificateAuthority;
import io.kanal.testkit.tls.TestCertificateAuthority.PemIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM key stores as Kafka's {@code ssl.keystore.type=PEM} reads them: plain and encrypted PKCS#8, refused formats. */
class PemKeyStoresTest {
    @TempDir
    static Path directory;

    static TestCertificateAuthority ca;
    static PemIdentity identity;

    @BeforeAll
    static void identity() throws Exception {
        ca = TestCertificateAuthority.create(Files.createDirectory(directory.resolve("ca")), "pem CA");
        identity = ca.toPem(ca.issue("pem", List.of("dns:localhost")));
    }

    @Test
    void aPlainKeyAndItsChainMakeAKeyEntry() throws Exception {
        KeyStore store = PemKeyStores.keyStore(identity.privateKey(), identity.certificateChain(), null);
        assertThat(store.isKeyEntry("kanal")).isTrue();
        assertThat(store.getCertificateChain("kanal")).hasSize(2);
        assertThat(store.getKey("kanal", PemKeyStores.entryPassword())).isNotNull();
    }

    @Test
    void anEncryptedKeyNeedsTheRightPassword() throws Exception {
        String encrypted = encrypt(identity.privateKey(), "s3cret".toCharArray());
        KeyStore store = PemKeyStores.keyStore(encrypted, identity.certificateChain(), "s3cret".toCharArray());
        Key key = store.getKey("kanal", PemKeyStores.entryPassword());
        assertThat(key.getEncoded()).isEqualTo(der(identity.privateKey()));

        assertThatThrownBy(() -> PemKeyStores.keyStore(encrypted, identity.certificateChain(), "wrong".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class)
                .message()
                .doesNotContain("wrong");
        assertThatThrownBy(() -> PemKeyStores.keyStore(encrypted, identity.certificateChain(), null))
                .hasMessageContaining("ssl.key.password is not set");
    }

    @Test
    void otherKeyFormatsAndMissingBlocksAreRefusedByName() {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemKeyStores.keyStore(pkcs1, identity.certificateChain(), null))
                .hasMessageContaining("RSA PRIVATE KEY keys are not supported");
        assertThatThrownBy(() -> PemKeyStores.keyStore(identity.privateKey(), "", null))
                .hasMessageContaining("no CERTIFICATE block");
        assertThatThrownBy(() -> PemKeyStores.trustStore("nothing")).hasMessageContaining("no CERTIFICATE block");
    }

    @Test
    void aKeyNoFactoryReadsKeepsEveryFactorysReason() {
        // DER that is no PKCS#8 structure at all: every algorithm's factory refuses it, each with its own reason.
        String garbage = "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemKeyStores.keyStore(garbage, identity.certificateChain(), null))
                .hasMessageContaining("not an RSA, EC, EdDSA or DSA key")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .hasSize(4)
                        .allMatch(s -> s instanceof java.security.spec.InvalidKeySpecException));
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
    }

    /** Encrypts a PKCS#8 key with PBES2 (PBKDF2-HMAC-SHA256, AES-256), as {@code openssl pkcs8 -topk8 -v2 aes256}. */
    private static String encrypt(String pem, char[] password) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        // Encoded as PBES2, the way OpenSSL writes it (the JDK cannot encode the scheme's own name).
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("PBES2");
        parameters.init(cipher.getParameters().getEncoded());
        byte[] encrypted = new EncryptedPrivateKeyInfo(parameters, cipher.doFinal(der(pem))).getEncoded();
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(encrypted)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }
}
