package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceUsageTests {

    @Test
    void aWindowIsDescribedInCoresUsedAndTimeSpent() {
        ResourceUsage start = new ResourceUsage(0, Duration.ofSeconds(100), Duration.ofSeconds(10), 5_000, 20, 300);
        ResourceUsage end = new ResourceUsage(
                Duration.ofSeconds(20).toNanos(), Duration.ofSeconds(135), Duration.ofSeconds(18), 7_500, 29, 450);

        assertThat(end.describeSince(start))
                .isEqualTo("this JVM (node, clients, JIT, GC) 1.75 cores, PostgreSQL 0.40 cores;"
                        + " JIT compilation 2.50 s; 9 GCs, 0.15 s");
    }

    @Test
    void aWindowInWhichTheJitCompiledForMoreThanATenthOfItIsStillWarmingUp() {
        ResourceUsage start = new ResourceUsage(0, Duration.ZERO, Duration.ZERO, 1_000, 0, 0);
        long twentySeconds = Duration.ofSeconds(20).toNanos();

        assertThat(new ResourceUsage(twentySeconds, Duration.ZERO, Duration.ZERO, 3_500, 0, 0)
                        .stillCompilingSince(start))
                .isTrue();
        assertThat(new ResourceUsage(twentySeconds, Duration.ZERO, Duration.ZERO, 2_500, 0, 0)
                        .stillCompilingSince(start))
                .isFalse();
    }

    @Test
    void aSnapshotSeesThisJvmsCpuTimeAndNoServerWhereNoneRuns(@TempDir Path noDatabase) {
        ResourceUsage now = ResourceUsage.now(noDatabase.resolve("postgres"));

        assertThat(now.jvmCpu()).isPositive();
        assertThat(now.databaseCpu()).isZero();
    }
}
