package se.nara.server.sync;

import java.util.Map;
import se.nara.server.rules.ConflictRules;
import se.nara.server.rules.Retractions;
import se.nara.server.rules.SignedRecords;
import se.nara.server.rules.StaleDecision;

/**
 * Every conflict rule in Swedish, as staff read it on the tablet and the team leader page. The
 * rule names themselves stay English (they are what docs/conflicts.md and the logs cite); a
 * conflict record carries both, so no screen has to translate.
 */
public final class RuleLabels {
  private static final Map<String, String> SWEDISH =
      Map.ofEntries(
          Map.entry(ConflictRules.RULE_CLINICAL, "Kliniskt värde: samtidiga ändringar kräver ett mänskligt beslut."),
          Map.entry(ConflictRules.RULE_PLAIN, "Vanligt fält: senaste ändringen gäller, det andra värdet sparas."),
          Map.entry(ConflictRules.RULE_TEXT, "Fritext: båda texterna sparas med vem som skrev dem."),
          Map.entry(ConflictRules.RULE_SIP, "SIP-ansvar: byte av ansvarig part kräver både region och kommun."),
          Map.entry(ConflictRules.RULE_DONE_BEATS_STALE, "Checklista: bekräftad klar vinner över inaktuell ej kontrollerad."),
          Map.entry(ConflictRules.RULE_REOPEN_UNSEEN, "Checklista: återöppning kräver att surfplattan sett bekräftelsen."),
          Map.entry(ConflictRules.RULE_MISSING_AND_DONE, "Checklista: saknas och klar samtidigt – saknas gäller och punkten flaggas."),
          Map.entry(ConflictRules.RULE_SAME_STATE, "Checklista: båda bekräftade samma sak, den första bekräftelsen gäller."),
          Map.entry(ConflictRules.RULE_STOP_STAYS, "Läkemedel: en utsatt rad blir aldrig aktiv igen av en inaktuell surfplatta."),
          Map.entry(ConflictRules.RULE_MEDICATION, "Läkemedel: aldrig senaste-vinner på preparat, dos, frekvens, väg, start eller stopp."),
          Map.entry(ConflictRules.RULE_RESOLUTION, "Läkemedelsavvikelse (avvikelse i läkemedelslistan): ett registrerat beslut om avvikelsen skrivs aldrig över; samtidiga ställningstaganden avgörs av en person."),
          Map.entry(ConflictRules.RULE_DEVIATION_FORWARD, "Avvikelserapport: status går bara framåt (registrerad, under utredning, åtgärdad, avslutad); den som kommit längst gäller."),
          Map.entry(SignedRecords.RULE, "Signerad post: ändringen sparades som ny version kopplad till den signerade."),
          Map.entry(SignedRecords.RULE_SIGNED_UNSEEN,
              "Signerad post: signaturen gavs över ändringar som den som signerade inte hade sett; signaturen gäller och ändringarna väntar på granskning."),
          Map.entry(SignedRecords.RULE_SIGNED_PART,
              "Signerad plan: ändringen eller makuleringen av en insats eller ett mål i en signerad plan tillämpades inte; den väntar på granskning."),
          Map.entry(SignedRecords.RULE_SIGNED_PLAN_RETRACTION,
              "Signerad plan: makuleringen av en signerad plan tillämpades inte; den väntar på granskning."),
          Map.entry(SignedRecords.RULE_ADDED_AFTER_SIGNING,
              "Signerad plan: insatsen eller målet lades till efter att planen signerats; den gäller men täcks inte av signaturerna och väntar på granskning."),
          Map.entry(Retractions.RULE_UNSEEN_PARTS,
              "Felregistrering: delar av posten (t.ex. checklistpunkter) ändrades av någon annan efter versionen som makulerades; makuleringen väntar på granskning."),
          Map.entry(StaleDecision.RULE, "Inaktuellt beslut: listan ändrades efter att sjuksköterskan såg den."),
          Map.entry(SyncService.RULE_ACCESS_LOST,
              "Åtkomst upphörd: ändringen från surfplattan sparas för granskning, varken tillämpad eller borttagen."),
          Map.entry(RestoreRecovery.RULE,
              "Servern återställd från säkerhetskopia: surfplattan hade en nyare version. Inget är tillämpat – välj vad som ska gälla."),
          Map.entry(SyncService.RULE_RETRACTION,
              "Felregistrering: en makulering och en samtidig ändring möttes; det som inte tillämpades sparas och väntar på granskning."));

  private RuleLabels() {}

  /** The rule in Swedish, or the rule itself when it has no label (null for null). */
  public static String swedish(String rule) {
    return rule == null ? null : SWEDISH.getOrDefault(rule, rule);
  }

  /** Whether the rule has a Swedish label. */
  public static boolean hasLabel(String rule) {
    return SWEDISH.containsKey(rule);
  }
}
