#!/usr/bin/env python3
"""The same job as `integra run`, done by a general-purpose SQL engine (DuckDB), as the yardstick
of Benchmarks/run.sh: read the survey CSV, score every item from the study's instrument (codes,
score tables, bins relative to a parameter, non-answer rules, routing), dimension scores with
minItems, the overall index with minDimensions, the headline proportions, then every estimate
(population and each group, crossings included) with its Taylor-linearized standard error for
the stratified cluster design with fpc, and write respondents.csv and estimates.csv.

    python3 duckdb_baseline.py STUDY.json DATA.csv OUTPUT_DIR [--check INTEGRA_ESTIMATES.csv]

With --check, every estimate and SE must equal integra's (relative 1e-9, or 1e-12 absolute);
it exits 1 otherwise. Prints the seconds the job took, from reading the CSV to the last file."""
import csv, json, math, os, sys, time
import duckdb

study_path, data_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = sys.argv[sys.argv.index("--check") + 1] if "--check" in sys.argv else None
study = json.load(open(study_path, encoding="utf-8"))
here = os.path.dirname(os.path.abspath(__file__))
name = study["instrument"].split("@")[0]
instrument = json.load(open(os.path.join(here, "..", "Surveys", name + ".json"), encoding="utf-8"))
parameters = study.get("parameters", {})
design = study["design"]

def lit(text):
    return "'" + str(text).replace("'", "''") + "'"

def col(name):
    return '"' + name.replace('"', '""') + '"'

def named_score(value):
    return {"lowest": 0.0, "middle": 0.5, "highest": 1.0}.get(value, value)

def item_sql(item):
    """(score expression, applicable expression) of one item; NULL where missing."""
    c = col(item["column"])
    scale = item.get("scale", "ordinal")
    whens = []
    for na in item.get("nonAnswers", []):
        if "score" in na:
            whens.append(f"WHEN {lit(na['code'])} THEN {float(named_score(na['score']))}")
    if scale == "ordinal":
        codes = item["codes"]
        k = len(codes)
        for p, code in enumerate(codes):
            s = p / (k - 1)
            whens.append(f"WHEN {lit(code['code'])} THEN {1 - s if item.get('reversed') else s}")
        score = f"CASE {c} " + " ".join(whens) + " ELSE NULL END"
    elif scale == "scores":
        for code in item["codes"]:
            whens.append(f"WHEN {lit(code['code'])} THEN {float(code['score'])}")
        score = f"CASE {c} " + " ".join(whens) + " ELSE NULL END"
    else:
        bounds = item["bins"]
        x = f"TRY_CAST({c} AS DOUBLE)"
        if item.get("relativeTo"):
            x = f"({x} / {float(parameters[item['relativeTo']])})"
        k = len(bounds)
        parts = []
        for b in range(k - 1, -1, -1):
            s = b / (k - 1)
            parts.append(f"WHEN {x} >= {float(bounds[b])} THEN {1 - s if item.get('reversed') else s}")
        score = (f"CASE {c} " + " ".join(whens) + f" ELSE CASE {' '.join(parts)} ELSE NULL END END") if whens else f"CASE {' '.join(parts)} ELSE NULL END"
    applicable = "TRUE"
    routing = item.get("routing")
    if routing:
        skipped = f"{col(routing['column'])} IN ({', '.join(lit(v) for v in routing['skippedWhen'])})"
        if "score" in routing:
            score = f"CASE WHEN {skipped} THEN {float(routing['score'])} ELSE {score} END"
        else:
            score = f"CASE WHEN {skipped} THEN NULL ELSE {score} END"
            applicable = f"NOT coalesce({skipped}, FALSE)"
    return score, applicable

def group_sql(group, by_key):
    if "cross" in group:
        return " || '|' || ".join(f"g_{m}" for m in group["cross"])
    c = col(group["column"])
    if "bands" in group:
        x = f"TRY_CAST({c} AS DOUBLE)"
        cases = []
        for band in group["bands"]:
            label = band["labels"]["en"] if isinstance(band["labels"], dict) else band["labels"]
            conditions = [f"{x} >= {band['from']}" if "from" in band else None, f"{x} < {band['below']}" if "below" in band else None]
            cases.append(f"WHEN {' AND '.join(c for c in conditions if c)} THEN {lit(label)}")
        return f"CASE {' '.join(cases)} ELSE '' END"
    return f"coalesce({c}, '')"

