package se.nara.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.SyncRecord;
import se.nara.server.store.PageRow;

class PullPageJsonTest {

  @Test
  void aPullPageIsWrittenExactlyAsGsonWritesTheProtocolsPullResponse() {
    String itemData = "{\"id\":\"i1\",\"label\":\"Läkemedelslista \\\"klar\\\" <b>\",\"note\":null,\"n\":3}";
    String staffData = "{\"id\":\"s1\",\"name\":\"Anna\"}";
    PageRow item = new PageRow("i1", "checklist_item", "p1", 4, 17, true, 1_700_000_000_123L, "s9", utf8(itemData));
    PageRow staff = new PageRow("s1", "staff", null, 1, 18, false, 1_700_000_000_000L, null, utf8(staffData));
    Instant now = Instant.parse("2026-11-23T10:15:30.5Z");

    for (boolean more : new boolean[] {true, false}) {
      PullPage page = new PullPage(List.of(item, staff), "18", more, 42, now, more ? List.of() : List.of("p7", "p8"), more ? 1234 : -1);
      PullResponse expected =
          new PullResponse(
              List.of(
                  new SyncRecord("checklist_item", "i1", 4, 17, "p1", true, Instant.ofEpochMilli(1_700_000_000_123L), "s9",
                      JsonParser.parseString(itemData).getAsJsonObject()),
                  new SyncRecord("staff", "s1", 1, 18, null, false, Instant.ofEpochMilli(1_700_000_000_000L), null,
                      JsonParser.parseString(staffData).getAsJsonObject())),
              "18", more, 42, now, more ? List.of() : List.of("p7", "p8"), more ? 1234 : -1);

      JsonObject written =
          JsonParser.parseString(new String(PullPageJson.toBytes(page), StandardCharsets.UTF_8)).getAsJsonObject();
      assertEquals(JsonParser.parseString(Json.gson().toJson(expected)), written);
      PullResponse decoded = Json.gson().fromJson(written, PullResponse.class);
      assertEquals(more, decoded.hasMore());
      assertEquals(2, decoded.records().size());
      assertEquals("Läkemedelslista \"klar\" <b>", decoded.records().get(0).data().get("label").getAsString());
    }
  }

  @Test
  void envelopeStringsAreEscapedExactlyAsGsonEscapesThem() throws Exception {
    String odd = "a\"b\\c\nd\te\rf\bg\fh\u0001i\u001fj åäö \u2028\u2029 \uD83D\uDE00 <&>=' \u007f";
    String data = "{\"text\":\"Översköterska åäö \\u2028 \uD83D\uDE00\"}";
    PageRow row = new PageRow(odd, "visit", odd, 1, 2, false, 0L, odd, utf8(data));
    PullPage page = new PullPage(List.of(row), odd, false, 0, Instant.EPOCH, List.of(odd, "p2"), -1);
    PullResponse expected =
        new PullResponse(
            List.of(new SyncRecord("visit", odd, 1, 2, odd, false, Instant.EPOCH, odd, JsonParser.parseString(data).getAsJsonObject())),
            odd, false, 0, Instant.EPOCH, List.of(odd, "p2"), -1);
    // Byte for byte, not only the same JSON: devices and caches may compare pages.
    assertEquals(Json.gson().toJson(expected), new String(PullPageJson.toBytes(page), StandardCharsets.UTF_8));
    assertEquals(new String(PullPageJson.toBytes(page), StandardCharsets.UTF_8),
        new String(PullPageJson.toStream(page).readAllBytes(), StandardCharsets.UTF_8), "the stream is the same bytes");
    assertEquals(odd, Json.gson().fromJson(new String(PullPageJson.toBytes(page), StandardCharsets.UTF_8), PullResponse.class)
        .records().get(0).id());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyPageHasAnEmptyRecordList() {
    PullPage page = new PullPage(List.of(), "0", false, 0, Instant.EPOCH, List.of(), -1);
    PullResponse expected = new PullResponse(List.of(), "0", false, 0, Instant.EPOCH, List.of(), -1);
    assertEquals(
        JsonParser.parseString(Json.gson().toJson(expected)),
        JsonParser.parseString(new String(PullPageJson.toBytes(page), StandardCharsets.UTF_8)));
  }
}
