package io.kanal.runtime.transform.field;

import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.runtime.transform.util.Requirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path to one field, possibly nested, as a transform's configuration names it. Immutable and thread-safe.
 *
 * <p>With {@link FieldSyntaxVersion#V1} the path is one step: the whole string. With {@link FieldSyntaxVersion#V2}
 * it is split on dots, the way Kafka Connect 4.x reads it:
 *
 * <ul>
 *   <li>a step that does not start with a backtick runs to the next dot ({@code a.b} is {@code [a, b]}; a trailing
 *       dot adds an empty last step, {@code a.} is {@code [a, ""]}; the empty path has no step);
 *   <li>a step that starts with a backtick runs to the next backtick that is followed by a dot or ends the path,
 *       so it may contain dots and lone backticks ({@code `a.b`.c} is {@code [a.b, c]});
 *   <li>inside such a step, a backslash before a backtick that is followed by a dot escapes it: the backslash is
 *       dropped and both characters are kept ({@code `a\`.b`} is {@code [a`.b]}); any other backslash is literal;
 *   <li>a step opened by a backtick but never closed is a configuration error.
 * </ul>
 */
public final class SingleFieldPath {

    private static final char BACKTICK = '`';
    private static final char DOT = '.';
    private static final char BACKSLASH = '\\';

    private final String original;
    private final FieldSyntaxVersion version;
    private final List<String> steps;

    private SingleFieldPath(String original, FieldSyntaxVersion version, List<String> steps) {
        this.original = original;
        this.version = version;
        this.steps = steps;
    }

    /**
     * Parses a path.
     *
     * @param path the path as configured
     * @param version how to read it
     * @return the path
     * @throws IllegalArgumentException when a V2 path opens a backtick that is never closed
     */
    public static SingleFieldPath of(String path, FieldSyntaxVersion version) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        List<String> steps = version == FieldSyntaxVersion.V1 ? List.of(path) : parseV2(path);
        return new SingleFieldPath(path, version, steps);
    }

    /**
     * Parses a path taken from a configuration key, reporting a malformed path as a configuration error.
     *
     * @param key the configuration key the path came from
     * @param path the path as configured
     * @param version how to read it
     * @return the path
     * @throws InvalidConfigValueException naming the key, when the path is malformed or has no step
     */
    public static SingleFieldPath forConfig(String key, String path, FieldSyntaxVersion version) {
        SingleFieldPath parsed;
        try {
            parsed = of(path, version);
        } catch (IllegalArgumentException malformed) {
            throw new InvalidConfigValueException(key, path, malformed.getMessage());
        }
        if (parsed.steps.isEmpty()) {
            // Connect accepts the empty V2 path and then fails on every record; refusing it up front is kinder.
            throw new InvalidConfigValueException(key, path, "must name a field: an empty " + version + " path");
        }
        return parsed;
    }

    private static List<String> parseV2(String path) {
        List<String> steps = new ArrayList<>();
        int position = 0;
        int length = path.length();
        while (position < length) {
            if (path.charAt(position) != BACKTICK) {
                int dot = path.indexOf(DOT, position);
                int end = dot < 0 ? length : dot;
                steps.add(path.substring(position, end));
                position = end + 1;
            } else {
                position = readQuotedStep(path, position, steps);
            }
        }
        if (!path.isEmpty() && path.charAt(length - 1) == DOT) {
            steps.add("");
        }
        return List.copyOf(steps);
    }

    /** Reads a backtick-quoted step starting at {@code open}; returns where the next step starts. */
    private static int readQuotedStep(String path, int open, List<String> steps) {
        StringBuilder step = new StringBuilder();
        int copiedFrom = open + 1;
        int search = open + 1;
        while (true) {
            int close = path.indexOf(BACKTICK, search);
            if (close < 0) {
                throw incomplete(path, open);
            }
            // The opening backtick itself never counts as an escaping backslash.
            boolean escaped = close > open + 1 && path.charAt(close - 1) == BACKSLASH;
            if (close == path.length() - 1) {
                if (escaped) {
                    throw incomplete(path, open);
                }
                steps.add(step.append(path, copiedFrom, close).toString());
                return close + 1;
            }
            if (path.charAt(close + 1) != DOT) {
                // A backtick inside the step: part of the name.
                search = close + 1;
            } else if (escaped) {
                // "\`." keeps the backtick and the dot, drops the backslash, and the step goes on.
                step.append(path, copiedFrom, close - 1).append(BACKTICK);
                copiedFrom = close + 1;
                search = close + 1;
            } else {
                steps.add(step.append(path, copiedFrom, close).toString());
                return close + 2;
            }
        }
    }

    private static IllegalArgumentException incomplete(String path, int open) {
        return new IllegalArgumentException("Incomplete backtick pair in path: [" + path
                + "], consider adding a backslash before backtick at position " + open + " to escape it");
    }

    /**
     * The path as configured.
     *
     * @return the original string
     */
    public String original() {
        return original;
    }

    /**
     * The syntax the path was read with.
     *
     * @return the version
     */
    public FieldSyntaxVersion version() {
        return version;
    }

    /**
     * The field names from the root to the target.
     *
     * @return an immutable list; empty only for an empty V2 path
     */
    public List<String> steps() {
        return steps;
    }

    /**
     * The field the path names in a struct schema.
     *
     * @param schema a struct schema, or {@code null}
     * @return the field; {@code null} when the schema is {@code null} or a step does not exist
     * @throws DataException when a step before the last names a field whose schema is not a struct
     */
    public Field fieldFrom(Schema schema) {
        if (schema == null) {
            return null;
        }
        Schema current = schema;
        for (String step : steps.subList(0, lastIndex())) {
            Field field = structField(current, step);
            if (field == null) {
                return null;
            }
            current = field.schema();
        }
        return structField(current, lastStep());
    }

    /**
     * The value the path names in a struct, taking a field's default when the value is {@code null}.
     *
     * @param struct the struct, or {@code null}
     * @return the value; {@code null} when the struct is {@code null} or a step is absent or {@code null}
     * @throws DataException when a step before the last holds something other than a struct
     */
    public Object valueFrom(Struct struct) {
        return valueFrom(struct, true);
    }

    /**
     * The value the path names in a struct.
     *
     * @param struct the struct, or {@code null}
     * @param withDefault whether a {@code null} last value is replaced by its field's default (steps before the last
     *     always take defaults, as in Connect)
     * @return the value; {@code null} when the struct is {@code null} or a step is absent or {@code null}
     * @throws DataException when a step before the last holds something other than a struct
     */
    public Object valueFrom(Struct struct, boolean withDefault) {
        if (struct == null) {
            return null;
        }
        Struct current = struct;
        for (String step : steps.subList(0, lastIndex())) {
            if (structField(current.schema(), step) == null) {
                return null;
            }
            current = Requirements.requireStructOrNull(current.get(step), "nested field access");
            if (current == null) {
                return null;
            }
        }
        String last = lastStep();
        if (structField(current.schema(), last) == null) {
            return null;
        }
        return withDefault ? current.get(last) : current.getWithoutDefault(last);
    }

    /**
     * The value the path names in a schemaless map.
     *
     * @param map the map, or {@code null}
     * @return the value; {@code null} when the map is {@code null} or a step is absent or {@code null}
     * @throws DataException when a step before the last holds something other than a map
     */
    public Object valueFrom(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> current = Requirements.castMap(map);
        for (String step : steps.subList(0, lastIndex())) {
            current = Requirements.requireMapOrNull(current.get(step), "nested field access");
            if (current == null) {
                return null;
            }
        }
        return current.get(lastStep());
    }

    private static Field structField(Schema schema, String name) {
        if (schema.type() != Schema.Type.STRUCT) {
            throw new DataException("Cannot look up fields on non-struct type");
        }
        return schema.field(name);
    }

    private int lastIndex() {
        requireSteps();
        return steps.size() - 1;
    }

    private String lastStep() {
        requireSteps();
        return steps.get(steps.size() - 1);
    }

    private void requireSteps() {
        if (steps.isEmpty()) {
            throw new DataException("The field path '" + original + "' names no field");
        }
    }

    /**
     * Paths are equal when their steps are, whatever syntax produced them (as in Connect).
     *
     * @param other another object
     * @return {@code true} for equal steps
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SingleFieldPath path && steps.equals(path.steps);
    }

    /**
     * Hashes the steps.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    /**
     * The version and the steps.
     *
     * @return for example {@code V2:[a.b, c]}
     */
    @Override
    public String toString() {
        return version + ":" + steps;
    }
}
