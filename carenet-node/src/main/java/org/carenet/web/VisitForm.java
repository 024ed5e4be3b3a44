package org.carenet.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.carenet.records.Visits;

/**
 * The visit form as the physician filled it in: every field as typed, so that a form with a mistake comes back as it
 * was, with what to correct. The bounds are the API's ({@code PatientController.NewVisit}); times are in UTC, as
 * every page shows them.
 */
record VisitForm(
        String time,
        String reason,
        String notes,
        String diagnosis,
        String treatment,
        String systolic,
        String diastolic,
        String heartRate,
        String heightCm,
        String weightKg) {

    static final int MAX_REASON = 500;
    static final int MAX_NOTES = 20_000;
    static final int MAX_TEXT = 2_000;

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** A blank form for a visit now. */
    static VisitForm at(Instant now) {
        return new VisitForm(
                MINUTES.format(now.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC)),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "");
    }

    /** The visit the form describes, or the corrections it needs (then {@code time} and {@code content} are null). */
    record Checked(Instant time, Visits.Content content, List<String> problems) {}

    Checked check() {
        List<String> problems = new ArrayList<>();
        Instant at = null;
        if (blank(time)) {
            problems.add("Time: enter when the visit took place.");
        } else {
            try {
                at = LocalDateTime.parse(time.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                problems.add("Time: enter a date and time such as 2026-11-25T09:30.");
            }
        }
        if (blank(reason)) {
            problems.add("Reason: enter the reason for the visit.");
        }
        String checkedReason = text("Reason", reason, MAX_REASON, problems);
        String checkedNotes = text("Notes", notes, MAX_NOTES, problems);
        String checkedDiagnosis = text("Diagnosis", diagnosis, MAX_TEXT, problems);
        String checkedTreatment = text("Treatment", treatment, MAX_TEXT, problems);
        Integer checkedSystolic = whole("Systolic pressure", systolic, 40, 300, problems);
        Integer checkedDiastolic = whole("Diastolic pressure", diastolic, 20, 200, problems);
        Integer checkedHeartRate = whole("Heart rate", heartRate, 20, 300, problems);
        Double checkedHeight = decimal("Height", heightCm, 20, 260, problems);
        Double checkedWeight = decimal("Weight", weightKg, 0.5, 500, problems);
        if (!problems.isEmpty()) {
            return new Checked(null, null, List.copyOf(problems));
        }
        Visits.Vitals vitals = checkedSystolic == null
                        && checkedDiastolic == null
                        && checkedHeartRate == null
                        && checkedHeight == null
                        && checkedWeight == null
                ? null
                : new Visits.Vitals(checkedSystolic, checkedDiastolic, checkedHeartRate, checkedHeight, checkedWeight);
        return new Checked(
                at,
                new Visits.Content(checkedReason, checkedNotes, checkedDiagnosis, checkedTreatment, vitals),
                List.of());
    }

    private static String text(String label, String value, int max, List<String> problems) {
        if (blank(value)) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            problems.add(label + ": at most " + max + " characters.");
        }
        return stripped;
    }

    private static Integer whole(String label, String value, int min, int max, List<String> problems) {
        if (blank(value)) {
            return null;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                problems.add(label + ": between " + min + " and " + max + ".");
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(label + ": enter a whole number.");
            return null;
        }
    }

    private static Double decimal(String label, String value, double min, double max, List<String> problems) {
        if (blank(value)) {
            return null;
        }
        try {
            double number = Double.parseDouble(value.strip());
            if (!(number >= min && number <= max)) {
                problems.add(label + ": between " + number(min) + " and " + number(max) + ".");
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(label + ": enter a number, such as 72.5.");
            return null;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
