package org.carenet.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carenet.records.Visits;

/**
 * A visit as the pages show it: with its physician's and hospital's names, and its vitals as a clinician reads them.
 */
record VisitView(Visits.Visit visit, String physicianName, String hospitalName, String vitals) {

    static List<VisitView> of(List<Visits.Visit> visits, Map<String, String> hospitalNames) {
        return visits.stream()
                .map(visit -> new VisitView(
                        visit,
                        visit.physicianName() != null ? visit.physicianName() : "Physician " + visit.physician(),
                        hospitalNames.getOrDefault(visit.hospital(), visit.hospital()),
                        visit.content() == null ? "" : vitals(visit.content().vitals())))
                .toList();
    }

    /** "BP 120/80 mmHg · HR 72/min · 170.5 cm · 65.2 kg", leaving out what was not measured. */
    static String vitals(Visits.Vitals vitals) {
        if (vitals == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (vitals.systolic() != null && vitals.diastolic() != null) {
            parts.add("BP " + vitals.systolic() + "/" + vitals.diastolic() + " mmHg");
        } else if (vitals.systolic() != null) {
            parts.add("BP systolic " + vitals.systolic() + " mmHg");
        } else if (vitals.diastolic() != null) {
            parts.add("BP diastolic " + vitals.diastolic() + " mmHg");
        }
        if (vitals.heartRate() != null) {
            parts.add("HR " + vitals.heartRate() + "/min");
        }
        if (vitals.heightCm() != null) {
            parts.add(number(vitals.heightCm()) + " cm");
        }
        if (vitals.weightKg() != null) {
            parts.add(number(vitals.weightKg()) + " kg");
        }
        return String.join(" · ", parts);
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
