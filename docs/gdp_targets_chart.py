#!/usr/bin/env python3
"""Draw docs/gdp_targets.svg: national and provincial GDP-growth targets and outcomes by year.

    cargo build --release
    gwr convert ../shared/corpus -o /tmp/gwr-out
    gwr panel /tmp/gwr-out -o /tmp/gwr-panel --metrics gdp_growth
    python3 docs/gdp_targets_chart.py /tmp/gwr-panel/panel.csv docs/gdp_targets.svg

Reads the panel's CSV with the standard library only and writes a plain SVG (no plotting
package needed). Lines: the State Council's target and the outcome its next report states;
dots: each province's target (a range at its midpoint) and, hollow, its outcome.
"""
import csv, sys
from collections import defaultdict

W, H, L, R, T, B = 960, 480, 60, 180, 40, 50


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def mid(v, hi):
    v, hi = num(v), num(hi)
    return None if v is None else (v if hi is None else (v + hi) / 2)


def load(path):
    nat_t, nat_o, prov_t, prov_o = {}, {}, [], []
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if r["metric"] != "gdp_growth":
            continue
        y, t, o = int(r["year"]), mid(r["target_value"], r["target_value_high"]), num(r["outcome_value"])
        if r["admin_level"] == "national":
            if t is not None:
                nat_t[y] = t
            if o is not None:
                nat_o[y] = o
        elif r["admin_level"] == "province":
            if t is not None:
                prov_t.append((y, t))
            if o is not None:
                prov_o.append((y, o))
    return nat_t, nat_o, prov_t, prov_o


def main():
    src, dst = sys.argv[1], sys.argv[2]
    nat_t, nat_o, prov_t, prov_o = load(src)
    years = [y for y, _ in prov_t + prov_o] + list(nat_t) + list(nat_o)
    if not years:
        sys.exit("no gdp_growth rows in " + src)
    x0, x1 = min(years) - 1, max(years) + 1
    vals = [v for _, v in prov_t + prov_o] + list(nat_t.values()) + list(nat_o.values())
    y0, y1 = min(0.0, min(vals)), max(vals) + 1
    sx = lambda x: L + (x - x0) / (x1 - x0) * (W - L - R)
    sy = lambda y: H - B - (y - y0) / (y1 - y0) * (H - T - B)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="24" font-size="15">GDP growth: targets vs outcomes, State Council and provinces (gwr panel)</text>']
    for g in range(int(y0), int(y1) + 1, 2):
        out.append(f'<line x1="{L}" x2="{W - R}" y1="{sy(g):.1f}" y2="{sy(g):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 8}" y="{sy(g) + 4:.1f}" text-anchor="end">{g}%</text>')
    for yr in range(int(x0) + 1, int(x1)):
        if yr % 5 == 0:
            out.append(f'<text x="{sx(yr):.1f}" y="{H - B + 18}" text-anchor="middle">{yr}</text>')
            out.append(f'<line x1="{sx(yr):.1f}" x2="{sx(yr):.1f}" y1="{H - B}" y2="{H - B + 5}" stroke="#555"/>')
    out.append(f'<line x1="{L}" x2="{W - R}" y1="{H - B}" y2="{H - B}" stroke="#555"/>')
    for y, v in prov_t:
        out.append(f'<circle cx="{sx(y) - 3:.1f}" cy="{sy(v):.1f}" r="3" fill="#1f77b4" fill-opacity="0.45"/>')
    for y, v in prov_o:
        out.append(f'<circle cx="{sx(y) + 3:.1f}" cy="{sy(v):.1f}" r="3" fill="none" stroke="#d62728" stroke-opacity="0.6"/>')

    def line(d, colour, dash):
        pts = " ".join(f"{sx(y):.1f},{sy(v):.1f}" for y, v in sorted(d.items()))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.2"{dash}/>')
        for y, v in d.items():
            out.append(f'<circle cx="{sx(y):.1f}" cy="{sy(v):.1f}" r="2.5" fill="{colour}"/>')
    line(nat_t, "#1f3b73", "")
    line(nat_o, "#b2182b", ' stroke-dasharray="6 3"')
    legend = [("#1f3b73", "national target", "line"), ("#b2182b", "national outcome", "dash"),
              ("#1f77b4", "provincial targets", "dot"), ("#d62728", "provincial outcomes", "ring")]
    for i, (c, label, kind) in enumerate(legend):
        y = T + 20 + i * 22
        x = W - R + 15
        if kind in ("line", "dash"):
            dash = ' stroke-dasharray="6 3"' if kind == "dash" else ""
            out.append(f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{c}" stroke-width="2.2"{dash}/>')
        elif kind == "dot":
            out.append(f'<circle cx="{x + 12}" cy="{y}" r="3" fill="{c}" fill-opacity="0.45"/>')
        else:
            out.append(f'<circle cx="{x + 12}" cy="{y}" r="3" fill="none" stroke="{c}"/>')
        out.append(f'<text x="{x + 30}" y="{y + 4}">{label}</text>')
    n = f"{len(nat_t)} national targets, {len(nat_o)} outcomes; {len(prov_t)} provincial targets, {len(prov_o)} outcomes"
    out.append(f'<text x="{L}" y="{H - 10}" fill="#555">{n}. Ranges at their midpoint. Source: ../shared/corpus.</text>')
    out.append("</svg>")
    open(dst, "w", encoding="utf-8").write("\n".join(out) + "\n")
    print(f"wrote {dst}: {n}", file=sys.stderr)


if __name__ == "__main__":
    main()
