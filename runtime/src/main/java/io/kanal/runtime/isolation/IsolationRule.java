package io.kanal.runtime.isolation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kanal's one class-loading rule: which class names a plugin's loader asks its parent for first, and which it looks
 * up in the plugin first. Parent-first: the JDK and platform (every package of a boot-layer module that the boot or
 * platform loader defines, plus {@code java.}), Kanal's plugin API ({@code io.kanal.api.}), its config model
 * ({@code io.kanal.config.}) and SLF4J ({@code org.slf4j.}): the types a plugin and the runtime must share so that an
 * object handed across the boundary is of the same class on both sides. Everything else is child-first, so a plugin's
 * own libraries win over the worker's.
 *
 * <p>A pure function of the class name and the platform package set given at construction: no I/O, no class loading.
 * Immutable and thread-safe; {@link PluginClassLoader} calls it on whichever thread loads a class.
 */
public final class IsolationRule implements LoadOrder {

    /** The prefixes of the non-JDK packages that plugins share with the runtime; each ends with a dot. */
    public static final List<String> SHARED_PREFIXES =
            List.of("java.", "io.kanal.api.", "io.kanal.config.", "org.slf4j.");

    private static final IsolationRule THIS_JVM = new IsolationRule(platformPackagesOfThisJvm());

    private final Set<String> platformPackages;

    /**
     * @param platformPackages the exact package names that belong to the JDK and platform (such as {@code
     *     javax.crypto} or {@code org.w3c.dom}); a package's subpackages are not implied
     */
    public IsolationRule(Set<String> platformPackages) {
        this.platformPackages = Set.copyOf(platformPackages);
    }

    /**
     * The rule with this JVM's platform packages, computed once from the boot module layer.
     *
     * @return the shared instance
     */
    public static IsolationRule forThisJvm() {
        return THIS_JVM;
    }

    /**
     * Whether a class must come from the parent (the runtime) before the plugin is looked at.
     *
     * @param className a binary class name such as {@code com.acme.Foo$Bar}
     * @return true for parent-first, false for child-first
     */
    @Override
    public boolean isParentFirst(String className) {
        int lastDot = className.lastIndexOf('.');
        // A class in the default package is never shared.
        return lastDot > 0 && isParentFirstPackage(className.substring(0, lastDot));
    }

    /**
     * Whether a resource (such as {@code io/kanal/api/Foo.class}) belongs to a parent-first package, by the same rule
     * as {@link #isParentFirst(String)} applied to its directory.
     *
     * @param resourceName a slash-separated resource name, without a leading slash
     * @return true for parent-first, false for child-first
     */
    @Override
    public boolean isParentFirstResource(String resourceName) {
        int lastSlash = resourceName.lastIndexOf('/');
        if (lastSlash <= 0) {
            return false;
        }
        return isParentFirstPackage(resourceName.substring(0, lastSlash).replace('/', '.'));
    }

    private boolean isParentFirstPackage(String packageName) {
        String withDot = packageName + '.';
        for (String prefix : SHARED_PREFIXES) {
            if (withDot.startsWith(prefix)) {
                return true;
            }
        }
        return platformPackages.contains(packageName);
    }

    /**
     * The packages defined by the JDK's own modules: the boot layer's modules whose loader is the boot loader (null)
     * or the platform loader. Modules of the application loader (a modular Kanal, say) are not platform.
     */
    private static Set<String> platformPackagesOfThisJvm() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            ClassLoader loader = module.getClassLoader();
            if (loader == null || loader == platform) {
                packages.addAll(module.getPackages());
            }
        }
        return packages;
    }
}
