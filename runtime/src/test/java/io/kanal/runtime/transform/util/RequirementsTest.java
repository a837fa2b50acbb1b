package io.kanal.runtime.transform.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequirementsTest {

    /** Runs Apache's check and returns its message, or null when it passes. */
    private static String apache(Runnable check) {
        try {
            check.run();
            return null;
        } catch (org.apache.kafka.connect.errors.DataException failure) {
            return failure.getMessage();
        }
    }

    private static String kanal(Runnable check) {
        try {
            check.run();
            return null;
        } catch (DataException failure) {
            return failure.getMessage();
        }
    }

    @Test
    void messagesAreConnects() {
        for (Object value : new Object[] {null, 1, "s", Map.of()}) {
            assertThat(kanal(() -> Requirements.requireMap(value, "p")))
                    .isEqualTo(
                            apache(() -> org.apache.kafka.connect.transforms.util.Requirements.requireMap(value, "p")));
            assertThat(kanal(() -> Requirements.requireStruct(value, "p")))
                    .isEqualTo(apache(
                            () -> org.apache.kafka.connect.transforms.util.Requirements.requireStruct(value, "p")));
        }
        assertThat(kanal(() -> Requirements.requireSchema(null, "p")))
                .isEqualTo(
                        apache(() -> org.apache.kafka.connect.transforms.util.Requirements.requireSchema(null, "p")));
    }

    @Test
    void nullPassesTheOrNullVariants() {
        assertThat(Requirements.requireMapOrNull(null, "p")).isNull();
        assertThat(Requirements.requireStructOrNull(null, "p")).isNull();
        assertThatThrownBy(() -> Requirements.requireStructOrNull(1, "p")).isInstanceOf(DataException.class);
    }

    @Test
    void copySchemaBasicsKeepsNameVersionDocAndParametersButNotOptionality() {
        Schema source = SchemaBuilder.struct()
                .name("n")
                .version(3)
                .doc("d")
                .parameter("k", "v")
                .optional()
                .build();
        Schema copy = SchemaUtil.copySchemaBasics(source).build();
        assertThat(copy.name()).isEqualTo("n");
        assertThat(copy.version()).isEqualTo(3);
        assertThat(copy.doc()).isEqualTo("d");
        assertThat(copy.parameters()).isEqualTo(Map.of("k", "v"));
        assertThat(copy.isOptional()).isFalse();
        Schema array = SchemaUtil.copySchemaBasics(
                        SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        assertThat(array.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedEntries() {
        SchemaUpdateCache cache = new SchemaUpdateCache(2);
        Schema a = SchemaBuilder.struct().name("a").build();
        Schema b = SchemaBuilder.struct().name("b").build();
        Schema c = SchemaBuilder.struct().name("c").build();
        cache.put(a, b);
        cache.put(b, c);
        assertThat(cache.get(a)).isEqualTo(b);
        cache.put(c, a);
        assertThat(cache.get(b)).isNull();
        assertThat(cache.computeIfAbsent(a, ignored -> c)).isEqualTo(b);
        assertThat(cache.computeIfAbsent(b, ignored -> c)).isEqualTo(c);
        assertThatThrownBy(() -> new SchemaUpdateCache(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Struct(SchemaBuilder.struct().build()).schema().fields()).isEmpty();
    }
}
