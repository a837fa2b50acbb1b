package io.kanal.client.network.sasl;

import io.kanal.client.errors.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One login module entry of {@code sasl.jaas.config}, as Kafka users write it:
 * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";}.
 *
 * <p>Syntax (that of JAAS files and of Kafka's parser): the module's class name, a control flag ({@code required},
 * {@code requisite}, {@code sufficient}, {@code optional}), then {@code name=value} options, then {@code ;}. A value is
 * a double-quoted string, in which a backslash escapes the next character ({@code \"}, {@code \\}, and {@code \n},
 * {@code \t}, {@code \r}), or a bare word. {@code //} and {@code /* *}{@code /} comments are allowed between tokens.
 * Exactly one entry, as a Kafka client requires. Parse errors give the character position and what was expected,
 * never any text of the line, not even an option name: after an unquoted value with a blank ({@code password=sec ret})
 * the parser reads part of the password as the next option name. {@link #toString()} shows option names only.
 *
 * @param loginModule the module's class name, as written
 * @param flag the control flag, lower case
 * @param options the options in the order written
 */
public record JaasConfig(String loginModule, String flag, Map<String, String> options) {
    private static final Set<String> FLAGS = Set.of("required", "requisite", "sufficient", "optional");

    /** Copies the options. */
    public JaasConfig {
        Objects.requireNonNull(loginModule, "loginModule");
        Objects.requireNonNull(flag, "flag");
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * The login module's simple class name, which is what decides its meaning (shaded copies keep it).
     *
     * @return e.g. {@code PlainLoginModule}
     */
    public String moduleSimpleName() {
        return loginModule.substring(loginModule.lastIndexOf('.') + 1);
    }

    /**
     * Parses a {@code sasl.jaas.config} value.
     *
     * @param text the value
     * @return the entry
     * @throws InvalidConfigException naming the position and what was expected
     */
    public static JaasConfig parse(String text) {
        return new Parser(text).entry();
    }

    @Override
    public String toString() {
        return "JaasConfig[" + loginModule + " " + flag + ", options=" + options.keySet() + "]";
    }

    /** A hand-written tokenizer; its messages quote no text of the line, only positions. Used by one thread for one parse. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = Objects.requireNonNull(text, "text");
        }

        JaasConfig entry() {
            skipBlanks();
            if (pos >= text.length()) {
                throw error("is empty; expected '<LoginModule class> required <options>;'");
            }
            String module = word("the login module class name");
            String flag = word("a control flag").toLowerCase(Locale.ROOT);
            if (!FLAGS.contains(flag)) {
                throw error("has an unknown control flag after the login module; expected one of " + FLAGS);
            }
            Map<String, String> options = new LinkedHashMap<>();
            while (true) {
                skipBlanks();
                if (pos >= text.length()) {
                    throw error("does not end with ';'");
                }
                if (text.charAt(pos) == ';') {
                    pos++;
                    break;
                }
                int at = pos;
                String name = word("an option name");
                skipBlanks();
                if (pos >= text.length() || text.charAt(pos) != '=') {
                    // Never the name: after an unquoted value with a blank, the "name" is part of that value.
                    throw error("expects '=' after the option name starting at character " + at);
                }
                pos++;
                skipBlanks();
                String value = pos < text.length() && text.charAt(pos) == '"' ? quoted() : word("a value");
                if (options.put(name, value) != null) {
                    throw error("sets an option a second time at character " + at);
                }
            }
            skipBlanks();
            if (pos < text.length()) {
                throw error("holds more than one login module entry; a client uses exactly one");
            }
            return new JaasConfig(module, flag, options);
        }

        private String word(String expected) {
            skipBlanks();
            int start = pos;
            while (pos < text.length() && isWordChar(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expects " + expected + " at character " + start);
            }
            return text.substring(start, pos);
        }

        private static boolean isWordChar(char c) {
            return !Character.isWhitespace(c) && c != '=' && c != ';' && c != '"';
        }

        private String quoted() {
            int start = pos;
            pos++; // the opening quote
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    char escaped = text.charAt(pos++);
                    value.append(
                            switch (escaped) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> escaped;
                            });
                } else {
                    value.append(c);
                }
            }
            throw error("has an unterminated quoted value (opened at character " + start + ")");
        }

        private void skipBlanks() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (text.startsWith("//", pos)) {
                    int end = text.indexOf('\n', pos);
                    pos = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("/*", pos)) {
                    int end = text.indexOf("*/", pos + 2);
                    if (end < 0) {
                        throw error("has an unterminated /* comment");
                    }
                    pos = end + 2;
                } else {
                    return;
                }
            }
        }

        private InvalidConfigException error(String what) {
            return new InvalidConfigException("sasl.jaas.config " + what);
        }
    }
}
