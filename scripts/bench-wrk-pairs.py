#!/usr/bin/env python3
"""Summarises the paired windows of scripts/bench-wrk.sh into OUT_DIR/wrk.json (stdout) and a table (stderr).
Standard library only.

  bench-wrk-pairs.py WINDOWS LOAD LOAD_ROUNDS RESPONSES CLK_TCK JAVA CONNECTIONS WINDOW PREWARM ISOLATE \
                     HOST_CPUS WRK_CPUS NPROC [BURN_IN [MODE BURN_MICROS HOST_CORES CONC_WINDOWS [BURN_SPENT_US]]]

MODE "sequential" (c-noise, the format below) or "concurrent" (c-conc): each window measures both sides of a pair at
once, one line per side with four more fields: host-nanoseconds (the sum of its threads' schedstat run time over the
window), the busy ticks of the hosts' cores, whether its wrk started first (1/0), and its role (subject/baseline).
A concurrent block is the pair's windows of one path and round; its CPU-per-request ratio is the subject's
nanoseconds over its requests, over the baseline's (the ticks-based ratio is kept as "cpu_ticks"); its requests per
second ratio is a share of the one core the two hosts share, a check rather than a figure. The burn pair
(burn/local over plugin-off/local) also gets its expected ratio, 1 + BURN_SPENT_US / the baseline's CPU per request,
where BURN_SPENT_US is what the burn host's filter spent per request by its own clock (GET /bench/burn: the knob
plus its clock reads), BURN_MICROS when absent. A window whose nanoseconds disagree with the host's utime + stime
ticks by more than 3 ticks and 10% (a thread that ended within the window, in the script before per-thread deltas)
falls back to the ticks; wrk.json counts those windows ("ns_fallback_windows").

WINDOWS has one line per measured window: kind pair round slot case path requests/s requests host-ticks non-2xx
wrk-cpu-seconds machine-busy-ticks elapsed-seconds. A block is the four windows (ABBA or BAAB) of one pair, path and
round; its ratios are the subject's over the baseline's: requests per second (the mean of its two windows over the
baseline's two) and host CPU per request (the subject's ticks over its requests, over the baseline's). Over the
blocks: the median, the interquartile range, and a 95% bootstrap interval of the median (blocks resampled, fixed
seed); and the geometric mean of the block ratios with its 95% bootstrap interval, the interval the verdicts of
scripts/bench-report.py use (c-noise: with 5-8 blocks the median's interval is nearly the blocks' whole range). The first BURN_IN session rounds (default 0) are left out of the ratios. "Others' load" is the CPU the machine used during a window beyond the host under wrk and wrk itself, in
cores: the other engineers' builds (and, with WRK_ISOLATE=0, the idle hosts).

wrk.json keeps what scripts/bench-report.py --wrk read before the paired method (runs, median_rps, median_cpu_us
over every window of a case) and adds "paired" and "method"."""

import json
import math
import random
import statistics
import sys

BOOTSTRAP = 4000


