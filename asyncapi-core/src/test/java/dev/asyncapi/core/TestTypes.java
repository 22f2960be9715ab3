package dev.asyncapi.core;

/** Input and output types the engine tests bind JSON to. */
final class TestTypes {

    private TestTypes() {
    }

    /** A number to work on. */
    record Count(int n) {
    }

    /** The result of work on a number. */
    record Doubled(int value) {
    }

    /** Progress a handler reports. */
    record Step(int done, int of) {
    }
}
