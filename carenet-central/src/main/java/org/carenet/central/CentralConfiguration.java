package org.carenet.central;

import java.time.Clock;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.VerifyingKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The network the central serves: its membership, trusted only when the operator signed it. */
@Configuration(proxyBeanMethods = false)
class CentralConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CentralConfiguration.class);

    @Bean
    Membership membership(CentralSettings settings) {
        Membership membership = MembershipFile.read(settings.membership());
        VerifyingKey operator = VerifyingKey.fromBase64(settings.operatorKey());
        if (!membership.isSignedBy(operator)) {
            throw new IllegalStateException("the membership " + settings.membership()
                    + " is not signed by the operator key " + operator + ": refusing to serve it");
        }
        log.info(
                "serving membership version {} with {} hospitals",
                membership.version(),
                membership.members().size());
        return membership;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
