package io.kanal.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code kanal} subcommand, such as {@code perf produce}. Each command is one class, registered with one line in
 * {@link Kanal#COMMANDS}. Implementations run on the main thread and report results on {@code out}, problems on
 * {@code err}.
 */
public interface Command {
    /**
     * The words that select this command, for example {@code ["perf", "produce"]}.
     *
     * @return the words, at least one
     */
    List<String> path();

    /**
     * One line for the command list.
     *
     * @return the summary
     */
    String summary();

    /**
     * The full usage text, printed for {@code --help} and after a usage error.
     *
     * @return the usage
     */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's words
     * @param out where results go
     * @param err where problems go
     * @return the process exit code, 0 for success
     * @throws UsageException when the arguments are wrong; the usage is printed
     * @throws Exception when the command fails; the message is printed
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
