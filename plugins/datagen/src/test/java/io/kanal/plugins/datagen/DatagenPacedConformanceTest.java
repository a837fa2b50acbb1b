package io.kanal.plugins.datagen;

import java.util.Map;

/**
 * The conformance suite again with {@code rate.per.task}: a paced task waits in {@code poll} for its next record, and
 * must still return promptly and resume exactly after a restart.
 */
class DatagenPacedConformanceTest extends DatagenConformanceTest {

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("topic", "orders", "rate.per.task", "400", "batch.size", "7");
    }
}
