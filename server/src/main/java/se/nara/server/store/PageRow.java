package se.nara.server.store;

import java.nio.charset.StandardCharsets;

/**
 * A record as a pull page sends it: the sync envelope and the stored JSON of its fields as the
 * UTF-8 bytes SQLite holds, never parsed or decoded. A pull sends hundreds of thousands of these;
 * parsing each one only to write it out again was the largest cost of a pull after compression,
 * and decoding the text into a Java string and encoding it back was the next.
 *
 * @param dataUtf8 the record's field JSON, UTF-8; not copied, so do not change it
 */
public record PageRow(
    String id,
    String entityType,
    String patientId,
    long version,
    long seq,
    boolean tombstone,
    long updatedAt,
    String updatedBy,
    byte[] dataUtf8) {

  /** The field JSON as text (for the rare row the server must look into). */
  public String dataJson() {
    return new String(dataUtf8, StandardCharsets.UTF_8);
  }

  /** The same row with other field JSON (a masked address). */
  public PageRow withData(String json) {
    return new PageRow(id, entityType, patientId, version, seq, tombstone, updatedAt, updatedBy, json.getBytes(StandardCharsets.UTF_8));
  }
}
