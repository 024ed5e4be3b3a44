package org.carenet.records;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carenet.access.Authentication;
import org.carenet.access.CurrentUser;
import org.carenet.access.Tokens;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientCertificate;
import org.carenet.ledger.Membership;
import org.carenet.network.NetworkMembership;
import org.springframework.stereotype.Service;

/**
 * What the web pages need of the records beyond the services' own methods, in terms a page can hold: card files as
 * uploaded bytes, scopes and durations as a form gives them, hospitals by name. Only this context handles cards and
 * the ledger's types, so the pages come here rather than decode a card themselves.
 */
@Service
public class Portal {

    /** The longest grant the portal offers; a patient who wants longer grants again. */
    public static final int MAX_GRANT_DAYS = 365;

    /** The scopes a patient can grant, by the names the grant form uses. */
    public static final List<String> SCOPES =
            List.of(ConsentGrant.Scope.READ.name(), ConsentGrant.Scope.READ_WRITE.name());

    /** A hospital of the network, for the transfer form and for naming the hospital a patient is registered at. */
    public record Hospital(String id, String name, boolean here) {}

    private final PatientLogins logins;
    private final Consents consents;
    private final Visits visits;
    private final NetworkMembership membership;
    private final Authentication authentication;
    private final Clock clock;
    private final CardUploads uploads;

    Portal(
            PatientLogins logins,
            Consents consents,
            Visits visits,
            NetworkMembership membership,
            Authentication authentication,
            Clock clock,
            CardUploads uploads) {
        this.logins = logins;
        this.consents = consents;
        this.visits = visits;
        this.membership = membership;
        this.authentication = authentication;
        this.clock = clock;
        this.uploads = uploads;
    }

    /**
     * Logs in with an uploaded card file: the card signs a fresh challenge here and its keys stay in this node's
     * memory for the session ({@link PatientLogins#loginWithCard}).
     *
     * @throws RecordsProblems.RecordsProblem 400 invalid-card, 422 card-password, or what the login refuses
     */
    public Tokens loginWithCardFile(byte[] file, char[] password) {
        // before the card's keys are opened, which costs this node a password derivation: anyone may post here
        Optional<Membership> network = membership.current();
        PatientCertificate certificate = uploads.certificateOf(file);
        if (network.isPresent() && !certificate.isIssuedBy(network.get().operatorKey())) {
            authentication.refusedPatientLogin(certificate.patient().value(), "card not issued by this network");
            throw RecordsProblems.badCard("The card was not issued by this network's operator");
        }
        return logins.loginWithCard(uploads.open(file, password));
    }

    /**
     * The patient is at the physician's desk with their card: the physician's session holds it ({@link
     * Visits#patientPresent}).
     *
     * @return the patient's identifier, whose page the physician can open now
     */
    public String holdPatientCardForPhysician(CurrentUser physician, byte[] file, char[] password) {
        PatientCard card = uploads.open(file, password);
        visits.patientPresent(physician, card);
        return card.patient().value();
    }

    /**
     * A grant the node signs with the card the patient's session holds, in force from now for {@code days} days.
     *
     * @throws RecordsProblems.RecordsProblem 422 invalid-grant for an unknown scope or duration, or what {@link
     *     Consents#grant} refuses
     */
    public Consents.Grant grant(CurrentUser patient, String physician, String scope, int days) {
        if (scope == null || !SCOPES.contains(scope)) {
            throw RecordsProblems.invalid("invalid-grant", "Choose read, or read and write");
        }
        if (days < 1 || days > MAX_GRANT_DAYS) {
            throw RecordsProblems.invalid("invalid-grant", "A grant lasts 1 to " + MAX_GRANT_DAYS + " days");
        }
        return consents.grant(
                patient,
                new Consents.GrantRequest(
                        null,
                        physician,
                        ConsentGrant.Scope.valueOf(scope),
                        null,
                        clock.instant().plus(Duration.ofDays(days)),
                        null,
                        null));
    }

    /** The hospitals of the network, this one marked; none for a node outside a network. */
    public List<Hospital> hospitals() {
        String here = membership.hospital().value();
        return membership.current().map(Membership::members).orElse(List.of()).stream()
                .map(member -> new Hospital(
                        member.id().value(), member.name(), member.id().value().equals(here)))
                .toList();
    }

    /** Hospitals' names by id, for pages that show where a patient is registered or transferred. */
    public Map<String, String> hospitalNames() {
        return hospitals().stream().collect(Collectors.toMap(Hospital::id, Hospital::name));
    }
}
