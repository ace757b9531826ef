package io.oidcsso.refhost.plugin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The plugin's Spring application context, reached from outside OSGi by reflection (the host sees
 * no Spring class), as atlassian-plugins' DefaultSpringContainerAccessor does: {@code createBean}
 * with autowire mode 3 (by constructor) on the context's AutowireCapableBeanFactory. Called only
 * when a module is created, never per request.
 */
final class SpringContainerAccessor implements ModuleContainer {
    /** AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR. */
    private static final int AUTOWIRE_CONSTRUCTOR = 3;

    private final Object beanFactory;
    private final Method createBean;

    SpringContainerAccessor(Object applicationContext) {
        try {
            this.beanFactory = applicationContext.getClass().getMethod("getAutowireCapableBeanFactory")
                    .invoke(applicationContext);
            this.createBean = beanFactory.getClass().getMethod("createBean", Class.class, int.class, boolean.class);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("not a Spring application context: " + applicationContext.getClass(), e);
        }
    }

    @Override
    public <T> T createBean(Class<T> type) {
        try {
            return type.cast(createBean.invoke(beanFactory, type, AUTOWIRE_CONSTRUCTOR, false));
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call createBean", e);
        }
    }

    private static RuntimeException unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
