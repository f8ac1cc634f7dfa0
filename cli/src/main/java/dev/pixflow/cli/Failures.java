package dev.pixflow.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * A failure as a user reads it: what went wrong with the file or the server, in words, instead of a
 * Java exception's class name (the JDK's HTTP client, for one, throws a ConnectException with no message
 * for a refused connection).
 */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable e, String server) {
        // The most telling cause first: the JDK's client wraps an unknown host in a ConnectException.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Said said) {
                return said.getMessage();
            }
            if (t instanceof NoSuchFileException) {
                return "no such file";
            }
            if (t instanceof AccessDeniedException) {
                return "cannot read it (permission denied)";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot reach " + server + ": unknown host";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "cannot reach " + server + ": no answer to connecting";
            }
            if (t instanceof HttpTimeoutException) {
                return server + " did not answer in time";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                // The JDK's client wraps the system's reason (refused, timed out, no route) without a message of its own.
                for (Throwable r = t; r != null; r = r.getCause()) {
                    if (r.getMessage() != null && !r.getMessage().isBlank()) {
                        return "cannot reach " + server + ": " + r.getMessage().toLowerCase(java.util.Locale.ROOT);
                    }
                }
                return "cannot reach " + server + ": connection refused";
            }
            if (t instanceof java.io.EOFException || (t instanceof java.io.IOException && t.getMessage() != null
                    && t.getMessage().contains("received no bytes"))) {
                return server + " closed the connection without an answer";
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A failure already in words, whose causes would tell the user of the wrong thing: said as it is. */
    static class Said extends java.io.IOException {
        Said(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A part that could not reach the bucket it was presigned for: the bucket is named, not the server. */
    static final class BucketUnreachable extends Said {
        BucketUnreachable(String bucket, Throwable cause) {
            super(describe(cause, "the bucket at " + bucket), cause);
        }
    }
}
