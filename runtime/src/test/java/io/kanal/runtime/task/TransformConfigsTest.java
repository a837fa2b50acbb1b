package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformConfigsTest {

    private static final Owner OWNER = Owner.task("tc", 0);

    /** Creates built-ins by reflection and configures them; records what it was asked for. */
    static final class Reflective implements TransformConfigs.Plugins<SourceRecord> {
        final List<String> created = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public Plugin<Transformation<SourceRecord>> transformation(
                String alias, String className, Map<String, String> config) {
            created.add("transform " + alias + " " + config.keySet());
            Transformation<SourceRecord> t = (Transformation<SourceRecord>) newInstance(className);
            t.configure(t.configSpec().parse(config));
            return Plugin.of(OWNER, t);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Plugin<Predicate<SourceRecord>> predicate(String alias, String className, Map<String, String> config) {
            created.add("predicate " + alias + " " + config.keySet());
            Predicate<SourceRecord> p = (Predicate<SourceRecord>) newInstance(className);
            p.configure(p.configSpec().parse(config));
            return Plugin.of(OWNER, p);
        }

        @Override
        public void discard(Plugin<? extends AutoCloseable> plugin) {
            created.add("discard " + plugin.pluginClass().getSimpleName());
        }

        private static Object newInstance(String className) {
            try {
                return Class.forName(className).getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static SourceRecord on(String topic) {
        return new SourceRecord(Map.of(), Map.of(), topic, Schema.STRING_SCHEMA, "v");
    }

    /** {@code transforms} as given, with {@code route} (append "-x") defined under predicate {@code isT} (t.*). */
    private static Map<String, String> routeWhenTopicStartsWithT(String transforms) {
        Map<String, String> config = new java.util.HashMap<>();
        config.put("transforms", transforms);
        config.put("transforms.route.type", "io.kanal.runtime.transform.RegexRouter");
        config.put("transforms.route.regex", "(.*)");
        config.put("transforms.route.replacement", "$1-x");
        config.put("transforms.route.predicate", "isT");
        config.put("predicates", "isT");
        config.put("predicates.isT.type", "io.kanal.runtime.transform.predicate.TopicNameMatches");
        config.put("predicates.isT.pattern", "t.*");
        return config;
    }

    @Test
    void connectsKeysBuildTheChainWithAPredicatePerReference() {
        Map<String, String> config = routeWhenTopicStartsWithT("route, again");
        config.put("transforms.again.type", "io.kanal.runtime.transform.RegexRouter");
        config.put("transforms.again.regex", "(.*)");
        config.put("transforms.again.replacement", "$1-y");
        config.put("transforms.again.predicate", "isT");
        config.put("transforms.again.negate", "true");
        Reflective plugins = new Reflective();
        List<TransformChain.Step<SourceRecord>> steps = TransformConfigs.steps(config, plugins);
        assertThat(steps).extracting(TransformChain.Step::alias).containsExactly("route", "again");
        assertThat(steps.get(1).negate()).isTrue();
        assertThat(steps.get(0).predicate()).isNotSameAs(steps.get(1).predicate());
        assertThat(plugins.created).contains("predicate isT [pattern]");
        PluginInvoker invoker = PluginInvoker.builder().build();
        TransformChain<SourceRecord> chain = new TransformChain<>(invoker, Duration.ofSeconds(5), Redactor.NONE, steps);
        ErrorPolicy policy = ErrorPolicy.create(OWNER, ErrorSettings.DEFAULTS, Redactor.NONE, null, new StopSignal());
        // t1 matches: routed to t1-x, which still matches, so the negated step leaves it; u1 only gets the second.
        assertThat(chain.applyOne(on("t1"), policy).topic()).isEqualTo("t1-x");
        assertThat(chain.applyOne(on("u1"), policy).topic()).isEqualTo("u1-y");
    }

    @Test
    void aChainThatCannotBeCompletedDiscardsWhatWasAlreadyMade() {
        Map<String, String> config = routeWhenTopicStartsWithT("route,broken");
        config.put("transforms.broken.type", "io.kanal.no.such.Transform");
        Reflective plugins = new Reflective();
        assertThatThrownBy(() -> TransformConfigs.steps(config, plugins))
                .hasRootCauseInstanceOf(ClassNotFoundException.class);
        assertThat(plugins.created).anyMatch(c -> c.startsWith("transform route"));
        assertThat(plugins.created)
                .filteredOn(c -> c.startsWith("discard"))
                .containsExactly("discard TopicNameMatches", "discard RegexRouter");
    }

    @Test
    void mistakesNameTheirKeys() {
        Map<String, String> config = Map.of(
                "transforms", "a,b,a",
                "transforms.b.type", "x.Y",
                "transforms.b.predicate", "nope",
                "transforms.c.negate", "true",
                "predicates", "p");
        assertThatThrownBy(() -> TransformConfigs.steps(config, new Reflective()))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.key())
                        .contains("transforms", "transforms.a.type", "transforms.b.predicate", "predicates.p.type"));
        assertThatThrownBy(() -> TransformConfigs.steps(
                        Map.of("transforms", "a", "transforms.a.type", "x.Y", "transforms.a.negate", "true"),
                        new Reflective()))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("transforms.a.negate");
        assertThat(TransformConfigs.steps(Map.of(), new Reflective())).isEmpty();
    }
}
