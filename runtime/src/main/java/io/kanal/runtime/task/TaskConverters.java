package io.kanal.runtime.task;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;

/**
 * A task's converters: key, value and header, configured, held as {@link Plugin} handles so that every call goes
 * through the invoker.
 *
 * @param key the key converter
 * @param value the value converter
 * @param header the header converter
 */
public record TaskConverters(Plugin<Converter> key, Plugin<Converter> value, Plugin<HeaderConverter> header) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when one is missing
     */
    public TaskConverters {
        if (key == null || value == null || header == null) {
            throw new IllegalArgumentException("key, value and header converters are required");
        }
    }

    /**
     * Closes the three converters through the invoker; what they throw is ignored (nothing can be done about it).
     *
     * @param invoker the invoker
     * @param budget how long each close may take before it shows as stuck
     */
    public void close(PluginInvoker invoker, Duration budget) {
        CallOutcome<Void> ignored = invoker.call(key, Stage.CLOSE, budget, c -> {
            c.close();
            return null;
        });
        ignored = invoker.call(value, Stage.CLOSE, budget, c -> {
            c.close();
            return null;
        });
        ignored = invoker.call(header, Stage.CLOSE, budget, c -> {
            c.close();
            return null;
        });
        if (ignored == null) {
            throw new IllegalStateException("unreachable");
        }
    }
}
