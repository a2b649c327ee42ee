package se.nara.server.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for login accounts, team membership and bearer tokens. */
public final class AccountStore {
  private static final String ACCOUNT_COLUMNS =
      "staff_id, username, password_hash, name, profession, active, failed_logins, locked_until";

  private static final RowMapper<Account> ACCOUNT =
      (rs, ctx) ->
          new Account(
              rs.getString("staff_id"),
              rs.getString("username"),
              rs.getString("password_hash"),
              rs.getString("name"),
              rs.getString("profession"),
              rs.getBoolean("active"),
              rs.getInt("failed_logins"),
              Columns.nullableLong(rs, "locked_until"));

  /** Creates or replaces an account. */
  public void upsert(Handle h, Account a) {
    h.createUpdate("DELETE FROM staff_accounts WHERE staff_id = :id").bind("id", a.staffId()).execute();
    h.createUpdate(
            "INSERT INTO staff_accounts (staff_id, username, password_hash, name, profession,"
                + " active, failed_logins, locked_until) VALUES (:id, :username, :hash, :name,"
                + " :profession, :active, 0, NULL)")
        .bind("id", a.staffId())
        .bind("username", a.username())
        .bind("hash", a.passwordHash())
        .bind("name", a.name())
        .bind("profession", a.profession())
        .bind("active", a.active())
        .execute();
  }

  /** The account with this username. */
  public Optional<Account> findByUsername(Handle h, String username) {
    return h.createQuery(
            "SELECT " + ACCOUNT_COLUMNS + " FROM staff_accounts WHERE username = :u")
        .bind("u", username)
        .map(ACCOUNT)
        .findOne();
  }

  /** The account of this staff member. */
  public Optional<Account> findByStaffId(Handle h, String staffId) {
    return h.createQuery(
            "SELECT " + ACCOUNT_COLUMNS + " FROM staff_accounts WHERE staff_id = :id")
        .bind("id", staffId)
        .map(ACCOUNT)
        .findOne();
  }

  /**
   * Counts a login attempt before its password is checked, so parallel attempts cannot all pass
   * the lock check: the counter is raised in one statement only while it is below {@code
   * maxAttempts} and the account is not locked. A lock that has run out leaves one attempt (the
   * counter is set to {@code maxAttempts - 1}), as before. Returns whether the attempt may go on;
   * a successful login sets the counter back to 0 ({@link #recordSuccessfulLogin}). Call inside a
   * write transaction; on PostgreSQL the UPDATE's row lock serialises concurrent attempts.
   */
  public boolean reserveLoginAttempt(Handle h, String staffId, int maxAttempts, long now) {
    h.createUpdate(
            "UPDATE staff_accounts SET failed_logins = :retry, locked_until = NULL"
                + " WHERE staff_id = :id AND locked_until IS NOT NULL AND locked_until <= :now")
        .bind("id", staffId)
        .bind("retry", maxAttempts - 1)
        .bind("now", now)
        .execute();
    return h.createUpdate(
                "UPDATE staff_accounts SET failed_logins = failed_logins + 1"
                    + " WHERE staff_id = :id AND failed_logins < :max AND locked_until IS NULL")
            .bind("id", staffId)
            .bind("max", maxAttempts)
            .execute()
        > 0;
  }

  /**
   * After a wrong password (already counted by {@link #reserveLoginAttempt}): locks the account
   * until {@code lockUntil} when the failures in a row have reached {@code maxAttempts}.
   */
  public void lockIfExhausted(Handle h, String staffId, int maxAttempts, long lockUntil) {
    h.createUpdate(
            "UPDATE staff_accounts SET locked_until = :lock"
                + " WHERE staff_id = :id AND failed_logins >= :max AND locked_until IS NULL")
        .bind("id", staffId)
        .bind("max", maxAttempts)
        .bind("lock", lockUntil)
        .execute();
  }

  /** When the account's lock runs out, or null when it is not locked. */
  public Long lockedUntil(Handle h, String staffId) {
    return h.createQuery("SELECT locked_until FROM staff_accounts WHERE staff_id = :id")
        .bind("id", staffId)
        .mapTo(Long.class)
        .findOne()
        .orElse(null);
  }

  /** Clears failed-login state after a successful login. */
  public void recordSuccessfulLogin(Handle h, String staffId) {
    h.createUpdate(
            "UPDATE staff_accounts SET failed_logins = 0, locked_until = NULL WHERE staff_id = :id")
        .bind("id", staffId)
        .execute();
  }

  /** Adds a staff member to a team. */
  public void addTeamMember(Handle h, String staffId, String teamId) {
    h.createUpdate("INSERT INTO team_members (staff_id, team_id) VALUES (:s, :t)")
        .bind("s", staffId)
        .bind("t", teamId)
        .execute();
  }

  /** The teams a staff member belongs to. */
  public List<String> teamsOf(Handle h, String staffId) {
    return h.createQuery("SELECT team_id FROM team_members WHERE staff_id = :s ORDER BY team_id")
        .bind("s", staffId)
        .mapTo(String.class)
        .list();
  }

  /** Stores a new token (by its hash only). */
  public void insertToken(
      Handle h, String tokenHash, String staffId, String deviceId, long issuedAt, long expiresAt) {
    h.createUpdate(
            "INSERT INTO tokens (token_hash, staff_id, device_id, issued_at, expires_at) VALUES"
                + " (:hash, :staff, :device, :issued, :expires)")
        .bind("hash", tokenHash)
        .bind("staff", staffId)
        .bind("device", deviceId)
        .bind("issued", issuedAt)
        .bind("expires", expiresAt)
        .execute();
  }

  /** The session a token stands for, if the token exists, is not revoked and has not expired. */
  public Optional<TokenSession> findSession(Handle h, String tokenHash, long now) {
    return h.createQuery(
            "SELECT t.staff_id, t.device_id, d.device_id IS NOT NULL, d.revoked_at IS NOT NULL,"
                + " COALESCE(a.active, FALSE), a.name, a.profession, t.expires_at"
                + " FROM tokens t"
                + " LEFT JOIN devices d ON d.device_id = t.device_id"
                + " LEFT JOIN staff_accounts a ON a.staff_id = t.staff_id"
                + " WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND t.expires_at > :now")
        .bind("hash", tokenHash)
        .bind("now", now)
        .map((rs, ctx) -> new TokenSession(
            rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5),
            rs.getString(6), rs.getString(7), rs.getLong(8)))
        .findOne();
  }

  /** Revokes one token (after a refresh or at sign-out); returns whether it was live. */
  public boolean revokeToken(Handle h, String tokenHash, long now) {
    return h.createUpdate("UPDATE tokens SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL")
            .bind("hash", tokenHash)
            .bind("now", now)
            .execute()
        > 0;
  }

  /** Number of accounts (demo seeding checks whether the database is empty). */
  public long count(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM staff_accounts").mapTo(Long.class).one();
  }
}
