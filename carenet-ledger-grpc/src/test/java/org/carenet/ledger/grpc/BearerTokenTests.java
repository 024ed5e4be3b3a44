package org.carenet.ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

class BearerTokenTests {

    @Test
    void theTokenIsReadBackFromTheAuthorizationHeader() {
        assertThat(BearerToken.presentedIn(headers("Bearer abc.DEF-123_~+/=="))).contains("abc.DEF-123_~+/==");
        assertThat(BearerToken.presentedIn(headers("bearer abc")))
                .as("the scheme is case-insensitive")
                .contains("abc");
    }

    @Test
    void anotherSchemeOrAMalformedTokenIsNoToken() {
        assertThat(BearerToken.presentedIn(new Metadata())).isEmpty();
        assertThat(BearerToken.presentedIn(headers("Basic dXNlcjpwYXNz"))).isEmpty();
        assertThat(BearerToken.presentedIn(headers("Bearer "))).isEmpty();
        assertThat(BearerToken.presentedIn(headers("Bearer two words"))).isEmpty();
    }

    @Test
    void aTokenThatCannotTravelInAHeaderIsRefusedAndNoTokenIsEverPrinted() {
        assertThatThrownBy(() -> new BearerToken("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BearerToken("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BearerToken("s3cret")).hasToString("BearerToken[redacted]");
    }

    private static Metadata headers(String authorization) {
        Metadata headers = new Metadata();
        headers.put(BearerToken.AUTHORIZATION, authorization);
        return headers;
    }
}
