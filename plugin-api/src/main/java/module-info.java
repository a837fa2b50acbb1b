/**
 * Kanal's plugin API: what connector, converter and transform authors compile against. Depends on {@code
 * io.kanal.config} only, whose {@code ConfigSpec} plugins use to declare their configuration.
 */
module io.kanal.api {
    requires transitive io.kanal.config;

    exports io.kanal.api.data;
    exports io.kanal.api.errors;
}