def quartiles(values):
    if len(values) == 1:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def median_interval(values, seed=14):
    """95% percentile-bootstrap interval of the median over the blocks."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(BOOTSTRAP))
    return medians[int(0.025 * BOOTSTRAP)], medians[int(0.975 * BOOTSTRAP) - 1]


def gmean_interval(values, seed=14):
    """The geometric mean of the block ratios and its 95% percentile-bootstrap interval (blocks resampled)."""
    rng = random.Random(seed)
    logs = [math.log(v) for v in values]
    means = sorted(statistics.fmean(rng.choices(logs, k=len(logs))) for _ in range(BOOTSTRAP))
    return (math.exp(statistics.fmean(logs)),
            [math.exp(means[int(0.025 * BOOTSTRAP)]), math.exp(means[int(0.975 * BOOTSTRAP) - 1])])


def summary(values):
    q1, q3 = quartiles(values)
    lo, hi = median_interval(values)
    gmean, gci = gmean_interval(values)
    return {"median": statistics.median(values), "q1": q1, "q3": q3, "ci95": [lo, hi],
            "gmean": gmean, "gmean_ci95": gci,
            "min": min(values), "max": max(values), "blocks": len(values)}


def main():
    (windows, load, load_rounds, responses, tck, java, connections, window, prewarm, isolate, host_cpus, wrk_cpus,
     nproc) = sys.argv[1:14]
    burn_in = int(sys.argv[14]) if len(sys.argv) > 14 else 0
    mode = sys.argv[15] if len(sys.argv) > 15 else "sequential"
    burn_micros = float(sys.argv[16]) if len(sys.argv) > 16 else 0.0
    host_core_count = int(sys.argv[17]) if len(sys.argv) > 17 else 1
    conc_windows = int(sys.argv[18]) if len(sys.argv) > 18 else 0
    burn_spent = float(sys.argv[19]) if len(sys.argv) > 19 and float(sys.argv[19]) > 0 else burn_micros
    tck, nproc = int(tck), int(nproc)
    if mode == "concurrent":
        rows = concurrent_rows(windows, tck, host_core_count)
        paired = concurrent_pairs(rows, burn_in, burn_spent)
    else:
        rows = sequential_rows(windows, tck)
        paired = sequential_pairs(rows, burn_in)
    finish(rows, paired, burn_in, load, load_rounds, responses, java, connections, window, prewarm, isolate, host_cpus,
           wrk_cpus, nproc, mode, burn_micros, conc_windows, burn_spent)


def sequential_rows(windows, tck):
    rows = []
    for line in open(windows):
        kind, pair, rnd, slot, case, path, rps, requests, ticks, non2xx, wrk_cpu, busy, elapsed = line.split()
        requests, ticks, busy, elapsed = int(requests), int(ticks), int(busy), float(elapsed)
        host_s, busy_s = ticks / tck, busy / tck
        rows.append({"kind": kind, "pair": int(pair), "round": int(rnd), "slot": int(slot), "case": case, "path": path,
                     "rps": float(rps), "requests": requests, "ticks": ticks, "non2xx": int(non2xx),
                     "cpu_us_per_request": ticks * 1e6 / tck / requests,
                     # The host's CPU over the window's wall time, in cores: about 1 when it is CPU-bound on one core.
                     "host_cores": host_s / elapsed,
                     "others_cores": max(0.0, busy_s - host_s - float(wrk_cpu)) / elapsed})
    return rows


def concurrent_rows(windows, tck, host_core_count):
    """One row per side of each window; both sides of a window carry its shared figures."""
    rows = []
    for line in open(windows):
        (kind, pair, rnd, slot, case, path, rps, requests, ticks, non2xx, wrk_cpu, busy, elapsed, ns, core_busy, first,
         role) = line.split()
        requests, ticks, busy, elapsed, ns = int(requests), int(ticks), int(busy), float(elapsed), int(ns)
        fallback = ns <= 0 or abs(ns * tck / 1e9 - ticks) > max(3, 0.1 * ticks)
        if fallback:
            ns = int(ticks * 1e9 / tck)
        rows.append({"kind": kind, "pair": int(pair), "round": int(rnd), "slot": int(slot), "case": case, "path": path,
                     "rps": float(rps), "requests": requests, "ticks": ticks, "ns": ns, "non2xx": int(non2xx),
                     "cpu_us_per_request": ns / 1e3 / requests,
                     "cpu_us_per_request_ticks": ticks * 1e6 / tck / requests,
                     # This host's CPU over the window's wall time, in cores (about 0.5 each when two share one core).
                     "host_cores": ns / 1e9 / elapsed,
                     # The hosts' cores' busy share over the window (1.0: never idle).
                     "core_busy": core_busy and int(core_busy) / tck / elapsed / host_core_count,
                     "first": first == "1", "role": role, "ns_fallback": fallback,
                     "_busy_s": busy / tck, "_wrk_cpu": float(wrk_cpu), "_elapsed": elapsed})
    windows_of = {}
    for r in rows:
        windows_of.setdefault((r["kind"], r["pair"], r["round"], r["path"], r["slot"]), []).append(r)
    for sides in windows_of.values():
        hosts_s = sum(r["ns"] for r in sides) / 1e9
        for r in sides:
            r["others_cores"] = max(0.0, r["_busy_s"] - hosts_s - r["_wrk_cpu"]) / r["_elapsed"]
            # This host's share of the CPU both hosts used in the window (0.5: an even split).
            r["share"] = r["ns"] / 1e9 / hosts_s if hosts_s else 0.0
    for r in rows:
        for k in ("_busy_s", "_wrk_cpu", "_elapsed"):
            del r[k]
    return rows


def concurrent_pairs(rows, burn_in, burn_micros):
    blocks = {}
    for r in rows:
        blocks.setdefault((r["kind"], r["pair"], r["round"], r["path"]), []).append(r)
    paired = {}
    for (kind, _, rnd, path), block in sorted(blocks.items()):
        if kind == "session" and rnd <= burn_in:
            continue
        sub = [r for r in block if r["role"] == "subject"]
        base = [r for r in block if r["role"] == "baseline"]
        if not sub or len(sub) != len(base):
            continue
        key = f"{sub[0]['case']} / {base[0]['case']}"
        entry = paired.setdefault(path, {}).setdefault(key, {
            "kind": kind, "subject": sub[0]["case"], "baseline": base[0]["case"], "rps_ratios": [], "cpu_ratios": [],
            "cpu_ticks_ratios": [], "window_cpu_ratios": [], "others_cores": [], "share": [], "core_busy": [],
            "baseline_cpu_us": [], "non2xx": 0})
        entry["non2xx"] += sum(r["non2xx"] for r in block)
        rps = sum(r["rps"] for r in sub) / sum(r["rps"] for r in base)
        per_req = lambda side, k: sum(r[k] for r in side) / sum(r["requests"] for r in side)  # noqa: E731
        entry["rps_ratios"].append(round(rps, 4))
        entry["cpu_ratios"].append(round(per_req(sub, "ns") / per_req(base, "ns"), 4))
        entry["cpu_ticks_ratios"].append(round(per_req(sub, "ticks") / per_req(base, "ticks"), 4))
        by_slot = {r["slot"]: r for r in base}
        entry["window_cpu_ratios"].extend(round(r["cpu_us_per_request"] / by_slot[r["slot"]]["cpu_us_per_request"], 4)
                                          for r in sub)
        entry["baseline_cpu_us"].append(round(per_req(base, "ns") / 1e3, 2))
        entry["others_cores"].append(round(statistics.mean(r["others_cores"] for r in block), 3))
        entry["share"].append(round(statistics.mean(r["share"] for r in sub), 4))
        entry["core_busy"].append(round(statistics.mean(r["core_busy"] for r in block), 4))
    for cases in paired.values():
        for entry in cases.values():
            entry["rps"] = summary(entry["rps_ratios"])
            entry["cpu"] = summary(entry["cpu_ratios"])
            entry["cpu_ticks"] = summary(entry["cpu_ticks_ratios"])
            if entry["subject"].startswith("burn/") and burn_micros:
                entry["expected_cpu"] = 1 + burn_micros / statistics.median(entry["baseline_cpu_us"])
    return paired


def sequential_pairs(rows, burn_in):
    # Each block: the subject is the case of slot 1 in ABBA rounds (odd), of slot 2 in BAAB rounds (even).
    blocks = {}
    for r in rows:
        blocks.setdefault((r["kind"], r["pair"], r["round"], r["path"]), []).append(r)
    paired = {}
    for (kind, _, rnd, path), block in sorted(blocks.items()):
        if len(block) != 4 or (kind == "session" and rnd <= burn_in):
            continue
        subject = block[0]["case"] if rnd % 2 else block[1]["case"]
        sub = [r for r in block if r["case"] == subject]
        base = [r for r in block if r["case"] != subject]
        key = f"{subject} / {base[0]['case']}"
        entry = paired.setdefault(path, {}).setdefault(key, {"kind": kind, "subject": subject,
                                                              "baseline": base[0]["case"], "rps_ratios": [],
                                                              "cpu_ratios": [], "others_cores": [], "non2xx": 0})
        entry["non2xx"] += sum(r["non2xx"] for r in block)
        rps = sum(r["rps"] for r in sub) / sum(r["rps"] for r in base)
        cpu = (sum(r["ticks"] for r in sub) / sum(r["requests"] for r in sub)) / (
            sum(r["ticks"] for r in base) / sum(r["requests"] for r in base))
        entry["rps_ratios"].append(round(rps, 4))
        entry["cpu_ratios"].append(round(cpu, 4))
        entry["others_cores"].append(round(statistics.mean(r["others_cores"] for r in block), 3))
    for cases in paired.values():
        for entry in cases.values():
            entry["rps"] = summary(entry["rps_ratios"])
            entry["cpu"] = summary(entry["cpu_ratios"])
    return paired


def finish(rows, paired, burn_in, load, load_rounds, responses, java, connections, window, prewarm, isolate, host_cpus,
           wrk_cpus, nproc, mode, burn_micros, conc_windows, burn_spent):
    runs = {}
    for r in rows:
        if r["kind"] == "session" and r["round"] <= burn_in:
            continue
        runs.setdefault(r["path"], {}).setdefault(r["case"], []).append(
            {k: r[k] for k in ("rps", "requests", "cpu_us_per_request", "non2xx", "others_cores", "host_cores",
                               "share", "core_busy", "cpu_us_per_request_ticks") if k in r})
    answers = {}
    for line in open(responses):
        case, path, status, size, cookies = line.split()
        answers.setdefault(path, {})[case] = {"status": int(status), "bytes": int(size), "set_cookie": int(cookies)}
    others = [r["others_cores"] for r in rows]
    host_cores = [r["host_cores"] for r in rows]
    data = {
        "java": java, "connections": int(connections), "duration": window,
        "method": {"window": window, "prewarm": prewarm, "isolate": isolate == "1", "host_cpus": host_cpus or None,
                   "wrk_cpus": wrk_cpus or None, "cores": nproc, "blocks": "ABBA (odd rounds) / BAAB (even rounds)",
                   "burn_in_rounds": burn_in, "mode": mode, "burn_micros": burn_micros,
                   "burn_spent_us_per_request": burn_spent,
                   "ns_fallback_windows": sum(1 for r in rows if r.get("ns_fallback")),
                   "windows_per_block": conc_windows if mode == "concurrent" else 4},
        "rounds": max(r["round"] for r in rows if r["kind"] == "session") - burn_in,
        "burn_in_rounds": burn_in,
        "load_average_before_after": open(load).read().split(),
        "load_average_per_round": open(load_rounds).read().split(),
        "others_cores": {"median": statistics.median(others), "q1": quartiles(others)[0], "q3": quartiles(others)[1],
                         "max": max(others)},
        "host_cores": {"median": statistics.median(host_cores), "q1": quartiles(host_cores)[0],
                       "q3": quartiles(host_cores)[1], "min": min(host_cores)},
        "core_busy": ({"median": statistics.median(r["core_busy"] for r in rows),
                       "min": min(r["core_busy"] for r in rows)} if mode == "concurrent" else None),
        "share": ({"median": statistics.median(r["share"] for r in rows if r["role"] == "subject"),
                   "min": min(r["share"] for r in rows), "max": max(r["share"] for r in rows)}
                  if mode == "concurrent" else None),
        "responses": answers,
        "runs": runs,
        "median_rps": {p: {n: statistics.median(r["rps"] for r in v) for n, v in c.items()} for p, c in runs.items()},
        "median_cpu_us": {p: {n: statistics.median(r["cpu_us_per_request"] for r in v) for n, v in c.items()}
                          for p, c in runs.items()},
        "paired": paired,
    }
    # A pair whose windows got refusals (an expired bearer token, a lost session) measured the refusal path.
    invalid = [f"{p} {key}: {e['non2xx']} responses not 2xx" for p, cases in paired.items()
               for key, e in cases.items() if e.get("non2xx")]
    data["invalid_pairs"] = invalid
    print(json.dumps(data, indent=2))
    out = sys.stderr
    print(f"\n{mode} paired windows ({java}; -t2 -c{connections} -d{window}, pre-warm {prewarm}, isolate {isolate}; "
          f"load average {' -> '.join(data['load_average_before_after'])}; others' load "
          f"{data['others_cores']['median']:.2f} cores median, {data['others_cores']['max']:.2f} max, of {nproc}; "
          f"host under wrk {data['host_cores']['median']:.2f} cores median)",
          file=out)
    for path, cases in paired.items():
        print(f"  {path}", file=out)
        for key, e in cases.items():
            a, c = e["rps"], e["cpu"]
            print(f"    {key:42} req/s {a['gmean']:.3f}x (95% {a['gmean_ci95'][0]:.3f}-{a['gmean_ci95'][1]:.3f}; median "
                  f"{a['median']:.3f}x, 95% {a['ci95'][0]:.3f}-{a['ci95'][1]:.3f})  CPU/req {c['gmean']:.3f}x (95% "
                  f"{c['gmean_ci95'][0]:.3f}-{c['gmean_ci95'][1]:.3f}; median {c['median']:.3f}x)  n={a['blocks']}"
                  + (f"  expected {e['expected_cpu']:.3f}x" if "expected_cpu" in e else ""),
                  file=out)
    for path, cases in answers.items():
        print(f"  responses {path}: " + ", ".join(f"{c} {v['status']} {v['bytes']} B"
                                                  + (f" +{v['set_cookie']} Set-Cookie" if v["set_cookie"] else "")
                                                  for c, v in sorted(cases.items())), file=out)
    for line in invalid:
        print(f"  INVALID pair: {line}", file=out)
    if invalid:
        sys.exit(f"{len(invalid)} pairs had non-2xx responses: their figures measure refusals, not their cases")


if __name__ == "__main__":
    main()
