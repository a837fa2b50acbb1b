package io.kanal.client.record;

import java.util.zip.Deflater;

/**
 * A codec and its level, as set by Kafka's {@code compression.type} and {@code compression.gzip.level},
 * {@code compression.lz4.level} and {@code compression.zstd.level} (KIP-390). Levels and defaults are Kafka's: gzip 1
 * to 9 or -1 for zlib's default (the default); lz4 1 to 17, default 9, where the default selects LZ4's fast compressor
 * and any other level LZ4 HC at that level; zstd -131072 to 22, default 3. NONE and SNAPPY ignore the level.
 *
 * @param type the codec
 * @param level the codec's level
 */
public record Compression(CompressionType type, int level) {
    /** Kafka's default {@code compression.gzip.level}: zlib's own default. */
    public static final int GZIP_DEFAULT_LEVEL = Deflater.DEFAULT_COMPRESSION;
    /** Kafka's default {@code compression.lz4.level}; it keeps LZ4's fast compressor. */
    public static final int LZ4_DEFAULT_LEVEL = 9;
    /** Kafka's default {@code compression.zstd.level}. */
    public static final int ZSTD_DEFAULT_LEVEL = 3;

    private static final int ZSTD_MIN_LEVEL = -131072;
    private static final int ZSTD_MAX_LEVEL = 22;

    /** No compression. */
    public static final Compression NONE = new Compression(CompressionType.NONE, 0);

    /** Validates the level against the codec's range. */
    public Compression {
        if (type == null) {
            throw new IllegalArgumentException("compression type must not be null");
        }
        switch (type) {
            case GZIP ->
                requireRange(
                        "compression.gzip.level",
                        level,
                        Deflater.BEST_SPEED,
                        Deflater.BEST_COMPRESSION,
                        Deflater.DEFAULT_COMPRESSION);
            case LZ4 -> requireRange("compression.lz4.level", level, 1, 17, LZ4_DEFAULT_LEVEL);
            case ZSTD ->
                requireRange("compression.zstd.level", level, ZSTD_MIN_LEVEL, ZSTD_MAX_LEVEL, ZSTD_DEFAULT_LEVEL);
            default -> {
                // NONE and SNAPPY have no level; any value is kept as given and ignored.
            }
        }
    }

    /**
     * Returns the codec at Kafka's default level.
     *
     * @param type the codec
     * @return the compression setting
     */
    public static Compression of(CompressionType type) {
        return switch (type) {
            case NONE -> NONE;
            case GZIP -> new Compression(type, GZIP_DEFAULT_LEVEL);
            case SNAPPY -> new Compression(type, 0);
            case LZ4 -> new Compression(type, LZ4_DEFAULT_LEVEL);
            case ZSTD -> new Compression(type, ZSTD_DEFAULT_LEVEL);
        };
    }

    /**
     * Returns gzip at the given level.
     *
     * @param level 1 to 9, or -1 for zlib's default
     * @return the compression setting
     */
    public static Compression gzip(int level) {
        return new Compression(CompressionType.GZIP, level);
    }

    /**
     * Returns lz4 at the given level.
     *
     * @param level 1 to 17
     * @return the compression setting
     */
    public static Compression lz4(int level) {
        return new Compression(CompressionType.LZ4, level);
    }

    /**
     * Returns zstd at the given level.
     *
     * @param level -131072 to 22
     * @return the compression setting
     */
    public static Compression zstd(int level) {
        return new Compression(CompressionType.ZSTD, level);
    }

    private static void requireRange(String name, int level, int min, int max, int alsoAllowed) {
        if ((level < min || level > max) && level != alsoAllowed) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and " + max + " (or " + alsoAllowed + "), got " + level);
        }
    }
}
