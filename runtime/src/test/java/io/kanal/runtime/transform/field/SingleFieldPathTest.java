package io.kanal.runtime.transform.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.config.InvalidConfigValueException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SingleFieldPathTest {

    /** Apache's parser, as the reference: its steps, or the failure's message. */
    private static Object apacheSteps(String path) throws ReflectiveOperationException {
        org.apache.kafka.connect.transforms.field.SingleFieldPath apache;
        try {
            apache = new org.apache.kafka.connect.transforms.field.SingleFieldPath(
                    path, org.apache.kafka.connect.transforms.field.FieldSyntaxVersion.V2);
        } catch (org.apache.kafka.common.config.ConfigException malformed) {
            return "config error: " + malformed.getMessage();
        }
        Method steps = apache.getClass().getDeclaredMethod("path");
        steps.setAccessible(true);
        return Arrays.asList((String[]) steps.invoke(apache));
    }

    private static Object kanalSteps(String path) {
        try {
            return SingleFieldPath.of(path, FieldSyntaxVersion.V2).steps();
        } catch (IllegalArgumentException malformed) {
            return "config error: " + malformed.getMessage();
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().withChars('a', 'b', '.', '`', '\\').ofMaxLength(12);
    }

    @Property(tries = 3000)
    void v2ParsesEveryPathAsConnectDoes(@ForAll("paths") String path) throws ReflectiveOperationException {
        assertThat(kanalSteps(path)).as(path).isEqualTo(apacheSteps(path));
    }

    @Test
    void v2ExamplesFromTheKip() {
        assertThat(SingleFieldPath.of("foo.bar", FieldSyntaxVersion.V2).steps()).containsExactly("foo", "bar");
        assertThat(SingleFieldPath.of("`foo.bar`.baz", FieldSyntaxVersion.V2).steps())
                .containsExactly("foo.bar", "baz");
        assertThat(SingleFieldPath.of("`a\\`.b`", FieldSyntaxVersion.V2).steps())
                .containsExactly("a`.b");
        assertThat(SingleFieldPath.of("a.", FieldSyntaxVersion.V2).steps()).containsExactly("a", "");
        assertThat(SingleFieldPath.of("a.b", FieldSyntaxVersion.V1).steps()).containsExactly("a.b");
    }

    @Test
    void anUnclosedBacktickIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> SingleFieldPath.forConfig("field", "`a.b", FieldSyntaxVersion.V2))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'field'")
                .hasMessageContaining("position 0");
        assertThatThrownBy(() -> SingleFieldPath.forConfig("field", "", FieldSyntaxVersion.V2))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'field'");
        assertThat(SingleFieldPath.forConfig("field", "", FieldSyntaxVersion.V1).steps())
                .containsExactly("");
    }

    @Test
    void readsNestedStructsAndMaps() {
        Schema inner = SchemaBuilder.struct()
                .field("c", SchemaBuilder.int32().optional().defaultValue(7).build())
                .build();
        Schema outer = SchemaBuilder.struct()
                .field("a.b", inner)
                .field("n", Schema.INT32_SCHEMA)
                .build();
        Struct value = new Struct(outer).put("a.b", new Struct(inner)).put("n", 1);
        SingleFieldPath path = SingleFieldPath.of("`a.b`.c", FieldSyntaxVersion.V2);

        assertThat(path.fieldFrom(outer).schema()).isEqualTo(inner.field("c").schema());
        assertThat(path.valueFrom(value)).isEqualTo(7);
        assertThat(path.valueFrom(value, false)).isNull();
        assertThat(SingleFieldPath.of("x.c", FieldSyntaxVersion.V2).fieldFrom(outer))
                .isNull();
        assertThat(SingleFieldPath.of("x.c", FieldSyntaxVersion.V2).valueFrom(value))
                .isNull();
        assertThat(path.valueFrom(Map.of("a.b", Map.of("c", "s")))).isEqualTo("s");
        assertThat(path.valueFrom(Map.of("other", 1))).isNull();
    }

    @Test
    void aNonStructStepIsADataError() {
        Schema outer = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
        SingleFieldPath path = SingleFieldPath.of("n.x", FieldSyntaxVersion.V2);
        assertThatThrownBy(() -> path.fieldFrom(outer)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> path.valueFrom(new Struct(outer).put("n", 1)))
                .isInstanceOf(DataException.class)
                .hasMessage("Only Struct objects supported for [nested field access], found: java.lang.Integer");
        assertThatThrownBy(() -> path.valueFrom(Map.of("n", List.of())))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Only Map objects supported in absence of schema for [nested field access]");
    }

    @Test
    void pathsAreEqualByTheirSteps() {
        assertThat(SingleFieldPath.of("a", FieldSyntaxVersion.V1))
                .isEqualTo(SingleFieldPath.of("`a`", FieldSyntaxVersion.V2))
                .hasSameHashCodeAs(SingleFieldPath.of("`a`", FieldSyntaxVersion.V2));
    }
}
