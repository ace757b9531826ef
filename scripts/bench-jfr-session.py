#!/usr/bin/env python3
"""Reads the runs of scripts/bench-jfr-session.sh: per case and path, the Java execution samples per
1,000 requests spent in each plugin filter's own work, in the host's dispatch into plugin filters, and
in the host's XSRF cookie; the host's CPU time per request; medians over the rounds and ratios to the
host without the plugin. Prints the table on stderr and the figures as JSON on stdout.

  bench-jfr-session.py WORK_DIR CLK_TCK PERIOD JAVA_VERSION
  bench-jfr-session.py --diff WORK_DIR CLK_TCK CASE_A CASE_B [TOP]   # e.g. plugin-off/alice plugin-on/oidc
  bench-jfr-session.py --frames WORK_DIR CLK_TCK CASE...              # the logout filter's session reads

The ratios compare each case with the host without the plugin serving the same user: the cases of alice
(her SSO session, her form login) with "plugin-off/alice" when the run has it, the others with
"plugin-off/local". --diff prints, per path, the frames and the packages whose samples per 1,000
requests differ most between two cases (medians over the rounds): self (the sample's top frame) and
inclusive (anywhere in the stack, once per sample), and the host CPU per request of both.

A sample belongs to a filter's own work when the innermost plugin filter frame in its stack did not
call the next filter (the frame above it is not a FilterChain.doFilter of the host): the filter's
checks, its calls into the host (session attributes, headers) and into the native engine."""

import glob
import json
import statistics
import sys

FILTERS = {
    "io.oidcsso.plugin.web.OidcBearerFilter.doFilter": "bearer",
    "io.oidcsso.plugin.web.OidcLogoutFilter.doFilter": "logout",
    "io.oidcsso.plugin.web.OidcLoginFilter.doFilter": "login",
}
DISPATCH = ("io.oidcsso.refhost.plugin.LocationFilter", "io.oidcsso.refhost.plugin.PluginCalls")
PARTS = ["bearer", "logout", "login", "dispatch", "xsrf_cookie", "background", "all"]


def frames_of(event):
    body = event.split("stackTrace = [", 1)
    if len(body) < 2:
        return []
    out = []
    for line in body[1].split("\n"):
        line = line.strip()
        if line.startswith("]"):
            break
        if line and line != "...":
            out.append(line.split("(", 1)[0])
    return out


def classify(frames):
    """The part a sample counts for (None: the host's own work after the plugin)."""
    for i, frame in enumerate(frames):
        owner = FILTERS.get(frame)
        in_dispatch = frame.startswith(DISPATCH)
        if owner is None and not in_dispatch:
            continue
        above = frames[i - 1] if i > 0 else ""
        handed_over = above.endswith(".doFilter") and not above.startswith("io.oidcsso.plugin.")
        if owner is not None:
            # The filter called chain.doFilter: the sample is further down the chain.
            return None if above.startswith(DISPATCH) or handed_over else owner
        return None if handed_over or FILTERS.get(above) else "dispatch"
    return None


def count(path):
    text = open(path).read()
    counts = dict.fromkeys(PARTS, 0)
    hot = {}
    for event in text.split("jdk.ExecutionSample {")[1:]:
        frames = frames_of(event)
        counts["all"] += 1
        thread = event.split('sampledThread = "', 1)[-1].split('"', 1)[0]
        if not thread.startswith("qtp"):
            # Not a request thread of the host's Jetty pool (timers, the plugin's or the host's own threads).
            counts["background"] += 1
            key = f"background [{thread.split('-')[0]}]: {frames[0] if frames else '?'}"
            hot[key] = hot.get(key, 0) + 1
            continue
        if any(f.endswith("XsrfCookie.offer") for f in frames):
            counts["xsrf_cookie"] += 1
        part = classify(frames)
        if part is None:
            continue
        counts[part] += 1
        if part in ("bearer", "logout", "login") and frames:
            plugin = next((f for f in frames if f.startswith("io.oidcsso.plugin.")), "")
            key = f"{part}: {frames[0]} <- {plugin}"
            hot[key] = hot.get(key, 0) + 1
    return counts, hot


