package dev.pixflow.app.security;

/**
 * A request an open server (no key yet, on loopback) does not take: one for another name than this
 * machine's (a page that pointed its own name at 127.0.0.1), or a change another site's page sends.
 * Not an admin question: in open mode every caller may do everything, on this machine.
 */
public class OpenModeRefusedException extends RuntimeException {
    public OpenModeRefusedException(String message) {
        super(message);
    }
}
