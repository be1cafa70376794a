#!/usr/bin/env python3
"""Checks hand-made report gold files (tests/gold/*.json: tasks, targets, achievements).

    python3 tests/gold/check_gold.py              # every tests/gold/lawtext_*.json
    python3 tests/gold/check_gold.py FILE.json    # the files named

For each file: the source's chars, bytes and sha256 match `source_stats`; the headline
region's char and byte offsets agree; every task, target and achievement has `text` equal
to the char slice and to the byte slice of the source; a task's `marker` is printed just
before its heading (spaces allowed between), ordinals run 1, 2, … within each list of a group, and
`group` is one of the issue's groups; a target's `tier`, `kind` and `comparator` take the
documented values, a headline target's horizon is the report year, a five-year task or
target gives its years; `value` and `value_high` are printed in `text` (ASCII or fullwidth
digits, or small Chinese numerals), `metric_raw` is printed in `text`, and every piece of
`comparator_raw` (split at …) is printed in `text`; ids are unique. Exits 1 on any failure.

It reads the source as gwr does for a Markdown or text file: the whole file decoded as
UTF-8 (a CSV's `field` of its first row, or a JSONL `member`'s `field`, for the other
corpus gold files). It shares no code with whatever computed the annotations' offsets.
"""

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent.parent / "shared" / "corpus"

GROUPS = {"review", "plan", "five_year_plan", "livelihood_projects", "self_construction"}
TIERS = {"headline", "other"}
KINDS = {"growth_rate", "level", "share", "count", "change_points", "qualitative"}
COMPARATORS = {
    "point", "at_least", "at_most", "around", "exceed", "reach", "double", "in_step",
    "consistent", "meet_assigned", "range", "qualitative",
}
FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
CN_DIGITS = "零一二三四五六七八九"


def load_source(src: dict) -> str:
    path = CORPUS / src["corpus"]
    if src.get("member") is not None:
        with open(path, encoding="utf-8") as f:
            line = f.read().splitlines()[src["member"]]
        return json.loads(line)[src.get("field") or "content"]
    if path.suffix == ".csv":
        csv.field_size_limit(1 << 30)
        with open(path, encoding="utf-8-sig", newline="") as f:
            return next(csv.DictReader(f))[src.get("field") or "full_text"]
    return path.read_bytes().decode("utf-8")