THREAD_GROUPS = (("gc", ("GC Thread", "G1 ")), ("jit", ("C1 Compiler", "C2 Compiler")),
                 ("requests", ("qtp",)), ("jfr", ("JFR ",)))


def thread_ticks(pid):
    """CPU ticks (utime + stime) of the process's threads by group: garbage collector, JIT compilers, the
    host's Jetty request threads, JFR, the rest. A thread that ended since is missing (rare in a run)."""
    groups = dict.fromkeys([g for g, _ in THREAD_GROUPS] + ["other"], 0)
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            text = open(stat).read()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        ticks = int(rest[11]) + int(rest[12])
        group = next((g for g, prefixes in THREAD_GROUPS if name.startswith(prefixes)), "other")
        groups[group] += ticks
    return ",".join(f"{g}:{t}" for g, t in groups.items())


def baseline_of(name, cases):
    """The case without the plugin that serves the same user."""
    if name.endswith(("/alice", "/oidc")) and "plugin-off/alice" in cases:
        return "plugin-off/alice"
    return "plugin-off/local"


def package_of(frame):
    """`a.b.C.method` -> `a.b` (a frame without a class, such as a native symbol, stays itself)."""
    parts = frame.split(".")
    classes = [i for i, part in enumerate(parts) if part[:1].isupper()]
    return ".".join(parts[:classes[0]]) if classes and classes[0] > 0 else frame


def profile(path):
    """Samples of the host's request threads: self and inclusive counts by frame and by package."""
    counts = {"self": {}, "self_pkg": {}, "incl": {}, "incl_pkg": {}}
    for event in open(path).read().split("jdk.ExecutionSample {")[1:]:
        thread = event.split('sampledThread = "', 1)[-1].split('"', 1)[0]
        frames = frames_of(event)
        if not thread.startswith("qtp") or not frames:
            continue
        for kind, keys in (("self", [frames[0]]), ("self_pkg", [package_of(frames[0])]),
                           ("incl", set(frames)), ("incl_pkg", {package_of(f) for f in frames})):
            for key in keys:
                counts[kind][key] = counts[kind].get(key, 0) + 1
    return counts


def diff(work, tck, case_a, case_b, top):
    runs = {}
    for line in open(f"{work}/runs.txt"):
        name, path, _, requests, ticks, _, txt = line.split()[:7]
        if name in (case_a, case_b):
            runs.setdefault(path, {}).setdefault(name, []).append(
                (int(requests), int(ticks) * 1e6 / tck / int(requests), f"{work}/{txt}"))
    out = {}
    for path, cases in runs.items():
        if case_a not in cases or case_b not in cases:
            continue
        per_k = {}
        cpu = {}
        for name in (case_a, case_b):
            profiles = [(requests, profile(txt)) for requests, _, txt in cases[name]]
            cpu[name] = statistics.median(c for _, c, _ in cases[name])
            per_k[name] = {}
            for kind in ("self", "self_pkg", "incl", "incl_pkg"):
                keys = set().union(*(p[kind] for _, p in profiles))
                per_k[name][kind] = {k: statistics.median(1000.0 * p[kind].get(k, 0) / r for r, p in profiles)
                                     for k in keys}
        print(f"\n{path}: {case_a} {cpu[case_a]:.1f} CPU µs/req, {case_b} {cpu[case_b]:.1f} "
              f"({cpu[case_b] - cpu[case_a]:+.1f}); request-thread samples per 1,000 requests, medians of "
              f"{len(cases[case_a])} / {len(cases[case_b])} rounds", file=sys.stderr)
        out[path] = {"cpu_us_per_request": cpu, "top": {}}
        for kind in ("self_pkg", "self", "incl_pkg", "incl"):
            a, b = per_k[case_a][kind], per_k[case_b][kind]
            total_a, total_b = (sum(per_k[n]["self"].values()) for n in (case_a, case_b))
            # The thread's root frames (the container's loop) are in nearly every sample: they only repeat the total.
            keys = [k for k in set(a) | set(b) if a.get(k, 0) < 0.9 * total_a or b.get(k, 0) < 0.9 * total_b]
            keys = sorted(keys, key=lambda k: -abs(b.get(k, 0) - a.get(k, 0)))[:top]
            print(f"  {kind} (all: {total_a:.2f} -> {total_b:.2f}; medians per key, so the keys need not add up)",
                  file=sys.stderr)
            rows = []
            for k in keys:
                rows.append({"key": k, case_a: a.get(k, 0), case_b: b.get(k, 0)})
                print(f"    {a.get(k, 0):7.2f} {b.get(k, 0):7.2f} {b.get(k, 0) - a.get(k, 0):+7.2f}  {k}",
                      file=sys.stderr)
            out[path]["top"][kind] = rows
    print(json.dumps(out, indent=2))


