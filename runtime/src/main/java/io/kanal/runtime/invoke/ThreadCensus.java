package io.kanal.runtime.invoke;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Finds the threads plugins start. A thread inherits its creator's context loader, and the invoker sets the plugin's
 * loader for the length of a call, so a thread started during a call whose context loader is that plugin's loader
 * was started by the plugin.
 *
 * <p>Cost: a call reads the JVM's started-threads counter ({@link ThreadMXBean#getTotalStartedThreadCount()}) once,
 * when it ends, and compares it with what its thread saw last; only when the counter moved does it enumerate the live
 * threads. A hot {@code poll} that starts no threads pays one counter read.
 *
 * <p>Attribution is by loader: when two owners of the same plugin run calls at once and one starts a thread, the
 * thread may be attributed to the other. Threads already attributed, and threads running an invoker call (owner
 * threads), are never attributed again. Thread-safe; the map is concurrent and entries hold their threads weakly.
 */
final class ThreadCensus {

    private record Spawn(Owner owner, Stage stage, WeakReference<Thread> thread) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Spawn> spawned = new ConcurrentHashMap<>();

    long startedCount() {
        return threads.getTotalStartedThreadCount();
    }

    /**
     * Attributes the live threads that carry {@code loader} and are not yet attributed to {@code owner}.
     *
     * @param isOwnerThread tells the threads running invoker calls, which are not the plugin's
     * @return the threads newly attributed
     */
    List<PluginThread> attribute(Owner owner, Stage stage, ClassLoader loader, Predicate<Thread> isOwnerThread) {
        List<PluginThread> found = new ArrayList<>();
        Thread self = Thread.currentThread();
        for (Thread thread : liveThreads()) {
            if (thread == self || thread.getContextClassLoader() != loader || isOwnerThread.test(thread)) {
                continue;
            }
            Spawn spawn = new Spawn(owner, stage, new WeakReference<>(thread));
            if (spawned.putIfAbsent(thread.getId(), spawn) == null) {
                found.add(new PluginThread(owner, stage, thread.getName(), thread.getId(), thread.isDaemon(), null));
            }
        }
        spawned.values().removeIf(spawn -> !isAlive(spawn));
        return found;
    }

    /** The threads attributed to {@code owner} that are still alive, with their stacks. */
    List<PluginThread> alive(Owner owner) {
        List<PluginThread> alive = new ArrayList<>();
        for (Spawn spawn : spawned.values()) {
            Thread thread = spawn.thread().get();
            if (spawn.owner().equals(owner) && thread != null && thread.isAlive()) {
                alive.add(new PluginThread(
                        owner,
                        spawn.stage(),
                        thread.getName(),
                        thread.getId(),
                        thread.isDaemon(),
                        Arrays.asList(thread.getStackTrace())));
            }
        }
        return alive;
    }

    /** Forgets the threads attributed to {@code owner}. */
    void forget(Owner owner) {
        spawned.values().removeIf(spawn -> spawn.owner().equals(owner));
    }

    private static boolean isAlive(Spawn spawn) {
        Thread thread = spawn.thread().get();
        return thread != null && thread.isAlive();
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // enumerate() silently drops threads beyond the array, so grow until it did not fill it.
        Thread[] all = new Thread[root.activeCount() + 16];
        int count = root.enumerate(all, true);
        while (count == all.length) {
            all = new Thread[all.length * 2];
            count = root.enumerate(all, true);
        }
        return Arrays.copyOf(all, count);
    }
}
