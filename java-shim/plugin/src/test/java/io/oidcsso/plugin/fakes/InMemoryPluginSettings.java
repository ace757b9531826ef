package io.oidcsso.plugin.fakes;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PluginSettings over one shared map (a stand-in for the product database), enforcing SAL's
 * documented limits: keys up to 100 characters for writes, String values up to 99,000 characters.
 * {@link #failAfterPuts(int)} simulates a node dying in the middle of a multi-value write.
 */
public final class InMemoryPluginSettings implements PluginSettingsFactory {
    private final Map<String, Object> store = new ConcurrentHashMap<>();
    private final AtomicInteger putsBeforeFailure = new AtomicInteger(-1);
    private volatile long readLatencyMillis;

    @Override
    public PluginSettings createSettingsForKey(String key) {
        return settings(key + ":");
    }

    @Override
    public PluginSettings createGlobalSettings() {
        return settings("");
    }

    public Map<String, Object> store() {
        return store;
    }

    /** The next {@code n} puts succeed, then every put throws until {@link #stopFailing()}. */
    public void failAfterPuts(int n) {
        putsBeforeFailure.set(n);
    }

    public void stopFailing() {
        putsBeforeFailure.set(-1);
    }

    /** Every get takes this long, like a database round trip: widens race windows so races show. */
    public InMemoryPluginSettings withReadLatency(long millis) {
        readLatencyMillis = millis;
        return this;
    }

    private void pause() {
        if (readLatencyMillis > 0) {
            try {
                Thread.sleep(readLatencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private PluginSettings settings(String prefix) {
        return new PluginSettings() {
            @Override
            public Object get(String key) {
                requireKey(key);
                Object value = store.get(prefix + key);
                pause();
                return value;
            }

            @Override
            public Object put(String key, Object value) {
                requireKey(key);
                if (key.length() > 100) {
                    throw new IllegalArgumentException("key longer than 100 characters: " + key);
                }
                if (putsBeforeFailure.get() == 0) {
                    throw new IllegalStateException("simulated crash during put of " + key);
                }
                putsBeforeFailure.updateAndGet(n -> n > 0 ? n - 1 : n);
                if (value == null) {
                    return store.remove(prefix + key);
                }
                if (!(value instanceof String)) {
                    throw new IllegalArgumentException("this fake stores Strings only");
                }
                if (((String) value).length() > 99_000) {
                    throw new IllegalArgumentException("value longer than 99000 characters under " + key);
                }
                return store.put(prefix + key, value);
            }

            @Override
            public Object remove(String key) {
                requireKey(key);
                return store.remove(prefix + key);
            }
        };
    }

    private static void requireKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key is null");
        }
    }
}