# The logout filter's session reads (docs/benchmarks.md, "The revocation check in one session attribute"):
# the OidcSession reader and the binder's login check under either version's name.
SESSION_READS = {"io.oidcsso.plugin.logout.OidcSession.read", "io.oidcsso.plugin.logout.OidcSession.lookup"}
LOGIN_CHECKS = {"io.oidcsso.plugin.atlassian.SalLoginBinder.boundUsername",
                "io.oidcsso.plugin.atlassian.SalLoginBinder.loggedIn"}
UNPARK = "java.util.concurrent.locks.LockSupport.unpark"


def frames(work, tck, names):
    """Per case and path: the logout filter's own work, the session reads under OidcSession and the binder's
    login check (inclusive), LockSupport.unpark inside the logout filter's own work and anywhere (self), all
    request-thread samples: per 1,000 requests (medians over the rounds) and [samples of all rounds]."""
    rows = {}
    for line in open(f"{work}/runs.txt"):
        name, path, _, requests, ticks, _, txt = line.split()[:7]
        if name not in names:
            continue
        c = dict.fromkeys(("logout_own", "session_reads", "login_check", "unpark_in_logout", "unpark", "all"), 0)
        for event in open(f"{work}/{txt}").read().split("jdk.ExecutionSample {")[1:]:
            thread = event.split('sampledThread = "', 1)[-1].split('"', 1)[0]
            stack = frames_of(event)
            if not thread.startswith("qtp") or not stack:
                continue
            c["all"] += 1
            own = classify(stack) == "logout"
            c["logout_own"] += own
            c["session_reads"] += bool(SESSION_READS.intersection(stack))
            c["login_check"] += bool(LOGIN_CHECKS.intersection(stack))
            c["unpark"] += stack[0] == UNPARK
            c["unpark_in_logout"] += own and stack[0] == UNPARK
        rows.setdefault((path, name), []).append((int(requests), int(ticks) * 1e6 / tck / int(requests), c))
    out = {}
    for (path, name), runs in rows.items():
        keys = runs[0][2].keys()
        out.setdefault(path, {})[name] = {
            "requests": sum(r for r, _, _ in runs),
            "cpu_us_per_request": statistics.median(cpu for _, cpu, _ in runs),
            "per_1000": {k: statistics.median(1000.0 * c[k] / r for r, _, c in runs) for k in keys},
            "samples": {k: sum(c[k] for _, _, c in runs) for k in keys}}
        m = out[path][name]
        print(f"{path:18} {name:18} requests {m['requests']:8}  CPU µs/req {m['cpu_us_per_request']:6.1f}  "
              + "  ".join(f"{k} {m['per_1000'][k]:.3f} [{m['samples'][k]}]" for k in keys), file=sys.stderr)
    print(json.dumps(out, indent=2))


