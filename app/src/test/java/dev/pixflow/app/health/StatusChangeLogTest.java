package dev.pixflow.app.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness shows no errors, so the log says when a dependency goes down and why, once per change. */
@ExtendWith(OutputCaptureExtension.class)
class StatusChangeLogTest {

    @Test
    void aDependencyGoingDownIsLoggedOnceWithWhyAndItsReturnToo(CapturedOutput output) {
        AtomicReference<Health> now = new AtomicReference<>(Health.up().build());
        StatusChangeLog check = new StatusChangeLog("bucket", now::get);
        check.health();
        assertThat(output.getOut() + output.getErr()).doesNotContain("dependency bucket");

        now.set(Health.down(new IllegalStateException("HeadBucket answered 403")).build());
        assertThat(check.health().getStatus().getCode()).isEqualTo("DOWN");
        check.health();
        String log = output.getOut() + output.getErr();
        assertThat(log).contains("dependency bucket is DOWN").contains("HeadBucket answered 403");
        assertThat(log.split("dependency bucket is DOWN", -1)).as("once, not per probe").hasSize(2);

        now.set(Health.up().build());
        check.health();
        assertThat(output.getOut() + output.getErr()).contains("dependency bucket is up again");
    }
}
