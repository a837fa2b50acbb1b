package io.kanal.cli.standalone;

import io.kanal.cli.Command;
import io.kanal.cli.LogbackLoggerLevels;
import io.kanal.cli.UsageException;
import io.kanal.cli.perf.DevBroker;
import io.kanal.rest.RestServer;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.store.file.ConnectorConfigFile;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.StandaloneWorker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kanal standalone [--dev] [worker.properties] [connector.properties|connector.json ...]}: a standalone worker,
 * as Connect's {@code connect-standalone.sh}. With {@code --dev} a local broker is started first; without a worker
 * file, {@code --dev} runs the demo pipeline of {@link DevPipeline} and exits when it is done.
 *
 * <p>Runs on the main thread until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops the worker cleanly.
 */
public final class StandaloneCommand implements Command {

    @Override
    public List<String> path() {
        return List.of("standalone");
    }

    @Override
    public String summary() {
        return "run a standalone worker (--dev: on a local broker; alone: the datagen -> Kafka -> file demo)";
    }

    @Override
    public String usage() {
        return """
                usage: kanal standalone [--dev] [--records N] worker.properties [connector.properties|.json ...]
                       kanal standalone --dev [--records N]

                Runs a standalone worker, as Kafka Connect's connect-standalone.sh: the worker config, then one file
                per connector (Java properties, or JSON as Connect's REST API takes it). Stops cleanly on SIGTERM.
                  --dev         start a local Kafka broker first (through the testkit) and point the worker at it
                  --records N   the demo only: how many records datagen writes (default 1000000)
                Without a worker file, --dev runs the demo: a worker with its REST API (port 8083, or any free port),
                datagen -> Kafka -> file; it prints the REST URL, the topic and the output file, and exits when every
                record is in the output file.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean dev = false;
        long records = 1_000_000;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--dev")) {
                dev = true;
            } else if (a.equals("--records")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--records needs a number");
                }
                try {
                    records = Long.parseLong(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new UsageException("--records needs a number, got '" + args.get(i) + "'");
                }
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option " + a);
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty() && !dev) {
            throw new UsageException("a worker properties file is required (or --dev for the demo)");
        }
        DevBroker broker = dev ? DevBroker.start(out) : null;
        try {
            if (files.isEmpty()) {
                return DevPipeline.run(broker.bootstrapServers(), records, out);
            }
            Map<String, String> workerConfig = readProperties(files.get(0));
            if (broker != null) {
                workerConfig.put("bootstrap.servers", broker.bootstrapServers());
            }
            List<ConnectorConfigFile> connectors = new ArrayList<>();
            for (Path file : files.subList(1, files.size())) {
                connectors.add(ConnectorConfigFile.read(file));
            }
            return runUntilStopped(workerConfig, connectors, out, err);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static int runUntilStopped(
            Map<String, String> workerConfig, List<ConnectorConfigFile> connectors, PrintStream out, PrintStream err)
            throws Exception {
        StandaloneWorker worker = StandaloneWorker.create(workerConfig);
        // Built before start so that a bad `listeners` value fails the command before anything runs.
        RestServer rest =
                new RestServer(workerConfig, ApiServices.of(worker).withLoggerLevels(LogbackLoggerLevels.current()));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    // REST first: in-flight requests finish against a running worker, and no new ones arrive.
                    rest.stop();
                    worker.stop();
                    stopped.countDown();
                },
                "kanal-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        worker.start();
        // Jersey takes a moment to initialise: it starts alongside the connectors, which must not wait for it; the
        // worker's ready line means "every connector submitted", as before. A REST server that cannot bind stops the
        // command, as Connect's does.
        Thread restStarter = new Thread(
                () -> {
                    try {
                        rest.start();
                        out.println("Kanal REST API at " + rest.uri());
                    } catch (RuntimeException e) {
                        err.println("kanal standalone: " + e.getMessage());
                        System.exit(1);
                    }
                },
                "kanal-rest-start");
        restStarter.start();
        int failures = 0;
        for (ConnectorConfigFile c : connectors) {
            ConnectorValidator.Outcome validation = worker.validate(c.name(), c.config(), Duration.ofSeconds(30));
            if (!validation.isValid()) {
                err.println("kanal standalone: connector " + c.name() + " has an invalid config and was not created:\n"
                        + validation.explanation());
                failures++;
                continue;
            }
            HerderReply reply = worker.putConnector(c.name(), c.config(), c.initialState(), Duration.ofSeconds(30));
            if (reply instanceof HerderReply.Failed failed) {
                err.println("kanal standalone: connector " + c.name() + " was not created: "
                        + failed.error().message());
                failures++;
            }
        }
        worker.announceReady();
        out.println("Kanal worker " + worker.workerId() + " runs " + (connectors.size() - failures)
                + " connector(s); stop it with Ctrl-C or SIGTERM.");
        stopped.await();
        return failures == 0 ? 0 : 1;
    }

    /** Reads a worker properties file in order; values keep their provider references for the worker to resolve. */
    public static Map<String, String> readProperties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("cannot read the worker config " + file + ": no such file");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, p.getProperty(key).trim());
        }
        return out;
    }
}
