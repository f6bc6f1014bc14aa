#!/usr/bin/env python3
"""Makes the export-format fixtures from clean/responses.csv (plain UTF-8 CSV with the
instrument's column names and codes): the same respondents as a KoboToolbox export with XML
names, as a KoboToolbox label export in Spanish, as a spreadsheet saved in Windows-1252 with
`;` and decimal commas, and as an ODK Central export. Tests check that each gives the same
respondent scores as the clean file. Run from this folder: python3 make-formats.py"""
import csv, json, random, unicodedata

random.seed(5)
rows = list(csv.DictReader(open("clean/responses.csv", encoding="utf-8")))
header = list(rows[0].keys())
instrument = json.load(open("../../Surveys/integration-index-7.json", encoding="utf-8"))
study = json.load(open("clean/study.json", encoding="utf-8"))
items = {item["column"]: item for dim in instrument["dimensions"] for item in dim["items"]}
module = {item["column"]: f"modulo_{chr(97 + d)}/{dim['key']}" for d, dim in enumerate(instrument["dimensions"]) for item in dim["items"]}
groups = {g["column"]: g for g in study["groups"] if "column" in g}

def kobo_path(column):
    if column in module:
        return f"{module[column]}/{column}"
    return f"datos_generales/{column}"

def write(path, lines, encoding="utf-8", newline="\r\n"):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(newline.join(lines) + newline)

def quoted(values, separator=";"):
    return separator.join('"' + v.replace('"', '""') + '"' for v in values)

def metadata(index):
    return {"start": "2026-03-0%dT10:00:00.000-05:00" % (1 + index % 9), "end": "2026-03-0%dT10:25:00.000-05:00" % (1 + index % 9),
            "today": "2026-03-0%d" % (1 + index % 9), "deviceid": "collect:%08d" % (index * 7919 % 99999999),
            "__version__": "vHk3sN2Lq", "_id": str(100000 + index), "_uuid": "4f2c%04x-8e1b-4c2a-9d3e-%012x" % (index, index * 104729),
            "_submission_time": "2026-03-0%dT15:%02d:00" % (1 + index % 9, index % 60), "_validation_status": "", "_notes": "",
            "_status": "submitted_via_web", "_submitted_by": "enumerador%d" % (1 + index % 4), "_tags": "", "_index": str(index + 1)}

meta_front = ["start", "end", "today", "deviceid"]
meta_back = ["__version__", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "_tags", "_index"]
data_columns = [c for c in header if c != "respondent_id"]

# KoboToolbox, "XML values and headers": `;`, every value quoted, CRLF, group paths, metadata,
# and one row submitted twice (same _uuid), which must be quarantined.
lines = [quoted(meta_front + [kobo_path(c) for c in data_columns] + meta_back)]
for i, row in enumerate(rows):
    m = metadata(i)
    lines.append(quoted([m[k] for k in meta_front] + [row[c] for c in data_columns] + [m[k] for k in meta_back]))
lines.insert(12, lines[11])
write("kobo-xml/responses.csv", lines)

# KoboToolbox, "Labels" in Spanish: headers are the questions' labels under their group's
# label, answers are choice labels with whatever case and accents the form had.
def label(column):
    if column in items:
        return items[column]["labels"]["es"]
    if column in groups:
        return groups[column]["labels"]["es"]
    return {"segment": "Segmento censal", "fpc_segments": "Segmentos en la provincia", "weight": "Factor de expansión",
            "native_speaker": "¿Su lengua materna es el español?"}[column]

def choice(column, value):
    if value == "":
        return ""
    if column in items and items[column].get("scale", "ordinal") != "bins":
        item = items[column]
        for code in item.get("codes", []) + item.get("nonAnswers", []):
            if code["code"] == value:
                text = code.get("labels", {}).get("es", value) if isinstance(code.get("labels"), dict) else code.get("labels", value)
                return random.choice([text, text.lower(), text.upper(), unicodedata.normalize("NFD", text)])
        return value
    if column in groups and "values" in groups[column]:
        for v in groups[column]["values"]:
            if v["value"] == value:
                return v["labels"]["es"] if isinstance(v["labels"], dict) else v["labels"]
    if column == "native_speaker":
        return {"1": "Sí", "0": "No"}[value]
    return value

lines = [quoted(meta_front + [f"Módulo {module[c][7].upper()}/{label(c)}" if c in module else label(c) for c in data_columns] + meta_back)]
for i, row in enumerate(rows):
    m = metadata(i)
    lines.append(quoted([m[k] for k in meta_front] + [choice(c, row[c]) for c in data_columns] + [m[k] for k in meta_back]))
write("kobo-labels-es/responses.csv", lines)

# A spreadsheet in a Spanish locale: Windows-1252, a `sep=;` line, decimal commas and
# thousands dots, nationality written out with its accents, trailing empty columns, blank lines.
def spreadsheet(column, value):
    if value == "":
        return ""
    if column in ("weight", "years_in_country"):
        return value.replace(".", ",")
    if column == "q_income":
        return f"{int(value):,}".replace(",", ".")
    if column == "nationality":
        return choice(column, value)
    return value

lines = ["sep=;", ";".join(header) + ";;"]
for i, row in enumerate(rows):
    lines.append(";".join(spreadsheet(c, row[c]) for c in header) + ";;")
    if i % 25 == 24:
        lines.append("")
write("spreadsheet-1252/responses.csv", lines, encoding="cp1252")

# ODK Central: `,`, quotes only where needed, group paths joined with `-`, KEY as the id.
def odk_path(column):
    return kobo_path(column).replace("/", "-")

lines = [",".join(["SubmissionDate"] + [odk_path(c) for c in data_columns] + ["KEY", "SubmitterID", "SubmitterName", "Status"])]
for i, row in enumerate(rows):
    lines.append(",".join(["2026-03-0%dT15:00:00.000Z" % (1 + i % 9)] + [row[c] for c in data_columns]
                          + ["uuid:9b1d%04x-2c4e-4f6a-8b0c-%012x" % (i, i * 7793), str(1 + i % 4), "Enumerador %d" % (1 + i % 4), ""]))
write("odk/responses.csv", lines, newline="\n")
