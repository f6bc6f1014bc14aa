# Makes the calibration reference cases for integra with R's survey package (4.1): population
# margins of the California schools population (`apipop`, the population the `api` samples were
# drawn from), replicate-weight files derived from the samples, and expected.csv, in the format
# of ../r-survey-extra/expected.csv. Every design is calibrated in R exactly as the case's
# `args` ask integra to: postStratify, rake, and calibrate with calfun linear, raking and logit,
# on stratified, clustered, two-stage, unweighted and replicate designs.
# Run from this folder: Rscript make-reference.R
suppressMessages(library(survey))
data(api)
write_data <- function(df, file) write.csv(df, file, row.names = FALSE, na = "")
rows <- list()
add <- function(case, data, args, statistic, variable, by, group, level, est, se, df, ci) {
  rows[[length(rows) + 1]] <<- data.frame(set = "r-calibration", case = case, data = data, args = args,
    statistic = statistic, variable = variable, by = by, group = group, level = level,
    estimate = sprintf("%.10g", est), se = sprintf("%.10g", se), df = df,
    ci_low = sprintf("%.10g", ci[1]), ci_high = sprintf("%.10g", ci[2]), deff = "", stringsAsFactors = FALSE)
}
tci <- function(est, se, df) as.vector(est) + c(-1, 1) * qt(0.975, df) * as.vector(se)
isrep <- function(design) inherits(design, "svyrep.design")
dfof <- function(design, keep) if (isrep(design)) degf(design) else degf(design[keep, ])

# The population margins, as integra reads them: one CSV per margin, the margin's variables
# and a `population` column.
margin <- function(vars) {
  t <- as.data.frame(table(apipop[, vars, drop = FALSE]))
  names(t)[ncol(t)] <- "population"
  write_data(t, paste0(paste(vars, collapse = "-"), ".csv"))
  r <- t; names(r)[ncol(r)] <- "Freq"; r
}
pop_stype <- margin("stype"); pop_sw <- margin("sch.wide"); pop_aw <- margin("awards")
pop_cross <- margin(c("stype", "sch.wide"))
N <- nrow(apipop)
# calibrate()'s totals for ~stype + sch.wide + awards: the intercept, then treatment dummies.
totals <- c(N, sum(apipop$stype == "H"), sum(apipop$stype == "M"), sum(apipop$sch.wide == "Yes"), sum(apipop$awards == "Yes"))
totals_sw_aw <- c(N, sum(apipop$sch.wide == "Yes"), sum(apipop$awards == "Yes"))
tight <- list(maxit = 1000, epsilon = 1e-13)

# Means, totals and shares for the whole sample, means by one column; rows missing the column
# left out (na.rm = TRUE) and df from that subset (the design's for replicate weights).
cases <- function(case, data, args, design) {
  v <- design$variables
  for (variable in c("api00", "enroll")) {
    keep <- !is.na(v[[variable]])
    f <- as.formula(paste0("~", variable))
    r <- svymean(f, design, na.rm = TRUE); df <- dfof(design, keep)
    add(case, data, args, "mean", variable, "", "", "", coef(r), SE(r), df, tci(coef(r), SE(r), df))
  }
  keep <- !is.na(v$enroll)
  r <- svytotal(~enroll, design, na.rm = TRUE); df <- dfof(design, keep)
  add(case, data, args, "total", "enroll", "", "", "", coef(r), SE(r), df, tci(coef(r), SE(r), df))
  for (level in c("No", "Yes")) {
    design$variables$.ind <- as.numeric(v$comp.imp == level)
    r <- svyciprop(~.ind, design, method = "logit", df = degf(design))
    add(case, data, args, "proportion", "comp.imp", "", "", level, coef(r), SE(r), degf(design), attr(r, "ci"))
  }
  for (by in c("stype", "both")) {
    b <- svyby(~api00, as.formula(paste0("~", by)), design, svymean)
    for (g in rownames(b)) {
      df <- dfof(design, v[[by]] == g)
      add(case, data, paste(args, "--by", by), "mean", "api00", by, g, "", b[g, "api00"], b[g, "se"], df, tci(b[g, "api00"], b[g, "se"], df))
    }
  }
  # svyby(covmat = TRUE) fails on calibrated designs; the saturated regression's coefficient is
  # the same difference with the same linearization.
  r <- svyglm(api00 ~ both, design)
  add(case, data, paste(args, "--compare both=Yes,both=No"), "difference", "api00", "both", "Yes - No", "", coef(r)[["bothYes"]],
    SE(r)[["bothYes"]], NA, c(NA, NA))
}
stats <- "--mean api00 --mean enroll --total enroll --proportion comp.imp"
ms <- "--margins stype.csv --margins sch.wide.csv --margins awards.csv"

