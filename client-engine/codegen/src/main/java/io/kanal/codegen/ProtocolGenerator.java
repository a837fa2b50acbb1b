package io.kanal.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the build step: generates the message classes, {@code ApiKey}, {@code ApiMessages} and
 * {@code Errors} into a source directory. Messages whose valid versions are {@code none} (APIs removed from Kafka) are
 * skipped.
 */
public final class ProtocolGenerator {
    private ProtocolGenerator() {}

    /**
     * Runs the generator.
     *
     * @param args the output source root
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ProtocolGenerator <output source directory>");
        }
        int count = generate(SpecLoader.fromClasspath(), Path.of(args[0]));
        System.out.println("Generated " + count + " protocol message classes into " + args[0]);
    }

    /**
     * Generates every file.
     *
     * @param specs the message specs
     * @param outputRoot the source root to write under
     * @return the number of message classes written
     * @throws IOException if a file cannot be written
     */
    public static int generate(List<MessageSpec> specs, Path outputRoot) throws IOException {
        Path messages = outputRoot.resolve(MessageGenerator.PACKAGE.replace('.', '/'));
        Path protocol = outputRoot.resolve(ApiKeyGenerator.PACKAGE.replace('.', '/'));
        Path errors = outputRoot.resolve(ErrorsGenerator.PACKAGE.replace('.', '/'));
        Files.createDirectories(errors);
        Files.createDirectories(messages);
        List<MessageSpec> requests = new ArrayList<>();
        Map<Short, MessageSpec> responses = new HashMap<>();
        int count = 0;
        for (MessageSpec spec : specs) {
            if (spec.validVersions().isEmpty() || spec.type().equals("metadata")) {
                continue;
            }
            write(messages.resolve(spec.name() + ".java"), new MessageGenerator(spec).generate());
            count++;
            if (spec.type().equals("request")) {
                requests.add(spec);
            } else if (spec.type().equals("response")) {
                responses.put(spec.apiKey(), spec);
            }
        }
        requests.sort(Comparator.comparing(MessageSpec::apiKey));
        write(protocol.resolve("ApiKey.java"), ApiKeyGenerator.generateApiKey(requests, responses));
        write(messages.resolve("ApiMessages.java"), ApiKeyGenerator.generateDispatch(requests, responses));
        write(errors.resolve("Errors.java"), ErrorsGenerator.generate());
        return count;
    }

    private static void write(Path file, String source) throws IOException {
        // Leave an unchanged file alone so that incremental compilation does not recompile it.
        if (Files.exists(file) && Files.readString(file).equals(source)) {
            return;
        }
        Files.writeString(file, source);
    }
}
