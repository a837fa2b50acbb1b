/**
 * Kanal's plugin API: what connector, converter and transform authors compile against. Depends on {@code
 * io.kanal.config} only, whose {@code ConfigSpec} plugins use to declare their configuration.
 */
module io.kanal.api {
    requires transitive io.kanal.config;

    exports io.kanal.api.connector;
    exports io.kanal.api.convert;
    exports io.kanal.api.data;
    exports io.kanal.api.errors;
    exports io.kanal.api.sink;
    exports io.kanal.api.source;
    exports io.kanal.api.transform;
}
