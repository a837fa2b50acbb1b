package io.kanal.config;

/**
 * Internal signal from a type parser that a raw value does not have the type. It carries only the rule, never the
 * value, so the code that knows the key and how to redact the value builds the public exception.
 */
final class RejectedValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RejectedValueException(String rule) {
        super(rule, null, false, false);
    }
}
