package se.nara.server.store;

/**
 * A record as a pull page sends it: the sync envelope and the stored JSON text of its fields,
 * never parsed. A pull sends hundreds of thousands of these; parsing each one only to write it
 * out again was the largest cost of a pull after compression.
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
    String dataJson) {

  /** The same row with other field JSON (a masked address). */
  public PageRow withData(String json) {
    return new PageRow(id, entityType, patientId, version, seq, tombstone, updatedAt, updatedBy, json);
  }
}
