/**
 * The only caller of plugin code. {@link io.kanal.runtime.invoke.PluginInvoker} runs each plugin method on the
 * calling (owner's) thread with the plugin's class loader as context loader, turns whatever it throws into a typed
 * {@link io.kanal.runtime.invoke.CallOutcome}, and keeps a watchdog that publishes calls past their budget as {@link
 * io.kanal.runtime.invoke.StuckCall}s ("stuck in {@code poll} for 40 s", with the thread's stack). It cancels calls by
 * interrupting their thread, abandons the ones that ignore the interrupt, and reports context loaders and threads
 * that plugins leak. {@link io.kanal.runtime.invoke.StageError} is the structured error a task's status carries,
 * with PASSWORD values masked by a {@link io.kanal.runtime.invoke.Redactor}. See {@code runtime/DESIGN.md}.
 */
package io.kanal.runtime.invoke;
