package db.migration;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import se.nara.server.store.OpenVisitReviews;

/**
 * Fills {@code open_visit_reviews} (V13) from the visits already stored. In Java, not SQL: a
 * visit's team and review state are in its JSON, and reading JSON in SQL differs per database
 * (the schema stays portable to PostgreSQL). One pass over the visits, as any later write of a
 * visit keeps its row by the same rule ({@link OpenVisitReviews#open}).
 */
public class V14__open_visit_reviews_fill extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement read = c.createStatement();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO open_visit_reviews (visit_id, team_id, patient_id) VALUES (?, ?, ?)");
        ResultSet rs = read.executeQuery("SELECT id, patient_id, tombstone, data FROM records WHERE entity_type = 'visit'")) {
      int pending = 0;
      while (rs.next()) {
        JsonObject data = JsonParser.parseString(rs.getString(4)).getAsJsonObject();
        String team = OpenVisitReviews.open(rs.getBoolean(3), rs.getString(2), data);
        if (team != null) {
          insert.setString(1, rs.getString(1));
          insert.setString(2, team);
          insert.setString(3, rs.getString(2));
          insert.addBatch();
          if (++pending == 1000) {
            insert.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }
}
