package io.kanal.plugins.http;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;

/** How a batch of encoded records becomes one request body. */
public enum BatchFormat {
    /** One JSON array: {@code [r1,r2]}. */
    JSON_ARRAY("application/json"),
    /** Newline-delimited JSON: {@code r1\nr2\n}, one value per line. */
    NDJSON("application/x-ndjson");

    private final String contentType;

    BatchFormat(String contentType) {
        this.contentType = contentType;
    }

    /**
     * The format of a configured name.
     *
     * @param name {@code json_array} or {@code ndjson}, in any case
     * @return the format
     */
    public static BatchFormat of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The request's {@code Content-Type}.
     *
     * @return the media type
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The body bytes a batch of this many records and this many encoded bytes will take, to decide whether one more
     * record still fits.
     *
     * @param records the number of records
     * @param encodedBytes the sum of their encoded sizes
     * @return the body's size
     */
    public long bodySize(int records, long encodedBytes) {
        // json_array: brackets plus a comma between two elements; ndjson: a newline after each element.
        return this == JSON_ARRAY ? encodedBytes + 2 + Math.max(0, records - 1) : encodedBytes + records;
    }

    /**
     * Joins encoded records into a body.
     *
     * @param encoded each record's JSON, UTF-8
     * @return the body
     */
    public byte[] body(List<byte[]> encoded) {
        long total = 0;
        for (byte[] e : encoded) {
            total += e.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bodySize(encoded.size(), total));
        if (this == JSON_ARRAY) {
            out.write('[');
        }
        for (int i = 0; i < encoded.size(); i++) {
            if (this == JSON_ARRAY && i > 0) {
                out.write(',');
            }
            out.writeBytes(encoded.get(i));
            if (this == NDJSON) {
                out.write('\n');
            }
        }
        if (this == JSON_ARRAY) {
            out.write(']');
        }
        return out.toByteArray();
    }
}
