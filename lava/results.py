#!/usr/bin/python3
"""Check one lava-run job against what lava/gen.py expects of it and write
its per-test results as JUnit XML.

  results.py --expect expect.json --job NAME --log lava.log --junit OUT.xml
             [--result result.yaml] [--ms MILLISECONDS]

lava.log is the YAML log lava-run writes to stderr (one `- {dt, lvl, msg}`
mapping a line; this version writes them as JSON). The per-test results are
its `lvl: results` entries; result.yaml (--output-dir) has only the job's
own result, and a failed named interactive step does not fail the job, so
only these entries tell. Exit status 1 when:
  * an expected case is missing, or its result is not the expected one
    (the negative job's probes-accepted case must FAIL);
  * the negative job has no failed `probe-errors` result carrying the bad
    probe's `ekprobes: error:` line, or a positive job has any;
  * LAVA's own steps (definition `lava`: validate, boot, job...) failed.
"""
import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET

import yaml

MONITOR = "probe-errors"
BAD_SOURCE = "/chosen/ekprobes/lava_bad:"


def read_log(path):
    entries = []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("- "):
                line = line[2:]
            try:
                entries.append(json.loads(line))
            except ValueError:
                try:
                    e = yaml.safe_load(line)
                except yaml.YAMLError:
                    continue
                if isinstance(e, dict):
                    entries.append(e)
    return entries


def results_with_output(entries):
    """(result dict, console lines logged since the previous result)."""
    out, lines = [], []
    for e in entries:
        lvl, msg = e.get("lvl"), e.get("msg")
        if lvl == "target" and isinstance(msg, str):
            lines.append(msg)
        elif lvl == "results" and isinstance(msg, dict):
            out.append((msg, lines))
            lines = []
    return out


def evidence(lines):
    err = [l for l in lines if "ekprobes: error:" in l]
    return "\n".join(err if err else lines[-8:])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--expect", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--junit", required=True)
    p.add_argument("--result")
    p.add_argument("--ms", type=int, default=0, help="the job's wall time")
    a = p.parse_args()
    a.seconds = a.ms / 1000.0

    with open(a.expect) as f:
        expect = json.load(f)[a.job]
    negative = a.job.endswith("-bad-probe")
    results = results_with_output(read_log(a.log))
    problems = []

    suite = ET.Element("testsuite", name="lava-" + a.job, time="%.2f" % a.seconds)

    def case(classname, name, ok, message="", output="", duration="0"):
        tc = ET.SubElement(suite, "testcase", classname="%s.%s" % (a.job, classname), name=name,
                           time=str(duration or 0))
        if not ok:
            ET.SubElement(tc, "failure", message=message.splitlines()[0] if message else
                          "failed").text = message
        if output:
            ET.SubElement(tc, "system-out").text = output

    # The ekprobes cases (interactive definition <stage>_ekprobes).
    got = {}
    for r, lines in results:
        if re.fullmatch(r"\d+_ekprobes", str(r.get("definition", ""))):
            got[r["case"]] = (r, lines)
    for c in expect["cases"]:
        name, want = c["name"], c["expect"]
        if name not in got:
            problems.append("%s: no result (the job stopped before it)" % name)
            case("ekprobes", name, False, "no result: the job stopped before this case")
            continue
        r, lines = got[name]
        res = r.get("result")
        shown = name + (" (expected to fail)" if want == "fail" else "")
        if res == want:
            out = "LAVA result: %s%s" % (res, " (as expected)" if want == "fail" else "")
            if res == "fail":
                out += "\n" + evidence(lines)
            case("ekprobes", shown, True, output=out, duration=r.get("duration"))
        else:
            msg = "LAVA result %s, expected %s" % (res, want)
            if res == "fail":
                msg += "\n" + evidence(lines)
            problems.append("%s: %s" % (name, msg.splitlines()[0]))
            case("ekprobes", shown, False, msg, output="\n".join(lines[-40:]),
                 duration=r.get("duration"))

    # The monitor: one failed result per `ekprobes: error:` line.
    errs = [r for r, _ in results if r.get("definition") == MONITOR]
    for r in errs:
        line = "ekprobes: error: " + r.get("extra", {}).get("test_case_id", r.get("case", ""))
        ok = negative and r.get("result") == "fail" and BAD_SOURCE in line
        if not ok:
            problems.append("%s: %s" % (MONITOR, line))
        case(MONITOR, r.get("case", "?"), ok, line if not ok else "",
             output=("LAVA result: %s (as expected)\n%s" % (r.get("result"), line)) if ok else "")
    if negative and not any(r.get("result") == "fail" and
                            BAD_SOURCE in r.get("extra", {}).get("test_case_id", "")
                            for r in errs):
        problems.append("%s: no failed result with the bad probe's error line" % MONITOR)
        case(MONITOR, "bad-probe-reported", False,
             "no failed probe-errors result naming %s" % BAD_SOURCE)

    # LAVA's own steps.
    job_result = None
    for r, lines in results:
        if r.get("definition") != "lava":
            continue
        if r.get("case") == "job":
            job_result = r.get("result")
        ok = r.get("result") in ("pass", "skip")
        if not ok:
            problems.append("lava %s: %s" % (r.get("case"), r.get("result")))
        case("lava", str(r.get("case")), ok,
             "" if ok else "%s: %s\n%s" % (r.get("case"), r.get("extra", ""), evidence(lines)),
             duration=r.get("duration"))
    if a.result:
        try:
            with open(a.result) as f:
                job_result = (yaml.safe_load(f) or {}).get("result", job_result)
        except OSError:
            pass
    if job_result != "pass":
        problems.append("job result: %s" % job_result)

    suite.set("tests", str(len(suite)))
    suite.set("failures", str(sum(1 for tc in suite if tc.find("failure") is not None)))
    ET.ElementTree(ET.Element("testsuites")).getroot().append(suite)
    tree = ET.ElementTree(suite)
    ET.indent(tree)
    tree.write(a.junit, encoding="utf-8", xml_declaration=True)

    n = len(expect["cases"])
    if problems:
        print("  LAVA %s: FAILED (%.1f s)" % (a.job, a.seconds))
        for pr in problems:
            print("    " + pr)
        return 1
    extra = ""
    if negative:
        extra = "; bad probe reported: " + "; ".join(
            r.get("extra", {}).get("test_case_id", "") for r in errs)
    print("  LAVA %s: %d/%d cases as expected (%.1f s)%s" % (a.job, n, n, a.seconds, extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
