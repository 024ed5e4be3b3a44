package org.carenet.cli.network;

import java.util.Objects;
import org.carenet.platform.NodeProperties;

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

    /** A name's slug, the rule every node applies to its own name ({@link NodeProperties#slug}). */
    public static String slug(String name) {
        return NodeProperties.slug(name);
    }

    /** The name of the hospital's own PostgreSQL database: its id with {@code _} for {@code -}. */
    public String databaseName() {
        return id.replace('-', '_');
    }
}
