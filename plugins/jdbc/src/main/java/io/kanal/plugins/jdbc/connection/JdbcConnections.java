package io.kanal.plugins.jdbc.connection;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens JDBC connections as {@code connection.attempts} and {@code connection.backoff.ms} say: up to that many
 * attempts, waiting the back-off between two, through a {@link Backoff} that the caller's stop can cut short (a task
 * being stopped must not sit out a ten-second back-off). Only failures that {@link SqlErrors#isRetriable} calls
 * retriable are tried again; a wrong password fails at once.
 *
 * <p>Stateless; any thread.
 */
public final class JdbcConnections {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcConnections.class);

    /** A password in a URL: {@code password=...} up to the next separator, or the secret of {@code user:secret@}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*|(//[^/@:]*:)[^/@]*(@)");

    private JdbcConnections() {}

    /**
     * Waits between two attempts; the caller decides how a stop interrupts the wait.
     */
    @FunctionalInterface
    public interface Backoff {

        /**
         * Waits for the given time, or less when the caller is stopping.
         *
         * @param wait how long to wait
         * @return {@code true} to go on with the next attempt, {@code false} when the caller is stopping
         * @throws InterruptedException when the thread is interrupted
         */
        boolean await(Duration wait) throws InterruptedException;
    }

    /**
     * Opens a connection, trying up to {@link ConnectionSettings#attempts()} times.
     *
     * @param settings where and as whom to connect
     * @param backoff how to wait between two attempts
     * @return an open connection, in the driver's default state (auto-commit on)
     * @throws SQLException the last failure, when every attempt failed, a failure is not retriable, or the back-off
     *     was cut short by a stop; its message never holds the password (JDBC drivers do not put it there)
     * @throws InterruptedException when interrupted while waiting
     */
    public static Connection open(ConnectionSettings settings, Backoff backoff)
            throws SQLException, InterruptedException {
        Properties properties = new Properties();
        settings.user().ifPresent(user -> properties.setProperty("user", user));
        settings.password().ifPresent(password -> properties.setProperty("password", password.reveal()));
        for (int attempt = 1; ; attempt++) {
            try {
                return connect(settings.url(), properties);
            } catch (SQLException e) {
                if (attempt >= settings.attempts() || !SqlErrors.isRetriable(e)) {
                    throw e;
                }
                LOG.warn(
                        "cannot connect to {} (attempt {} of {}): {}; trying again in {} ms",
                        redact(settings.url()),
                        attempt,
                        settings.attempts(),
                        e.getMessage(),
                        settings.backoff().toMillis());
                if (!backoff.await(settings.backoff())) {
                    throw e;
                }
            }
        }
    }

    /**
     * A JDBC URL fit for logs and messages: a password written into it ({@code ?password=...}, {@code
     * user:password@host}) is replaced by {@code [hidden]}.
     *
     * @param url the URL
     * @return the URL without its password
     */
    public static String redact(String url) {
        return URL_PASSWORD
                .matcher(url)
                .replaceAll(match -> match.group(1) != null
                        ? match.group(1) + "[hidden]"
                        : match.group(2) + "[hidden]" + match.group(3));
    }

    /**
     * Connects through a driver shipped in this plugin's directory first: {@link DriverManager} registers the drivers
     * it sees when it is first used, which may have been by another plugin's class loader that cannot see ours.
     */
    private static Connection connect(String url, Properties properties) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class, JdbcConnections.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                Connection connection = driver.connect(url, properties);
                if (connection != null) {
                    return connection;
                }
            }
        }
        return DriverManager.getConnection(url, properties);
    }
}
