package io.kanal.runtime.isolation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The names a config may use for a plugin besides its class name, computed as Connect computes them: the simple class
 * name ({@code FileStreamSourceConnector}) and the simple name cut before the last occurrence of its type's suffix
 * ({@code FileStreamSource}; {@code JsonConverter} → {@code Json}). An alias that would name two different classes is
 * ambiguous and names neither. Also the extra names: the built-ins' (Connect's class names for Kanal's own
 * converters and transforms) and those plugin locations give their plugins ({@link PluginExtraNames}); an extra name
 * given to two different classes is ambiguous too. Immutable.
 */
final class PluginNames {

    private final Map<String, String> aliases;
    private final Map<String, List<String>> ambiguous;
    private final Map<String, String> extraNames;

    /**
     * @param plugins every loaded plugin, whose aliases are computed
     * @param extraNameClaims each extra name with the class names it is given to; a name given to several classes is
     *     ambiguous, like an alias
     */
    PluginNames(Collection<PluginDescriptor> plugins, Map<String, ? extends Collection<String>> extraNameClaims) {
        Map<String, Set<String>> claims = new HashMap<>();
        for (PluginDescriptor plugin : plugins) {
            for (String alias : List.of(simpleName(plugin), prunedName(plugin))) {
                if (!alias.isEmpty()) {
                    claims.computeIfAbsent(alias, a -> new TreeSet<>()).add(plugin.className());
                }
            }
        }
        Map<String, String> unique = new TreeMap<>();
        Map<String, List<String>> clashes = new TreeMap<>();
        claims.forEach((alias, classNames) -> {
            if (classNames.size() == 1) {
                unique.put(alias, classNames.iterator().next());
            } else {
                clashes.put(alias, List.copyOf(classNames));
            }
        });
        Map<String, String> extras = new TreeMap<>();
        extraNameClaims.forEach((name, classNames) -> {
            Set<String> distinct = new TreeSet<>(classNames);
            if (distinct.size() == 1) {
                extras.put(name, distinct.iterator().next());
            } else if (distinct.size() > 1) {
                clashes.put(name, List.copyOf(distinct));
            }
        });
        this.aliases = Map.copyOf(unique);
        this.ambiguous = Map.copyOf(clashes);
        this.extraNames = Map.copyOf(extras);
    }

    /** The unique aliases, alias → class name. */
    Map<String, String> aliases() {
        return aliases;
    }

    /** The class name an extra name stands for, or null. */
    String extraName(String name) {
        return extraNames.get(name);
    }

    /**
     * The foreign class name (an extra name with a package, such as Connect's) that stands for this class, when
     * exactly one does.
     *
     * @param className a plugin's class name
     * @return the foreign name, or null
     */
    String foreignName(String className) {
        String found = null;
        for (Map.Entry<String, String> e : extraNames.entrySet()) {
            if (e.getValue().equals(className) && e.getKey().indexOf('.') > 0) {
                if (found != null) {
                    return null;
                }
                found = e.getKey();
            }
        }
        return found;
    }

    /** The class name a unique alias stands for, or null. */
    String alias(String name) {
        return aliases.get(name);
    }

    /** The class names an ambiguous alias or extra name could mean, or null when the name is not ambiguous. */
    List<String> ambiguous(String name) {
        return ambiguous.get(name);
    }

    /** Every name (class name, alias, extra name) that leads to one of the given class names. */
    List<String> namesFor(Set<String> classNames) {
        List<String> names = new ArrayList<>(classNames);
        aliases.forEach((alias, target) -> {
            if (classNames.contains(target)) {
                names.add(alias);
            }
        });
        extraNames.forEach((name, target) -> {
            if (classNames.contains(target)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The simple name of the class, as {@link Class#getSimpleName()} gives it ({@code Value} for {@code Cast$Value}). */
    static String simpleName(PluginDescriptor plugin) {
        return plugin.pluginClass().getSimpleName();
    }

    /** The simple name cut before the last occurrence of the type's suffix, when that leaves something. */
    static String prunedName(PluginDescriptor plugin) {
        String simple = simpleName(plugin);
        int at = simple.lastIndexOf(plugin.type().aliasSuffix());
        return at > 0 ? simple.substring(0, at) : simple;
    }

    /**
     * The candidates nearest to a name by case-insensitive edit distance, nearest first, ties by name.
     *
     * @param name the requested name
     * @param candidates the names that exist
     * @param limit how many to return at most
     * @return the nearest names
     */
    static List<String> closest(String name, Collection<String> candidates, int limit) {
        String wanted = name.toLowerCase(Locale.ROOT);
        record Scored(String name, int distance) {}
        return candidates.stream()
                .distinct()
                .map(c -> new Scored(c, distance(wanted, c.toLowerCase(Locale.ROOT))))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(limit)
                .map(Scored::name)
                .toList();
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
