package dev.pixflow.app.health;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The checks of one process's dependencies, one component each; closes the clients the checks own. */
final class DependencyChecks implements CompositeHealthContributor, AutoCloseable {
    private final CompositeHealthContributor checks;
    private final List<AutoCloseable> owned;

    DependencyChecks(Map<String, HealthIndicator> checks, List<AutoCloseable> owned) {
        this.checks = CompositeHealthContributor.fromMap(checks);
        this.owned = owned;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return checks.getContributor(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return checks.iterator();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : owned) {
            c.close();
        }
    }
}
