package dev.asyncapi.core.wrapping;

import dev.asyncapi.core.spi.JobStore;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper for stores that wrap another store: which {@link JobStore} methods a wrapper leaves to the
 * interface's defaults. A wrapper that does not forward a default method (such as {@link JobStore#claimsInBatches})
 * silently changes what the wrapped store does, so a wrapper's test asserts that this list is empty.
 */
public final class JobStoreMethods {

    private JobStoreMethods() {
    }

    /**
     * @param wrapper a class implementing {@link JobStore}
     * @return the instance methods of {@link JobStore} (defaults included) that {@code wrapper} does not declare
     *         itself, as {@code name(parameter types)}; empty when it forwards everything
     */
    public static List<String> notForwardedBy(Class<? extends JobStore> wrapper) {
        List<String> missing = new ArrayList<>();
        for (Method m : JobStore.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                wrapper.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.getName() + List.of(m.getParameterTypes()).stream().map(Class::getSimpleName).toList());
            }
        }
        return missing;
    }
}
