package se.nara.server.web;

import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import se.nara.server.store.PageRow;
import se.nara.server.sync.PullPage;

/**
 * Writes a {@link PullPage} in exactly the JSON shape of the protocol's {@code PullResponse}
 * (field names, explicit nulls, ISO-8601 instants), streaming each record's stored field JSON
 * through as it is. {@code PullPageJsonTest} holds it to what Gson writes for a PullResponse.
 */
final class PullPageJson {
  private PullPageJson() {}

  static byte[] toBytes(PullPage page) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192 + page.records().size() * 700);
    try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        JsonWriter json = new JsonWriter(out)) {
      json.setSerializeNulls(true);
      json.setHtmlSafe(false);
      json.beginObject();
      json.name("records").beginArray();
      for (PageRow row : page.records()) {
        json.beginObject();
        json.name("type").value(row.entityType());
        json.name("id").value(row.id());
        json.name("version").value(row.version());
        json.name("seq").value(row.seq());
        json.name("patientId").value(row.patientId());
        json.name("tombstone").value(row.tombstone());
        json.name("updatedAt").value(Instant.ofEpochMilli(row.updatedAt()).toString());
        json.name("updatedBy").value(row.updatedBy());
        json.name("data").jsonValue(row.dataJson());
        json.endObject();
      }
      json.endArray();
      json.name("nextCursor").value(page.nextCursor());
      json.name("hasMore").value(page.hasMore());
      json.name("lastMutationId").value(page.lastMutationId());
      json.name("serverTime").value(page.serverTime() == null ? null : page.serverTime().toString());
      json.name("purgePatientIds").beginArray();
      for (String patientId : page.purgePatientIds()) {
        json.value(patientId);
      }
      json.endArray();
      json.name("estimatedTotal").value(page.estimatedTotal());
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
