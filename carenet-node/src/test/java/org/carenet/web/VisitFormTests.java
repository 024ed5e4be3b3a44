package org.carenet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.carenet.records.Visits;
import org.junit.jupiter.api.Test;

class VisitFormTests {

    @Test
    void aFilledInFormIsTheVisitInUtc() {
        VisitForm form = new VisitForm(
                "2026-11-25T09:30",
                " headache for three days ",
                "Lupus ruled out",
                "tension headache",
                "",
                "120",
                "80",
                "72",
                "170.5",
                "65");

        VisitForm.Checked checked = form.check();

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.time()).isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
        assertThat(checked.content())
                .isEqualTo(new Visits.Content(
                        "headache for three days",
                        "Lupus ruled out",
                        "tension headache",
                        null,
                        new Visits.Vitals(120, 80, 72, 170.5, 65.0)));
    }

    @Test
    void aVisitWithoutVitalsHasNone() {
        VisitForm.Checked checked =
                new VisitForm("2026-11-25T09:30", "check-up", "", "", "", "", " ", "", "", "").check();

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.content().vitals()).isNull();
        assertThat(checked.content().notes()).isNull();
    }

    @Test
    void everyMistakeIsNamedWithItsField() {
        VisitForm form = new VisitForm("yesterday", " ", "", "x".repeat(2_001), "", "abc", "10", "72", "300", "0,5");

        VisitForm.Checked checked = form.check();

        assertThat(checked.content()).isNull();
        assertThat(checked.problems())
                .containsExactly(
                        "Time: enter a date and time such as 2026-11-25T09:30.",
                        "Reason: enter the reason for the visit.",
                        "Diagnosis: at most 2000 characters.",
                        "Systolic pressure: enter a whole number.",
                        "Diastolic pressure: between 20 and 200.",
                        "Height: between 20 and 260.",
                        "Weight: enter a number, such as 72.5.");
    }

    @Test
    void aBlankFormStartsAtTheMinute() {
        VisitForm form = VisitForm.at(Instant.parse("2026-11-25T09:30:42.123Z"));

        assertThat(form.time()).isEqualTo("2026-11-25T09:30");
        assertThat(form.check().problems()).containsExactly("Reason: enter the reason for the visit.");
    }

    @Test
    void vitalsReadAsCliniciansWriteThem() {
        assertThat(VisitView.vitals(new Visits.Vitals(120, 80, 72, 170.5, 65.0)))
                .isEqualTo("BP 120/80 mmHg · HR 72/min · 170.5 cm · 65 kg");
        assertThat(VisitView.vitals(new Visits.Vitals(null, null, 60, null, null)))
                .isEqualTo("HR 60/min");
        assertThat(VisitView.vitals(null)).isEmpty();
    }
}
