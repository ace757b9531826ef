package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.DiscoverRequest;
import io.oidcsso.plugin.engine.DiscoverResult;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.engine.GroupsDryRunRequest;
import io.oidcsso.plugin.engine.GroupsDryRunResult;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LibraryInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.TemplatePreview;
import io.oidcsso.plugin.engine.TemplatePreviewRequest;
import java.util.ArrayList;
import java.util.List;

/** Hands out one {@link FakeLoginEngine}; validation answers the problems a test scripts. */
public final class FakeEngineFactory implements EngineFactory {
    public final FakeLoginEngine engine = new FakeLoginEngine();
    public final List<ConfigProblem> problems = new ArrayList<>();
    public boolean available = true;
    public int created;
    public int shutdowns;
    public HostContext lastHostContext;
    /** What {@link #discover} answers; a RuntimeException here is thrown instead. */
    public Object discovered;
    public DiscoverRequest lastDiscover;
    /** What {@link #groupsDryRun} and {@link #templatePreview} answer; the last requests they got. */
    public GroupsDryRunResult dryRunResult;
    public GroupsDryRunRequest lastDryRun;
    public TemplatePreview previewResult;
    public TemplatePreviewRequest lastPreview;

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public String unavailableReason() {
        return available ? "" : "no native library for this platform (test)";
    }

    @Override
    public LoginEngine create(String configJson, HostContext hostContext) {
        created++;
        lastHostContext = hostContext;
        return engine;
    }

    @Override
    public List<ConfigProblem> validate(String configJson) {
        return List.copyOf(problems);
    }

    /** The library's description with no presets. */
    @Override
    public LibraryInfo libraryInfo() {
        return new LibraryInfo("0.0.0-test", 1, List.of());
    }

    @Override
    public DiscoverResult discover(DiscoverRequest request) {
        lastDiscover = request;
        if (discovered instanceof RuntimeException failure) {
            throw failure;
        }
        return (DiscoverResult) discovered;
    }

    @Override
    public GroupsDryRunResult groupsDryRun(GroupsDryRunRequest request) {
        lastDryRun = request;
        return dryRunResult;
    }

    @Override
    public TemplatePreview templatePreview(TemplatePreviewRequest request) {
        lastPreview = request;
        return previewResult;
    }

    @Override
    public void shutdown() {
        shutdowns++;
    }
}
