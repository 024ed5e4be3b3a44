package org.carenet.card;

/** A password-protected card was opened without its password, or with a wrong one. */
public final class CardPasswordException extends IllegalArgumentException {

    public CardPasswordException(String message) {
        super(message);
    }
}
