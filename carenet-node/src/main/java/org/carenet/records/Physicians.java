package org.carenet.records;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.CurrentUser;
import org.carenet.access.PasswordLogins;
import org.carenet.access.Role;
import org.carenet.access.StaffAccount;
import org.carenet.access.StaffAccounts;
import org.carenet.access.UserId;
import org.carenet.card.Affiliation;
import org.carenet.card.CardPasswordException;
import org.carenet.card.PhysicianId;
import org.carenet.card.PhysicianIdentity;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Membership;
import org.carenet.ledger.Outcome;
import org.carenet.network.NetworkLedger;
import org.carenet.network.NetworkMembership;
import org.carenet.platform.ProblemException;
import org.carenet.records.internal.PhysicianRows;
import org.carenet.records.internal.SessionKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Physicians: staff accounts with the PHYSICIAN role and a network identity, the same at every hospital they work
 * at. The identity's private keys exist here only sealed under the physician's password, and are opened into this
 * node's memory for the session when the physician logs in. Each hospital a physician works at publishes on the
 * ledger, under {@code physician:<id>:<hospital>}, an affiliation the physician signed; the directory
 * ({@link #directory}) is read from there, so any hospital can list where a physician works and check it.
 */
@Service
public class Physicians implements PasswordLogins {

    private static final Logger log = LoggerFactory.getLogger(Physicians.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NAME = 200;
    private static final int MAX_REMEMBERED_ENTRIES = 10_000;
    private static final Duration DIRECTORY_TTL = Duration.ofMinutes(1);

    /** A physician as this hospital knows them. */
    public record Physician(
            String id,
            String name,
            UserId account,
            String hospital,
            String signingKey,
            String encryptionKey,
            Instant since,
            boolean affiliationPublished) {}

    /** A physician as the network knows them: keys, and the hospitals whose signed affiliation is on the ledger. */
    public record DirectoryEntry(
            String id, String name, String signingKey, String encryptionKey, List<Workplace> affiliations) {}

    /**
     * A hospital a physician works at.
     *
     * @param statement the affiliation as the physician signed it and the hospital published it on the ledger: a
     *     client checks it (the identifier is the signing key's, the signature covers the keys) rather than trust
     *     the node that shows it
     */
    public record Workplace(String hospital, String hospitalName, Instant since, String statement) {}

    private final PhysicianRows physicians;
    private final StaffAccounts accounts;
    private final NetworkLedger network;
    private final NetworkMembership membership;
    private final SessionKeys keys;
    private final CardUploads uploads;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Remembered> directoryEntries = new ConcurrentHashMap<>();

    Physicians(
            PhysicianRows physicians,
            StaffAccounts accounts,
            NetworkLedger network,
            NetworkMembership membership,
            SessionKeys keys,
            CardUploads uploads,
            TransactionTemplate transactions,
            Clock clock) {
        this.physicians = physicians;
        this.accounts = accounts;
        this.network = network;
        this.membership = membership;
        this.keys = keys;
        this.uploads = uploads;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Creates a physician's account here with a new network identity, sealed under their password. */
    public Physician create(String username, String password, String name) {
        String checkedName = checkName(name);
        PhysicianIdentity identity = PhysicianIdentity.generate(random);
        String sealed = identity.seal(password.toCharArray(), random);
        PhysicianRows.Physician row = transactions.execute(status -> {
            StaffAccount account = accounts.create(username, password, EnumSet.of(Role.PHYSICIAN));
            PhysicianRows.Physician created = row(account.id(), checkedName, identity, sealed);
            physicians.insert(created);
            return created;
        });
        publish(row);
        return view(physicians.byId(row.id()).orElse(row));
    }

    /**
     * A physician logged in with their password: their identity is opened for the session, or created and sealed
     * under the password if the account has none yet (a PHYSICIAN account made through the staff accounts API).
     */
    @Override
    public void loggedIn(CurrentUser user, char[] password) {
        if (!user.has(Role.PHYSICIAN)) {
            return;
        }
        Optional<PhysicianRows.Physician> known = physicians.byUser(user.id());
        if (known.isEmpty()) {
            PhysicianIdentity identity = PhysicianIdentity.generate(random);
            PhysicianRows.Physician created =
                    row(user.id(), user.username(), identity, identity.seal(password, random));
            physicians.insert(created);
            keys.holdIdentity(user.sessionId(), identity);
            // not on the login's time: the ledger may be slow or down, and publishPending retries anyway
            Thread.ofVirtual().name("carenet-affiliation-" + created.id()).start(() -> publish(created));
            return;
        }
        try {
            keys.holdIdentity(
                    user.sessionId(), PhysicianIdentity.open(known.get().sealedIdentity(), password));
        } catch (CardPasswordException e) {
            log.warn(
                    "physician {} logged in, but their identity does not open with their password: records stay"
                            + " closed to them",
                    known.get().id());
        }
    }

    public Physician me(CurrentUser user) {
        return physicians.byUser(user.id()).map(this::view).orElseThrow(RecordsProblems::notAPhysician);
    }

    /** The physicians who work here, for patients to choose whom to grant access. */
    public List<Physician> here() {
        return physicians.all().stream().map(this::view).toList();
    }

    /** The calling physician's identity as its sealed document, to bring to another hospital. */
    public String sealedIdentity(CurrentUser user) {
        return physicians
                .byUser(user.id())
                .map(PhysicianRows.Physician::sealedIdentity)
                .orElseThrow(RecordsProblems::notAPhysician);
    }

    /**
     * Gives the calling physician's account here the network identity they already have at another hospital (its
     * sealed document, and the password that seals it), sealed again under this account's password. An identity
     * that already wrote visits or holds grants here is not replaced.
     */
    public Physician adopt(CurrentUser user, String document, char[] identityPassword, String accountPassword) {
        if (!accounts.passwordMatches(user.id(), accountPassword)) {
            throw RecordsProblems.invalid("wrong-password", "The password is not this account's");
        }
        PhysicianIdentity identity = uploads.openIdentity(document, identityPassword);
        PhysicianRows.Physician current = physicians.byUser(user.id()).orElse(null);
        if (current != null && current.id().equals(identity.id().value())) {
            keys.holdIdentity(user.sessionId(), identity);
            return view(current);
        }
        if (current != null && physicians.inUse(current.id())) {
            throw RecordsProblems.conflict(
                    "identity-in-use",
                    "This account's identity already wrote visits or holds grants here; it cannot be replaced");
        }
        if (physicians.byId(identity.id().value()).isPresent()) {
            throw RecordsProblems.conflict(
                    "identity-taken", "Another account here already has the physician identity " + identity.id());
        }
        String name = current == null ? user.username() : current.name();
        PhysicianRows.Physician adopted =
                row(user.id(), name, identity, identity.seal(accountPassword.toCharArray(), random));
        transactions.executeWithoutResult(status -> physicians.replace(user.id(), adopted));
        keys.holdIdentity(user.sessionId(), identity);
        if (current != null) {
            withdraw(current);
        }
        publish(adopted);
        return view(physicians.byId(adopted.id()).orElse(adopted));
    }

    /**
     * Where the physician works, read from the ledger: every member hospital's signed affiliation, checked against
     * the physician's key.
     */
    public DirectoryEntry directory(String id) {
        if (!PhysicianId.isWellFormed(id)) {
            throw RecordsProblems.physicianNotFound(id);
        }
        Ledger ledger = network.require();
        Membership members = ledger.membership();
        List<Workplace> affiliations = new ArrayList<>();
        Optional<Affiliation> latest = Optional.empty();
        for (Membership.Member member : members.members()) {
            LedgerState.Lookup lookup =
                    ledger.get(affiliationKey(id, member.id().value()));
            if (!lookup.exists() || !lookup.owner().equals(member.id())) {
                continue;
            }
            Optional<Affiliation> document = Affiliation.parse(lookup.value())
                    .filter(found -> found.physician().equals(id)
                            && found.hospital().equals(member.id().value())
                            && found.verifies());
            if (document.isEmpty()) {
                log.warn("the affiliation of {} published by {} does not verify", id, member.id());
                continue;
            }
            affiliations.add(new Workplace(
                    member.id().value(), member.name(), document.get().since(), lookup.value()));
            if (latest.isEmpty() || document.get().since().isAfter(latest.get().since())) {
                latest = document;
            }
        }
        if (latest.isEmpty()) {
            throw RecordsProblems.physicianNotFound(id);
        }
        return new DirectoryEntry(
                id, latest.get().name(), latest.get().signingKey(), latest.get().encryptionKey(), affiliations);
    }

    /**
     * A physician's name: from this hospital's own rows, else from the network directory (a patient who moved here
     * brings visits and grants of physicians of their former hospital); null if neither knows.
     */
    String nameOf(String id) {
        Optional<PhysicianRows.Physician> local = physicians.byId(id);
        if (local.isPresent()) {
            return local.get().name();
        }
        return fromDirectory(id).map(DirectoryEntry::name).orElse(null);
    }

    /** The physician's X25519 public key, from this hospital or else from the network directory. */
    Optional<byte[]> encryptionKeyOf(PhysicianId physician) {
        Optional<PhysicianRows.Physician> local = physicians.byId(physician.value());
        if (local.isPresent()) {
            return Optional.of(local.get().encryptionKey());
        }
        return fromDirectory(physician.value()).map(entry -> Base64.getDecoder().decode(entry.encryptionKey()));
    }

    /**
     * The directory's entry, remembered for a minute: every visit shown checks its wrap against its author's key,
     * and reading the directory checks a signature per hospital.
     */
    private Optional<DirectoryEntry> fromDirectory(String id) {
        long now = System.nanoTime();
        Remembered known = directoryEntries.get(id);
        if (known != null && now - known.until() < 0) {
            return Optional.of(known.entry());
        }
        try {
            DirectoryEntry entry = directory(id);
            if (directoryEntries.size() >= MAX_REMEMBERED_ENTRIES) {
                directoryEntries.clear();
            }
            directoryEntries.put(id, new Remembered(entry, now + DIRECTORY_TTL.toNanos()));
            return Optional.of(entry);
        } catch (ProblemException unknown) {
            return Optional.empty();
        }
    }

    private record Remembered(DirectoryEntry entry, long until) {}

    /** The calling physician's record here. */
    PhysicianRows.Physician of(CurrentUser user) {
        return physicians.byUser(user.id()).orElseThrow(RecordsProblems::notAPhysician);
    }

    Optional<PhysicianRows.Physician> byId(String id) {
        return physicians.byId(id);
    }

    /** The calling physician's identity, opened by their password at login, with its agreements. */
    SessionKeys.Held<PhysicianIdentity> unlocked(CurrentUser user) {
        return keys.heldIdentity(user.sessionId())
                .orElseThrow(() -> RecordsProblems.keysLocked("Your network identity is not open in this session (the"
                        + " node restarted, or the session began before it existed): log in again with your"
                        + " password"));
    }

    /** Publishes the affiliations the ledger did not take yet (it was unavailable when they were made). */
    @Scheduled(fixedDelayString = "${carenet.records.affiliation-retry:10s}", initialDelay = 5_000)
    void publishPending() {
        if (network.ledger().isEmpty()) {
            return;
        }
        for (PhysicianRows.Physician pending : physicians.unpublished()) {
            publish(pending);
        }
    }

    private void publish(PhysicianRows.Physician physician) {
        Optional<Ledger> ledger = network.ledger();
        if (ledger.isEmpty()) {
            return;
        }
        try {
            Outcome outcome = Ledger.await(ledger.get()
                    .put(affiliationKey(physician.id(), ledger.get().hospital().value()), physician.affiliation()));
            if (outcome.applied()) {
                physicians.published(physician.id(), clock.instant());
                if (physicians.byId(physician.id()).isEmpty()) {
                    // the account took another identity while this one was being published
                    withdraw(physician);
                }
            } else {
                log.error("the ledger refused the affiliation of physician {}: {}", physician.id(), outcome);
            }
        } catch (LedgerUnavailableException e) {
            log.warn("the affiliation of physician {} waits for the ledger: {}", physician.id(), e.getMessage());
        }
    }

    /** Takes back an identity's affiliation with this hospital: the account no longer has that identity. */
    private void withdraw(PhysicianRows.Physician replaced) {
        network.ledger().ifPresent(ledger -> {
            try {
                Ledger.await(ledger.remove(
                        affiliationKey(replaced.id(), ledger.hospital().value())));
            } catch (LedgerUnavailableException e) {
                log.warn(
                        "the affiliation of the replaced identity {} stays on the ledger: {}",
                        replaced.id(),
                        e.getMessage());
            }
        });
    }

    private PhysicianRows.Physician row(UserId user, String name, PhysicianIdentity identity, String sealed) {
        Instant since = Instant.ofEpochMilli(clock.millis());
        String hospital = membership.hospital().value();
        Affiliation affiliation = Affiliation.sign(identity, name, hospital, since);
        return new PhysicianRows.Physician(
                identity.id().value(),
                user,
                name,
                identity.signingKey().verifyingKey().toBase64(),
                identity.encryptionKey().publicKey(),
                sealed,
                since,
                affiliation.toJson(),
                null);
    }

    private Physician view(PhysicianRows.Physician row) {
        return new Physician(
                row.id(),
                row.name(),
                row.userId(),
                membership.hospital().value(),
                row.signingKey(),
                Base64.getEncoder().encodeToString(row.encryptionKey()),
                row.since(),
                row.affiliatedAt() != null);
    }

    static String affiliationKey(String physician, String hospital) {
        return "physician:" + physician + ":" + hospital;
    }

    private static String checkName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()
                || stripped.length() > MAX_NAME
                || stripped.chars().anyMatch(Character::isISOControl)) {
            throw RecordsProblems.invalid(
                    "invalid-name", "A physician's name is 1 to " + MAX_NAME + " printable characters");
        }
        return stripped;
    }
}
