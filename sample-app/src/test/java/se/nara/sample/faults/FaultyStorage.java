package se.nara.sample.faults;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import se.nara.sdk.SqliteConnectionProvider;

/**
 * A tablet's SQLite database that fails on command: a {@link SqliteConnectionProvider} whose
 * connection is a real sqlite-jdbc connection wrapped in a dynamic proxy. When armed, the
 * statements whose SQL contains a given fragment (or {@code COMMIT}, for {@link
 * Connection#commit()}) throw the SQLException SQLite itself gives for an I/O error or a full
 * disk, a given number of times.
 */
final class FaultyStorage implements SqliteConnectionProvider {
  /** SQLite's own messages and result codes. */
  static final String IO_ERROR = "[SQLITE_IOERR] Some kind of disk I/O error occurred (disk I/O error)";
  static final int IO_ERROR_CODE = 10;
  static final String DISK_FULL = "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)";
  static final int DISK_FULL_CODE = 13;

  private final String path;
  private volatile String fragment;
  private volatile String message;
  private volatile int code;
  private final AtomicInteger remaining = new AtomicInteger();
  private final AtomicInteger thrown = new AtomicInteger();
  private volatile Connection raw;

  FaultyStorage(String path) {
    this.path = path;
  }

  /** The next {@code times} statements containing {@code sqlFragment} fail with {@code message}. */
  void arm(String sqlFragment, String message, int code, int times) {
    this.fragment = sqlFragment;
    this.message = message;
    this.code = code;
    this.remaining.set(times);
  }

  void disarm() {
    remaining.set(0);
  }

  /** How many faults were thrown so far. */
  int thrown() {
    return thrown.get();
  }

  /** The real connection underneath (to change SQLite limits from the test). */
  Connection raw() {
    return raw;
  }

  @Override
  public Connection open() throws SQLException {
    Connection real = DriverManager.getConnection("jdbc:sqlite:" + path);
    raw = real;
    return (Connection) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Connection.class}, new Handler(real, null));
  }

  @Override
  public String toString() {
    return "faulty sqlite file " + path;
  }

  private void maybeFail(String sql) throws SQLException {
    String f = fragment;
    if (f != null && sql != null && sql.contains(f) && remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      thrown.incrementAndGet();
      throw new SQLException(message, null, code);
    }
  }

  /** Wraps a Connection or Statement; statements remember their SQL. */
  private final class Handler implements InvocationHandler {
    private final Object target;
    private final String sql;

    Handler(Object target, String sql) {
      this.target = target;
      this.sql = sql;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (target instanceof Connection && name.equals("commit")) {
        maybeFail("COMMIT");
      }
      if (target instanceof Statement) {
        if (name.startsWith("execute")) {
          maybeFail(args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : sql);
        }
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof PreparedStatement) {
        return Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
            new Handler(result, (String) args[0]));
      }
      if (result instanceof Statement) {
        return Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Statement.class}, new Handler(result, null));
      }
      return result;
    }
  }
}