def chinese_forms(n: float) -> list:
    """Chinese spellings of small integers (三, 十, 十二, 二十) and one-decimal 点 forms."""
    out = []
    if n == int(n) and 0 <= n < 100:
        i = int(n)
        if i < 10:
            out.append(CN_DIGITS[i])
        else:
            tens, ones = divmod(i, 10)
            out.append(("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else ""))
        if i == 100:
            out.append("百")
    elif n == 100:
        out.append("百")
    else:
        whole, frac = str(n).split(".")
        if int(whole) < 10:
            out.append(CN_DIGITS[int(whole)] + "点" + "".join(CN_DIGITS[int(c)] for c in frac))
    return out


def printed(v, s: str) -> bool:
    if v is None:
        return True
    s = s.translate(FULLWIDTH).replace(",", "")
    v = abs(float(v))
    txt = str(int(v)) if v == int(v) else repr(v)
    if re.search(r"(?<![\d.])" + re.escape(txt) + r"(?![\d])", s):
        return True
    if re.search(r"(?<![\d.])" + re.escape(txt) + r"\.0+(?![\d])", s):
        return True
    if v == 1 and re.search(r"(?<![\d.])[亿万千百十]", s):
        return True  # 翻一番 / 突破亿元: the one is a bare unit
    return any(c in s for c in chinese_forms(v))


def check_span(rec: dict, text: str, raw: bytes, where: str, errs: list) -> None:
    a, b = rec["char_start"], rec["char_end"]
    if text[a:b] != rec["text"]:
        errs.append(f"{where}: char slice {text[a:b]!r} != text {rec['text']!r}")
    if raw[rec["byte_start"]:rec["byte_end"]] != rec["text"].encode("utf-8"):
        errs.append(f"{where}: byte slice differs from text")
    if len(text[:a].encode("utf-8")) != rec["byte_start"]:
        errs.append(f"{where}: byte_start does not match char_start")


def check_quantity(q: dict, year, errs: list, where: str, is_target: bool) -> None:
    t = q["text"]
    for k in ("value", "value_high"):
        if not printed(q.get(k), t):
            errs.append(f"{where}: {k} {q.get(k)} not printed in text {t!r}")
    if q.get("metric_raw") and q["metric_raw"] not in t:
        errs.append(f"{where}: metric_raw {q['metric_raw']!r} not in text")
    for piece in (q.get("comparator_raw") or "").split("…"):
        if piece and piece not in t:
            errs.append(f"{where}: comparator_raw piece {piece!r} not in text")
    if q.get("kind") not in KINDS:
        errs.append(f"{where}: kind {q.get('kind')!r}")
    if q.get("comparator") not in COMPARATORS:
        errs.append(f"{where}: comparator {q.get('comparator')!r}")
    no_number = {"double", "in_step", "consistent", "meet_assigned", "qualitative"}
    if q.get("value") is None and q.get("kind") != "qualitative" and q.get("comparator") not in no_number:
        errs.append(f"{where}: no value but kind {q.get('kind')}")
    if not is_target:
        if not re.fullmatch(r"\d{4}(-\d{4})?", str(q.get("period"))):
            errs.append(f"{where}: period {q.get('period')!r}")
        return
    if q.get("tier") not in TIERS:
        errs.append(f"{where}: tier {q.get('tier')!r}")
    if q.get("tier") == "headline" and str(q.get("horizon")) != str(year):
        errs.append(f"{where}: headline horizon {q.get('horizon')} != report year {year}")
    if not re.fullmatch(r"\d{4}(-\d{4})?", str(q.get("horizon"))):
        errs.append(f"{where}: horizon {q.get('horizon')!r}")


def check_tasks(g: dict, text: str, raw: bytes, errs: list) -> None:
    last = {}
    for k in g.get("tasks", []):
        where = k.get("id", "?")
        check_span(k, text, raw, where, errs)
        if k["group"] not in GROUPS:
            errs.append(f"{where}: group {k['group']!r}")
        before = text[:k["char_start"]].rstrip(" \u3000")
        if not before.endswith(k["marker"]):
            errs.append(f"{where}: marker {k['marker']!r} not printed before the heading")
        if k["heading"] != k["text"]:
            errs.append(f"{where}: heading differs from text")
        if k["ordinal"] not in (1, last.get(k["group"], 0) + 1):
            errs.append(f"{where}: ordinal {k['ordinal']} does not follow {last.get(k['group'], 0)}")
        last[k["group"]] = k["ordinal"]
        if k["group"] == "five_year_plan" and not (k.get("horizon_start") and k.get("horizon_end")):
            errs.append(f"{where}: five-year task without horizon_start/end")


def check_file(path: Path) -> list:
    g = json.loads(path.read_text(encoding="utf-8"))
    errs = []
    text = load_source(g["source"])
    raw = text.encode("utf-8")
    st = g["source_stats"]
    if (len(text), len(raw), hashlib.sha256(raw).hexdigest()) != (st["chars"], st["bytes"], st["sha256"]):
        errs.append("source stats differ from the source")
    hr = g.get("headline_region") or {}
    if "byte_start" in hr and len(text[:hr["char_start"]].encode("utf-8")) != hr["byte_start"]:
        errs.append("headline_region byte_start does not match char_start")
    if "byte_end" in hr and len(text[:hr["char_end"]].encode("utf-8")) != hr["byte_end"]:
        errs.append("headline_region byte_end does not match char_end")
    check_tasks(g, text, raw, errs)
    year = g["report"]["year"]
    for q in g["targets"]:
        check_span(q, text, raw, q.get("id", "?"), errs)
        check_quantity(q, year, errs, q.get("id", "?"), True)
    for q in g["achievements"]:
        check_span(q, text, raw, q.get("id", "?"), errs)
        check_quantity(q, year, errs, q.get("id", "?"), False)
    ids = [x["id"] for x in g.get("tasks", []) + g["targets"] + g["achievements"]]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        errs.append(f"duplicate ids {sorted(dup)}")
    return errs


def main() -> int:
    files = [Path(a) for a in sys.argv[1:]] or sorted(HERE.glob("lawtext_*.json"))
    if not files:
        print("no gold files")
        return 1
    bad = 0
    for f in files:
        errs = check_file(f)
        g = json.loads(f.read_text(encoding="utf-8"))
        head = sum(t.get("tier") == "headline" for t in g["targets"])
        print(f"{f.name}: {len(g.get('tasks', []))} tasks, {len(g['targets'])} targets "
              f"({head} headline), {len(g['achievements'])} achievements, {len(errs)} errors")
        for e in errs:
            print("  " + e)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
