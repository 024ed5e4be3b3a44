package org.carenet.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.carenet.access.AccessProperties;
import org.carenet.access.CurrentUser;
import org.carenet.access.Role;
import org.carenet.access.UserId;
import org.junit.jupiter.api.Test;

class LiveSessionsTests {

    private final UserId nurse = UserId.random();
    private final UUID session = UUID.randomUUID();
    private final CurrentUser caller = new CurrentUser(nurse, "nurse-joy", EnumSet.of(Role.NURSE), session);
    private final AtomicInteger loads = new AtomicInteger();
    private final Supplier<Optional<CurrentUser>> database = () -> {
        loads.incrementAndGet();
        return Optional.of(caller);
    };

    private static LiveSessions remembering(Duration ttl) {
        return new LiveSessions(new AccessProperties(null, null, 0, null, null, ttl));
    }

    @Test
    void aLiveSessionIsLoadedOnceAndThenRemembered() {
        LiveSessions live = remembering(Duration.ofMinutes(1));

        assertThat(live.get(session, nurse, database)).contains(caller);
        assertThat(live.get(session, nurse, database)).contains(caller);
        assertThat(loads).hasValue(1);
    }

    @Test
    void anEndedSessionIsAskedForAgainEveryTime() {
        LiveSessions live = remembering(Duration.ofMinutes(1));
        Supplier<Optional<CurrentUser>> ended = () -> {
            loads.incrementAndGet();
            return Optional.empty();
        };

        assertThat(live.get(session, nurse, ended)).isEmpty();
        assertThat(live.get(session, nurse, ended)).isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void forgettingTheSessionOrItsAccountMakesTheNextRequestAskTheDatabase() {
        LiveSessions live = remembering(Duration.ofMinutes(1));
        live.get(session, nurse, database);

        live.forgetSession(session);
        live.get(session, nurse, database);
        live.forgetUser(nurse);
        live.get(session, nurse, database);

        assertThat(loads).hasValue(3);
    }

    @Test
    void whatWasLoadedWhileSomethingWasForgottenIsNotRemembered() {
        LiveSessions live = remembering(Duration.ofMinutes(1));
        Supplier<Optional<CurrentUser>> revokedMeanwhile = () -> {
            loads.incrementAndGet();
            live.forgetSession(session);
            return Optional.of(caller);
        };

        live.get(session, nurse, revokedMeanwhile);
        live.get(session, nurse, database);

        assertThat(loads).hasValue(2);
    }

    @Test
    void aTokenOfAnotherAccountDoesNotGetTheRememberedCaller() {
        LiveSessions live = remembering(Duration.ofMinutes(1));
        live.get(session, nurse, database);

        assertThat(live.get(session, UserId.random(), Optional::empty)).isEmpty();
    }

    @Test
    void aZeroLimitRemembersNothing() {
        LiveSessions off = remembering(Duration.ZERO);

        off.get(session, nurse, database);
        off.get(session, nurse, database);

        assertThat(loads).hasValue(2);
    }
}
