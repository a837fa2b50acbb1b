package io.kanal.plugins.datagen;

import java.util.Map;

/** The conformance suite again with the {@code string} schema, whose values also go through the StringConverter. */
class DatagenStringConformanceTest extends DatagenConformanceTest {

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("topic", "strings", "schema", "string", "records.per.task", "1000", "batch.size", "7");
    }
}
