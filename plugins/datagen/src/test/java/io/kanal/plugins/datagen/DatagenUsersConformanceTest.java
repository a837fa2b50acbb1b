package io.kanal.plugins.datagen;

import java.util.Map;

/** The conformance suite again with the {@code users} schema and two tasks (the checks run the first). */
class DatagenUsersConformanceTest extends DatagenConformanceTest {

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("topic", "users", "schema", "users", "batch.size", "7");
    }

    @Override
    protected int maxTasks() {
        return 2;
    }
}
