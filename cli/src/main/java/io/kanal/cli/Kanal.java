package io.kanal.cli;

import io.kanal.cli.distributed.DistributedCommand;
import io.kanal.cli.perf.ConsumePerfCommand;
import io.kanal.cli.perf.ProducePerfCommand;
import io.kanal.cli.standalone.StandaloneCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code kanal} command line: picks the subcommand from the first words of the arguments and runs it. Add a
 * command by writing one {@link Command} class and one line in {@link #COMMANDS}.
 */
public final class Kanal {
    /** Every command, one registration line each. */
    static final List<Command> COMMANDS = List.of(
            new StandaloneCommand(), new DistributedCommand(), new ProducePerfCommand(), new ConsumePerfCommand());

    private Kanal() {}

    /**
     * Runs the command line and exits with the command's status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param args the arguments
     * @param out results
     * @param err problems
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Command command = find(args);
        if (command == null) {
            boolean help = args.isEmpty() || args.contains("--help") || args.contains("-h");
            (help ? out : err).print(overview(args));
            return help ? 0 : 2;
        }
        List<String> rest = args.subList(command.path().size(), args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("kanal " + String.join(" ", command.path()) + ": " + e.getMessage());
            err.println(command.usage());
            return 2;
        } catch (Exception e) {
            err.println("kanal " + String.join(" ", command.path()) + " failed: " + e);
            return 1;
        }
    }

    /** The command whose words start the arguments, the longest match winning. */
    static Command find(List<String> args) {
        Command best = null;
        for (Command c : COMMANDS) {
            List<String> path = c.path();
            if (args.size() >= path.size()
                    && args.subList(0, path.size()).equals(path)
                    && (best == null || path.size() > best.path().size())) {
                best = c;
            }
        }
        return best;
    }

    private static String overview(List<String> args) {
        StringBuilder b = new StringBuilder();
        if (!args.isEmpty() && !args.contains("--help") && !args.contains("-h")) {
            b.append("kanal: unknown command '").append(String.join(" ", args)).append("'\n");
        }
        b.append("usage: kanal <command> [options]   (kanal <command> --help for its options)\n\ncommands:\n");
        for (Command c : COMMANDS) {
            b.append(String.format("  %-20s %s%n", String.join(" ", c.path()), c.summary()));
        }
        return b.toString();
    }
}
