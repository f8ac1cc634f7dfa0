package dev.pixflow.contract;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test of a catalogue contract the {@link CatalogueStores} of one backend, opened fresh for
 * the test and closed after it. A backend's test class registers its subclass and nests the contracts:
 * the same suites, unchanged, on every backend.
 */
public abstract class CatalogueStoresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CatalogueStores.class);

    /** New stores over a new, empty database. */
    protected abstract CatalogueStores open(ExtensionContext context) throws Exception;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CatalogueStores.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("stores", key -> {
            try {
                return new Opened(open(context));
            } catch (Exception e) {
                throw new IllegalStateException("could not open the stores", e);
            }
        }, Opened.class).stores();
    }

    /** Closed by JUnit when the test's context ends. */
    private record Opened(CatalogueStores stores) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            stores.close();
        }
    }
}
