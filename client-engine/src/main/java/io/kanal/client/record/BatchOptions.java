package io.kanal.client.record;

/**
 * How a {@link RecordBatchWriter} builds one batch: codec, clock, base offset, the producer fields idempotence and
 * transactions need, and the {@code batch.size}-style limit that {@link RecordBatchWriter#hasRoomFor} checks.
 *
 * @param compression the codec and its level
 * @param timestampType CreateTime, or LogAppendTime (then {@code logAppendTime} becomes the max timestamp)
 * @param logAppendTime the broker time for a LogAppendTime batch, ignored otherwise
 * @param baseOffset the offset of the first record (0 for a produce request)
 * @param partitionLeaderEpoch the leader epoch, or -1
 * @param producerId the producer id, or -1
 * @param producerEpoch the producer epoch, or -1
 * @param baseSequence the first record's sequence, or -1
 * @param transactional whether the batch is part of a transaction
 * @param control whether the batch holds control records
 * @param deleteHorizonMs a delete horizon to store as the base timestamp, or -1 for none
 * @param batchSizeLimit bytes a batch may grow to before {@code hasRoomFor} refuses a record ({@code batch.size})
 */
public record BatchOptions(
        Compression compression,
        TimestampType timestampType,
        long logAppendTime,
        long baseOffset,
        int partitionLeaderEpoch,
        long producerId,
        short producerEpoch,
        int baseSequence,
        boolean transactional,
        boolean control,
        long deleteHorizonMs,
        int batchSizeLimit) {

    /** Kafka's default {@code batch.size}. */
    public static final int DEFAULT_BATCH_SIZE = 16384;

    /** Checks the fields that would produce a batch Kafka rejects. */
    public BatchOptions {
        if (compression == null || timestampType == null) {
            throw new IllegalArgumentException("compression and timestampType must not be null");
        }
        if (timestampType == TimestampType.LOG_APPEND_TIME && logAppendTime < 0) {
            throw new IllegalArgumentException("a LogAppendTime batch needs logAppendTime >= 0");
        }
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset must be >= 0, got " + baseOffset);
        }
        if (baseSequence < -1) {
            throw new IllegalArgumentException("baseSequence must be >= -1, got " + baseSequence);
        }
        if (batchSizeLimit <= 0) {
            throw new IllegalArgumentException("batchSizeLimit must be positive, got " + batchSizeLimit);
        }
    }

    /**
     * Returns a builder with Kafka's defaults: no compression, CreateTime, offset 0, no producer state.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.compression = compression;
        b.timestampType = timestampType;
        b.logAppendTime = logAppendTime;
        b.baseOffset = baseOffset;
        b.partitionLeaderEpoch = partitionLeaderEpoch;
        b.producerId = producerId;
        b.producerEpoch = producerEpoch;
        b.baseSequence = baseSequence;
        b.transactional = transactional;
        b.control = control;
        b.deleteHorizonMs = deleteHorizonMs;
        b.batchSizeLimit = batchSizeLimit;
        return b;
    }

    /** Builds {@link BatchOptions}; not thread-safe. */
    public static final class Builder {
        private Compression compression = Compression.NONE;
        private TimestampType timestampType = TimestampType.CREATE_TIME;
        private long logAppendTime = -1;
        private long baseOffset;
        private int partitionLeaderEpoch = -1;
        private long producerId = -1;
        private short producerEpoch = -1;
        private int baseSequence = -1;
        private boolean transactional;
        private boolean control;
        private long deleteHorizonMs = -1;
        private int batchSizeLimit = DEFAULT_BATCH_SIZE;

        private Builder() {}

        /**
         * Sets the codec and level.
         *
         * @param value the compression
         * @return this builder
         */
        public Builder compression(Compression value) {
            this.compression = value;
            return this;
        }

        /**
         * Makes a LogAppendTime batch stamped with the given broker time.
         *
         * @param value the log append time in ms
         * @return this builder
         */
        public Builder logAppendTime(long value) {
            this.timestampType = TimestampType.LOG_APPEND_TIME;
            this.logAppendTime = value;
            return this;
        }

        /**
         * Sets the base offset.
         *
         * @param value the offset of the first record
         * @return this builder
         */
        public Builder baseOffset(long value) {
            this.baseOffset = value;
            return this;
        }

        /**
         * Sets the partition leader epoch.
         *
         * @param value the epoch, or -1
         * @return this builder
         */
        public Builder partitionLeaderEpoch(int value) {
            this.partitionLeaderEpoch = value;
            return this;
        }

        /**
         * Sets the idempotent producer state.
         *
         * @param id the producer id
         * @param epoch the producer epoch
         * @param sequence the first record's sequence
         * @return this builder
         */
        public Builder producerState(long id, short epoch, int sequence) {
            this.producerId = id;
            this.producerEpoch = epoch;
            this.baseSequence = sequence;
            return this;
        }

        /**
         * Marks the batch transactional.
         *
         * @param value the transactional bit
         * @return this builder
         */
        public Builder transactional(boolean value) {
            this.transactional = value;
            return this;
        }

        /**
         * Marks the batch as a control batch.
         *
         * @param value the control bit
         * @return this builder
         */
        public Builder control(boolean value) {
            this.control = value;
            return this;
        }

        /**
         * Stores a delete horizon as the base timestamp and sets the delete-horizon bit.
         *
         * @param value the horizon in ms, or -1 for none
         * @return this builder
         */
        public Builder deleteHorizonMs(long value) {
            this.deleteHorizonMs = value;
            return this;
        }

        /**
         * Sets the size limit {@link RecordBatchWriter#hasRoomFor} enforces.
         *
         * @param value bytes, like {@code batch.size}
         * @return this builder
         */
        public Builder batchSizeLimit(int value) {
            this.batchSizeLimit = value;
            return this;
        }

        /**
         * Builds and validates the options.
         *
         * @return the options
         */
        public BatchOptions build() {
            return new BatchOptions(
                    compression,
                    timestampType,
                    logAppendTime,
                    baseOffset,
                    partitionLeaderEpoch,
                    producerId,
                    producerEpoch,
                    baseSequence,
                    transactional,
                    control,
                    deleteHorizonMs,
                    batchSizeLimit);
        }
    }
}
