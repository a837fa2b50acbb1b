package io.kanal.runtime.invoke;

/**
 * A plugin call returned with a different context class loader on its thread than the plugin's: the plugin set it
 * and did not restore it. The invoker has restored the caller's loader; this report says who did it. The loader is
 * only described, not referenced, so the report does not keep it alive.
 *
 * @param owner whom the call was for
 * @param stage the plugin method called
 * @param thread the thread's name
 * @param leakedLoader a description of the loader the plugin left behind ({@code null} loader: {@code "null"})
 */
public record ContextLoaderLeak(Owner owner, Stage stage, String thread, String leakedLoader) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when one is missing
     */
    public ContextLoaderLeak {
        if (owner == null || stage == null || thread == null || leakedLoader == null) {
            throw new IllegalArgumentException("owner, stage, thread and leakedLoader are required");
        }
    }

    static String describe(ClassLoader loader) {
        if (loader == null) {
            return "null";
        }
        String name = loader.getName();
        return loader.getClass().getName() + (name == null ? "" : "[" + name + "]") + "@"
                + Integer.toHexString(System.identityHashCode(loader));
    }
}
