package io.kanal.client.consumer;

import io.kanal.client.TopicPartition;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The records of one {@link Consumer#poll}, grouped by partition; within a partition they are in offset order.
 * Immutable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;
    private final int count;

    /**
     * Wraps records grouped by partition (the map and lists are taken over, not copied).
     *
     * @param records the records
     */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
        this.records = Collections.unmodifiableMap(records);
        int n = 0;
        for (List<ConsumerRecord<K, V>> l : records.values()) {
            n += l.size();
        }
        this.count = n;
    }

    /**
     * No records.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return an empty instance
     */
    public static <K, V> ConsumerRecords<K, V> empty() {
        return new ConsumerRecords<>(new LinkedHashMap<>());
    }

    /**
     * The records of one partition.
     *
     * @param partition the partition
     * @return its records, empty if none
     */
    public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
        return Collections.unmodifiableList(records.getOrDefault(partition, List.of()));
    }

    /**
     * The partitions that have records here.
     *
     * @return the partitions
     */
    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    /**
     * The number of records.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * Whether there are no records.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        Iterator<List<ConsumerRecord<K, V>>> lists = records.values().iterator();
        return new Iterator<>() {
            private Iterator<ConsumerRecord<K, V>> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && lists.hasNext()) {
                    current = lists.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public ConsumerRecord<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
