package io.kanal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command as the tarball runs it, {@code bin/kanal standalone --dev}: a local broker, a worker with
 * its REST API, datagen -> Kafka -> file, the REST URL, the topic and the output file printed, every record checked.
 * (The local broker's Kafka jars come from the Maven repository that built the tarball, which a test run has.)
 */
class DevDemoIT {
    private static final int RECORDS = 5_000;

    @TempDir
    Path dir;

    @Test
    void devDemoPrintsRestUrlTopicAndOutputFileAndDeliversEveryRecord() throws Exception {
        Path home = Installation.unpack(dir).home();
        Path log = dir.resolve("dev.log");
        Process demo = Installation.start(
                home, log, "bin/kanal", "standalone", "--dev", "--records", Integer.toString(RECORDS));
        try {
            assertThat(demo.waitFor(180, TimeUnit.SECONDS))
                    .as("the demo ends by itself")
                    .isTrue();
        } finally {
            demo.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output)
                .containsPattern("REST API: +http://localhost:\\d+/")
                .containsPattern("topic: +kanal-dev-orders")
                .contains(RECORDS + " records datagen -> Kafka -> file")
                .doesNotContain("SLF4J")
                .doesNotContain("ERROR");
        Matcher file = Pattern.compile("output file: +(\\S+)").matcher(output);
        assertThat(file.find()).as(output).isTrue();
        assertThat(Installation.lineCount(Path.of(file.group(1)))).isEqualTo(RECORDS);
    }
}