def main():
    if sys.argv[1] == "--frames":
        frames(sys.argv[2], int(sys.argv[3]), set(sys.argv[4:]))
        return
    if sys.argv[1] == "--threads":
        print(thread_ticks(sys.argv[2]))
        return
    if sys.argv[1] == "--diff":
        diff(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 25)
        return
    work, tck, period, java = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    load = open(f"{work}/load.txt").read().split()
    rows = {}
    hot_all = {}
    for line in open(f"{work}/runs.txt"):
        fields = line.split()
        name, path, rnd, requests, ticks, non2xx, txt = fields[:7]
        requests = int(requests)
        threads = {}
        if len(fields) > 8:
            before = dict(kv.split(":") for kv in fields[7].split(","))
            after = dict(kv.split(":") for kv in fields[8].split(","))
            threads = {g: (int(after[g]) - int(before[g])) * 1e6 / tck / requests for g in after}
        counts, hot = count(f"{work}/{txt}")
        per_k = {k: 1000.0 * v / requests for k, v in counts.items()}
        rows.setdefault(path, {}).setdefault(name, []).append({
            "round": int(rnd), "requests": requests, "non2xx": int(non2xx),
            "cpu_us_per_request": int(ticks) * 1e6 / tck / requests, "thread_cpu_us_per_request": threads,
            "samples": counts, "samples_per_1000_requests": per_k})
        for k, v in hot.items():
            hot_all[(name, path, k)] = hot_all.get((name, path, k), 0) + v
    medians = {}
    for path, cases in rows.items():
        medians[path] = {}
        for name, runs in cases.items():
            m = {"cpu_us_per_request": statistics.median(r["cpu_us_per_request"] for r in runs),
                 "requests": statistics.median(r["requests"] for r in runs)}
            for part in PARTS:
                m[part] = statistics.median(r["samples_per_1000_requests"][part] for r in runs)
            for group in runs[0]["thread_cpu_us_per_request"]:
                m["thread_us_" + group] = statistics.median(r["thread_cpu_us_per_request"][group] for r in runs)
            medians[path][name] = m
    err = sys.stderr
    print(f"{java}; execution sample period {period}; load average (1/5/15 min) before {' '.join(load[:3])},"
          f" after {' '.join(load[3:6])}", file=err)
    print("Medians over the rounds; samples per 1,000 requests (x period = CPU µs per request, roughly)", file=err)
    for path, cases in medians.items():
        print(f"\n{path}", file=err)
        print(f"  {'case':26} {'requests':>9} {'CPU µs/req':>10} {'vs off':>7} {'all':>7} {'vs off':>7}"
              f" {'bearer':>7} {'logout':>7} {'login':>7} {'plugins':>8} {'dispatch':>8} {'xsrf':>6} {'other':>6}", file=err)
        for name, m in cases.items():
            off = cases.get(baseline_of(name, cases))
            own = m["bearer"] + m["logout"] + m["login"]
            cpu_ratio = m["cpu_us_per_request"] / off["cpu_us_per_request"] if off else float("nan")
            all_ratio = m["all"] / off["all"] if off and off["all"] else float("nan")
            print(f"  {name:26} {m['requests']:9.0f} {m['cpu_us_per_request']:10.1f} {cpu_ratio:6.2f}x"
                  f" {m['all']:7.2f} {all_ratio:6.2f}x {m['bearer']:7.2f} {m['logout']:7.2f} {m['login']:7.2f}"
                  f" {own:8.2f} {m['dispatch']:8.2f} {m['xsrf_cookie']:6.2f} {m['background']:6.2f}", file=err)
    print("\nHost CPU µs per request by thread (medians): requests = the Jetty request threads, gc, jit, jfr, other",
          file=err)
    for path, cases in medians.items():
        for name, m in cases.items():
            groups = "  ".join(f"{k[10:]} {v:6.1f}" for k, v in m.items() if k.startswith("thread_us_"))
            print(f"  {path:18} {name:26} {groups}", file=err)
    print("\nHottest frames of the filters' own work (all rounds; top frame <- innermost plugin frame):", file=err)
    for (name, path, key), n in sorted(hot_all.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {n:5}  {name} {path}  {key}", file=err)
    # A window with refusals (an expired token, a lost session) measured the refusal path, not the case.
    invalid = [f"{name} {path} round {r['round']}: {r['non2xx']} of {r['requests']} responses not 2xx"
               for path, cases in rows.items() for name, runs in cases.items() for r in runs if r["non2xx"]]
    for line in invalid:
        print(f"INVALID window: {line}", file=err)
    print(json.dumps({"java": java, "period": period, "load_average_before_after": load, "runs": rows,
                      "invalid_windows": invalid,
                      "medians": medians,
                      "hot_frames": [{"case": c, "path": p, "frame": k, "samples": n}
                                     for (c, p, k), n in sorted(hot_all.items(), key=lambda kv: -kv[1])[:60]]},
                     indent=2))
    if invalid:
        sys.exit(f"{len(invalid)} windows had non-2xx responses: the figures above do not measure their cases")


if __name__ == "__main__":
    main()
