package org.carenet.access;

/** What a login or refresh hands out. {@code expiresIn} is the access token's lifetime in seconds. */
public record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken) {}
