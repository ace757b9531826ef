package io.oidcsso.refhost.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModuleFactoryTest {
    public interface Clock {}

    public interface Unknown {}

    public static final class Greedy {
        final Clock clock;

        public Greedy() {
            this.clock = null;
        }

        public Greedy(Clock clock) {
            this.clock = clock;
        }
    }

    public static final class Needy {
        public Needy(Unknown unknown) {}
    }

    private final Clock clock = new Clock() {};
    private final ModuleFactory factory =
            new ModuleFactory(ModuleFactoryTest.class.getClassLoader(), new HostServices().provide(Clock.class, clock));

    @Test
    void createWhenSeveralConstructorsUsableThenGreediestChosen() {
        Greedy created = factory.create("m", Greedy.class.getName(), Greedy.class);
        assertSame(clock, created.clock);
    }

    @Test
    void createWhenConstructorNeedsUnknownTypeThenErrorNamesIt() {
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> factory.create("needy", Needy.class.getName(), Needy.class));
        assertTrue(e.getMessage().contains(Unknown.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("module `needy`"), e.getMessage());
    }

    @Test
    void createWhenClassMissingThenErrorNamesIt() {
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> factory.create("gone", "no.such.Type", Object.class));
        assertEquals(true, e.getMessage().contains("no.such.Type"));
    }
}
