package io.oidcsso.refhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /bench/burn}, present only with {@link BenchBurnFilter} (-Drefhost.benchBurnMicros): what the burn
 * spent so far, as JSON: {@code micros} (the knob), {@code requests} and {@code cpuNanosPerRequest} (its own
 * estimate, clock reads included). scripts/bench-wrk.sh reads it to know the ratio the benchmark should find.
 */
final class BenchBurnServlet extends HttpServlet {
    static final String PATH = "/bench/burn";

    private final BenchBurnFilter filter;

    BenchBurnServlet(BenchBurnFilter filter) {
        this.filter = filter;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long requests = filter.requests();
        double perRequest = requests == 0 ? 0 : (double) filter.spentNanos() / requests;
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"micros\":" + filter.micros() + ",\"requests\":" + requests
                + ",\"cpuNanosPerRequest\":" + String.format(java.util.Locale.ROOT, "%.1f", perRequest) + "}");
    }
}
