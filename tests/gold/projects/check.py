#!/usr/bin/env python3
"""Checks the hand-made project gold files in this folder (and the seed's projects).

    python3 tests/gold/projects/check.py            # every *.json here
    python3 tests/gold/projects/check.py FILE.json  # one file

For every record and excluded candidate: the source's sha256 and size match, `text` is
the exact slice at the char and the byte offsets, and the span is a whole clause
(bounded by , ; : ! ? 。 — ASCII or fullwidth —, a line break, or the text's ends).
For every project: `names` and `head` are printed inside `text`, `category` is printed
inside `head` (or `text`), `count` / `investment.value` / `size_value` are printed in
the clause or in the rest of its sentence, `status`, `section` and `investment.basis`
take their documented values, `part_of` names an earlier record, and two records with
the same span differ in what they count. Exits 1 on any failure.

It reads the corpus the way gwr does: a CSV's `full_text` field of its first row, any
other file as the whole file decoded as UTF-8. It shares no code with whatever made the
annotations.
"""

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
CORPUS = REPO.parent / "shared" / "corpus"

STATUS = {None, "new_start", "planned", "ongoing", "completed"}
SECTION = {"review", "plan", "livelihood"}
BASIS = {"total", "annual", "threshold"}
DELIMS = set(",;:!?。，；：！？\n")
SENTENCE_END = set("。！？!?\n")
FIELDS = {
    "id", "text", "char_start", "char_end", "byte_start", "byte_end", "names", "head",
    "category", "count", "investment", "size_value", "size_unit", "status", "part_of",
    "section", "note",
}


def load_source(src: dict) -> str:
    if src.get("path"):
        return (REPO / src["path"]).read_bytes().decode("utf-8")
    path = CORPUS / src["corpus"]
    if path.suffix == ".csv":
        csv.field_size_limit(1 << 30)
        with open(path, encoding="utf-8-sig", newline="") as f:
            return next(csv.DictReader(f))[src.get("field") or "full_text"]
    return path.read_bytes().decode("utf-8")


def printed_number(v, s: str) -> bool:
    """The number appears in s as digits (37, 28.5, 1000) or as a bare 亿/多 form."""
    if v is None:
        return True
    txt = str(int(v)) if float(v) == int(v) else str(v)
    if re.search(r"(?<![\d.])" + re.escape(txt) + r"(?![\d])", s):
        return True
    # 投资超亿元 / 亿元以上: the value 1 is written as a bare unit
    return float(v) == 1 and re.search(r"(?<![\d.])[亿万]元", s) is not None


def rest_of_sentence(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end] not in SENTENCE_END:
        end += 1
    return text[start:end]


def check_span(rec: dict, text: str, raw: bytes, where: str, errs: list) -> None:
    a, b = rec["char_start"], rec["char_end"]
    if text[a:b] != rec["text"]:
        errs.append(f"{where}: char slice {text[a:b]!r} != text {rec['text']!r}")
    if raw[rec["byte_start"]:rec["byte_end"]].decode("utf-8", "replace") != rec["text"]:
        errs.append(f"{where}: byte slice differs from text")
    before = text[a - 1] if a > 0 else "\n"
    after = text[b] if b < len(text) else "\n"
    if before not in DELIMS and not before.isspace():
        errs.append(f"{where}: span does not start a clause (after {before!r})")
    if after not in DELIMS and not after.isspace():
        errs.append(f"{where}: span does not end a clause (before {after!r})")


def check_project(p: dict, text: str, ids: set, errs: list) -> None:
    where = p.get("id", "?")
    unknown = set(p) - FIELDS
    if unknown:
        errs.append(f"{where}: unknown fields {sorted(unknown)}")
    t = p["text"]
    sentence = rest_of_sentence(text, p["char_start"])
    for n in p["names"]:
        if not n or n not in t:
            errs.append(f"{where}: name {n!r} not in text")
    if p["head"] is not None and p["head"] not in t:
        errs.append(f"{where}: head {p['head']!r} not in text")
    if p["category"] is not None and p["category"] not in (p["head"] or t):
        errs.append(f"{where}: category {p['category']!r} not printed in the head")
    if p["count"] is not None and not printed_number(p["count"], t):
        errs.append(f"{where}: count {p['count']} not printed in text")
    inv = p["investment"]
    if inv is not None:
        if inv.get("basis") not in BASIS:
            errs.append(f"{where}: investment basis {inv.get('basis')!r}")
        if not printed_number(inv.get("value"), sentence) or inv.get("unit") not in sentence:
            errs.append(f"{where}: investment {inv} not printed in the sentence")
    if p["size_value"] is not None:
        if not printed_number(p["size_value"], sentence) or p["size_unit"] not in sentence:
            errs.append(f"{where}: size {p['size_value']}{p['size_unit']} not printed")
    if p["status"] not in STATUS:
        errs.append(f"{where}: status {p['status']!r}")
    if p["section"] not in SECTION:
        errs.append(f"{where}: section {p['section']!r}")
    if p["part_of"] is not None and p["part_of"] not in ids:
        errs.append(f"{where}: part_of {p['part_of']!r} is not an earlier record")


def check_file(path: Path) -> list:
    g = json.loads(path.read_text(encoding="utf-8"))
    errs = []
    text = load_source(g["source"])
    raw = text.encode("utf-8")
    st = g["source_stats"]
    if (len(text), len(raw), hashlib.sha256(raw).hexdigest()) != (
        st["chars"], st["bytes"], st["sha256"]
    ):
        errs.append("source stats differ from the source")
    ids, seen = set(), {}
    for p in g["projects"]:
        check_span(p, text, raw, p.get("id", "?"), errs)
        check_project(p, text, ids, errs)
        key = (p["char_start"], p["char_end"])
        what = (p["count"], p["size_value"], p["head"])
        if key in seen and what in seen[key]:
            errs.append(f"{p['id']}: a second record with the same span and aggregate")
        seen.setdefault(key, []).append(what)
        if p["id"] in ids:
            errs.append(f"{p['id']}: duplicate id")
        ids.add(p["id"])
    spans = {(p["char_start"], p["char_end"]) for p in g["projects"]}
    for i, x in enumerate(g["excluded_candidates"]):
        check_span(x, text, raw, f"excluded[{i}]", errs)
        if not x.get("reason"):
            errs.append(f"excluded[{i}]: no reason")
        if (x["char_start"], x["char_end"]) in spans:
            errs.append(f"excluded[{i}]: also a project record")
    return errs


def main() -> int:
    files = [Path(a) for a in sys.argv[1:]] or sorted(HERE.glob("*.json"))
    bad = 0
    for f in files:
        errs = check_file(f)
        g = json.loads(f.read_text(encoding="utf-8"))
        print(f"{f.name}: {len(g['projects'])} projects, "
              f"{len(g['excluded_candidates'])} excluded, {len(errs)} errors")
        for e in errs:
            print("  " + e)
        bad += bool(errs)
    if not files:
        print("no gold files")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
