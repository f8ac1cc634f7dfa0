package dev.pixflow.app.web;

/** Recognises "no space left" however it surfaces: ENOSPC from the file system or SQLITE_FULL from the database. */
final class StorageFull {
    private StorageFull() {
    }

    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL") || m.contains("database or disk is full"))) {
                return true;
            }
        }
        return false;
    }
}
