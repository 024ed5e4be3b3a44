package org.carenet.cli.network;

import java.util.Locale;
import java.util.Objects;

/**
 * A hospital of the network: its display name (a line of {@code data/hospitals.txt}) and its id, the slug of
 * that name.
 *
 * @param id the network id: lowercase letters and digits, runs of anything else one {@code -}
 * @param name the display name
 */
public record Hospital(String id, String name) {

    public Hospital {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (!id.equals(slug(id))) {
            throw new IllegalArgumentException("hospital id '" + id + "' is not a slug");
        }
    }

    /** The hospital called {@code name}, with the slug of its name as id. */
    public static Hospital named(String name) {
        String trimmed = name.strip();
        return new Hospital(slug(trimmed), trimmed);
    }

    /**
     * A name's slug: lowercase, every run of characters other than ASCII letters and digits replaced by one
     * {@code -}, no {@code -} at either end.
     *
     * @throws IllegalArgumentException if the name has no ASCII letter or digit
     */
    public static String slug(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("hospital name '" + name + "' has no letters or digits");
        }
        return slug;
    }

    /** The name of the hospital's own PostgreSQL database: its id with {@code _} for {@code -}. */
    public String databaseName() {
        return id.replace('-', '_');
    }
}
