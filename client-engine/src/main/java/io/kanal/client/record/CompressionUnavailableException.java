package io.kanal.client.record;

import io.kanal.client.KafkaException;

/**
 * A batch needs a codec whose library is not on the class path (or whose native code failed to load). The message
 * names the Maven coordinates to add.
 */
public class CompressionUnavailableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a codec.
     *
     * @param type the codec that is missing
     * @param cause why loading it failed
     */
    public CompressionUnavailableException(CompressionType type, Throwable cause) {
        super(
                type.configName() + " compression needs " + type.mavenCoordinates()
                        + " on the class path: add the Maven dependency " + type.mavenCoordinates()
                        + " (it is optional in kanal-client-engine)",
                cause);
    }
}
