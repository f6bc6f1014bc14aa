#!/usr/bin/env python3
"""Makes the XLSForm fixtures: the Valdoria survey as a country office would have fielded it in
KoboToolbox, with its own question names (p01_conexion, not q_connected), labels in Spanish
and English, choice lists, groups and `relevant` routing, scored through integra:: columns
(valdoria/formulario.xlsx), and its KoboToolbox "Labels" export in Spanish of the same 80
respondents as ../formats/clean/responses.csv plus one re-submission
(valdoria/export-etiquetas.csv). A second form, matched/formulario.xlsx, has the built-in
instrument's labels but no integra:: columns, so integra scores it by matching the built-in.
Tests check that both give the clean file's scores. Needs `pip install openpyxl`.
Run from this folder: python3 make-forms.py"""
import csv, json, os, random
import openpyxl

random.seed(9)
instrument = json.load(open("../../Surveys/integration-index-7.json", encoding="utf-8"))
study = json.load(open("../formats/clean/study.json", encoding="utf-8"))
rows = list(csv.DictReader(open("../formats/clean/responses.csv", encoding="utf-8")))
groups = {g["column"]: g for g in study["groups"] if "column" in g}

names = dict(zip(
    ["q_connected", "q_outsider", "q_nationals_talked", "q_shared_meal", "q_employment", "q_income", "q_unexpected_expense",
     "q_job_satisfaction", "q_celebrations", "q_customs", "q_discrimination", "q_keep_culture", "q_politics_understand",
     "q_politics_discuss", "q_civic_actions", "q_read", "q_speak", "q_write", "q_follow_media", "q_doctor", "q_job_search",
     "q_regularize_where", "q_legal_help", "q_migrate_12m", "q_stay_5y", "q_return"],
    ["p01_conexion", "p02_extranjero", "p03_nacionales", "p04_comida", "p05_empleo", "p06_ingreso", "p07_imprevisto",
     "p08_satisfaccion", "p09_fiestas", "p10_costumbres", "p11_discriminacion", "p12_cultura_propia", "p13_politica_entiende",
     "p14_politica_conversa", "p15_acciones", "p16_leer", "p17_hablar", "p18_escribir", "p19_medios", "p20_medico",
     "p21_buscar_trabajo", "p22_regularizar", "p23_ayuda_legal", "p24_migrar_12m", "p25_quedarse_5a", "p26_regresar"]))
demographics = {"province": "provincia", "segment": "segmento", "sex": "sexo", "age": "edad", "nationality": "nacionalidad",
                "years_in_country": "tiempo_pais", "migratory_status": "situacion_migratoria", "native_speaker": "lengua_materna"}

def es(labels):
    return labels["es"] if isinstance(labels, dict) else labels

def en(labels):
    return labels["en"] if isinstance(labels, dict) else labels

def local(text):
    """The form's own wording: the country by its name."""
    return text.replace("el país", "Valdoria").replace("aquí", "en Valdoria").replace("el idioma local", "español")

LANGS = ["label::Español (es)", "label::English (en)"]
INTEGRA = ["integra::dimension", "integra::scale", "integra::order", "integra::reversed", "integra::nonanswer", "integra::scores",
           "integra::bins", "integra::relative_to", "integra::routing_score"]

def write_form(path, survey, choices, settings, with_integra):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    header = ["type", "name"] + LANGS + ["relevant", "required"] + (INTEGRA if with_integra else [])
    sheet.append(header)
    for row in survey:
        sheet.append([row.get(column, "") for column in header])
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name"] + LANGS)
    for row in choices:
        sheet.append(row)
    sheet = book.create_sheet("settings")
    sheet.append(list(settings.keys()))
    sheet.append(list(settings.values()))
    book.save(path)

