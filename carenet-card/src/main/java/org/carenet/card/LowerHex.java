package org.carenet.card;

/** Whether identifiers have their form: checked on every request that names one, so without a regular expression. */
final class LowerHex {

    private LowerHex() {}

    /** Whether {@code text} is exactly {@code digits} lower-case hexadecimal digits. */
    static boolean is(String text, int digits) {
        if (text == null || text.length() != digits) {
            return false;
        }
        for (int i = 0; i < digits; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
