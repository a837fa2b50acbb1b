package io.kanal.cli.distributed;

import io.kanal.cli.Command;
import io.kanal.cli.LogbackLoggerLevels;
import io.kanal.cli.UsageException;
import io.kanal.cli.standalone.StandaloneCommand;
import io.kanal.rest.RestServer;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.worker.DistributedWorker;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kanal distributed worker.properties}: one worker of a cluster, as Kafka Connect's {@code
 * connect-distributed.sh}. The workers that share a {@code group.id} and the three internal topics form the cluster;
 * connectors are created through the REST API of any of them.
 *
 * <p><b>Threading.</b> Runs on the main thread until SIGTERM; the shutdown hook stops REST, then the worker.
 */
public final class DistributedCommand implements Command {

    @Override
    public List<String> path() {
        return List.of("distributed");
    }

    @Override
    public String summary() {
        return "run a worker of a distributed cluster (as connect-distributed.sh)";
    }

    @Override
    public String usage() {
        return """
                usage: kanal distributed worker.properties

                Runs one worker of a cluster, as Kafka Connect's connect-distributed.sh, with Connect's keys:
                group.id, config.storage.topic, offset.storage.topic, status.storage.topic (created when missing),
                bootstrap.servers, listeners, rest.advertised.*, plugin.path, the converters. Workers with the same
                group.id share the work; connectors are created through any worker's REST API. The REST port must be
                fixed (the other workers forward writes to the leader's advertised URL). Stops cleanly on SIGTERM:
                its work moves to the other workers at once.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 1 || args.get(0).startsWith("--")) {
            throw new UsageException("exactly one argument is expected: the worker properties file");
        }
        Map<String, String> config = StandaloneCommand.readProperties(Path.of(args.get(0)));
        URI advertised;
        try {
            advertised = RestServer.plannedAdvertisedUri(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        DistributedWorker worker = DistributedWorker.create(config, advertised);
        RestServer rest =
                new RestServer(config, ApiServices.of(worker).withLoggerLevels(LogbackLoggerLevels.current()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            rest.stop();
                            worker.stop();
                            stopped.countDown();
                        },
                        "kanal-shutdown"));
        // The listener binds before the worker joins: the leader may forward a request to it at once.
        try {
            rest.start();
            worker.start();
        } catch (RuntimeException e) {
            // Jetty's threads would keep the JVM alive: a worker that cannot start must release everything.
            rest.stop();
            worker.stop();
            throw e;
        }
        out.println("Kanal REST API at " + rest.uri() + " (advertised as " + advertised + ")");
        worker.announceReady();
        out.println("Kanal worker " + worker.workerId() + " joined group " + worker.groupId()
                + "; stop it with Ctrl-C or SIGTERM.");
        stopped.await();
        return 0;
    }
}
