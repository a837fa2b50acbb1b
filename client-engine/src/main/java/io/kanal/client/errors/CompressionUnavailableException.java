package io.kanal.client.errors;

/**
 * A batch needs a codec whose library is not on the class path (or whose native code failed to load). The message
 * names the Maven coordinates to add.
 */
public final class CompressionUnavailableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a codec.
     *
     * @param codec the codec's name as configured ({@code compression.type})
     * @param mavenCoordinates the artifact that provides it
     * @param cause why loading it failed
     */
    public CompressionUnavailableException(String codec, String mavenCoordinates, Throwable cause) {
        super(
                codec + " compression needs " + mavenCoordinates
                        + " on the class path: add the Maven dependency " + mavenCoordinates
                        + " (it is optional in kanal-client-engine)",
                cause);
    }
}
