package io.kanal.rest;

import java.io.Console;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Prints the hashed form of a REST user's password for the users file ({@code PBKDF2:<iterations>:<salt>:<hash>},
 * see {@link RestUsers}). The password is read from the console without echo, never from the command line (where the
 * shell history and {@code ps} would keep it):
 *
 * <pre>{@code
 * java -cp 'libs/*' io.kanal.rest.HashRestPassword
 * }</pre>
 *
 * <p><b>Threading.</b> A command-line entry point; runs on the main thread.
 */
public final class HashRestPassword {

    private static final int SALT_BYTES = 16;

    private HashRestPassword() {}

    /**
     * Reads the password twice and prints its hashed form.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Console console = System.console();
        PrintStream out = System.out;
        if (console == null) {
            System.err.println("No console: run this in a terminal, the password is read without echo.");
            System.exit(2);
            return;
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        try {
            if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
                System.err.println("The passwords are empty or differ.");
                System.exit(1);
                return;
            }
            byte[] salt = new byte[SALT_BYTES];
            new SecureRandom().nextBytes(salt);
            out.println(RestUsers.hash(first, salt, RestUsers.DEFAULT_ITERATIONS));
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
