package io.kanal.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.Errors;
import io.kanal.client.protocol.wire.Message;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cross-check against kafka-clients' own generated classes, for every message and version: bytes Kanal writes
 * are read by kafka-clients into the same content, kafka-clients writes the very same bytes back, and Kanal reads
 * those bytes into a value equal to the original.
 */
class KafkaClientsGoldenTest {
    private static final int SAMPLES = 10;
    private static final Set<String> CHECKED = new ConcurrentSkipListSet<>();

    @TestFactory
    Stream<DynamicTest> kanalAndKafkaClientsAgreeOnEveryMessageAndVersion() {
        return SpecCatalog.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    Class<?> kafkaType = kafkaType(c.spec().name(), c.spec().type());
                    RandomMessages random =
                            new RandomMessages(31L * c.toString().hashCode());
                    for (int i = 0; i < SAMPLES; i++) {
                        Message kanal = (Message) random.message(c.spec(), c.registry(), c.type(), c.version());
                        ByteBuffer kanalBytes = kanal.toByteBuffer(c.version());

                        Object kafka = kafkaType
                                .getConstructor(Readable.class, short.class)
                                .newInstance(new ByteBufferAccessor(kanalBytes.duplicate()), c.version());
                        assertThat(NeutralForm.of(kafka, c.spec(), c.registry(), c.version()))
                                .as("kafka-clients reading Kanal's %s", c)
                                .isEqualTo(NeutralForm.of(kanal, c.spec(), c.registry(), c.version()));

                        ByteBuffer kafkaBytes = MessageUtil.toByteBufferAccessor(
                                        (org.apache.kafka.common.protocol.Message) kafka, c.version())
                                .buffer();
                        assertThat(kafkaBytes)
                                .as("bytes of %s written by kafka-clients", c)
                                .isEqualTo(kanalBytes);
                        assertThat(MessageRoundTripTest.read(c.type(), kafkaBytes, c.version()))
                                .as("Kanal reading kafka-clients' %s", c)
                                .isEqualTo(kanal);
                    }
                    CHECKED.add(c.toString());
                }));
    }

    private static Class<?> kafkaType(String name, String type) throws ClassNotFoundException {
        String base = "org.apache.kafka.common.message." + name;
        boolean suffixed = type.equals("request") || type.equals("response") || type.equals("header");
        return Class.forName(suffixed ? base + "Data" : base);
    }

    @Test
    void apiKeyTableMatchesKafkaClients() {
        Set<String> kanal = Stream.of(ApiKey.values())
                .map(k -> k.id() + " " + k.apiName() + " " + k.lowestVersion() + "-" + k.highestVersion())
                .collect(Collectors.toCollection(TreeSet::new));
        // kafka-clients still lists the APIs removed in 4.0 (no valid versions); Kanal generates none for them.
        Set<String> kafka = Stream.of(ApiKeys.values())
                .filter(k -> k.latestVersion(true) >= k.oldestVersion())
                .map(k -> k.id + " " + k.name + " " + k.oldestVersion() + "-" + k.latestVersion(true))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kanal).isEqualTo(kafka);
        for (ApiKeys k : ApiKeys.values()) {
            if (k.latestVersion(true) < k.oldestVersion()) {
                continue;
            }
            ApiKey ours = ApiKey.forId(k.id);
            for (short v = k.oldestVersion(); v <= k.latestVersion(true); v++) {
                assertThat(ours.requestHeaderVersion(v))
                        .as("%s v%d request header", k, v)
                        .isEqualTo(k.requestHeaderVersion(v));
                assertThat(ours.responseHeaderVersion(v))
                        .as("%s v%d response header", k, v)
                        .isEqualTo(k.responseHeaderVersion(v));
            }
        }
    }

    @Test
    void errorsTableMatchesKafkaClients() {
        for (org.apache.kafka.common.protocol.Errors e : org.apache.kafka.common.protocol.Errors.values()) {
            Errors ours = Errors.forCode(e.code());
            assertThat(ours.name()).isEqualTo(e.name());
            assertThat(ours.retriable())
                    .as("%s retriable", e)
                    .isEqualTo(e.exception() instanceof org.apache.kafka.common.errors.RetriableException);
        }
        assertThat(Errors.values()).hasSize(org.apache.kafka.common.protocol.Errors.values().length);
    }

    /** Fails if any message or version of the pinned specs was skipped by the golden check. */
    @AfterAll
    static void everyMessageAndVersionWasChecked() {
        Set<String> expected =
                SpecCatalog.cases().stream().map(Object::toString).collect(Collectors.toSet());
        assertThat(CHECKED).containsExactlyInAnyOrderElementsOf(expected);
        Set<String> apis = SpecCatalog.specs().stream()
                .filter(s -> s.isApiMessage())
                .map(s -> s.apiKey() + "")
                .collect(Collectors.toSet());
        assertThat(apis).hasSize(ApiKey.values().length);
    }
}