def form(with_integra, own_labels):
    survey, choices = [], []
    label = (lambda text: local(text)) if own_labels else (lambda text: text)
    def group_choices(column):
        g = groups[column]
        return [(v["value"], es(v["labels"]), en(v["labels"])) for v in g["values"]]
    survey.append({"type": "begin_group", "name": "datos_generales", LANGS[0]: "Datos generales", LANGS[1]: "General information"})
    for column, name in demographics.items():
        if column in ("province", "sex", "nationality", "migratory_status"):
            survey.append({"type": f"select_one {name}_op", "name": name, LANGS[0]: es(groups[column]["labels"]), LANGS[1]: en(groups[column]["labels"]), "required": "true"})
            choices.extend([f"{name}_op", *c] for c in group_choices(column))
        elif column == "native_speaker":
            survey.append({"type": "select_one sino", "name": name, LANGS[0]: "¿Su lengua materna es el español?", LANGS[1]: "Is Spanish your mother tongue?"})
            choices.extend([["sino", "1", "Sí", "Yes"], ["sino", "0", "No", "No"]])
        elif column == "segment":
            survey.append({"type": "text", "name": name, LANGS[0]: "Segmento censal", LANGS[1]: "Census segment"})
        else:
            labels = groups[column]["labels"]
            survey.append({"type": "integer" if column == "age" else "decimal", "name": name, LANGS[0]: es(labels), LANGS[1]: en(labels)})
    survey.append({"type": "end_group"})
    for d, dim in enumerate(instrument["dimensions"]):
        letter = chr(65 + d)
        survey.append({"type": "begin_group", "name": f"modulo_{letter.lower()}", LANGS[0]: f"Módulo {letter}", LANGS[1]: f"Module {letter}"})
        for item in dim["items"]:
            name = names[item["column"]] if own_labels else "m%d_%s" % (d + 1, item["column"][2:])
            row = {"name": name, LANGS[0]: label(es(item["labels"])), LANGS[1]: en(item["labels"])}
            scale = item.get("scale", "ordinal")
            if with_integra:
                row["integra::dimension"] = dim["key"]
            if scale == "bins":
                row["type"] = "decimal" if item.get("relativeTo") else "integer"
                if with_integra:
                    row["integra::bins"] = " ".join(str(b) for b in item["bins"])
                    if item.get("relativeTo"):
                        row["integra::relative_to"] = item["relativeTo"]
            else:
                listname = name + "_op"
                row["type"] = f"select_one {listname}"
                codes = item["codes"] + item.get("nonAnswers", [])
                # Forms list choices by code; the scoring order comes from integra::order.
                for code in sorted(codes, key=lambda c: int(c["code"])):
                    choices.append([listname, code["code"], es(code["labels"]), en(code["labels"])])
                order = [c["code"] for c in item["codes"]]
                if with_integra:
                    if scale == "scores":
                        row["integra::scale"] = "scores"
                        row["integra::scores"] = " ".join(f"{c['code']}={c['score']}" for c in item["codes"])
                    elif order != sorted(order, key=int):
                        row["integra::order"] = " ".join(order)
                    if item.get("reversed"):
                        row["integra::reversed"] = "yes"
                    scored = [n for n in item.get("nonAnswers", []) if "score" in n]
                    if scored:
                        row["integra::nonanswer"] = " ".join(n["code"] + ("=" + str(n["score"]) if "score" in n else "") for n in item["nonAnswers"])
            routing = item.get("routing")
            if routing:
                source = demographics.get(routing["column"]) or (names[routing["column"]] if own_labels else "m2_employment")
                row["relevant"] = " and ".join(f"${{{source}}} != '{v}'" for v in routing["skippedWhen"] if v.isdigit())
                if "score" in routing and with_integra:
                    row["integra::routing_score"] = str(routing["score"])
            survey.append(row)
        survey.append({"type": "end_group"})
    return survey, choices

os.makedirs("valdoria", exist_ok=True)
os.makedirs("matched", exist_ok=True)
settings = {"form_title": "Encuesta de integración de personas migrantes – Valdoria 2026", "form_id": "valdoria_integracion",
            "version": "2026.03", "default_language": "Español (es)", "integra::parameter::median_income": 420000}
survey, choices = form(with_integra=True, own_labels=True)
write_form("valdoria/formulario.xlsx", survey, choices, settings, with_integra=True)
matched_survey, matched_choices = form(with_integra=False, own_labels=False)
write_form("matched/formulario.xlsx", matched_survey, matched_choices, dict(settings, form_id="valdoria_sin_puntajes"), with_integra=False)

# The KoboToolbox "Labels" export in Spanish of the fielded form: headers are group label /
# question label, answers are choice labels.
labels = {q["name"]: q for q in survey if q.get("name")}
choice_labels = {}
for list_name, code, label_es, _ in choices:
    choice_labels[(list_name, code)] = label_es
group_of = {}
current = None
for q in survey:
    if q.get("type") == "begin_group":
        current = q[LANGS[0]]
    elif q.get("type") == "end_group":
        current = None
    elif q.get("name"):
        group_of[q["name"]] = current

def header(column):
    name = names.get(column) or demographics.get(column)
    if name is None:
        return {"weight": "factor_expansion", "fpc_segments": "segmentos_provincia"}[column]
    return f"{group_of[name]}/{labels[name][LANGS[0]]}"

def answer(column, value):
    name = names.get(column) or demographics.get(column)
    if value == "" or name is None:
        return value
    q = labels[name]
    if q["type"].startswith("select_one"):
        return choice_labels.get((q["type"].split()[1], value), value)
    return value

data_columns = [c for c in rows[0].keys() if c != "respondent_id"]
meta_back = ["_id", "_uuid", "_submission_time", "_index"]
lines = [[header(c) for c in data_columns] + meta_back]
for i, row in enumerate(rows):
    lines.append([answer(c, row[c]) for c in data_columns] + [str(200000 + i), "9a1b%04x-77aa-4c2a-9d3e-%012x" % (i, i * 7919), "2026-03-%02dT11:%02d:00" % (1 + i % 28, i % 60), str(i + 1)])
lines.insert(30, lines[29])
with open("valdoria/export-etiquetas.csv", "w", encoding="utf-8", newline="") as f:
    f.write("\r\n".join(";".join('"' + v.replace('"', '""') + '"' for v in line) for line in lines) + "\r\n")
