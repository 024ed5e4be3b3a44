package org.carenet.access;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

public record UserId(@JsonValue UUID value) {

    public UserId {
        if (value == null) {
            throw new IllegalArgumentException("a user id needs a value");
        }
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
