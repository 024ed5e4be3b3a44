package org.carenet.access;

/**
 * Told of every successful password login, with the password, so that keys sealed under it (a physician's network
 * identity) can be opened for the length of the session. An implementation must not keep the password; a failure
 * here is logged and does not undo the login.
 */
public interface PasswordLogins {

    void loggedIn(CurrentUser user, char[] password);
}
