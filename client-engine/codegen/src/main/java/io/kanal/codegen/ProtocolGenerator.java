package io.kanal.codegen;

/** Placeholder entry point, replaced by the real generator. */
public final class ProtocolGenerator {
    private ProtocolGenerator() {}

    /**
     * Runs the generator.
     *
     * @param args the output directory
     */
    public static void main(String[] args) {
        System.out.println("codegen: " + String.join(" ", args));
    }
}
