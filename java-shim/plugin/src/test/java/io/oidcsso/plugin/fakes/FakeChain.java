package io.oidcsso.plugin.fakes;

import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/** Counts how often the rest of the chain ran. */
public final class FakeChain implements FilterChain {
    private int calls;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) {
        calls++;
    }

    public int calls() {
        return calls;
    }

    public boolean passed() {
        return calls > 0;
    }
}
