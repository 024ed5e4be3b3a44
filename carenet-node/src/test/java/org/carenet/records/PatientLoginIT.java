package org.carenet.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientLogin;
import org.carenet.ledger.SigningKey;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.carenet.testing.TestDatabase;
import org.carenet.testing.TestNetwork;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** Card logins at a node in a network of its own: what opens a patient's session, and what does not. */
@NodeTest
@ContextConfiguration(initializers = {TestDatabase.class, TestNetwork.class})
class PatientLoginIT {

    @LocalServerPort
    int port;

    private Api.Response login(Api api, PatientCard card, String challenge) {
        byte[] signature = PatientLogin.sign(
                card, TestNetwork.HOSPITAL.value(), Base64.getDecoder().decode(challenge));
        return api.post(
                "/api/patients/login",
                null,
                Api.json(Map.of(
                        "certificate", CardFile.certificateFields(card.certificate()),
                        "challenge", challenge,
                        "signature", Base64.getEncoder().encodeToString(signature))));
    }

    private static String challenge(Api api) {
        return api.post("/api/patients/challenge", null, null)
                .json()
                .get("challenge")
                .asString();
    }

    @Test
    void aCardOfThisNetworkOpensAPatientSessionAndItsChallengeServesOnce() {
        Api api = new Api(port);
        PatientCard card = TestNetwork.card("Dora Lane", "dl-1");
        String challenge = challenge(api);

        Api.Response first = login(api, card, challenge);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Api.Response me =
                api.get("/api/patients/me", first.json().get("accessToken").asString());
        assertThat(me.json().get("patient").asString()).isEqualTo(card.patient().value());

        Api.Response again = login(api, card, challenge);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.json().get("type").asString()).endsWith("bad-card");
    }

    @Test
    void aCardOfAnotherNetworkOrSignedForAnotherChallengeIsRefused() {
        Api api = new Api(port);
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        PatientCard foreign =
                PatientCard.issue(SigningKey.generate(random), secret, "Dora Lane", "dl-2", Instant.now(), random);

        Api.Response refused = login(api, foreign, challenge(api));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).contains("not issued by this network");

        PatientCard card = TestNetwork.card("Eve Park", "ep-1");
        byte[] signature = PatientLogin.sign(card, TestNetwork.HOSPITAL.value(), new byte[32]);
        Api.Response wrongSignature = api.post(
                "/api/patients/login",
                null,
                Api.json(Map.of(
                        "certificate", CardFile.certificateFields(card.certificate()),
                        "challenge", challenge(api),
                        "signature", Base64.getEncoder().encodeToString(signature))));
        assertThat(wrongSignature.status()).isEqualTo(401);
        assertThat(wrongSignature.json().get("detail").asString()).contains("not the card's");
    }

    @Test
    void aCardReplacedByANewerOneNoLongerLogsIn() {
        Api api = new Api(port);
        Instant now = Instant.now();
        PatientCard lost = TestNetwork.card("Finn Roe", "fr-1", now.minusSeconds(3600));
        PatientCard reissued = TestNetwork.card("Finn Roe", "fr-1", now);
        assertThat(reissued.patient()).isEqualTo(lost.patient());

        assertThat(login(api, reissued, challenge(api)).status()).isEqualTo(200);
        Api.Response old = login(api, lost, challenge(api));

        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json().get("detail").asString()).contains("newer card");
    }

    @Test
    void aHandOverWithoutAMembersSignatureIsRefusedBeforeItsBodyIsRead() {
        Api api = new Api(port);
        String path = "/api/network/handovers/" + UUID.randomUUID();

        Api.Response unsigned = api.post(path, null, "{}");
        assertThat(unsigned.status()).isEqualTo(401);
        Api.Response stranger = api.send(
                "POST",
                path,
                null,
                "{}",
                Map.of(
                        "Carenet-Hospital", "st-elsewhere",
                        "Carenet-Timestamp", Long.toString(System.currentTimeMillis()),
                        "Carenet-Signature", Base64.getEncoder().encodeToString(new byte[64])));
        assertThat(stranger.status()).isEqualTo(401);
        assertThat(stranger.json().get("detail").asString()).contains("not a member");
    }
}
