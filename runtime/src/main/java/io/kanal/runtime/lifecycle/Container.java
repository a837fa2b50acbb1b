package io.kanal.runtime.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A component that owns other components: its managed children start in the order they were added when it starts,
 * and stop in the reverse order when it stops. Unmanaged children are only referenced (for diagnostics), never
 * started or stopped by the container: someone else owns them.
 *
 * <p>Failure: when a child fails to start, the children already started are stopped in reverse order (their stop
 * failures are added to the start failure as suppressed exceptions) and the container fails with that child's
 * failure. When children fail to stop, every other child is still stopped and the container fails with the first
 * failure, the later ones suppressed.
 *
 * <p>Threading: as {@link AbstractLifecycle}. Children may be added and removed from any thread; a managed child
 * added to a started container is started at once, on the adding thread. Subclasses that override {@link #doStart()}
 * or {@link #doStop()} call {@code super}'s.
 */
public class Container extends AbstractLifecycle {

    private final List<Lifecycle> managed = new CopyOnWriteArrayList<>();
    private final List<Object> unmanaged = new CopyOnWriteArrayList<>();

    /** Creates an empty container. */
    public Container() {}

    /**
     * Adds a child that this container starts and stops. Started at once when the container is started; if that
     * start fails, the child is not added and the failure propagates.
     *
     * @param child the child; not added twice
     * @param <C> its type
     * @return the child
     */
    public final <C extends Lifecycle> C addManaged(C child) {
        if (child == null || child == this) {
            throw new IllegalArgumentException("a container cannot manage " + child);
        }
        if (managed.contains(child)) {
            return child;
        }
        if (isStarted()) {
            child.start();
        }
        managed.add(child);
        return child;
    }

    /**
     * References a child that someone else starts and stops.
     *
     * @param child the child
     * @param <C> its type
     * @return the child
     */
    public final <C> C addUnmanaged(C child) {
        if (child == null || child == this) {
            throw new IllegalArgumentException("a container cannot reference " + child);
        }
        if (!unmanaged.contains(child)) {
            unmanaged.add(child);
        }
        return child;
    }

    /**
     * Removes a child, managed or not, without stopping it: the caller takes it over.
     *
     * @param child the child
     * @return whether it was a child
     */
    public final boolean remove(Object child) {
        return managed.remove(child) | unmanaged.remove(child);
    }

    /**
     * The managed children, in start order.
     *
     * @return an immutable copy
     */
    public final List<Lifecycle> managedChildren() {
        return List.copyOf(managed);
    }

    /**
     * The unmanaged children, in the order they were added.
     *
     * @return an immutable copy
     */
    public final List<Object> unmanagedChildren() {
        return List.copyOf(unmanaged);
    }

    @Override
    protected void doStart() throws Exception {
        List<Lifecycle> started = new ArrayList<>();
        for (Lifecycle child : managed) {
            try {
                child.start();
            } catch (Throwable t) {
                stopInReverse(started, t);
                throw t;
            }
            started.add(child);
        }
    }

    @Override
    protected void doStop() throws Exception {
        Throwable failure = stopInReverse(managed, null);
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Stops every child, last first; returns {@code first} or the first failure, the others added as suppressed. */
    private static Throwable stopInReverse(List<Lifecycle> children, Throwable first) {
        Throwable failure = first;
        List<Lifecycle> reversed = new ArrayList<>(children);
        Collections.reverse(reversed);
        for (Lifecycle child : reversed) {
            try {
                child.stop();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        return failure;
    }
}
