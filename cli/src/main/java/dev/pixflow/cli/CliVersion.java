package dev.pixflow.cli;

import picocli.CommandLine;

/** What {@code --version} prints for every command: the version its jar was built as. */
public final class CliVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{"pixflow " + of(CliVersion.class)};
    }

    /** The version in {@code type}'s jar manifest, or a word saying it was not run from a jar. */
    public static String of(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "(development build, not run from its jar)";
    }
}
