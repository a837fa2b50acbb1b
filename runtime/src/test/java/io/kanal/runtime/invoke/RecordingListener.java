package io.kanal.runtime.invoke;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything an invoker tells it, for assertions. Thread-safe. */
final class RecordingListener implements InvokerListener {

    final List<StuckCall> stuck = new CopyOnWriteArrayList<>();
    final List<StuckCall> unstuck = new CopyOnWriteArrayList<>();
    final List<Duration> unstuckAfter = new CopyOnWriteArrayList<>();
    final List<StuckCall> abandoned = new CopyOnWriteArrayList<>();
    final List<ContextLoaderLeak> loaderLeaks = new CopyOnWriteArrayList<>();
    final List<PluginThread> threadsStarted = new CopyOnWriteArrayList<>();
    final List<PluginThread> threadsLeaked = new CopyOnWriteArrayList<>();
    final List<VirtualMachineError> fatal = new CopyOnWriteArrayList<>();

    @Override
    public void stuck(StuckCall call) {
        stuck.add(call);
    }

    @Override
    public void unstuck(StuckCall lastSeen, Duration total) {
        unstuck.add(lastSeen);
        unstuckAfter.add(total);
    }

    @Override
    public void abandoned(StuckCall call) {
        abandoned.add(call);
    }

    @Override
    public void contextLoaderLeaked(ContextLoaderLeak leak) {
        loaderLeaks.add(leak);
    }

    @Override
    public void pluginThreadStarted(PluginThread thread) {
        threadsStarted.add(thread);
    }

    @Override
    public void threadLeaked(PluginThread thread) {
        threadsLeaked.add(thread);
    }

    @Override
    public void fatalError(CallInfo call, VirtualMachineError error) {
        fatal.add(error);
    }

    List<StuckCall> stuckOf(Owner owner) {
        return stuck.stream().filter(s -> s.owner().equals(owner)).toList();
    }
}
