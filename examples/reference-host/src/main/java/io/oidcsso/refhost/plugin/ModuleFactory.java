package io.oidcsso.refhost.plugin;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates plugin module classes the way the plugin framework's container does: through the
 * greediest public constructor whose parameters are all host services (constructor
 * injection). Anything else fails with a message naming what is missing.
 */
final class ModuleFactory {
    private final ClassLoader loader;
    private final HostServices services;

    ModuleFactory(ClassLoader loader, HostServices services) {
        this.loader = loader;
        this.services = services;
    }

    <T> T create(String moduleKey, String className, Class<T> expected) {
        Class<?> type = load(moduleKey, className);
        if (!expected.isAssignableFrom(type)) {
            throw new DescriptorException("module `" + moduleKey + "`: " + className + " is not a " + expected.getName());
        }
        Constructor<?> constructor = pickConstructor(moduleKey, type);
        Object[] arguments = Arrays.stream(constructor.getParameterTypes()).map(services::get).toArray();
        try {
            return expected.cast(constructor.newInstance(arguments));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new DescriptorException("module `" + moduleKey + "`: the constructor of " + className + " threw "
                    + cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new DescriptorException("module `" + moduleKey + "`: cannot create " + className + ": " + e, e);
        }
    }

    private Class<?> load(String moduleKey, String className) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new DescriptorException("module `" + moduleKey + "`: cannot load class " + className
                    + " from the plugin jar: " + e, e);
        }
    }

    private Constructor<?> pickConstructor(String moduleKey, Class<?> type) {
        List<Constructor<?>> usable = Arrays.stream(type.getConstructors())
                .filter(c -> Arrays.stream(c.getParameterTypes()).allMatch(services::provides))
                .sorted(Comparator.comparingInt((Constructor<?> c) -> c.getParameterCount()).reversed())
                .toList();
        if (usable.isEmpty()) {
            throw new DescriptorException("module `" + moduleKey + "`: " + type.getName()
                    + " has no public constructor whose parameters are all host services. Constructors: "
                    + describe(type.getConstructors()) + ". The host provides: " + names(services.types().stream().toList()));
        }
        if (usable.size() > 1 && usable.get(0).getParameterCount() == usable.get(1).getParameterCount()) {
            throw new DescriptorException("module `" + moduleKey + "`: " + type.getName()
                    + " has two usable constructors with " + usable.get(0).getParameterCount()
                    + " parameters; the host cannot choose between them");
        }
        return usable.get(0);
    }

    private static String describe(Constructor<?>[] constructors) {
        if (constructors.length == 0) {
            return "(none public)";
        }
        return Arrays.stream(constructors)
                .map(c -> "(" + names(Arrays.asList(c.getParameterTypes())) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String names(List<Class<?>> types) {
        return types.stream().map(Class::getName).collect(Collectors.joining(", "));
    }
}
