package io.kanal.client.errors;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a future's failure really was: the wrappers {@link java.util.concurrent.CompletableFuture} adds, taken off. */
public final class Causes {
    private Causes() {}

    /**
     * The failure inside any {@link CompletionException} or {@link ExecutionException} wrappers.
     *
     * @param error the failure as a future reported it
     * @return the innermost cause that is not such a wrapper, or {@code error} if it is not one
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
