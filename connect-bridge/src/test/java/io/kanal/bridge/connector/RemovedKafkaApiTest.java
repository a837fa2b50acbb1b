package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.isolation.spi.MissingMember;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * The bridge's list of removed Kafka API members is what the jars say: every public or protected class, method,
 * constructor and field of connect-api 3.9.1 (all of it) and of the kafka-clients 3.9.1 packages connectors use (not the wire format of {@code common.record}), that
 * the layer's Kafka (this module's test class path) cannot resolve as the JVM would (inherited members count), with
 * "4.0" when 4.0.2 lacks it too and "4.0+" when only a later version removed it. On a mismatch the assertion shows
 * the file's right content.
 */
class RemovedKafkaApiTest {

    /** The kafka-clients packages (exactly, not their subpackages) whose classes connectors link against. */
    private static final List<String> CLIENT_PACKAGES = List.of(
            "org.apache.kafka.common",
            "org.apache.kafka.common.config",
            "org.apache.kafka.common.config.types",
            "org.apache.kafka.common.errors",
            "org.apache.kafka.common.header",
            "org.apache.kafka.common.metrics",
            "org.apache.kafka.common.utils",
            "org.apache.kafka.clients.producer");

    @Test
    void theListIsTheDiffOfTheJars() throws Exception {
        Path history = Path.of("target", "kafka-api-history");
        Map<String, String> computed = new TreeMap<>();
        try (URLClassLoader v39 = kafka(history, "3.9.1");
                URLClassLoader v40 = kafka(history, "4.0.2")) {
            ClassLoader layer = getClass().getClassLoader();
            for (String artifact : List.of("connect-api", "kafka-clients")) {
                for (Map.Entry<MissingMember, Member> entry :
                        publicApi(history.resolve(artifact + "-3.9.1.jar"), v39).entrySet()) {
                    MissingMember member = entry.getKey();
                    if (!resolves(member, layer)) {
                        computed.put(member.key(), resolves(member, v40) ? "4.0+" : "4.0");
                    }
                }
            }
        }
        String expected = computed.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining("\n"));
        String actual = new TreeMap<>(RemovedKafkaApi.load().entries())
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("\n"));
        assertThat(actual)
                .as(
                        "removed-kafka-api.txt against connect-api/kafka-clients 3.9.1, 4.0.2 and %s",
                        AppInfoParser.getVersion())
                .isEqualTo(expected);
        // What the diff is known to hold: the Connect callbacks 4.0 dropped (KIP-1097 era clean-ups).
        assertThat(computed)
                .containsEntry(
                        "org.apache.kafka.connect.source.SourceTask#commitRecord"
                                + "(Lorg/apache/kafka/connect/source/SourceRecord;)V",
                        "4.0")
                .containsEntry(
                        "org.apache.kafka.connect.sink.SinkTask#onPartitionsAssigned(Ljava/util/Collection;)V", "4.0");
    }

    @Test
    void theMessageNamesEveryMemberAndWhatToDo() {
        String message = RemovedKafkaApi.load()
                .message(
                        "com.acme.OldTask",
                        List.of(
                                new MissingMember(
                                        "org.apache.kafka.connect.source.SourceTask",
                                        "commitRecord",
                                        "(Lorg/apache/kafka/connect/source/SourceRecord;)V"),
                                new MissingMember("com.acme.Gone", "x", "I")),
                        "4.3.1");
        assertThat(message)
                .isEqualTo("com.acme.OldTask is built against an older Kafka Connect API: calls"
                        + " SourceTask.commitRecord(SourceRecord), removed in Kafka 4.0; uses Gone.x, which Kafka 4.3.1"
                        + " does not have; rebuild it against connect-api 4.3.1 (the Kafka Connect API of this"
                        + " worker's Connect bridge)");
    }

    /** Kafka's jars of one version; slf4j from the test class path, the JDK from the platform. */
    private static URLClassLoader kafka(Path history, String version) throws IOException {
        ClassLoader tests = RemovedKafkaApiTest.class.getClassLoader();
        ClassLoader parent = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith("org.slf4j.")) {
                    return tests.loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }
        };
        return new URLClassLoader(
                "kafka-" + version,
                new URL[] {
                    history.resolve("connect-api-" + version + ".jar").toUri().toURL(),
                    history.resolve("kafka-clients-" + version + ".jar").toUri().toURL()
                },
                parent);
    }

    /** The public and protected classes and members of the jar's in-scope packages, as missing-member keys. */
    private static Map<MissingMember, Member> publicApi(Path jar, ClassLoader loader) throws IOException {
        Map<MissingMember, Member> api = new java.util.LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.contains("-info")) {
                    continue;
                }
                String className =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (!inScope(className)) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(className, false, loader);
                    if (!isPublic(type)) {
                        continue;
                    }
                    api.put(MissingMember.ofClass(className), null);
                    for (Method method : type.getDeclaredMethods()) {
                        if (visible(method) && !method.isSynthetic()) {
                            api.put(new MissingMember(className, method.getName(), descriptor(method)), method);
                        }
                    }
                    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                        if (visible(constructor)) {
                            api.put(new MissingMember(className, "<init>", descriptor(constructor)), constructor);
                        }
                    }
                    for (Field field : type.getDeclaredFields()) {
                        if (visible(field)) {
                            api.put(
                                    new MissingMember(
                                            className,
                                            field.getName(),
                                            field.getType().descriptorString()),
                                    field);
                        }
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class needing what no connector has here (connect-api's REST extension needs JAX-RS): not API a
                    // plugin can link against without those jars either.
                    continue;
                }
            }
        }
        return api;
    }

    private static boolean inScope(String className) {
        if (className.startsWith("org.apache.kafka.connect.")) {
            return true;
        }
        String pkg = className.substring(0, className.lastIndexOf('.'));
        return CLIENT_PACKAGES.contains(pkg);
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    private static String descriptor(Method method) {
        return MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                .toMethodDescriptorString();
    }

    private static String descriptor(Constructor<?> constructor) {
        return MethodType.methodType(void.class, constructor.getParameterTypes())
                .toMethodDescriptorString();
    }

    /** Whether the JVM would find the member in that loader's classes: declared, inherited from a class or interface. */
    private static boolean resolves(MissingMember member, ClassLoader loader) {
        Class<?> owner;
        try {
            owner = Class.forName(member.owner(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        if (member.name() == null) {
            return true;
        }
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (declares(type, member)) {
                return true;
            }
            if (!"<init>".equals(member.name())) {
                if (type.getSuperclass() != null) {
                    pending.add(type.getSuperclass());
                }
                pending.addAll(List.of(type.getInterfaces()));
            }
        }
        return false;
    }

    private static boolean declares(Class<?> type, MissingMember member) {
        if ("<init>".equals(member.name())) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (descriptor(constructor).equals(member.descriptor())) {
                    return true;
                }
            }
            return false;
        }
        if (member.isMethod()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(member.name()) && descriptor(method).equals(member.descriptor())) {
                    return true;
                }
            }
            return false;
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.getName().equals(member.name())
                    && field.getType().descriptorString().equals(member.descriptor())) {
                return true;
            }
        }
        return false;
    }
}
