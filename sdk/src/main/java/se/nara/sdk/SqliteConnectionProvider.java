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
        return DriverManager.getConnection("jdbc:sqlite:" + path);
      }

      @Override
      public String toString() {
        return "sqlite file " + path;
      }
    };
  }
}
