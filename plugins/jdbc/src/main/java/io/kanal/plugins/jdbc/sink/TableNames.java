package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.DataException;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.util.HashMap;
import java.util.Map;

/**
 * The destination table of each topic: {@code table.name.format} with {@code ${topic}} replaced, parsed once per
 * topic. Threading: owned by the task's thread.
 */
final class TableNames {

    private final String format;
    private final Map<String, TableId> byTopic = new HashMap<>();

    TableNames(String format) {
        this.format = format;
    }

    /**
     * The table of a topic.
     *
     * @param topic the record's topic
     * @return the table
     * @throws DataException when the formatted name is not a valid table name
     */
    TableId tableOf(String topic) {
        TableId table = byTopic.get(topic);
        if (table == null) {
            String name = format.replace("${topic}", topic);
            try {
                table = TableId.parse(name);
            } catch (IllegalArgumentException e) {
                throw new DataException(
                        "table.name.format gives no valid table name for topic " + topic + ": " + e.getMessage(), e);
            }
            byTopic.put(topic, table);
        }
        return table;
    }
}
