package io.kanal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tarball as an operator gets it: unpacked with {@code tar} under a directory whose path has a space, its scripts
 * started as separate processes with the Java that runs the test. Test helper; one instance per test, one thread.
 *
 * @param home the unpacked install directory ({@code kanal-<version>/})
 */
record Installation(Path home) {

    /**
     * Unpacks the tarball that the build left ({@code kanal.distribution.tarball}) under {@code dir}.
     *
     * @param dir a fresh directory of the test
     * @return the install
     * @throws IOException when the tarball cannot be read
     * @throws InterruptedException when interrupted while tar runs
     */
    static Installation unpack(Path dir) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("kanal.distribution.tarball"));
        assertThat(tarball).isRegularFile();
        Path target = Files.createDirectories(dir.resolve("install dir"));
        Path log = dir.resolve("tar.log");
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", target.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(Files.readString(log)).isZero();
        return new Installation(target.resolve(System.getProperty("kanal.distribution.root")));
    }

    /**
     * Starts a script with this test's Java as {@code JAVA_HOME} and no {@code KANAL_*} options from the caller's
     * environment, its output and errors in one log file.
     *
     * @param workingDir the process's working directory
     * @param log the file that gets standard output and standard error
     * @param command the script (relative to {@code workingDir} or absolute) and its arguments
     * @return the running process
     * @throws IOException when the process cannot start
     */
    static Process start(Path workingDir, Path log, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("KANAL_OPTS");
        builder.environment().remove("KANAL_HEAP_OPTS");
        return builder.start();
    }

    /**
     * Counts the lines of a file that may not exist yet.
     *
     * @param file the file
     * @return its line count, 0 when it does not exist
     * @throws IOException when it cannot be read
     */
    static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }
}
