package io.kanal.rest;

import io.kanal.runtime.api.LoggerLevels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A logger hierarchy in memory, one per worker of an in-process cluster (a real backend would be shared by every
 * worker of the JVM): levels by name, effective levels inherited from the nearest ancestor, root at INFO. Thread-safe.
 */
final class MemoryLoggerLevels implements LoggerLevels {

    private final Map<String, Optional<String>> loggers = new ConcurrentHashMap<>();

    /** @param names loggers that exist without a level of their own */
    MemoryLoggerLevels(String... names) {
        loggers.put(ROOT, Optional.of("INFO"));
        for (String name : names) {
            loggers.put(name, Optional.empty());
        }
    }

    @Override
    public List<String> loggers() {
        return new ArrayList<>(loggers.keySet());
    }

    @Override
    public Optional<String> level(String logger) {
        return loggers.getOrDefault(logger, Optional.empty());
    }

    @Override
    public Optional<String> effectiveLevel(String logger) {
        if (!loggers.containsKey(logger)) {
            return Optional.empty();
        }
        String name = logger;
        while (true) {
            Optional<String> own = loggers.getOrDefault(name, Optional.empty());
            if (own.isPresent() || name.equals(ROOT)) {
                return own;
            }
            int dot = name.lastIndexOf('.');
            name = dot < 0 ? ROOT : name.substring(0, dot);
        }
    }

    @Override
    public void setLevel(String logger, String level) {
        loggers.put(logger, Optional.of(level));
    }
}
