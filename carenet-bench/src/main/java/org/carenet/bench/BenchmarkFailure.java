package org.carenet.bench;

/** A benchmark could not set itself up or run; its message says what went wrong. */
final class BenchmarkFailure extends IllegalStateException {

    BenchmarkFailure(String message) {
        super(message);
    }

    BenchmarkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
