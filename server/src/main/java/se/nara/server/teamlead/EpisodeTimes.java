package se.nara.server.teamlead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import se.nara.sdk.model.CareEpisode;
import se.nara.server.TimeBounds;

/**
 * A care episode's SVU times by their Swedish names, and what to do with one stored outside the
 * years 1900-2199 (written before client times were bounded): it is no date, so it is shown as
 * invalid and left out of every day count, while the rest of the episode (its open checklist items
 * and medication discrepancies) stays on the board.
 */
final class EpisodeTimes {
  static final String INSKRIVEN = "Inskriven";
  static final String INSATSBEHOV_BEDOMT = "Insatsbehov bedömt";
  static final String INSKRIVNINGSMEDDELANDE = "Inskrivningsmeddelande";
  static final String BERAKNAD_UTSKRIVNING = "Beräknad utskrivning";
  static final String UTSKRIVNINGSKLAR = "Utskrivningsklar";
  static final String EJ_LANGRE_UTSKRIVNINGSKLAR = "Ej längre utskrivningsklar";
  static final String UTSKRIVEN = "Utskriven";
  static final String SIP_KALLELSE = "Kallelse till SIP";
  static final String SIP_HALLEN = "SIP hållen";
  static final String SIP_BEHOVS = "SIP behövs";
  static final String SIP_BEHOVS_INTE = "SIP behövs inte";

  private record Time(String name, Function<CareEpisode, Instant> get, BiFunction<CareEpisode.Builder, Instant, CareEpisode.Builder> set) {}

  private static final List<Time> TIMES =
      List.of(
          new Time(INSKRIVEN, CareEpisode::inskrivenAt, CareEpisode.Builder::inskrivenAt),
          new Time(INSATSBEHOV_BEDOMT, CareEpisode::insatsbehovBedomtAt, CareEpisode.Builder::insatsbehovBedomtAt),
          new Time(INSKRIVNINGSMEDDELANDE, CareEpisode::inskrivningsmeddelandeAt, CareEpisode.Builder::inskrivningsmeddelandeAt),
          new Time(BERAKNAD_UTSKRIVNING, CareEpisode::beraknadUtskrivningAt, CareEpisode.Builder::beraknadUtskrivningAt),
          new Time(UTSKRIVNINGSKLAR, CareEpisode::utskrivningsklarAt, CareEpisode.Builder::utskrivningsklarAt),
          new Time(EJ_LANGRE_UTSKRIVNINGSKLAR, CareEpisode::ejLangreUtskrivningsklarAt, CareEpisode.Builder::ejLangreUtskrivningsklarAt),
          new Time(UTSKRIVEN, CareEpisode::utskrivenAt, CareEpisode.Builder::utskrivenAt),
          new Time(SIP_KALLELSE, CareEpisode::sipKallelseAt, CareEpisode.Builder::sipKallelseAt),
          new Time(SIP_HALLEN, CareEpisode::sipHeldAt, CareEpisode.Builder::sipHeldAt),
          new Time(SIP_BEHOVS, CareEpisode::sipNeededAt, CareEpisode.Builder::sipNeededAt),
          new Time(SIP_BEHOVS_INTE, CareEpisode::sipNotNeededAt, CareEpisode.Builder::sipNotNeededAt));

  private EpisodeTimes() {}

  /** The names of the episode's times that lie outside the accepted years. */
  static List<String> outsideCalendar(CareEpisode e) {
    List<String> names = new ArrayList<>();
    for (Time t : TIMES) {
      Instant at = t.get().apply(e);
      if (at != null && !TimeBounds.contains(at)) {
        names.add(t.name());
      }
    }
    return names;
  }

  /** The episode with every time outside the accepted years taken out (the episode itself when none is). */
  static CareEpisode withoutInvalid(CareEpisode e) {
    CareEpisode.Builder b = null;
    for (Time t : TIMES) {
      Instant at = t.get().apply(e);
      if (at != null && !TimeBounds.contains(at)) {
        b = t.set().apply(b == null ? e.toBuilder() : b, null);
      }
    }
    return b == null ? e : b.build();
  }
}
