package io.wattflow.models;

/** A model that cannot be used as it is: missing, altered, or not matching its manifest. */
public class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
