package dev.pixflow.app.catalogue;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

/**
 * Present in the context of a command that only reads or changes what a server made (listing or
 * revoking keys, exporting): the embedded catalogue is then opened only if its file exists, instead of
 * being made empty wherever the command happened to run.
 */
public record CatalogueMustExist() {

    /** Puts the requirement in a command's context before its beans are made. */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> inContext() {
        return context -> context.getBeanFactory().registerSingleton("catalogueMustExist", new CatalogueMustExist());
    }

    /** The embedded catalogue's file is not where the settings say. */
    public static final class Missing extends RuntimeException {
        public Missing(Path file) {
            super("no catalogue at " + file.toAbsolutePath() + ": is the data directory the server's? "
                    + "(PIXFLOW_DATA_DIR, or --pixflow.data-dir=DIR)");
        }
    }
}
