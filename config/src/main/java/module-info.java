/**
 * Kanal's configuration layer: typed config specs, parsing, validation, documentation and config providers. It
 * depends on nothing but the JDK, so every other Kanal module and every plugin can use it.
 */
module io.kanal.config {
    exports io.kanal.config;
}
