package org.carenet.access.internal;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Password hashing with Argon2id (16 MiB, 2 iterations, per-password salt). */
@Component
public class Passwords {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    /** A hash of a random password, checked against when the username is unknown so that timing reveals nothing. */
    private final String decoy = encoder.encode("no account has this password");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    public void spendTheTimeOfACheck(String password) {
        encoder.matches(password, decoy);
    }
}
