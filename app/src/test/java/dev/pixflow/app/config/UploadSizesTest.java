package dev.pixflow.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload's byte sizes take a unit, as every size setting does, and still a plain number of bytes. */
class UploadSizesTest {

    private static PixflowProperties.Upload upload(MockEnvironment env) {
        return Binder.get(env).bindOrCreate("pixflow.upload", PixflowProperties.Upload.class);
    }

    @Test
    void aSizeTakesAUnitOrIsBytes() {
        assertThat(upload(new MockEnvironment()).limits().maxBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(upload(new MockEnvironment().withProperty("pixflow.upload.max-bytes", "3MB")).limits().maxBytes())
                .isEqualTo(3L * 1024 * 1024);
        assertThat(upload(new MockEnvironment().withProperty("pixflow.upload.max-bytes", "4096")).limits().maxBytes())
                .isEqualTo(4096L);
    }

    @Test
    void theS3ThresholdsTakeAUnitToo() {
        PixflowProperties.S3 s3 = Binder.get(new MockEnvironment().withProperty("pixflow.storage.s3.part-size", "16MB"))
                .bindOrCreate("pixflow.storage.s3", PixflowProperties.S3.class);
        assertThat(s3.partSize().toBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(s3.multipartThreshold().toBytes()).isEqualTo(16L * 1024 * 1024);
    }
}
