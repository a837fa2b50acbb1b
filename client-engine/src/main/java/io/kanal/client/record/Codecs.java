package io.kanal.client.record;

import io.kanal.client.errors.CompressionUnavailableException;
import java.nio.ByteBuffer;

/**
 * Finds the codec for a compression type. Each optional codec is resolved once, on first use, through a holder class,
 * so a missing library costs nothing until a batch needs it and then fails with {@link
 * CompressionUnavailableException} naming the Maven coordinates.
 */
final class Codecs {
    private Codecs() {}

    static CompressionCodec forType(CompressionType type) {
        return switch (type) {
            case NONE -> throw new IllegalArgumentException("NONE has no codec");
            case GZIP -> GzipCodec.INSTANCE;
            case SNAPPY -> SnappyHolder.CODEC;
            case LZ4 -> Lz4Holder.CODEC;
            case ZSTD -> ZstdHolder.CODEC;
        };
    }

    /**
     * Loads a codec if its library is visible from {@code loader}; otherwise returns a codec that fails on use. Only
     * after the probe succeeds is the codec class touched, so its static references to the library resolve.
     */
    static CompressionCodec load(CompressionType type, ClassLoader loader) {
        try {
            Class.forName(type.probeClass(), false, loader);
            return switch (type) {
                case SNAPPY -> new SnappyCodec();
                case LZ4 -> new Lz4Codec();
                case ZSTD -> new ZstdCodec();
                default -> throw new IllegalArgumentException(type + " needs no library");
            };
        } catch (ClassNotFoundException | LinkageError e) {
            return new Unavailable(type, e);
        }
    }

    private static ClassLoader ownLoader() {
        return Codecs.class.getClassLoader();
    }

    private static final class SnappyHolder {
        static final CompressionCodec CODEC = load(CompressionType.SNAPPY, ownLoader());
    }

    private static final class Lz4Holder {
        static final CompressionCodec CODEC = load(CompressionType.LZ4, ownLoader());
    }

    private static final class ZstdHolder {
        static final CompressionCodec CODEC = load(CompressionType.ZSTD, ownLoader());
    }

    /** Stands in for a codec whose library is missing. */
    private record Unavailable(CompressionType type, Throwable cause) implements CompressionCodec {
        @Override
        public void compress(byte[] src, int off, int len, GrowableBuffer out, int level) {
            throw new CompressionUnavailableException(type.configName(), type.mavenCoordinates(), cause);
        }

        @Override
        public ByteBuffer decompress(ByteBuffer src, DecompressionContext context, long baseOffset) {
            throw new CompressionUnavailableException(type.configName(), type.mavenCoordinates(), cause);
        }
    }
}
