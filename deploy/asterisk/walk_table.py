#!/usr/bin/env python3
"""The result table of deploy/asterisk/walk.sh: for each walk, the call record the server wrote for the real
Asterisk call and the one `hotline simulate` printed for the emulator's, side by side.

    walk_table.py RUN_DIR "Asterisk 22.x.y built by ..."
"""
import glob
import json
import os
import sys


def real_records(run):
    records = {}
    for path in sorted(glob.glob(os.path.join(run, "logs", "cdr-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line)
                channel = r.get("channel") or ""
                # Local/<walk>@hotline-walk-00000003;1 is the hotline's half of the walk's call.
                if channel.startswith("Local/") and "@hotline-walk" in channel:
                    records[channel[len("Local/"):channel.index("@")]] = r
    return records


def emulator_record(run, name):
    path = os.path.join(run, "emu-%s.out" % name)
    if not os.path.exists(path):
        return None, "no emulator output"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    marker = "call record:\n"
    if marker not in text:
        return None, text.strip().splitlines()[-1] if text.strip() else "empty output"
    return json.loads(text[text.index(marker) + len(marker):]), None


def path_of(record):
    steps = []
    for visit in record.get("path", []):
        step = visit["node"] if visit.get("flow") in (None, record.get("flow")) else visit["flow"] + ":" + visit["node"]
        if visit.get("exit") == "key":
            step += "[%s]" % visit.get("key")
        elif visit.get("exit") not in (None, "next"):
            step += "(%s)" % visit["exit"]
        steps.append(step)
    return " > ".join(steps)


def summary(record):
    return {
        "path": path_of(record),
        "outcome": record.get("outcome"),
        "hung_up_by": record.get("hung_up_by"),
        "queues": [(s.get("queue"), s.get("result")) for s in record.get("queue_stints", [])],
        "self_service": [(s.get("service"), s.get("ok")) for s in record.get("self_service", [])],
        "inputs": [(i.get("node"), i.get("valid")) for i in record.get("inputs", [])],
        "survey": (record.get("survey") or {}).get("score"),
    }


def main():
    run, version = sys.argv[1], sys.argv[2]
    real = real_records(run)
    rows, differences = [], []
    with open(os.path.join(run, "walks.out"), encoding="utf-8") as f:
        walks = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for name, emu_keys, schedule, what in walks:
        r = real.get(name)
        e, problem = emulator_record(run, name)
        rs = summary(r) if r else None
        es = summary(e) if e else None
        same = rs is not None and es is not None and rs == es
        rows.append((name, what, emu_keys, schedule, rs, es, same, problem))
        if not same:
            differences.append((name, rs, es, problem))

    out = []
    out.append("Walk on a real %s; %d walks, %d the same as the emulator." % (
        version, len(rows), sum(1 for row in rows if row[6])))
    out.append("")
    out.append("| walk | what | keys (simulate --keys) | real caller (s:keys) | real path | real outcome | emulator path | emulator outcome | same? |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for name, what, emu_keys, schedule, rs, es, same, problem in rows:
        out.append("| %s | %s | `%s` | `%s` | %s | %s | %s | %s | %s |" % (
            name, what, emu_keys, schedule,
            rs["path"] if rs else "(no record)", rs["outcome"] if rs else "",
            ("same" if same else es["path"]) if es else "(%s)" % problem,
            ("same" if same else es["outcome"]) if es else "",
            "yes" if same else "**no**"))
    if differences:
        out.append("")
        out.append("Differences:")
        for name, rs, es, problem in differences:
            out.append("")
            out.append("- %s" % name)
            for field in ("path", "outcome", "hung_up_by", "queues", "self_service", "inputs", "survey"):
                a = rs.get(field) if rs else None
                b = es.get(field) if es else None
                if a != b:
                    out.append("  - %s: real `%s`, emulator `%s`" % (field, a, b))
            if problem:
                out.append("  - emulator: %s" % problem)
    print("\n".join(out))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
