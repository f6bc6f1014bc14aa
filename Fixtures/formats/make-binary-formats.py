#!/usr/bin/env python3
"""Makes the binary-format fixtures from clean/responses.csv: the same respondents as an Excel
workbook (.xlsx, numbers as numbers, a notes sheet after the data), an SPSS file (.sav) and a
Stata file (.dta), both with variable labels (the questions, in Spanish) and value labels (the
answer and group labels), as national statistics offices deliver them. Tests check that each
gives the same respondents.csv as the clean file. Needs `pip install openpyxl pyreadstat pandas`.
Run from this folder: python3 make-binary-formats.py"""
import csv, json, math, os, shutil
import openpyxl, pandas, pyreadstat

rows = list(csv.DictReader(open("clean/responses.csv", encoding="utf-8")))
header = list(rows[0].keys())
instrument = json.load(open("../../Surveys/integration-index-7.json", encoding="utf-8"))
study = json.load(open("clean/study.json", encoding="utf-8"))
items = {item["column"]: item for dim in instrument["dimensions"] for item in dim["items"]}
groups = {g["column"]: g for g in study["groups"] if "column" in g}

def is_number(column):
    return all(r[column] == "" or r[column].replace(".", "", 1).lstrip("-").isdigit() for r in rows)

numeric = [c for c in header if is_number(c)]

def value(column, text):
    if text == "":
        return None
    if column in numeric:
        number = float(text)
        return int(number) if number.is_integer() else number
    return text

def es(labels):
    return labels["es"] if isinstance(labels, dict) else labels

def study_for(data):
    copy = dict(study)
    copy["data"] = data
    return copy

# Excel: first sheet the data, a second sheet of notes that must not be read.
os.makedirs("excel", exist_ok=True)
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "respuestas"
sheet.append(header)
for r in rows:
    sheet.append([value(c, r[c]) for c in header])
notes = book.create_sheet("notas")
notes.append(["Encuesta simulada de Valdoria", "no es parte de los datos"])
book.save("excel/responses.xlsx")
json.dump(study_for("responses.xlsx"), open("excel/study.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)

# SPSS and Stata: numbers as doubles, missing as system-missing, labels from the instrument.
frame = pandas.DataFrame({c: [value(c, r[c]) if c not in numeric else (math.nan if r[c] == "" else float(r[c])) for r in rows] for c in header})
for c in header:
    if c not in numeric:
        frame[c] = frame[c].fillna("")
variable_labels = {}
value_labels = {}
for c in header:
    if c in items:
        variable_labels[c] = es(items[c]["labels"])
        codes = items[c].get("codes", []) + items[c].get("nonAnswers", [])
        if codes:
            value_labels[c] = {float(code["code"]): es(code.get("labels", code["code"])) for code in codes}
    elif c in groups:
        variable_labels[c] = es(groups[c]["labels"])
        if c in numeric and "values" in groups[c]:
            value_labels[c] = {float(v["value"]): es(v["labels"]) for v in groups[c]["values"]}
variable_labels.update({"segment": "Segmento censal", "fpc_segments": "Segmentos en la provincia", "weight": "Factor de expansión",
                        "native_speaker": "¿Su lengua materna es el español?"})
value_labels["native_speaker"] = {1.0: "Sí", 0.0: "No"}
labels = [variable_labels.get(c, "") for c in header]
os.makedirs("spss", exist_ok=True)
pyreadstat.write_sav(frame, "spss/responses.sav", column_labels=labels, variable_value_labels=value_labels)
json.dump(study_for("responses.sav"), open("spss/study.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
os.makedirs("stata", exist_ok=True)
stata_labels = {c: {int(k): v for k, v in m.items()} for c, m in value_labels.items()}
# Stata keeps at most 80 characters of a variable label.
pyreadstat.write_dta(frame, "stata/responses.dta", column_labels=[label[:80] for label in labels], variable_value_labels=stata_labels, version=15)
json.dump(study_for("responses.dta"), open("stata/study.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