started = time.perf_counter()
verbose = "--verbose" in sys.argv
last = [started]
def lap(stage):
    if verbose:
        now = time.perf_counter()
        print(f"  {stage:<12} {now - last[0]:.3f} s", file=sys.stderr)
        last[0] = now
db = duckdb.connect()
db.execute("SET threads TO %d" % os.cpu_count())
db.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv({lit(data_path)}, header = true, all_varchar = true)")

items, dims = [], []
for d in instrument["dimensions"]:
    keys = []
    for item in d["items"]:
        score, applicable = item_sql(item)
        key = "i_" + item["column"]
        items.append(f"{score} AS {key}, {applicable} AS a_{item['column']}")
        keys.append(item["column"])
    dims.append((d, keys))
groups = study.get("groups", [])
simple = [g for g in groups if "cross" not in g]
select = [f"{col(study['id'])} AS id", f"{col(design['strata'])} AS stratum", f"{col(design['psu'])} AS psu",
          f"CAST({col(design['fpc'])} AS DOUBLE) AS fpc", f"CAST({col(design['weight'])} AS DOUBLE) AS w"]
select += items + [f"{group_sql(g, None)} AS g_{g['key']}" for g in simple]
for h in study.get("headlines", []):
    c = col(h["column"])
    yes = ", ".join(lit(v) for v in h["yes"])
    if h.get("of"):
        of = ", ".join(lit(v) for v in h["of"])
        select.append(f"CASE WHEN {c} IN ({yes}) THEN 1.0 WHEN {c} IN ({of}) THEN 0.0 ELSE NULL END AS h_{h['key']}")
    else:
        select.append(f"CASE WHEN {c} IN ({yes}) THEN 1.0 WHEN {c} IS NULL OR {c} = '' THEN NULL ELSE 0.0 END AS h_{h['key']}")
lap("read")
items_query = "SELECT " + ", ".join(select) + " FROM raw"

