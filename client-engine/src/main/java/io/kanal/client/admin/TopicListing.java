package io.kanal.client.admin;

import java.util.UUID;

/**
 * A topic as listed by {@link AdminOperations#listTopics}.
 *
 * @param name the name
 * @param topicId the topic id
 * @param internal whether Kafka uses it internally ({@code __consumer_offsets}, {@code __transaction_state})
 */
public record TopicListing(String name, UUID topicId, boolean internal) {}
