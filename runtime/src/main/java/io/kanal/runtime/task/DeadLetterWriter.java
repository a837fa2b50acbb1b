package io.kanal.runtime.task;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.record.Header;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.StageError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Writes skipped records to a dead letter queue topic, as Kafka Connect's dead letter queue reporter does: the
 * record's original key, value, timestamp and headers, plus, when {@code errors.deadletterqueue.context.headers.enable}
 * is set, the context headers under {@value #HEADER_PREFIX} with Connect's exact names and encodings (UTF-8 strings;
 * numbers in decimal). The topic is created with one partition and the configured replication factor if missing.
 *
 * <p>Kanal differences: exception messages and traces are masked of the connector's secrets; and the same writer
 * serves the dead letter queue of source records (Kanal only), whose failures have no Kafka topic, partition or
 * offset, so those three headers are absent there.
 *
 * <p>Threading: {@link #write} from the task thread; the producer's callbacks complete the futures. The producer is
 * owned (closed) by whoever created it.
 */
public final class DeadLetterWriter implements ErrorPolicy.DeadLetterSink {

    /** The prefix of every context header. */
    public static final String HEADER_PREFIX = "__connect.errors.";
    /** The failed record's topic. */
    public static final String ORIGINAL_TOPIC = HEADER_PREFIX + "topic";
    /** The failed record's partition. */
    public static final String ORIGINAL_PARTITION = HEADER_PREFIX + "partition";
    /** The failed record's offset. */
    public static final String ORIGINAL_OFFSET = HEADER_PREFIX + "offset";
    /** The connector's name. */
    public static final String CONNECTOR_NAME = HEADER_PREFIX + "connector.name";
    /** The task's number. */
    public static final String TASK_ID = HEADER_PREFIX + "task.id";
    /** The stage that failed, in Connect's names ({@code VALUE_CONVERTER}, {@code TRANSFORMATION}...). */
    public static final String STAGE = HEADER_PREFIX + "stage";
    /** The class that ran the stage. */
    public static final String EXECUTING_CLASS = HEADER_PREFIX + "class.name";
    /** The exception's class. */
    public static final String EXCEPTION = HEADER_PREFIX + "exception.class.name";
    /** The exception's message. */
    public static final String EXCEPTION_MESSAGE = HEADER_PREFIX + "exception.message";
    /** The exception's stack trace. */
    public static final String EXCEPTION_STACK_TRACE = HEADER_PREFIX + "exception.stacktrace";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Owner owner;
    private final boolean contextHeaders;

    /**
     * Creates a writer.
     *
     * @param producer the producer (idempotent, {@code acks=all}), owned by the caller
     * @param topic the dead letter queue topic
     * @param owner the task whose records these are
     * @param contextHeaders whether to add the context headers
     */
    public DeadLetterWriter(Producer<byte[], byte[]> producer, String topic, Owner owner, boolean contextHeaders) {
        if (producer == null || topic == null || topic.isBlank() || owner == null) {
            throw new IllegalArgumentException("producer, topic and owner are required");
        }
        this.producer = producer;
        this.topic = topic;
        this.owner = owner;
        this.contextHeaders = contextHeaders;
    }

    /**
     * Creates the dead letter queue topic (one partition) unless it exists.
     *
     * @param admin an admin client
     * @param topic the topic
     * @param replicationFactor its replication factor
     * @param timeout how long to wait
     * @throws KafkaException when the topic could not be created for another reason than that it exists
     */
    public static void ensureTopic(AdminClient admin, String topic, short replicationFactor, Duration timeout) {
        try {
            Optional<KafkaException> error =
                    TopicCreator.create(admin, NewTopic.of(topic, 1, replicationFactor), timeout);
            if (error.isPresent()) {
                throw error.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating the dead letter queue topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not create the dead letter queue topic " + topic, e);
        }
    }

    @Override
    public CompletableFuture<Void> write(FailedRecord failure, StageError error) {
        List<Header> headers = new ArrayList<>(failure.headers());
        if (contextHeaders) {
            addContextHeaders(headers, failure, error, owner);
        }
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, failure.timestamp(), failure.key(), failure.value(), headers);
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                done.completeExceptionally(exception);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * Appends the context headers, in Connect's order.
     *
     * @param headers the headers to add to
     * @param failure the failed record
     * @param error its structured error, secrets masked
     * @param owner the task
     */
    static void addContextHeaders(List<Header> headers, FailedRecord failure, StageError error, Owner owner) {
        if (failure.topic() != null) {
            headers.add(Header.of(ORIGINAL_TOPIC, failure.topic()));
            if (failure.partition() != null) {
                headers.add(Header.of(ORIGINAL_PARTITION, String.valueOf(failure.partition())));
            }
            if (failure.offset() != null) {
                headers.add(Header.of(ORIGINAL_OFFSET, String.valueOf(failure.offset())));
            }
        }
        headers.add(Header.of(CONNECTOR_NAME, owner.connector()));
        headers.add(Header.of(TASK_ID, String.valueOf(owner.task())));
        headers.add(Header.of(
                STAGE, error.stage().connectErrorStage().orElse(error.stage().name())));
        if (failure.executingClass() != null) {
            headers.add(Header.of(EXECUTING_CLASS, failure.executingClass().getName()));
        }
        headers.add(Header.of(EXCEPTION, error.exceptionClass()));
        headers.add(Header.of(EXCEPTION_MESSAGE, error.message()));
        if (!error.trace().isEmpty()) {
            headers.add(new Header(
                    EXCEPTION_STACK_TRACE,
                    java.nio.ByteBuffer.wrap(error.trace().getBytes(StandardCharsets.UTF_8))));
        }
    }

    /**
     * The topic written to.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }
}