dim_exprs = []
for d, keys in dims:
    available = " + ".join(f"(i_{k} IS NOT NULL)::INT" for k in keys)
    applicable = " + ".join(f"(a_{k})::INT" for k in keys)
    total = " + ".join(f"coalesce(i_{k}, 0)" for k in keys)
    need = d.get("minItems", (len(keys) + 1) // 2)
    dim_exprs.append(f"CASE WHEN ({available}) >= least({need}, {applicable}) AND ({available}) > 0 THEN ({total}) / ({available}) ELSE NULL END AS {d['key']}")
in_index = [d for d, _ in dims if d.get("inIndex", True)]
min_dims = instrument.get("index", {}).get("minDimensions", max(1, len(in_index) - 1))
weights = {d["key"]: float(d.get("weight", 1)) for d in in_index}
crossings = [f"{group_sql(g, None)} AS g_{g['key']}" for g in groups if "cross" in g]
dims_query = "SELECT *, " + ", ".join(dim_exprs) + (", " + ", ".join(crossings) if crossings else "") + f" FROM ({items_query})"
available = " + ".join(f"({d['key']} IS NOT NULL)::INT" for d in in_index)
wsum = " + ".join(f"CASE WHEN {d['key']} IS NULL THEN 0 ELSE {weights[d['key']]} END" for d in in_index)
wtot = " + ".join(f"coalesce({d['key']}, 0) * {weights[d['key']]}" for d in in_index)
db.execute(f"CREATE TABLE scores AS SELECT *, CASE WHEN ({available}) >= {min_dims} THEN ({wtot}) / ({wsum}) ELSE NULL END AS overall FROM ({dims_query})")

lap("scoring")
dim_keys = [d["key"] for d, _ in dims] + ["overall"]
db.execute(f"COPY (SELECT id AS {col(study['id'])}, " + ", ".join(f"round({k} * 100, 10) AS {k}" for k in dim_keys)
           + f" FROM scores) TO {lit(os.path.join(out, 'respondents.csv'))} (HEADER)")

lap("respondents")
indicators = [(k, k) for k in dim_keys] + [(h["key"], "h_" + h["key"]) for h in study.get("headlines", [])]
# Per PSU and domain, the weighted sums A = Σ w·y and B = Σ w over rows where y is known: a
# domain's linearized PSU total is (A − ȳ·B) / N, so these sums are all the variance needs.
sums = ", ".join(f"sum(w * {c}) AS a{i}, sum(CASE WHEN {c} IS NOT NULL THEN w END) AS b{i}, count({c}) AS n{i}" for i, (_, c) in enumerate(indicators))
grouping_sets = ", ".join(["(stratum, psu)"] + [f"(stratum, psu, g_{g['key']})" for g in groups])
group_value = "CASE " + " ".join(f"WHEN NOT grouping(g_{g['key']})::BOOL THEN {lit(g['key'])}" for g in groups) + " ELSE '' END"
group_text = "coalesce(" + ", ".join(f"CASE WHEN NOT grouping(g_{g['key']})::BOOL THEN g_{g['key']} END" for g in groups) + ", '')"
lap("")
db.execute(f"""CREATE TABLE psu_sums AS SELECT stratum, psu, {group_value} AS gv, {group_text} AS gval, {sums}
FROM scores GROUP BY GROUPING SETS ({grouping_sets})""")
lap("psu sums")
unpivot = " UNION ALL ".join(f"SELECT {lit(k)} AS indicator, stratum, psu, gv, gval, a{i} AS a, b{i} AS b, n{i} AS n FROM psu_sums WHERE n{i} > 0" for i, (k, _) in enumerate(indicators))
db.execute(f"""
CREATE TABLE estimates AS
WITH design AS (SELECT stratum, count(DISTINCT psu) AS nh, any_value(fpc) AS fh FROM scores GROUP BY stratum),
p AS ({unpivot}),
domain AS (SELECT indicator, gv, gval, sum(n) AS n, sum(b) AS wn, sum(a) / sum(b) AS mean FROM p GROUP BY ALL),
z AS (SELECT p.indicator, p.gv, p.gval, p.stratum, (p.a - d.mean * p.b) / d.wn AS z FROM p JOIN domain d USING (indicator, gv, gval)),
strata AS (
  SELECT z.indicator, z.gv, z.gval, z.stratum, sum(z * z) AS zz, sum(z) AS zs, any_value(s.nh) AS nh, any_value(s.fh) AS fh
  FROM z JOIN design s USING (stratum) GROUP BY ALL
)
SELECT d.indicator, d.gv AS group_variable, d.gval AS group_value, d.n, d.wn AS weighted_n, d.mean * 100 AS estimate,
  sqrt(sum(CASE WHEN s.nh > 1 THEN (1 - s.nh / s.fh) * s.nh / (s.nh - 1) * (s.zz - s.zs * s.zs / s.nh) ELSE 0 END)) * 100 AS se
FROM domain d JOIN strata s USING (indicator, gv, gval)
GROUP BY d.indicator, d.gv, d.gval, d.n, d.wn, d.mean
""")
db.execute(f"COPY (SELECT * FROM estimates ORDER BY group_variable, group_value, indicator) TO {lit(os.path.join(out, 'estimates.csv'))} (HEADER)")
lap("estimates")
elapsed = time.perf_counter() - started
print(f"{elapsed:.3f}")

if check:
    mine = {(r[0], r[1], r[2]): (float(r[5]), float(r[6]), int(r[3])) for r in db.execute("SELECT * FROM estimates").fetchall()}
    theirs = {}
    for r in csv.DictReader(open(check, encoding="utf-8")):
        # The counting view (af_…) is integra's alone: the baseline does the index's job.
        if r["estimate"] != "" and not r["indicator"].startswith("af_"):
            theirs[(r["indicator"], r["group_variable"], r["group_value"])] = (float(r["estimate"]), float(r["se"]), int(r["n"]))
    bad = []
    for key, (estimate, se, n) in theirs.items():
        if key not in mine:
            bad.append(f"{key}: not estimated by DuckDB")
            continue
        e, s, m = mine[key]
        close = lambda a, b: abs(a - b) <= max(1e-9 * abs(b), 1e-12)
        if n != m or not close(e, estimate) or not close(s, se):
            bad.append(f"{key}: integra {estimate} ± {se} (n {n}), DuckDB {e} ± {s} (n {m})")
    if bad or not theirs:
        print("duckdb baseline: estimates differ from integra's:\n  " + "\n  ".join(bad[:20]), file=sys.stderr)
        sys.exit(1)
    print(f"duckdb baseline: {len(theirs)} published estimates and SEs equal integra's", file=sys.stderr)
