package io.kanal.bridge.data;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.RetriableException;
import java.util.function.Supplier;

/**
 * Runs a call into a Connect converter, transform or predicate and hands its typed failures over as Kanal's, so that
 * the runtime's error policy treats them as Connect's worker does: Connect's {@code RetriableException} becomes Kanal's
 * (retried), Connect's {@code DataException} Kanal's (a bad record). The original stays the cause; anything else
 * passes unchanged.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConnectFailures {

    private ConnectFailures() {}

    /**
     * @param call the plugin call
     * @param <T> its result
     * @return what the call returned
     * @throws RetriableException when it threw Connect's
     * @throws DataException when it threw Connect's
     */
    public static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (org.apache.kafka.connect.errors.RetriableException e) {
            throw new RetriableException(e.getMessage(), e);
        } catch (org.apache.kafka.connect.errors.DataException e) {
            throw new DataException(e.getMessage(), e);
        }
    }
}
