package io.kanal.runtime.worker;

import java.util.Optional;
import java.util.function.Function;

/**
 * Task class names as Connect's workers read them. A connector Kanal re-implements under a Connect name (Kanal's
 * {@code io.kanal.plugins.file.FileStreamSourceConnector} for Connect's {@code
 * org.apache.kafka.connect.file.FileStreamSourceConnector}) has its task configs written with Connect's task class
 * name ({@code org.apache.kafka.connect.file.FileStreamSourceTask}), so that an Apache worker in the same cluster can
 * run the tasks; and a task config naming Connect's class is run with Kanal's class of the same name in the
 * connector's package. The rule is Connect's own layout: a connector's tasks live in its package.
 *
 * <p>Pure functions of the registry's foreign names ({@code PluginRegistry::foreignName}); any thread.
 */
final class ConnectTaskNames {

    private ConnectTaskNames() {}

    /**
     * The task class name to write into a task config.
     *
     * @param foreignNames a plugin class name's foreign name ({@code PluginRegistry::foreignName})
     * @param connectorClass the connector's class
     * @param taskClass the task class it returned
     * @return the foreign name when the connector stands in for a foreign one and the task is in its package; else the
     *     task's own name
     */
    static String written(Function<String, Optional<String>> foreignNames, String connectorClass, String taskClass) {
        String own = taskClass;
        String ownPackage = packageOf(connectorClass);
        Optional<String> foreign = foreignNames.apply(connectorClass);
        if (foreign.isEmpty()
                || !own.startsWith(ownPackage)
                || packageOf(foreign.get()).equals(ownPackage)) {
            return own;
        }
        return packageOf(foreign.get()) + own.substring(ownPackage.length());
    }

    /**
     * The task class to load for a task config's {@code task.class}.
     *
     * @param foreignNames a plugin class name's foreign name ({@code PluginRegistry::foreignName})
     * @param connectorClassName the class name of the connector the task belongs to
     * @param written the name in the task config
     * @return the connector's own class for a foreign name in the foreign connector's package; else {@code written}
     */
    static String loaded(Function<String, Optional<String>> foreignNames, String connectorClassName, String written) {
        Optional<String> foreign = foreignNames.apply(connectorClassName);
        if (foreign.isEmpty()) {
            return written;
        }
        String foreignPackage = packageOf(foreign.get());
        String ownPackage = packageOf(connectorClassName);
        if (!written.startsWith(foreignPackage) || foreignPackage.equals(ownPackage)) {
            return written;
        }
        return ownPackage + written.substring(foreignPackage.length());
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.') + 1);
    }
}
