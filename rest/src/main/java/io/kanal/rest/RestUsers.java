package io.kanal.rest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The REST users, read once from a file in the format of the JAAS {@code PropertyFileLoginModule} that Connect's
 * basic-auth extension is set up with: one {@code user: password[,role...]} per line (a Java properties file, so
 * {@code =} works as the separator too, and {@code #} starts a comment). The roles Kanal knows are {@code admin} and
 * {@code read-only} ({@link RestRole}); other role names are ignored, so a Connect file, whose users have no or other
 * roles, loads, and its users are refused with 403 until given one.
 *
 * <p>A password is stored plain, or hashed as {@code PBKDF2:<iterations>:<salt, Base64>:<hash, Base64>}
 * (PBKDF2WithHmacSHA256, {@link #hash}). Either way the check takes the same time whatever the given password has in
 * common with the stored one ({@link MessageDigest#isEqual} over equal-length digests), and an unknown user costs the
 * same as a known one. Passwords cannot contain a comma; an empty password never matches (a user that only logs in by
 * certificate). Jetty's {@code MD5:}, {@code CRYPT:} and {@code OBF:} forms are refused when the file is read rather
 * than taken as plain passwords.
 *
 * <p>No message of this class contains a password or a line of the file, only user names and the file's path.
 *
 * <p><b>Threading.</b> Immutable after construction; safe from any thread.
 */
final class RestUsers {

    /** The prefix of a hashed password. */
    static final String PBKDF2 = "PBKDF2:";

    private static final String PBKDF2_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int HASH_BITS = 256;
    /** Iterations of {@link #hash}: OWASP's 2023 advice for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;

    /**
     * One user.
     *
     * @param name the user name
     * @param roles the Kanal roles the file gives it, possibly none
     */
    record User(String name, Set<RestRole> roles) {
        /**
         * Copies the roles.
         *
         * @param name the user name
         * @param roles the roles
         */
        User {
            roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        }

        /**
         * The strongest role the user has.
         *
         * @return admin over read-only; empty when it has neither
         */
        Optional<RestRole> role() {
            if (roles.contains(RestRole.ADMIN)) {
                return Optional.of(RestRole.ADMIN);
            }
            return roles.contains(RestRole.READ_ONLY) ? Optional.of(RestRole.READ_ONLY) : Optional.empty();
        }
    }

    /** A stored password: only ever compared, never shown. */
    private sealed interface Secret permits PlainSecret, HashedSecret {
        boolean matches(char[] given);
    }

    /** A plain password, kept as its SHA-256 digest so that comparing it leaks neither content nor length. */
    private record PlainSecret(byte[] digest) implements Secret {
        @Override
        public boolean matches(char[] given) {
            return MessageDigest.isEqual(sha256(given), digest);
        }

        @Override
        public String toString() {
            return "[hidden]";
        }
    }

    private record HashedSecret(int iterations, byte[] salt, byte[] hash) implements Secret {
        @Override
        public boolean matches(char[] given) {
            return MessageDigest.isEqual(pbkdf2(given, salt, iterations, hash.length * 8), hash);
        }

        @Override
        public String toString() {
            return "[hidden]";
        }
    }

    private record Entry(User user, Optional<Secret> secret) {}

    /** Compared against when the user is unknown or has no password, so that such a login costs as much. */
    private static final Secret NOBODY = new PlainSecret(sha256("\u0000no user\u0000".toCharArray()));

    private final Map<String, Entry> users;
    private final Path file;

    private RestUsers(Path file, Map<String, Entry> users) {
        this.file = file;
        this.users = Map.copyOf(users);
    }

    /**
     * Reads the users file.
     *
     * @param file the file
     * @return the users
     * @throws IllegalArgumentException naming the file (and a user when one is at fault) when it cannot be read or
     *     an entry is malformed
     */
    static RestUsers load(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot read the REST users file " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
        Map<String, Entry> users = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            String[] parts = props.getProperty(name).split(",", -1);
            EnumSet<RestRole> roles = EnumSet.noneOf(RestRole.class);
            for (int i = 1; i < parts.length; i++) {
                RestRole.of(parts[i]).ifPresent(roles::add);
            }
            users.put(name.trim(), new Entry(new User(name.trim(), roles), secret(file, name.trim(), parts[0].trim())));
        }
        return new RestUsers(file, users);
    }

    private static Optional<Secret> secret(Path file, String user, String stored) {
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String upper = stored.toUpperCase(Locale.ROOT);
        if (upper.startsWith("MD5:") || upper.startsWith("CRYPT:") || upper.startsWith("OBF:")) {
            throw new IllegalArgumentException("The REST users file " + file + " gives user " + user
                    + " a password in a form Kanal does not accept (MD5:, CRYPT: or OBF:); store it plain or as "
                    + PBKDF2 + "<iterations>:<salt>:<hash>");
        }
        if (!stored.startsWith(PBKDF2)) {
            return Optional.of(new PlainSecret(sha256(stored.toCharArray())));
        }
        String[] p = stored.substring(PBKDF2.length()).split(":", -1);
        try {
            if (p.length != 3) {
                throw new IllegalArgumentException("expected 3 fields");
            }
            int iterations = Integer.parseInt(p[0]);
            byte[] salt = Base64.getDecoder().decode(p[1]);
            byte[] hash = Base64.getDecoder().decode(p[2]);
            if (iterations < 1 || salt.length == 0 || hash.length == 0) {
                throw new IllegalArgumentException("empty field");
            }
            return Optional.of(new HashedSecret(iterations, salt, hash));
        } catch (IllegalArgumentException e) {
            // The cause's message can quote the hash; the hash is not the password, but say only what is wrong.
            throw new IllegalArgumentException("The REST users file " + file + " gives user " + user
                    + " a malformed hashed password: expected " + PBKDF2 + "<iterations>:<salt, Base64>:<hash,"
                    + " Base64>");
        }
    }

    /**
     * Checks a user name and password.
     *
     * @param name the user name as sent
     * @param password the password as sent; the caller clears it afterwards
     * @return the user when the password is its own
     */
    Optional<User> authenticate(String name, char[] password) {
        Entry entry = users.get(name);
        Secret secret = entry == null ? null : entry.secret().orElse(null);
        boolean ok = (secret == null ? NOBODY : secret).matches(password) && secret != null;
        return ok ? Optional.of(entry.user()) : Optional.empty();
    }

    /**
     * A user by name, for a client that authenticated otherwise (its certificate).
     *
     * @param name the user name
     * @return the user, when the file has it
     */
    Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name)).map(Entry::user);
    }

    /**
     * The users that have neither Kanal role, for the warning at start.
     *
     * @return their names
     */
    Set<String> withoutRole() {
        Set<String> out = new java.util.TreeSet<>();
        users.values().forEach(e -> {
            if (e.user().role().isEmpty()) {
                out.add(e.user().name());
            }
        });
        return out;
    }

    /**
     * The file the users came from.
     *
     * @return its path
     */
    Path file() {
        return file;
    }

    /**
     * A password in the hashed form this class reads: {@code PBKDF2:<iterations>:<salt>:<hash>}.
     *
     * @param password the password
     * @param salt random bytes, 16 or more
     * @param iterations the PBKDF2 iterations
     * @return the line's password field
     */
    static String hash(char[] password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder();
        return PBKDF2 + iterations + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(pbkdf2(password, salt, iterations, HASH_BITS));
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(PBKDF2_ALGORITHM)
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(PBKDF2_ALGORITHM + " is missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sha256(char[] text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(text));
            digest.update(bytes);
            if (bytes.hasArray()) {
                java.util.Arrays.fill(bytes.array(), (byte) 0);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
