package dev.pixflow.app.command;

import picocli.CommandLine;

/** What {@code --version} prints for the commands the server's jar runs: the version it was built as. */
public final class CommandVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = CommandVersion.class.getPackage().getImplementationVersion();
        return new String[]{"pixflow " + (version != null ? version : "(development build, not run from its jar)")};
    }
}
