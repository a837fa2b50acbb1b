package io.kanal.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration map had one or more problems. Parsing collects every problem before failing, so a user fixes
 * their configuration in one round rather than one error at a time.
 */
public final class ConfigValidationException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /** Every problem, in spec definition order. */
    @SuppressWarnings("serial") // List.copyOf yields a serializable list; the field type cannot say so
    private final List<ConfigProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems at least one problem
     */
    public ConfigValidationException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    private static String render(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        return problems.size() + " configuration problems: "
                + problems.stream().map(ConfigProblem::message).collect(Collectors.joining("; "));
    }

    /**
     * Every problem found, in spec definition order.
     *
     * @return an immutable, non-empty list
     */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
