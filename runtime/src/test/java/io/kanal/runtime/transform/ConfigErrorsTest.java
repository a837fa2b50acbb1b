package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigException;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every misconfiguration is a config error that names the key and, where there are some, the allowed values. */
class ConfigErrorsTest {

    private static void assertRefused(
            Supplier<? extends Transformation<SourceRecord>> factory, Map<String, String> config, String... mentions) {
        Transformation<SourceRecord> transform = factory.get();
        assertThatThrownBy(() -> transform.configure(transform.configSpec().parse(config)))
                .as("%s", config)
                .isInstanceOf(ConfigException.class)
                .satisfies(error -> assertThat(error.getMessage()).contains(mentions));
    }

    @Test
    void castNamesTheSpecAndTheTypes() {
        assertRefused(Cast.Value::new, Map.of(), "'spec'");
        assertRefused(Cast.Value::new, Map.of("spec", ""), "'spec'", "at least one field");
        assertRefused(Cast.Value::new, Map.of("spec", "a:foo"), "'spec'", "'foo'", "int8, int16");
        assertRefused(Cast.Value::new, Map.of("spec", "bytes"), "'spec'", "bytes", "float64, boolean, string");
        assertRefused(Cast.Value::new, Map.of("spec", "int8,int16"), "'spec'", "single type");
        assertRefused(Cast.Value::new, Map.of("spec", "a:b:c"), "'spec'", "a:b:c");
        assertRefused(Cast.Value::new, Map.of("spec", "::"), "'spec'");
        assertRefused(
                Cast.Key::new,
                Map.of("spec", "int8", "replace.null.with.default", "no"),
                "replace.null.with.default",
                "true or false");
    }

    @Test
    void extractFieldAndValueToKeyNameTheSyntaxVersions() {
        assertRefused(
                ExtractField.Value::new,
                Map.of("field", "a", "field.syntax.version", "V3"),
                "'field.syntax.version'",
                "'V1'",
                "'V2'");
        assertRefused(
                ExtractField.Value::new, Map.of("field", "`a", "field.syntax.version", "V2"), "'field'", "backtick");
        assertRefused(ExtractField.Value::new, Map.of(), "'field'");
        assertRefused(ValueToKey::new, Map.of("fields", ""), "'fields'", "empty");
        assertRefused(ValueToKey::new, Map.of("fields", "a,,b"), "'fields'", "empty");
        assertRefused(ValueToKey::new, Map.of("fields", "`a", "field.syntax.version", "v2"), "'fields'", "backtick");
    }

    @Test
    void headerFromNamesOperationsAndCounts() {
        assertRefused(
                HeaderFrom.Value::new,
                Map.of("fields", "a", "headers", "h", "operation", "cut"),
                "'operation'",
                "'move'",
                "'copy'");
        assertRefused(
                HeaderFrom.Value::new,
                Map.of("fields", "a,b", "headers", "h", "operation", "copy"),
                "'headers'",
                "'fields'");
        assertRefused(HeaderFrom.Key::new, Map.of("fields", "", "headers", "", "operation", "copy"), "'fields'");
    }

    @Test
    void maskFieldAndReplaceFieldNameTheirKeys() {
        assertRefused(MaskField.Value::new, Map.of("fields", "a", "replacement", " "), "'replacement'", "empty");
        assertRefused(MaskField.Value::new, Map.of(), "'fields'");
        assertRefused(ReplaceField.Value::new, Map.of("renames", "a"), "'renames'", "foo:bar");
        assertRefused(ReplaceField.Value::new, Map.of("exclude", "a,"), "'exclude'", "empty");
    }

    @Test
    void timestampConverterNamesTargetTypesPrecisionsAndFormat() {
        assertRefused(
                TimestampConverter.Value::new,
                Map.of("target.type", "String"),
                "'target.type'",
                "'string', 'unix', 'Date', 'Time', 'Timestamp'");
        assertRefused(
                TimestampConverter.Value::new,
                Map.of("target.type", "unix", "unix.precision", "days"),
                "'unix.precision'",
                "'seconds'");
        assertRefused(TimestampConverter.Value::new, Map.of("target.type", "string"), "'format'", "SimpleDateFormat");
        assertRefused(
                TimestampConverter.Value::new,
                Map.of("target.type", "unix", "format", "yyyy bbb"),
                "'format'",
                "Illegal pattern character 'b'");
    }
}
