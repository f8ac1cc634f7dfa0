package dev.pixflow.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The S3 server's key pair: made at a cluster's first start and kept beside its data (readable by its
 * owner only), so that tools configured with it (aws-cli, rclone) keep working across restarts.
 */
record S3Credentials(String accessKey, String secretKey) {
    static S3Credentials loadOrCreate(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            }
            String access = props.getProperty("access-key");
            String secret = props.getProperty("secret-key");
            if (access != null && secret != null) {
                return new S3Credentials(access, secret);
            }
        }
        byte[] random = new byte[20];
        new SecureRandom().nextBytes(random);
        S3Credentials made = new S3Credentials("pixflow", HexFormat.of().formatHex(random));
        props.setProperty("access-key", made.accessKey());
        props.setProperty("secret-key", made.secretKey());
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "The S3 server's key pair of ./pixflow cluster (aws-cli, rclone: see its start message)");
        }
        return made;
    }
}
