package io.oidcsso.plugin.runtime;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.emergency.LockoutCheck;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StaleRevisionException;
import io.oidcsso.plugin.host.StoredConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The one way a configuration document is stored, for the {@code --config} import and the admin
 * API alike: the core validates it, the lockout check ({@link LockoutCheck}) asks whether an
 * administrator keeps a way in, then a compare-and-set save; after it {@code afterSave} runs (this
 * node's engine slot and emergency settings re-read the store at once instead of at their next
 * poll). Nothing is stored when any step refuses.
 */
public final class ConfigSaver {
    private final EngineFactory engineFactory;
    private final ConfigStore configStore;
    private final BooleanSupplier breakGlassCodesExist;
    private final List<Runnable> afterSave = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code breakGlassCodesExist}: whether an unused break-glass code exists (a way in for the lockout check). */
    public ConfigSaver(EngineFactory engineFactory, ConfigStore configStore, BooleanSupplier breakGlassCodesExist) {
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.configStore = Objects.requireNonNull(configStore, "configStore");
        this.breakGlassCodesExist = Objects.requireNonNull(breakGlassCodesExist, "breakGlassCodesExist");
    }

    /** Runs {@code action} after every successful save on this node (the engine slot, the emergency settings). */
    public void afterSave(Runnable action) {
        afterSave.add(Objects.requireNonNull(action, "action"));
    }

    /** The engine factory (its library info has the preset catalog the admin API lists). */
    public EngineFactory engines() {
        return engineFactory;
    }

    public ConfigStore store() {
        return configStore;
    }

    /** Whether documents can be checked (and so stored) on this node: the native library loaded. */
    public boolean canValidate() {
        return engineFactory.isAvailable();
    }

    public String unavailableReason() {
        return engineFactory.unavailableReason();
    }

    /** The core's problems of {@code document}; empty when valid. */
    public List<ConfigProblem> invalid(String document) {
        return engineFactory.validate(document);
    }

    /**
     * The lockout check's findings, each at the pointer {@code ""} (the document as a whole: the
     * fix may be in {@code routing} or in {@code emergency}, or a break-glass code).
     */
    public List<ConfigProblem> lockout(String document) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String message : LockoutCheck.problems(document, breakGlassCodesExist)) {
            problems.add(new ConfigProblem("", message));
        }
        return problems;
    }

    /** Every problem: the core's, then (for a valid document) the lockout check's. */
    public List<ConfigProblem> problems(String document) {
        List<ConfigProblem> invalid = invalid(document);
        return invalid.isEmpty() ? lockout(document) : invalid;
    }

    /**
     * Validates, checks for a lockout and stores {@code document} if the stored revision is still
     * {@code expectedRevision}. A valid document equal to the stored one at that revision (member order
     * and white space aside) is not stored again: no new revision, no reload on any node.
     *
     * @return the new revision, or {@code expectedRevision} itself when the document was unchanged
     * @throws Rejected when the document is invalid or would lock every administrator out
     * @throws StaleRevisionException when another save came first
     * @throws IllegalStateException when the native library is unavailable (nothing can be checked)
     */
    public long save(String document, long expectedRevision) {
        Objects.requireNonNull(document, "document");
        if (!engineFactory.isAvailable()) {
            throw new IllegalStateException("the native library is unavailable, so the configuration cannot be"
                    + " checked and is not stored: " + engineFactory.unavailableReason());
        }
        List<ConfigProblem> invalid = invalid(document);
        if (!invalid.isEmpty()) {
            throw new Rejected(Rejected.Kind.INVALID, invalid);
        }
        Optional<StoredConfig> stored = configStore.load();
        if (stored.isPresent() && stored.get().revision() == expectedRevision
                && sameDocument(stored.get().json(), document)) {
            return expectedRevision;
        }
        List<ConfigProblem> lockout = lockout(document);
        if (!lockout.isEmpty()) {
            throw new Rejected(Rejected.Kind.LOCKOUT, lockout);
        }
        long revision = configStore.save(document, expectedRevision);
        afterSave.forEach(Runnable::run);
        return revision;
    }

    /** The same JSON value: member order and white space aside (both documents are valid JSON here). */
    static boolean sameDocument(String stored, String other) {
        if (stored.equals(other)) {
            return true;
        }
        try {
            return JsonParser.parseString(stored).equals(JsonParser.parseString(other));
        } catch (JsonParseException e) {
            return false;
        }
    }

    /** A document refused before anything was stored, with every problem. */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Why: the core found it invalid, or it would lock every administrator out. */
        public enum Kind { INVALID, LOCKOUT }

        private final Kind kind;
        private final transient List<ConfigProblem> problems;

        public Rejected(Kind kind, List<ConfigProblem> problems) {
            super((kind == Kind.INVALID ? "invalid configuration: " : "would lock every administrator out: ")
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
            this.kind = Objects.requireNonNull(kind, "kind");
            this.problems = List.copyOf(problems);
        }

        public Kind kind() {
            return kind;
        }

        public List<ConfigProblem> problems() {
            return problems;
        }
    }
}