# One-stage cluster sample (15 districts) with fpc.
clus1 <- read.csv("../r-survey/apiclus1.csv")
d <- svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = clus1)
a <- "--weight pw --psu dnum --fpc fpc"
cases("clus1-poststratify", "../r-survey/apiclus1.csv", paste(a, "--calibrate poststratify --margins stype-sch.wide.csv", stats),
  postStratify(d, ~stype + sch.wide, pop_cross))
cases("clus1-rake", "../r-survey/apiclus1.csv", paste(a, "--calibrate rake", ms, stats),
  rake(d, list(~stype, ~sch.wide, ~awards), list(pop_stype, pop_sw, pop_aw), control = tight))
cases("clus1-linear", "../r-survey/apiclus1.csv", paste(a, "--calibrate linear", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "linear", compress = FALSE))
cases("clus1-raking", "../r-survey/apiclus1.csv", paste(a, "--calibrate raking", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "raking", epsilon = 1e-13, maxit = 100, compress = FALSE))
cases("clus1-logit", "../r-survey/apiclus1.csv", paste(a, "--calibrate logit --bounds 0.6,1.6", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "logit", bounds = c(0.6, 1.6), epsilon = 1e-13, maxit = 100, compress = FALSE))
# R trims only on its bounded path (an unbounded linear calibration ignores trim =): the case
# gives bounds that bind nowhere.
cases("clus1-linear-trim", "../r-survey/apiclus1.csv", paste(a, "--calibrate linear --bounds 0,10 --trim 0.7,1.4", ms, stats),
  suppressMessages(calibrate(d, ~stype + sch.wide + awards, totals, calfun = "linear", bounds = c(0, 10), trim = c(0.7, 1.4), epsilon = 1e-13)))

# Stratified sample with fpc, calibrated on two margins that are not its strata.
strat <- read.csv("../r-survey/apistrat.csv")
d <- svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = strat)
a <- "--weight pw --strata stype --fpc fpc"
cases("strat-rake", "../r-survey/apistrat.csv", paste(a, "--calibrate rake --margins sch.wide.csv --margins awards.csv", stats),
  rake(d, list(~sch.wide, ~awards), list(pop_sw, pop_aw), control = tight))
cases("strat-logit", "../r-survey/apistrat.csv", paste(a, "--calibrate logit --bounds 0.5,2 --margins sch.wide.csv --margins awards.csv", stats),
  calibrate(d, ~sch.wide + awards, totals_sw_aw, calfun = "logit", bounds = c(0.5, 2), epsilon = 1e-13, maxit = 100))

# Stratified cluster sample: the stratified sample's districts as PSUs within school types
# (ids restart within strata: nest = TRUE), no fpc.
d <- svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE, data = strat)
a <- "--weight pw --strata stype --psu dnum --nest"
cases("stratclus-poststratify", "../r-survey/apistrat.csv", paste(a, "--calibrate poststratify --margins stype-sch.wide.csv", stats),
  postStratify(d, ~stype + sch.wide, pop_cross))
cases("stratclus-rake", "../r-survey/apistrat.csv", paste(a, "--calibrate rake --margins sch.wide.csv --margins awards.csv", stats),
  rake(d, list(~sch.wide, ~awards), list(pop_sw, pop_aw), control = tight))
