package org.carenet.ledger;

import java.util.regex.Pattern;

/** A hospital's network id: the slug of its name, e.g. {@code rhode-island-hospital}. */
public record HospitalId(String value) implements Comparable<HospitalId> {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public HospitalId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException("not a hospital id (a slug such as 'miriam-hospital'): " + value);
        }
    }

    @Override
    public int compareTo(HospitalId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
