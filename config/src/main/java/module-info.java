/** Typed configuration: definitions, parsing, validation, documentation and config providers. No dependencies. */
module io.kanal.config {
    exports io.kanal.config;
}
