package dev.pixflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pixflow}: the command-line client: {@code upload} files, {@code sign} delivery URLs. */
// Inherited: every subcommand answers --help and --version as the top command does.
@Command(name = "pixflow", mixinStandardHelpOptions = true, versionProvider = CliVersion.class, scope = CommandLine.ScopeType.INHERIT,
        description = "Pixflow's command-line client.", subcommands = {UploadCommand.class, SignCommand.class})
public final class PixflowCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PixflowCli()).execute(args));
    }

    /** No command: a usage error (exit 2), as a script that lost its argument should see. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: upload or sign");
    }
}
