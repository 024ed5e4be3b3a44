package org.carenet.ledger.sql;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.carenet.ledger.Entry;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Replica;
import org.carenet.ledger.RequestSignature;

/**
 * The sql backend, hospital side: the central server (carenet-central) orders each entry in its database, and this
 * hospital streams the ordered entries back into its own replica. The hospital never gets SQL access; every request
 * it makes is signed with its key ({@link RequestSignature}).
 *
 * <p>The central also decides each entry, with the same rules every replica applies; the replica decides for itself
 * all the same, and where the two disagree — in outcome or chain hash — the central is lying or was tampered with:
 * see {@link #discrepancies()}.
 */
public final class SqlLedgerLog implements LedgerLog {

    private final SqlLedgerSettings settings;
    private final CentralClient central;
    private final AppendBatches appends;
    private ReplicaFeed feed;

    public SqlLedgerLog(SqlLedgerSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock stamps the requests; the central refuses those outside its clock skew */
    public SqlLedgerLog(SqlLedgerSettings settings, Clock clock) {
        this.settings = settings;
        this.central = new CentralClient(settings, clock);
        this.appends = new AppendBatches(central);
    }

    @Override
    public String backend() {
        return "sql";
    }

    @Override
    public int partitions() {
        return settings.partitions();
    }

    /**
     * Completes once the central has ordered the entry; fails with a {@link CentralRequestException} if it refused.
     * Appends in flight together travel in batches.
     */
    @Override
    public CompletableFuture<Void> append(Entry entry) {
        if (!entry.writer().equals(settings.hospital())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    settings.hospital() + " appends its own entries only, not " + entry.writer() + "'s"));
        }
        return appends.append(entry.encode()).thenApply(ordered -> null);
    }

    @Override
    public synchronized void start(Replica replica) {
        if (feed != null) {
            throw new IllegalStateException("the sql ledger log already feeds a replica");
        }
        if (replica.partitions() != settings.partitions() || !replica.hospital().equals(settings.hospital())) {
            throw new IllegalArgumentException("the replica is " + replica.hospital() + "'s with "
                    + replica.partitions() + " partitions; this log is " + settings.hospital() + "'s with "
                    + settings.partitions());
        }
        feed = new ReplicaFeed(central, replica, settings);
        feed.start();
    }

    /** One request for every partition's position: cheap at the central, which reads its per-partition heads. */
    @Override
    public long lastPosition(int partition) {
        try {
            List<Long> last = central.positions().last();
            if (last.size() != settings.partitions()) {
                throw new IllegalStateException("the central server orders " + last.size()
                        + " partitions but this hospital is configured for " + settings.partitions());
            }
            return last.get(partition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while asking the central for its positions", e);
        } catch (CentralRequestException e) {
            throw new LedgerUnavailableException(e.getMessage(), e);
        }
    }

    /**
     * Where the central's record of an applied entry disagreed with this hospital's replica (outcome, owner or chain
     * hash), oldest first; empty while the central is honest.
     */
    public synchronized List<String> discrepancies() {
        return feed == null ? List.of() : feed.discrepancies();
    }

    @Override
    public synchronized void close() {
        appends.close();
        if (feed != null) {
            feed.close();
        }
        central.close();
    }
}
