package io.kanal.runtime.convert;

import io.kanal.api.errors.DataException;

/**
 * A {@link DataException} that learns where it happened while it travels up through nested structs, arrays and
 * maps: each level prepends its segment, so the message ends with the path of the offending value, for example
 * {@code (at address.lines[2])}. Building the path costs nothing unless a conversion fails.
 */
final class JsonPathException extends DataException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    private String path = "";

    JsonPathException(String problem) {
        super(problem);
        this.problem = problem;
    }

    JsonPathException(String problem, Throwable cause) {
        super(problem, cause);
        this.problem = problem;
    }

    /**
     * Adds the path of an enclosing value in front of this one's.
     *
     * @param failure what went wrong below this level; a plain {@link DataException} is wrapped
     * @param segment the enclosing level's segment: {@code .name} for a struct field, {@code [3]} for an element
     * @return the exception to rethrow
     */
    static JsonPathException at(DataException failure, String segment) {
        JsonPathException pathed = failure instanceof JsonPathException known
                ? known
                : new JsonPathException(String.valueOf(failure.getMessage()), failure);
        pathed.path = segment + pathed.path;
        return pathed;
    }

    /** The problem alone, without the path. */
    String problem() {
        return problem;
    }

    /** The path, for example {@code address.lines[2]}; empty at the top level. */
    String path() {
        return path.startsWith(".") ? path.substring(1) : path;
    }

    @Override
    public String getMessage() {
        String where = path();
        return where.isEmpty() ? problem : problem + " (at " + where + ")";
    }
}
