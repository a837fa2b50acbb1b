/**
 * The JDBC sink connector: writes records to PostgreSQL tables with the configuration keys of the established JDBC
 * sink ({@code insert.mode}, {@code pk.mode}, {@code auto.create}, ...), batched and in one transaction per {@code
 * put}, with connections pooled by HikariCP.
 */
package io.kanal.plugins.jdbc.sink;
