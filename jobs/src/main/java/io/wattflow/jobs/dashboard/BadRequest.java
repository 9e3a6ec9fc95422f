package io.wattflow.jobs.dashboard;

/** A request the dashboard cannot answer, with the HTTP status and one sentence saying why. */
final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
        super(message);
        this.status = status;
    }
}
