package org.carenet.access.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.carenet.access.Authentication;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Tokens;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Authentication", description = "Staff logins and their tokens")
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final Authentication authentication;

    AuthController(Authentication authentication) {
        this.authentication = authentication;
    }

    record LoginRequest(
            @NotBlank @Size(max = 256) String username,
            @NotBlank @Size(max = 256) String password) {}

    record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {}

    @Operation(
            summary = "Log in with username and password",
            description = "Returns a short-lived access token and a refresh token. Repeated failures lock the account.")
    @PublicEndpoint("logging in is how a caller gets a session")
    @PostMapping("/login")
    Tokens login(@Valid @RequestBody LoginRequest request) {
        return authentication.login(request.username(), request.password());
    }

    @Operation(
            summary = "Exchange a refresh token for new tokens",
            description = "The refresh token is rotated; presenting a used one ends the session.")
    @PublicEndpoint("the refresh token is the credential")
    @PostMapping("/refresh")
    Tokens refresh(@Valid @RequestBody RefreshRequest request) {
        return authentication.refresh(request.refreshToken());
    }

    @Operation(summary = "End the session of a refresh token", description = "Its access tokens stop working at once.")
    @PublicEndpoint("the refresh token is the credential")
    @PostMapping("/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
        authentication.logout(request.refreshToken());
        return ResponseEntity.noContent().build();
    }
}
