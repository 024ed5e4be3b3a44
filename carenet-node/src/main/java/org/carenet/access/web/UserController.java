package org.carenet.access.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.carenet.access.Access;
import org.carenet.access.Operation;
import org.carenet.access.Page;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.carenet.access.StaffAccount;
import org.carenet.access.StaffAccounts;
import org.carenet.access.UserId;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users", description = "Staff accounts of this node")
@RestController
@RequestMapping("/api/users")
class UserController {

    private final StaffAccounts accounts;

    UserController(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    record NewUser(
            @NotNull @Size(min = 3, max = 64) String username,

            @NotNull @Size(min = StaffAccounts.MIN_PASSWORD, max = StaffAccounts.MAX_PASSWORD)
            String password,

            @NotEmpty Set<@NotNull Role> roles) {}

    /** Only the fields present change. */
    record UserChange(@Size(min = 1) Set<@NotNull Role> roles, Boolean enabled) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "Create a staff account")
    @Access(resource = Resource.USER, operation = Operation.CREATE)
    @PostMapping
    ResponseEntity<StaffAccount> create(@Valid @RequestBody NewUser user) {
        StaffAccount created = accounts.create(user.username(), user.password(), user.roles());
        return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "List staff accounts, by username")
    @Access(resource = Resource.USER, operation = Operation.READ)
    @GetMapping
    Page<StaffAccount> list(
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return accounts.list(page, size);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Get one staff account")
    @Access(resource = Resource.USER, operation = Operation.READ)
    @GetMapping("/{id}")
    StaffAccount get(@PathVariable UUID id) {
        return accounts.get(new UserId(id));
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Change a staff account's roles or enable/disable it",
            description = "Disabling ends the account's sessions at once. A node keeps at least one enabled ADMIN.")
    @Access(resource = Resource.USER, operation = Operation.UPDATE)
    @PatchMapping("/{id}")
    StaffAccount update(@PathVariable UUID id, @Valid @RequestBody UserChange change) {
        return accounts.update(
                new UserId(id), Optional.ofNullable(change.roles()), Optional.ofNullable(change.enabled()));
    }
}
