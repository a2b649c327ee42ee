package se.nara.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * JDBC statements prepared once per handle and reused until it closes, for the few statements a
 * push or pull runs hundreds of times in one transaction.
 *
 * <p>Why not Jdbi's fluent API there: profiling a 200-mutation push showed most of the time
 * inside the write lock going to preparing the same SQL again for every mutation and to Jdbi's
 * per-bind argument lookup, not to SQLite's own work. Reusing a prepared statement and binding
 * by position takes that away; the SQL still lives in its store, next to the fluent queries.
 *
 * <p>Lives in the handle's own config registry (a fresh, empty copy for every handle), so no
 * statement outlives or crosses its connection.
 */
public final class Prepared implements JdbiConfig<Prepared> {
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private boolean cleanupRegistered;

  /** Created by Jdbi's config registry; not for direct use. */
  public Prepared() {}

  @Override
  public Prepared createCopy() {
    return new Prepared();
  }

  /** The statement for {@code sql} on {@code h}'s connection, prepared on first use. */
  static PreparedStatement statement(Handle h, String sql) {
    Prepared cache = h.getConfig(Prepared.class);
    PreparedStatement statement = cache.statements.get(sql);
    if (statement == null) {
      try {
        statement = h.getConnection().prepareStatement(sql);
      } catch (SQLException e) {
        throw new StoreException("cannot prepare: " + sql, e);
      }
      cache.statements.put(sql, statement);
      if (!cache.cleanupRegistered) {
        cache.cleanupRegistered = true;
        h.addCleanable(cache::closeAll);
      }
    }
    return statement;
  }

  private void closeAll() throws SQLException {
    SQLException first = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    statements.clear();
    if (first != null) {
      throw first;
    }
  }

  /** A database error from a prepared statement, unchecked like Jdbi's own. */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(String message, SQLException cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
