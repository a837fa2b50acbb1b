package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a password check costs: unknown users as much as known ones, remembered logins, the PBKDF2 limit. */
class RestUsersTest {

    private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** Counts derivations and records their iterations; derives for real. */
    private static final class CountingHasher implements RestUsers.Hasher {
        final List<Integer> iterations = new CopyOnWriteArrayList<>();

        @Override
        public byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
            this.iterations.add(iterations);
            return real(password, salt, iterations, bits);
        }
    }

    private static byte[] real(char[] password, byte[] salt, int iterations, int bits) {
        String line = RestUsers.hash(password, salt, iterations);
        byte[] hash = java.util.Base64.getDecoder().decode(line.substring(line.lastIndexOf(':') + 1));
        return java.util.Arrays.copyOf(hash, bits / 8);
    }

    private Path file(String... lines) throws Exception {
        return Files.writeString(dir.resolve("users.properties"), String.join("\n", lines) + "\n");
    }

    private Path hashedFile() throws Exception {
        return file(
                "plain: pl4in-pw,admin",
                "low: " + RestUsers.hash("low-pw".toCharArray(), SALT, 1000) + ",admin",
                "high: " + RestUsers.hash("high-pw".toCharArray(), SALT, 1500) + ",read-only",
                "certonly: ,admin");
    }

    @Test
    void anUnknownUserCostsOnePbkdf2WithTheFilesHighestIterations() throws Exception {
        CountingHasher hasher = new CountingHasher();
        RestUsers users = RestUsers.load(hashedFile(), hasher, System::nanoTime, 2);
        assertThat(users.authenticate("ghost", "whatever".toCharArray())).isInstanceOf(RestUsers.Failed.class);
        assertThat(hasher.iterations).containsExactly(1500);
        assertThat(users.authenticate("certonly", "".toCharArray())).isInstanceOf(RestUsers.Failed.class);
        assertThat(hasher.iterations).containsExactly(1500, 1500);
        assertThat(users.authenticate("low", "wrong".toCharArray())).isInstanceOf(RestUsers.Failed.class);
        assertThat(hasher.iterations).containsExactly(1500, 1500, 1000);
    }

    @Test
    void aFileWithoutHashedPasswordsNeverHashes() throws Exception {
        CountingHasher hasher = new CountingHasher();
        RestUsers users = RestUsers.load(file("plain: pl4in-pw,admin"), hasher, System::nanoTime, 2);
        assertThat(users.authenticate("ghost", "x".toCharArray())).isInstanceOf(RestUsers.Failed.class);
        assertThat(users.authenticate("plain", "pl4in-pw".toCharArray())).isInstanceOf(RestUsers.Passed.class);
        assertThat(hasher.iterations).isEmpty();
    }

    @Test
    void aSuccessfulCheckIsRememberedForItsPasswordUntilTheTtl() throws Exception {
        CountingHasher hasher = new CountingHasher();
        AtomicLong now = new AtomicLong(42);
        RestUsers users = RestUsers.load(hashedFile(), hasher, now::get, 2);
        assertThat(users.authenticate("low", "low-pw".toCharArray()))
                .isInstanceOfSatisfying(
                        RestUsers.Passed.class, p -> assertThat(p.user().name()).isEqualTo("low"));
        assertThat(users.authenticate("low", "low-pw".toCharArray())).isInstanceOf(RestUsers.Passed.class);
        assertThat(hasher.iterations).hasSize(1);
        // A wrong password is never answered from the cache.
        assertThat(users.authenticate("low", "low-pX".toCharArray())).isInstanceOf(RestUsers.Failed.class);
        assertThat(hasher.iterations).hasSize(2);
        // Another user's remembered login does not let the same password in.
        assertThat(users.authenticate("high", "low-pw".toCharArray())).isInstanceOf(RestUsers.Failed.class);
        now.addAndGet(RestUsers.CACHE_TTL.toNanos());
        assertThat(users.authenticate("low", "low-pw".toCharArray())).isInstanceOf(RestUsers.Passed.class);
        assertThat(hasher.iterations).hasSize(4);
    }

    @Test
    void beyondTheLimitOfConcurrentChecksTheAnswerIsBusyWithoutHashing() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong derivations = new AtomicLong();
        RestUsers.Hasher blocking = (password, salt, iterations, bits) -> {
            derivations.incrementAndGet();
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real(password, salt, iterations, bits);
        };
        RestUsers users = RestUsers.load(hashedFile(), blocking, System::nanoTime, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RestUsers.Check> first = pool.submit(() -> users.authenticate("low", "low-pw".toCharArray()));
            Future<RestUsers.Check> second = pool.submit(() -> users.authenticate("ghost", "x".toCharArray()));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(users.authenticate("high", "high-pw".toCharArray())).isInstanceOf(RestUsers.Busy.class);
            assertThat(users.authenticate("nobody", "x".toCharArray())).isInstanceOf(RestUsers.Busy.class);
            assertThat(derivations.get()).isEqualTo(2);
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(RestUsers.Passed.class);
            assertThat(second.get(30, TimeUnit.SECONDS)).isInstanceOf(RestUsers.Failed.class);
            assertThat(users.authenticate("high", "high-pw".toCharArray())).isInstanceOf(RestUsers.Passed.class);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
