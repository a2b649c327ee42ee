package se.nara.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading nullable columns portably: sqlite-jdbc's {@code getObject(col, Long.class)} throws on NULL. */
final class Columns {
  private Columns() {}

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
