package io.kanal.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link ConfigSpec} as documentation. */
public final class ConfigDocs {

    private static final Comparator<ConfigKey<?>> IMPORTANCE_THEN_NAME = Comparator.<ConfigKey<?>, Importance>comparing(
                    ConfigKey::importance)
            .thenComparing(ConfigKey::name);

    private ConfigDocs() {}

    /**
     * A Markdown table with one row per key, most important keys first and alphabetical within an importance, so
     * a reader meets the settings that matter before the tuning knobs.
     *
     * @param spec the spec to document
     * @return the table, ending with a newline
     */
    public static String markdownTable(ConfigSpec spec) {
        StringBuilder table = new StringBuilder();
        table.append("| Name | Type | Default | Valid values | Importance | Description |\n");
        table.append("|---|---|---|---|---|---|\n");
        List<ConfigKey<?>> sorted =
                spec.keys().stream().sorted(IMPORTANCE_THEN_NAME).toList();
        for (ConfigKey<?> key : sorted) {
            table.append(row(
                    code(key.name()),
                    key.type().name(),
                    defaultCell(key),
                    cell(key.validator().describe()),
                    key.importance().label(),
                    cell(key.documentation())));
        }
        return table.toString();
    }

    private static String defaultCell(ConfigKey<?> key) {
        if (key.required()) {
            return "*required*";
        }
        return key.formattedDefault().map(ConfigDocs::code).orElse("*none*");
    }

    private static String row(String... cells) {
        return List.of(cells).stream()
                .map(cell -> cell.isEmpty() ? " " : " " + cell + " ")
                .collect(Collectors.joining("|", "|", "|\n"));
    }

    private static String code(String text) {
        // An empty code span renders as nothing, which would look like a missing default.
        return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
    }

    /** Keeps the table intact: a pipe would start a new column and a newline would end the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\R+", " ").strip();
    }
}
