package dev.pixflow.app.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandLineTest {

    @Test
    void settingsAndSpringsSwitchesStartTheServer() {
        assertThat(ServerCommandLine.refusal(new String[] {})).isEmpty();
        assertThat(ServerCommandLine.refusal(new String[] {"--server.port=8081", "--pixflow.data-dir=/srv/data", "--debug"}))
                .isEmpty();
        assertThat(ServerCommandLine.asksForHelp(new String[] {"--server.port=8081"})).isFalse();
    }

    @Test
    void helpIsAskedForAnywhereOnTheLine() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            assertThat(ServerCommandLine.asksForHelp(new String[] {"--server.port=8081", help})).as(help).isTrue();
        }
        assertThat(ServerCommandLine.USAGE).contains("keys create").contains("export").contains("--name=value");
    }

    @Test
    void strayWordsAndSettingsWithoutAValueAreRefused() {
        assertThat(ServerCommandLine.refusal(new String[] {"sign", "/w:300/x"})).hasValueSatisfying(why ->
                assertThat(why).contains("'sign' is no command of the server"));
        assertThat(ServerCommandLine.refusal(new String[] {"--server.port", "8081"})).hasValueSatisfying(why ->
                assertThat(why).contains("'--server.port'"));
        assertThat(ServerCommandLine.refusal(new String[] {"--verbose"})).isPresent();
        assertThat(ServerCommandLine.refusal(new String[] {"--=x"})).isPresent();
    }
}
