package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;

/**
 * The compression codec of a record batch, stored in bits 0–2 of the batch attributes. Names and ids are Kafka's
 * ({@code compression.type}).
 */
public enum CompressionType {
    /** Records are stored as they are. */
    NONE(0, "none", null, null),
    /** Deflate in a gzip member, from the JDK. */
    GZIP(1, "gzip", null, null),
    /** Snappy in xerial's stream framing, from {@code org.xerial.snappy:snappy-java}. */
    SNAPPY(2, "snappy", "org.xerial.snappy.Snappy", "org.xerial.snappy:snappy-java"),
    /** LZ4 frame format, from {@code at.yawk.lz4:lz4-java} (the maintained lz4-java). */
    LZ4(3, "lz4", "net.jpountz.lz4.LZ4Factory", "at.yawk.lz4:lz4-java"),
    /** Zstandard frames, from {@code com.github.luben:zstd-jni}. */
    ZSTD(4, "zstd", "com.github.luben.zstd.Zstd", "com.github.luben:zstd-jni");

    private static final CompressionType[] BY_ID = values();

    private final int id;
    private final String configName;
    private final String probeClass;
    private final String mavenCoordinates;

    CompressionType(int id, String configName, String probeClass, String mavenCoordinates) {
        this.id = id;
        this.configName = configName;
        this.probeClass = probeClass;
        this.mavenCoordinates = mavenCoordinates;
    }

    /**
     * Returns the id stored in the batch attributes.
     *
     * @return 0 to 4
     */
    public int id() {
        return id;
    }

    /**
     * Returns the name used by Kafka's {@code compression.type} setting.
     *
     * @return for example {@code "zstd"}
     */
    public String configName() {
        return configName;
    }

    /**
     * Returns the Maven coordinates of the library this codec needs, if any.
     *
     * @return {@code groupId:artifactId}, or {@code null} for codecs built into the JDK
     */
    public String mavenCoordinates() {
        return mavenCoordinates;
    }

    /** A class whose presence proves the codec's library is on the class path; null for JDK codecs. */
    String probeClass() {
        return probeClass;
    }

    /**
     * Looks a codec up by the id found in batch attributes.
     *
     * @param id bits 0–2 of the attributes
     * @param baseOffset the batch's base offset, for the error message
     * @return the codec
     * @throws ProtocolException if the id names no known codec
     */
    public static CompressionType forId(int id, long baseOffset) {
        if (id < 0 || id >= BY_ID.length) {
            throw new ProtocolException(
                    "Record batch at base offset " + baseOffset + " has unknown compression type id " + id);
        }
        return BY_ID[id];
    }

    /**
     * Looks a codec up by its {@code compression.type} name.
     *
     * @param name for example {@code "lz4"}, case-insensitive
     * @return the codec
     * @throws IllegalArgumentException if the name is unknown
     */
    public static CompressionType forName(String name) {
        for (CompressionType type : BY_ID) {
            if (type.configName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "Unknown compression type '" + name + "'; expected one of none, gzip," + " snappy, lz4, zstd");
    }
}
