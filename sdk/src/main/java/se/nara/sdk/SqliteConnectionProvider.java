package se.nara.sdk;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the SDK gets its local SQLite database. On the JVM the default opens a file through the
 * sqlite-jdbc driver; on Android an app supplies a provider backed by a JDBC driver of its choice
 * (see {@code docs/sdk-guide.md}). The SDK opens one connection and keeps it for its lifetime.
 */
public interface SqliteConnectionProvider {

  /** Opens a new connection to the device database. */
  Connection open() throws SQLException;

  /** A provider for a database file, through the sqlite-jdbc driver (JVM default). */
  static SqliteConnectionProvider file(final String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("path is required");
    }
    return new SqliteConnectionProvider() {
      @Override
      public Connection open() throws SQLException {
        // The driver would otherwise run "SELECT last_insert_rowid()" after every INSERT in case
        // generated keys are asked for; the SDK never asks (its keys are UUIDs and outbox numbers).
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        return DriverManager.getConnection("jdbc:sqlite:" + path, properties);
      }

      @Override
      public String toString() {
        return "sqlite file " + path;
      }
    };
  }
}
