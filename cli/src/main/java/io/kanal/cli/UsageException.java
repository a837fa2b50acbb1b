package io.kanal.cli;

/** The command line is wrong: a missing or unknown flag, a malformed value. The message says which. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, for the user
     */
    public UsageException(String message) {
        super(message);
    }
}
