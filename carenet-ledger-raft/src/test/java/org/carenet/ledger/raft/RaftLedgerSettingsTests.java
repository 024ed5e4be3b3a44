package org.carenet.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carenet.ledger.raft.NetworkFixture.MIRIAM;
import static org.carenet.ledger.raft.NetworkFixture.NEWPORT;
import static org.carenet.ledger.raft.NetworkFixture.RHODE_ISLAND;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.ratis.protocol.RaftPeer;
import org.carenet.ledger.HospitalId;
import org.junit.jupiter.api.Test;

class RaftLedgerSettingsTests {

    private static final Map<HospitalId, String> PEERS = Map.of(
            RHODE_ISLAND, "10.0.0.1:9870",
            MIRIAM, "miriam.example:9870",
            NEWPORT, "10.0.0.3:9871");

    private static RaftLedgerSettings at(HospitalId hospital, String network) {
        return RaftLedgerSettings.of(network, hospital, PEERS, Path.of("raft"));
    }

    @Test
    void everyHospitalOfANetworkDerivesTheSameGroupAndOtherNetworksAnother() {
        assertThat(at(RHODE_ISLAND, "rhode-island").group())
                .isEqualTo(at(NEWPORT, "rhode-island").group());
        assertThat(at(RHODE_ISLAND, "rhode-island").group().getGroupId())
                .isNotEqualTo(at(RHODE_ISLAND, "massachusetts").group().getGroupId());
    }

    @Test
    void eachHospitalIsThePeerNamedAfterIt() {
        assertThat(at(MIRIAM, "rhode-island").group().getPeers())
                .extracting(RaftPeer::getId, RaftPeer::getAddress)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(RaftLedgerSettings.peerId(RHODE_ISLAND), "10.0.0.1:9870"),
                        org.assertj.core.groups.Tuple.tuple(RaftLedgerSettings.peerId(MIRIAM), "miriam.example:9870"),
                        org.assertj.core.groups.Tuple.tuple(RaftLedgerSettings.peerId(NEWPORT), "10.0.0.3:9871"));
        assertThat(at(MIRIAM, "rhode-island").address().getHostString()).isEqualTo("miriam.example");
        assertThat(at(MIRIAM, "rhode-island").address().getPort()).isEqualTo(9870);
    }

    @Test
    void aHospitalOutsideThePeersIsRefused() {
        assertThatThrownBy(() -> at(new HospitalId("kent-hospital"), "rhode-island"))
                .hasMessageContaining("kent-hospital is not among the Raft peers");
    }

    @Test
    void anEndpointWithoutAPortIsRefused() {
        assertThatThrownBy(() -> RaftLedgerSettings.of(
                        "rhode-island", MIRIAM, Map.of(MIRIAM, "miriam.example"), Path.of("raft")))
                .hasMessageContaining("the Raft endpoint of miriam-hospital is not host:port");
    }

    @Test
    void aTimeoutThatLeavesNoRoomForAnElectionIsRefused() {
        assertThatThrownBy(() -> at(MIRIAM, "rhode-island").withTimeout(Duration.ofMillis(900)))
                .hasMessageContaining("must leave room for an election");
    }
}
