package io.wattflow.format;

import io.wattflow.record.DeadLetterReason;

/** Thrown inside a parser to leave it early with a reason; never escapes a parser. */
final class MalformedFieldException extends RuntimeException {
    final DeadLetterReason reason;

    MalformedFieldException(DeadLetterReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
