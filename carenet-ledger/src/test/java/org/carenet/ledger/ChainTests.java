package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.ledger.NetworkFixture.MIRIAM;
import static org.carenet.ledger.NetworkFixture.NEWPORT;
import static org.carenet.ledger.NetworkFixture.RHODE_ISLAND;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTests {

    private final NetworkFixture network = new NetworkFixture();
    private final List<Chain.Link> links = Chain.link(List.of(
            network.put(RHODE_ISLAND, "patient-1", "card-1"),
            network.put(MIRIAM, "patient-2", "card-2"),
            network.transfer(RHODE_ISLAND, "patient-1", NEWPORT),
            network.remove(MIRIAM, "patient-2")));

    @Test
    void anUntouchedLogIsUnbroken() {
        assertThat(Chain.firstBroken(links)).isEmpty();
    }

    @Test
    void aRewrittenEntryBreaksTheChainThere() {
        List<Chain.Link> rewritten = new ArrayList<>(links);
        Chain.Link second = links.get(1);
        rewritten.set(1, new Chain.Link(1, network.put(MIRIAM, "patient-2", "forged"), second.hash()));

        assertThat(Chain.firstBroken(rewritten))
                .get()
                .extracting(Chain.Link::position)
                .isEqualTo(1L);
    }

    @Test
    void aDroppedEntryBreaksTheChainAtTheNext() {
        List<Chain.Link> dropped = new ArrayList<>(links);
        dropped.remove(1);

        assertThat(Chain.firstBroken(dropped))
                .get()
                .extracting(Chain.Link::position)
                .isEqualTo(2L);
    }

    @Test
    void reorderedEntriesBreakTheChain() {
        List<Chain.Link> reordered = new ArrayList<>(links);
        reordered.set(1, new Chain.Link(1, links.get(2).entry(), links.get(2).hash()));
        reordered.set(2, new Chain.Link(2, links.get(1).entry(), links.get(1).hash()));

        assertThat(Chain.firstBroken(reordered))
                .get()
                .extracting(Chain.Link::position)
                .isEqualTo(1L);
    }

    @Test
    void aLogRelinkedAfterARewriteStillEndsInAnotherHash() {
        List<Chain.Link> relinked = Chain.link(List.of(
                links.get(0).entry(),
                network.put(MIRIAM, "patient-2", "forged"),
                links.get(2).entry()));

        assertThat(Chain.firstBroken(relinked)).isEmpty();
        assertThat(relinked.get(2).hash()).isNotEqualTo(links.get(2).hash());
    }
}
