/** The connection configuration the JDBC source and sink share, with the established JDBC connectors' key names. */
package io.kanal.plugins.jdbc.connection;
