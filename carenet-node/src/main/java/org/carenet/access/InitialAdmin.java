package org.carenet.access;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the node's first administrator, {@code admin}, at first start: with the configured password
 * ({@code CARENET_ADMIN_PASSWORD}) or, without one, a generated password that the launcher shows once and that is
 * never logged.
 */
@Component
public class InitialAdmin implements SmartInitializingSingleton {

    public static final String USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    private final StaffAccounts accounts;
    private final AccessProperties properties;
    private final AtomicReference<String> generated = new AtomicReference<>();

    InitialAdmin(StaffAccounts accounts, AccessProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (accounts.findByUsername(USERNAME).isPresent()) {
            return;
        }
        String configured = properties.initialAdminPassword();
        boolean generate = configured == null || configured.isBlank();
        String password = generate ? generatePassword() : configured;
        accounts.createInitialAdmin(USERNAME, password);
        if (generate) {
            generated.set(password);
        } else if (password.length() < StaffAccounts.MIN_PASSWORD) {
            log.warn(
                    "the configured initial administrator password is shorter than {} characters; change it",
                    StaffAccounts.MIN_PASSWORD);
        }
        log.info("created the initial administrator account '{}'", USERNAME);
    }

    /**
     * The password generated for {@code admin} at this start, handed out once: later calls return nothing, so it
     * cannot be read again from a running node.
     */
    public Optional<String> generatedPassword() {
        return Optional.ofNullable(generated.getAndSet(null));
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
