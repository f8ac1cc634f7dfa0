package dev.pixflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pixflow}: the command-line client: {@code upload} files, {@code sign} delivery URLs. */
@Command(name = "pixflow", mixinStandardHelpOptions = true, version = "pixflow-cli 0.1",
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
