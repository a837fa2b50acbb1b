package io.kanal.rest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
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
 * same as a known one (below). Passwords cannot contain a comma; an empty password never matches (a user that only logs in by
 * certificate). Jetty's {@code MD5:}, {@code CRYPT:} and {@code OBF:} forms are refused when the file is read rather
 * than taken as plain passwords.
 *
 * <p>An unknown user, or one without a password, is checked against a dummy secret that costs what the file's users
 * cost: a PBKDF2 hash with the file's highest iteration count when the file holds any hashed user, else a SHA-256
 * digest. A successful PBKDF2 check is remembered per user, keyed by the SHA-256 of the password presented, for
 * {@link #CACHE_TTL} (5 minutes): a client that sends its credentials with every request pays the PBKDF2 once per
 * interval, not per request. Changing the file needs a restart anyway, so the cache cannot outlive a password. At most
 * {@link #MAX_CONCURRENT_HASHES} PBKDF2 checks run at once; beyond that {@link #authenticate} answers {@link Busy}
 * (the filter's 429) without hashing, so that bad passwords sent in bulk cannot take every core.
 *
 * <p>No message of this class contains a password or a line of the file, only user names and the file's path.
 *
 * <p><b>Threading.</b> Safe from any thread: the users are immutable after construction; the cache is a concurrent
 * map and the PBKDF2 limit a semaphore, both touched by Jetty's request threads.
 */
final class RestUsers {

    /** How long a successful PBKDF2 check is remembered for the user and password presented. */
    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    /** PBKDF2 checks that may run at once (the machine's cores are the limit worth protecting). */
    static final int MAX_CONCURRENT_HASHES = 2;

    /**
     * Derives a PBKDF2 hash; injected so that tests can count and hold derivations.
     */
    @FunctionalInterface
    interface Hasher {
        /**
         * Derives the hash.
         *
         * @param password the password; not kept
         * @param salt the salt
         * @param iterations the iterations
         * @param bits the hash length in bits
         * @return the hash
         */
        byte[] derive(char[] password, byte[] salt, int iterations, int bits);
    }

    /** The outcome of {@link #authenticate}. */
    sealed interface Check permits Passed, Failed, Busy {}

    /**
     * The password is the user's.
     *
     * @param user the user
     */
    record Passed(User user) implements Check {}

    /** Unknown user or wrong password (which of the two is not told). */
    record Failed() implements Check {}

    /** Too many PBKDF2 checks are running; try again later (429). */
    record Busy() implements Check {}

    /** A remembered successful check: the SHA-256 of the password presented, until when (nano time). */
    private record Remembered(byte[] passwordDigest, long expiresAtNanos) {
        @Override
        public String toString() {
            return "[hidden]";
        }
    }

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
    private sealed interface Secret permits PlainSecret, HashedSecret {}

    /** A plain password, kept as its SHA-256 digest so that comparing it leaks neither content nor length. */
    private record PlainSecret(byte[] digest) implements Secret {
        @Override
        public String toString() {
            return "[hidden]";
        }
    }

    private record HashedSecret(int iterations, byte[] salt, byte[] hash) implements Secret {
        @Override
        public String toString() {
            return "[hidden]";
        }
    }

    private record Entry(User user, Optional<Secret> secret) {}

    private final Map<String, Entry> users;
    private final Path file;
    /** Compared against when the user is unknown or has no password, so that such a login costs as much. */
    private final Secret nobody;

    private final Hasher hasher;
    private final LongSupplier nanoClock;
    private final Semaphore hashing;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private RestUsers(Path file, Map<String, Entry> users, Hasher hasher, LongSupplier nanoClock, int maxHashes) {
        this.file = file;
        this.users = Map.copyOf(users);
        this.hasher = hasher;
        this.nanoClock = nanoClock;
        this.hashing = new Semaphore(maxHashes);
        this.nobody = dummy(this.users.values());
    }

    /** A secret nobody's password matches, as costly as the file's costliest. */
    private static Secret dummy(Iterable<Entry> entries) {
        int iterations = 0;
        for (Entry e : entries) {
            if (e.secret().orElse(null) instanceof HashedSecret h) {
                iterations = Math.max(iterations, h.iterations());
            }
        }
        SecureRandom random = new SecureRandom();
        if (iterations == 0) {
            byte[] digest = new byte[HASH_BITS / 8];
            random.nextBytes(digest);
            return new PlainSecret(digest);
        }
        byte[] salt = new byte[16];
        byte[] hash = new byte[HASH_BITS / 8];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return new HashedSecret(iterations, salt, hash);
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
        return load(file, RestUsers::pbkdf2, System::nanoTime, MAX_CONCURRENT_HASHES);
    }

    /**
     * Reads the users file, with the hashing, clock and limit given (tests).
     *
     * @param file the file
     * @param hasher derives PBKDF2 hashes
     * @param nanoClock the time, as {@link System#nanoTime}
     * @param maxHashes the PBKDF2 checks that may run at once
     * @return the users
     */
    static RestUsers load(Path file, Hasher hasher, LongSupplier nanoClock, int maxHashes) {
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
        return new RestUsers(file, users, hasher, nanoClock, maxHashes);
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
     * @return {@link Passed} when the password is the user's, {@link Busy} when too many PBKDF2 checks are running,
     *     else {@link Failed}
     */
    Check authenticate(String name, char[] password) {
        Entry entry = users.get(name);
        Secret secret = entry == null ? null : entry.secret().orElse(null);
        byte[] presented = sha256(password);
        if (secret instanceof HashedSecret && rememberedMatch(name, presented)) {
            return new Passed(entry.user());
        }
        Secret checked = secret == null ? nobody : secret;
        boolean matches;
        if (checked instanceof HashedSecret h) {
            if (!hashing.tryAcquire()) {
                return new Busy();
            }
            try {
                matches = MessageDigest.isEqual(
                        hasher.derive(password, h.salt(), h.iterations(), h.hash().length * 8), h.hash());
            } finally {
                hashing.release();
            }
        } else {
            matches = MessageDigest.isEqual(presented, ((PlainSecret) checked).digest());
        }
        if (!matches || secret == null) {
            return new Failed();
        }
        if (secret instanceof HashedSecret) {
            remembered.put(name, new Remembered(presented, nanoClock.getAsLong() + CACHE_TTL.toNanos()));
        }
        return new Passed(entry.user());
    }

    /** Whether the user recently passed with this password (by its SHA-256), within {@link #CACHE_TTL}. */
    private boolean rememberedMatch(String name, byte[] presented) {
        Remembered r = remembered.get(name);
        if (r == null) {
            return false;
        }
        if (nanoClock.getAsLong() - r.expiresAtNanos() >= 0) {
            remembered.remove(name, r);
            return false;
        }
        return MessageDigest.isEqual(presented, r.passwordDigest());
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
