package io.kanal.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The type of a configuration value: how a raw value (a string from a properties file or JSON, or an object that
 * is already typed) becomes a Java value, and how that value is written back for humans.
 *
 * <p>The set of types is closed: use the constants. Each parses both the string form and the matching Java type,
 * so {@code "5"} and {@code 5} are both a valid {@link #INT}. Numbers are never narrowed silently: a {@code Long}
 * that does not fit an {@code int} is rejected, not truncated.
 *
 * @param <T> the Java type of parsed values
 */
public final class ConfigType<T> {

    /** {@code true} or {@code false}, case-insensitive as a string. */
    public static final ConfigType<Boolean> BOOLEAN =
            new ConfigType<>("boolean", ConfigType::parseBoolean, String::valueOf, false);

    /** A 32-bit signed integer. */
    public static final ConfigType<Integer> INT = new ConfigType<>(
            "int",
            raw -> Math.toIntExact(parseIntegral(raw, Integer.MIN_VALUE, Integer.MAX_VALUE)),
            String::valueOf,
            false);

    /** A 16-bit signed integer. */
    public static final ConfigType<Short> SHORT = new ConfigType<>(
            "short", raw -> (short) parseIntegral(raw, Short.MIN_VALUE, Short.MAX_VALUE), String::valueOf, false);

    /** A 64-bit signed integer. */
    public static final ConfigType<Long> LONG =
            new ConfigType<>("long", raw -> parseIntegral(raw, Long.MIN_VALUE, Long.MAX_VALUE), String::valueOf, false);

    /** A finite double-precision number. */
    public static final ConfigType<Double> DOUBLE =
            new ConfigType<>("double", ConfigType::parseDouble, String::valueOf, false);

    /** A string, with surrounding whitespace removed. */
    public static final ConfigType<String> STRING =
            new ConfigType<>("string", raw -> requireString(raw).trim(), Function.identity(), false);

    /**
     * A list of strings: a {@code List} of strings, or one comma-separated string. Elements are trimmed; a blank
     * string is the empty list.
     */
    public static final ConfigType<List<String>> LIST =
            new ConfigType<>("list", ConfigType::parseList, value -> String.join(",", value), false);

    /** A Java class name; the class is not loaded (see {@link ClassName}). Accepts a {@code Class} too. */
    public static final ConfigType<ClassName> CLASS =
            new ConfigType<>("class", ConfigType::parseClassName, ClassName::name, false);

    /** A secret string, kept verbatim (not trimmed) and never shown. */
    public static final ConfigType<Password> PASSWORD = new ConfigType<>(
            "password",
            raw -> raw instanceof Password password ? password : new Password(requireString(raw)),
            value -> Password.HIDDEN,
            true);

    /**
     * A duration: a whole number of milliseconds (the Kafka convention for {@code *.ms} keys), an ISO-8601 string
     * such as {@code PT30S}, or a {@link Duration}. Shown as milliseconds.
     */
    public static final ConfigType<Duration> DURATION =
            new ConfigType<>("duration", ConfigType::parseDuration, value -> String.valueOf(value.toMillis()), false);

    private static final Pattern MILLIS = Pattern.compile("[+-]?\\d+");

    private final String name;
    private final Function<Object, T> parser;
    private final Function<T, String> formatter;
    private final boolean secret;

    private ConfigType(String name, Function<Object, T> parser, Function<T, String> formatter, boolean secret) {
        this.name = name;
        this.parser = parser;
        this.formatter = formatter;
        this.secret = secret;
    }

    /**
     * Every type, in declaration order.
     *
     * @return the types
     */
    public static List<ConfigType<?>> values() {
        return List.of(BOOLEAN, INT, SHORT, LONG, DOUBLE, STRING, LIST, CLASS, PASSWORD, DURATION);
    }

    /**
     * The type's name as documentation and the REST API show it.
     *
     * @return for example {@code int}
     */
    public String name() {
        return name;
    }

    /**
     * Whether values of this type are secrets that are never shown.
     *
     * @return {@code true} for {@link #PASSWORD}
     */
    public boolean isSecret() {
        return secret;
    }

    /**
     * Parses a raw value.
     *
     * @param key the key the value belongs to, for the error message
     * @param raw a string or an object of a matching Java type, not {@code null}
     * @return the typed value
     * @throws InvalidConfigValueException when the value does not have this type; the message shows the value
     *     redacted as {@link #show(Object)} does
     */
    public T parse(String key, Object raw) {
        try {
            return parseOrReject(raw);
        } catch (RejectedValueException rejected) {
            throw new InvalidConfigValueException(key, show(raw), rejected.getMessage());
        }
    }

    /** Parses a raw value; the exception carries only the rule, so the caller decides how to show the value. */
    T parseOrReject(Object raw) {
        Objects.requireNonNull(raw, "raw");
        return parser.apply(raw);
    }

    /**
     * Writes a typed value the way a user would type it.
     *
     * @param value the value
     * @return the string form; {@value Password#HIDDEN} for passwords
     */
    public String format(T value) {
        return formatter.apply(value);
    }

    /**
     * Shows a raw, unparsed value of this type to a human, hiding secrets. Never reveals a password, even one
     * passed to the wrong type.
     *
     * @param raw any raw value
     * @return the safe string form
     */
    public String show(Object raw) {
        if (secret) {
            return Password.HIDDEN;
        }
        if (raw instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(raw);
    }

    /**
     * The type's name.
     *
     * @return {@link #name()}
     */
    @Override
    public String toString() {
        return name;
    }

    private static Boolean parseBoolean(Object raw) {
        if (raw instanceof Boolean bool) {
            return bool;
        }
        if (raw instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (trimmed.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw new RejectedValueException("must be true or false");
    }

    private static long parseIntegral(Object raw, long min, long max) {
        String rule = "must be a whole number between " + min + " and " + max;
        long value;
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof String text) {
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException notANumber) {
                // The JDK message repeats the input, which may be anything; only the rule goes out.
                throw new RejectedValueException(rule);
            }
        } else {
            throw new RejectedValueException(rule);
        }
        if (value < min || value > max) {
            throw new RejectedValueException(rule);
        }
        return value;
    }

    private static Double parseDouble(Object raw) {
        double value;
        if (raw instanceof Number number) {
            value = number.doubleValue();
        } else if (raw instanceof String text) {
            try {
                // BigDecimal, unlike Double.parseDouble, refuses "NaN", "Infinity", hex floats and "1.5d".
                value = new BigDecimal(text.trim()).doubleValue();
            } catch (NumberFormatException notANumber) {
                throw new RejectedValueException("must be a number");
            }
        } else {
            throw new RejectedValueException("must be a number");
        }
        if (!Double.isFinite(value)) {
            throw new RejectedValueException("must be a finite number");
        }
        return value;
    }

    private static String requireString(Object raw) {
        if (raw instanceof String text) {
            return text;
        }
        throw new RejectedValueException("must be a string");
    }

    private static List<String> parseList(Object raw) {
        if (raw instanceof String text) {
            if (text.isBlank()) {
                return List.of();
            }
            // Limit -1 keeps trailing empty elements, so "a," reaches validators instead of silently losing data.
            return Arrays.stream(text.split(",", -1)).map(String::trim).toList();
        }
        if (raw instanceof List<?> list) {
            List<String> elements = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof String text)) {
                    throw new RejectedValueException("must be a list of strings");
                }
                elements.add(text.trim());
            }
            return List.copyOf(elements);
        }
        throw new RejectedValueException("must be a comma-separated string or a list of strings");
    }

    private static ClassName parseClassName(Object raw) {
        if (raw instanceof ClassName className) {
            return className;
        }
        if (raw instanceof Class<?> type) {
            return ClassName.of(type);
        }
        if (raw instanceof String text && ClassName.isValid(text.trim())) {
            return new ClassName(text.trim());
        }
        throw new RejectedValueException("must be a Java class name");
    }

    private static Duration parseDuration(Object raw) {
        String rule = "must be a whole number of milliseconds or an ISO-8601 duration such as PT30S";
        if (raw instanceof Duration duration) {
            return duration;
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return Duration.ofMillis(((Number) raw).longValue());
        }
        if (raw instanceof String text) {
            String trimmed = text.trim();
            try {
                return MILLIS.matcher(trimmed).matches()
                        ? Duration.ofMillis(Long.parseLong(trimmed))
                        : Duration.parse(trimmed);
            } catch (NumberFormatException | DateTimeParseException malformed) {
                throw new RejectedValueException(rule);
            }
        }
        throw new RejectedValueException(rule);
    }
}
