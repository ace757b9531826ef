package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeServiceRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

class TrackedServiceTest {
    /** A host service interface. */
    interface Named {
        String name();
    }

    private final FakeServiceRegistry registry = new FakeServiceRegistry();

    private static Named named(String name) {
        return () -> name;
    }

    private TrackedService<Named> open() {
        return TrackedService.open(registry.context, Named.class);
    }

    @Test
    void currentWhenNothingRegisteredThenEmptyAndFoundOnceRegistered() {
        TrackedService<Named> tracked = open();
        assertEquals(Optional.empty(), tracked.current());
        registry.register(Named.class, named("first"), 0);
        assertEquals("first", tracked.current().orElseThrow().name());
    }

    @Test
    void currentWhenServiceReplacedThenTheReplacementWithoutReopening() {
        ServiceReference<Named> old = registry.register(Named.class, named("old"), 0);
        TrackedService<Named> tracked = open();
        assertEquals("old", tracked.current().orElseThrow().name());

        registry.register(Named.class, named("new"), 0);
        assertEquals("old", tracked.current().orElseThrow().name(), "same ranking: the older (lower id) one");
        registry.unregister(old);
        assertEquals("new", tracked.current().orElseThrow().name(), "the old one gone: the replacement");

        registry.register(Named.class, named("ranked"), 10);
        assertEquals("ranked", tracked.current().orElseThrow().name(), "a higher-ranked one wins at once");
    }

    @Test
    void currentWhenUnregisteredThenEmpty() {
        ServiceReference<Named> only = registry.register(Named.class, named("only"), 0);
        TrackedService<Named> tracked = open();
        assertTrue(tracked.current().isPresent());
        registry.unregister(only);
        assertEquals(Optional.empty(), tracked.current());
    }

    @Test
    void closeWhenOpenThenListenerRemovedServiceReleasedAndEmpty() {
        registry.register(Named.class, named("only"), 0);
        TrackedService<Named> tracked = open();
        assertEquals(1, registry.listeners());
        assertEquals(1, registry.held());
        tracked.close();
        tracked.close();
        assertEquals(0, registry.listeners());
        assertEquals(0, registry.held(), "the service is given back");
        assertEquals(Optional.empty(), tracked.current());
    }

    @Test
    void openWhenOutsideOsgiThenAlwaysEmpty() {
        TrackedService<Runnable> tracked = TrackedService.open(TrackedServiceTest.class, Runnable.class);
        assertEquals(Optional.empty(), tracked.current());
        tracked.close();
    }
}
