package io.kanal.runtime.isolation;

import io.kanal.runtime.isolation.spi.MissingMember;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds what a foreign plugin class links against and the bridge layer's API lacks, before any of its code runs: the
 * references of its class file's constant pool ({@link ClassFileReferences}) to classes, methods and fields of the
 * foreign API's packages, resolved as the JVM would (the member declared by the named class, a superclass or a
 * superinterface, with the same name and descriptor) against the classes the location's loader gives. A plugin built
 * against Kafka Connect 3.x that calls {@code SourceTask.commitRecord(SourceRecord)} (gone in 4.0) is found here, not
 * by a {@code NoSuchMethodError} in a task.
 *
 * <p>Cheap by design: it reads only the plugin class and the classes of the plugin's own package that it refers to,
 * transitively (its task class, its config class, nested classes), and only files of the location itself; each file is
 * read and each foreign class's members listed at most once per location. A reference to an inherited member through
 * one of those own classes ({@code this.commitRecord(record)} names the plugin's class) is resolved too, and reported
 * under the foreign superclass or interface it would have come from.
 *
 * <p>Not thread-safe: one per location, confined to the location's scan thread.
 */
final class ApiLinkCheck {

    private final URLClassLoader loader;
    private final List<String> apiPackages;
    /** Per own class file: the missing members it refers to. */
    private final Map<String, List<MissingMember>> checkedFiles = new HashMap<>();
    /** Per own class file: the own classes of the same package it refers to. */
    private final Map<String, Set<String>> samePackageReferences = new HashMap<>();
    /** Per loaded class: its declared members' keys ({@code name(descriptor)return}, {@code name:descriptor}). */
    private final Map<Class<?>, Set<String>> declared = new HashMap<>();

    /**
     * @param loader the location's own loader
     * @param apiPackages the foreign API's package prefixes, such as {@code org.apache.kafka.}
     */
    ApiLinkCheck(URLClassLoader loader, List<String> apiPackages) {
        this.loader = loader;
        this.apiPackages = List.copyOf(apiPackages);
    }

    /**
     * What the plugin class and the own classes of its package it refers to link against and the layer lacks.
     *
     * @param pluginClass a plugin class of the location
     * @return the missing members, each once, in the order found; empty when everything resolves
     * @throws IOException when one of those class files cannot be read or parsed
     */
    List<MissingMember> missing(Class<?> pluginClass) throws IOException {
        String pluginPackage = pluginClass.getPackageName();
        Set<MissingMember> missing = new LinkedHashSet<>();
        Set<String> visited = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(pluginClass.getName()));
        while (!pending.isEmpty()) {
            String className = pending.poll();
            if (!visited.add(className)) {
                continue;
            }
            if (!checkedFiles.containsKey(className)) {
                checkFile(className, pluginPackage);
            }
            missing.addAll(checkedFiles.get(className));
            pending.addAll(samePackageReferences.get(className));
        }
        return List.copyOf(missing);
    }

    private void checkFile(String className, String pluginPackage) throws IOException {
        URL file = loader.findResource(className.replace('.', '/') + ".class");
        if (file == null) {
            // Not a class of the location itself (the layer's, the JDK's): not the plugin's to answer for.
            checkedFiles.put(className, List.of());
            samePackageReferences.put(className, Set.of());
            return;
        }
        ClassFileReferences references;
        try (InputStream in = file.openStream()) {
            references = ClassFileReferences.read(in.readAllBytes());
        }
        Set<String> ownReferences = new LinkedHashSet<>();
        Set<MissingMember> missing = new LinkedHashSet<>();
        for (String referenced : references.classes()) {
            if (isApi(referenced) && load(referenced) == null && !isOwn(referenced)) {
                missing.add(MissingMember.ofClass(referenced));
            } else if (packageOf(referenced).equals(pluginPackage)) {
                ownReferences.add(referenced);
            }
        }
        for (ClassFileReferences.MemberRef ref : references.members()) {
            boolean api = isApi(ref.owner());
            if (!api && !ownReferences.contains(ref.owner()) && !ref.owner().equals(className)) {
                continue;
            }
            Class<?> owner = load(ref.owner());
            if (owner == null) {
                if (api && !isOwn(ref.owner())) {
                    missing.add(MissingMember.ofClass(ref.owner()));
                }
                continue;
            }
            if (!resolves(owner, ref)) {
                String home = api ? ref.owner() : apiAncestor(owner);
                if (home != null) {
                    missing.add(new MissingMember(home, ref.name(), ref.descriptor()));
                }
            }
        }
        checkedFiles.put(className, List.copyOf(missing));
        samePackageReferences.put(className, ownReferences);
    }

    /**
     * Whether the location itself has the class file: then a class that does not load lacks a library of its own (an
     * optional integration, as connect-runtime's REST classes without Jersey), which is not the layer's API missing.
     */
    private boolean isOwn(String className) {
        return loader.findResource(className.replace('.', '/') + ".class") != null;
    }

    private boolean isApi(String className) {
        for (String prefix : apiPackages) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The class, without initialising it; null when it cannot be loaded. */
    private Class<?> load(String className) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Resolution as JVMS §5.4.3.2-4 finds it: the class, its superclasses (Object for an interface), every superinterface. */
    private boolean resolves(Class<?> owner, ClassFileReferences.MemberRef ref) {
        String key = ref.kind() == ClassFileReferences.Kind.FIELD
                ? ref.name() + ':' + ref.descriptor()
                : ref.name() + ref.descriptor();
        if ("<init>".equals(ref.name())) {
            Set<String> constructors = declared(owner);
            return constructors == null || constructors.contains(key);
        }
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (!seen.add(type)) {
                continue;
            }
            Set<String> members = declared(type);
            if (members == null || members.contains(key)) {
                // null: the members of an own class could not be listed (an optional dependency is missing); what
                // Connect itself would do with it is not this check's concern.
                return true;
            }
            if (type.getSuperclass() != null) {
                pending.add(type.getSuperclass());
            } else if (type.isInterface()) {
                // An interface method reference may name Object's public methods (toString, getClass): §5.4.3.4.
                pending.add(Object.class);
            }
            pending.addAll(List.of(type.getInterfaces()));
        }
        return false;
    }

    /** The nearest superclass, then superinterface, in the foreign API's packages; null when there is none. */
    private String apiAncestor(Class<?> ownClass) {
        for (Class<?> type = ownClass.getSuperclass(); type != null; type = type.getSuperclass()) {
            if (isApi(type.getName())) {
                return type.getName();
            }
        }
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(ownClass.getInterfaces()));
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (isApi(type.getName())) {
                return type.getName();
            }
            pending.addAll(List.of(type.getInterfaces()));
        }
        return null;
    }

    private Set<String> declared(Class<?> type) {
        if (declared.containsKey(type)) {
            return declared.get(type);
        }
        Set<String> members = new HashSet<>();
        try {
            for (Method method : type.getDeclaredMethods()) {
                members.add(method.getName() + descriptor(method.getReturnType(), method.getParameterTypes()));
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                members.add("<init>" + descriptor(void.class, constructor.getParameterTypes()));
            }
            for (Field field : type.getDeclaredFields()) {
                members.add(field.getName() + ':' + field.getType().descriptorString());
            }
        } catch (LinkageError e) {
            members = null;
        }
        declared.put(type, members);
        return members;
    }

    private static String descriptor(Class<?> returnType, Class<?>[] parameterTypes) {
        return MethodType.methodType(returnType, parameterTypes).toMethodDescriptorString();
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