cases("stratclus-linear", "../r-survey/apistrat.csv", paste(a, "--calibrate linear", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "linear"))
cases("stratclus-raking", "../r-survey/apistrat.csv", paste(a, "--calibrate raking", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "raking", epsilon = 1e-13, maxit = 100))

# Two-stage cluster sample with an fpc at each stage (enroll has missing values).
clus2 <- read.csv("../r-survey-extra/apiclus2.csv")
d <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = clus2)
a <- "--weight pw --psu dnum,snum --fpc fpc1,fpc2"
cases("clus2-linear", "../r-survey-extra/apiclus2.csv", paste(a, "--calibrate linear", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "linear", compress = FALSE))
cases("clus2-poststratify", "../r-survey-extra/apiclus2.csv", paste(a, "--calibrate poststratify --margins stype-sch.wide.csv", stats),
  postStratify(d, ~stype + sch.wide, pop_cross))

# Unweighted: a simple random sample analysed without weights, calibrated to the population
# (the weights are scaled up 31-fold; R's rule of interpreting bounds after rescaling applies).
srs <- read.csv("../r-survey/apisrs.csv")
d <- suppressWarnings(svydesign(id = ~1, data = srs))
cases("srs-unweighted-rake", "../r-survey/apisrs.csv", paste("--calibrate rake", ms, stats),
  rake(d, list(~stype, ~sch.wide, ~awards), list(pop_stype, pop_sw, pop_aw), control = tight))
cases("srs-unweighted-logit", "../r-survey/apisrs.csv", paste("--calibrate logit --bounds 0.7,1.5", ms, stats),
  suppressWarnings(calibrate(d, ~stype + sch.wide + awards, totals, calfun = "logit", bounds = c(0.7, 1.5), epsilon = 1e-13, maxit = 100)))
cases("srs-unweighted-poststratify", "../r-survey/apisrs.csv", paste("--calibrate poststratify --margins stype-sch.wide.csv", stats),
  postStratify(d, ~stype + sch.wide, pop_cross))

# Replicate weights: JK1 from the cluster sample, every replicate calibrated again.
dj <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = clus1), type = "JK1")
rep <- as.matrix(weights(dj, "analysis")); colnames(rep) <- paste0("rep", seq_len(ncol(rep)))
write_data(cbind(clus1[, c("snum", "dnum", "stype", "sch.wide", "awards", "comp.imp", "both", "api00", "enroll", "pw")], rep), "apiclus1-jk1-full.csv")
jk1 <- read.csv("apiclus1-jk1-full.csv")
d <- svrepdesign(data = jk1, repweights = "rep[0-9]+", weights = ~pw, type = "JK1", combined.weights = TRUE)
a <- "--weight pw --replicate-weights rep --replicate-type JK1"
cases("jk1-poststratify", "apiclus1-jk1-full.csv", paste(a, "--calibrate poststratify --margins stype-sch.wide.csv", stats),
  postStratify(d, ~stype + sch.wide, pop_cross))
cases("jk1-rake", "apiclus1-jk1-full.csv", paste(a, "--calibrate rake", ms, stats),
  rake(d, list(~stype, ~sch.wide, ~awards), list(pop_stype, pop_sw, pop_aw), control = tight))
cases("jk1-linear", "apiclus1-jk1-full.csv", paste(a, "--calibrate linear", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "linear", compress = FALSE))
cases("jk1-logit", "apiclus1-jk1-full.csv", paste(a, "--calibrate logit --bounds 0.2,5", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "logit", bounds = c(0.2, 5), epsilon = 1e-13, maxit = 100, compress = FALSE))
cases("jk1-raking", "apiclus1-jk1-full.csv", paste(a, "--calibrate raking", ms, stats),
  calibrate(d, ~stype + sch.wide + awards, totals, calfun = "raking", epsilon = 1e-13, maxit = 100, compress = FALSE))

write.csv(do.call(rbind, rows), "expected.csv", row.names = FALSE)
