package io.kanal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the login-module options of a JAAS config file ({@code Name { module flag key=value ...; ... };}), as the
 * JDK's {@code ConfigFile} does: {@code //} and {@code /* *}{@code /} comments, values quoted with {@code "} (a
 * backslash escapes the next character) or bare words. Its own small tokenizer rather than a regular expression, so
 * that a comment, an escaped quote or a brace inside a value cannot shift what is read. The rest module may depend on
 * the runtime's API only ({@code RestArchitectureTest}), so client-engine's JAAS parser is out of reach.
 *
 * <p>No message of this class quotes the file's text (other entries hold the clients' passwords): only the file's name
 * and a line number.
 *
 * <p><b>Threading.</b> Stateless; a pure function of its arguments.
 */
final class JaasFile {

    private JaasFile() {}

    private enum Kind {
        WORD,
        STRING,
        OPEN,
        CLOSE,
        SEMICOLON,
        EQUALS
    }

    private record Token(Kind kind, String text, int line) {
        @Override
        public String toString() {
            return kind + "@" + line;
        }
    }

    /**
     * The options of every login module of one entry, in file order.
     *
     * @param text the JAAS file's text
     * @param entry the entry's name, e.g. {@code KafkaConnect}
     * @param where the file's name, for messages
     * @return one map of options per login module of the entry; empty when the file has no such entry
     * @throws IllegalArgumentException naming the file and line when the text is not a JAAS config
     */
    static List<Map<String, String>> modules(String text, String entry, String where) {
        List<Token> tokens = tokens(text, where);
        int[] pos = {0};
        List<Map<String, String>> found = new ArrayList<>();
        boolean seen = false;
        while (pos[0] < tokens.size()) {
            String name = expect(tokens, pos, where, "an entry name", Kind.WORD, Kind.STRING)
                    .text();
            expect(tokens, pos, where, "'{'", Kind.OPEN);
            List<Map<String, String>> modules = new ArrayList<>();
            while (peek(tokens, pos, where).kind() != Kind.CLOSE) {
                expect(tokens, pos, where, "a login module class", Kind.WORD);
                expect(tokens, pos, where, "a control flag", Kind.WORD);
                Map<String, String> options = new LinkedHashMap<>();
                while (peek(tokens, pos, where).kind() != Kind.SEMICOLON) {
                    String key = expect(tokens, pos, where, "an option name", Kind.WORD)
                            .text();
                    expect(tokens, pos, where, "'='", Kind.EQUALS);
                    options.put(
                            key,
                            expect(tokens, pos, where, "a value", Kind.WORD, Kind.STRING)
                                    .text());
                }
                pos[0]++;
                modules.add(Map.copyOf(options));
            }
            pos[0]++;
            expect(tokens, pos, where, "';' after '}'", Kind.SEMICOLON);
            if (name.equals(entry) && !seen) {
                seen = true;
                found.addAll(modules);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The first value of an option among an entry's login modules.
     *
     * @param text the JAAS file's text
     * @param entry the entry's name
     * @param option the option's name
     * @param where the file's name, for messages
     * @return the value, when a module of the entry has the option
     */
    static Optional<String> option(String text, String entry, String option, String where) {
        return modules(text, entry, where).stream()
                .map(m -> m.get(option))
                .filter(v -> v != null)
                .findFirst();
    }

    private static Token peek(List<Token> tokens, int[] pos, String where) {
        if (pos[0] >= tokens.size()) {
            int line = tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line();
            throw new IllegalArgumentException("The JAAS file " + where + " ends early (after line " + line + ")");
        }
        return tokens.get(pos[0]);
    }

    private static Token expect(List<Token> tokens, int[] pos, String where, String what, Kind... kinds) {
        Token t = peek(tokens, pos, where);
        for (Kind k : kinds) {
            if (t.kind() == k) {
                pos[0]++;
                return t;
            }
        }
        throw new IllegalArgumentException(
                "The JAAS file " + where + " is malformed at line " + t.line() + ": expected " + what);
    }

    private static List<Token> tokens(String text, String where) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "The JAAS file " + where + " has an unterminated comment at line " + line);
                }
                line += count(text, i, end, '\n');
                i = end + 2;
            } else if (c == '"') {
                int start = line;
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException(
                                "The JAAS file " + where + " has an unterminated quoted value at line " + start);
                    }
                    char d = text.charAt(i++);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && i < n) {
                        d = text.charAt(i++);
                    }
                    if (d == '\n') {
                        line++;
                    }
                    value.append(d);
                }
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else if (c == '{' || c == '}' || c == ';' || c == '=') {
                Kind kind = c == '{' ? Kind.OPEN : c == '}' ? Kind.CLOSE : c == ';' ? Kind.SEMICOLON : Kind.EQUALS;
                out.add(new Token(kind, String.valueOf(c), line));
                i++;
            } else {
                int start = i;
                while (i < n && !ends(text, i)) {
                    i++;
                }
                out.add(new Token(Kind.WORD, text.substring(start, i), line));
            }
        }
        return out;
    }

    /** Whether a bare word ends before position {@code i}. */
    private static boolean ends(String text, int i) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c) || c == '{' || c == '}' || c == ';' || c == '=' || c == '"') {
            return true;
        }
        return c == '/' && i + 1 < text.length() && (text.charAt(i + 1) == '/' || text.charAt(i + 1) == '*');
    }

    private static int count(String text, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
