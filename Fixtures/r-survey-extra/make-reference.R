# Makes the extra reference cases for integra's estimation engine with R's survey package:
# the data files (public data from `data(api)`, plus replicate weights and strata derived
# from them) and expected.csv, in the format of ../r-survey/expected.csv with a `deff` column.
# Run from this folder: Rscript make-reference.R
suppressMessages(library(survey))
data(api)
set.seed(20261122)
write_data <- function(df, file) write.csv(df, file, row.names = FALSE, na = "")
rows <- list()
add <- function(case, data, args, statistic, variable, by, group, level, est, se, df, ci, deff = NA) {
  rows[[length(rows) + 1]] <<- data.frame(set = "r-survey-extra", case = case, data = data, args = args,
    statistic = statistic, variable = variable, by = by, group = group, level = level,
    estimate = sprintf("%.10g", est), se = sprintf("%.10g", se), df = df,
    ci_low = sprintf("%.10g", ci[1]), ci_high = sprintf("%.10g", ci[2]),
    deff = ifelse(is.na(deff), "", sprintf("%.10g", deff)), stringsAsFactors = FALSE)
}
tci <- function(est, se, df) est + c(-1, 1) * qt(0.975, df) * se

# Whole-sample mean or total, with deff.
whole <- function(case, data, args, design, statistic, variable) {
  f <- as.formula(paste0("~", variable))
  r <- if (statistic == "mean") svymean(f, design, na.rm = TRUE, deff = TRUE) else svytotal(f, design, na.rm = TRUE, deff = TRUE)
  sub <- design[!is.na(design$variables[[variable]]), ]
  df <- degf(sub)
  add(case, data, args, statistic, variable, "", "", "", coef(r), SE(r), df, tci(coef(r), SE(r), df), deff(r))
}
# Domain means by one column, with deff.
domains <- function(case, data, args, design, variable, by) {
  f <- as.formula(paste0("~", variable))
  b <- svyby(f, as.formula(paste0("~", by)), design, svymean, na.rm = TRUE, deff = TRUE)
  for (g in rownames(b)) {
    sub <- design[design$variables[[by]] == g & !is.na(design$variables[[variable]]), ]
    df <- if (inherits(design, "svyrep.design")) degf(design) else degf(sub)
    add(case, data, args, "mean", variable, by, g, "", b[g, variable], b[g, "se"], df, tci(b[g, variable], b[g, "se"], df), b[g, paste0("DEff.", variable)])
  }
}
# Category shares with the logit interval.
shares <- function(case, data, args, design, variable) {
  for (level in sort(unique(na.omit(design$variables[[variable]])))) {
    design$variables$.ind <- as.numeric(design$variables[[variable]] == level)
    r <- svyciprop(~.ind, design, method = "logit", df = degf(design))
    add(case, data, args, "proportion", variable, "", "", level, coef(r), SE(r), degf(design), attr(r, "ci"))
  }
}
# The difference of two domain means: svyby with its covariance, then svycontrast.
difference <- function(case, data, args, design, variable, by, a, b) {
  s <- svyby(as.formula(paste0("~", variable)), as.formula(paste0("~", by)), design, svymean, covmat = TRUE)
  contrast <- setNames(rep(0, nrow(s)), rownames(s)); contrast[a] <- 1; contrast[b] <- -1
  r <- svycontrast(s, contrast)
  add(case, data, args, "difference", variable, by, paste0(a, " - ", b), "", coef(r), SE(r), NA, c(NA, NA))
}

# Two-stage cluster sample with an fpc at each stage.
write_data(apiclus2, "apiclus2.csv")
d2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2)
a <- "--weight pw --psu dnum,snum --fpc fpc1,fpc2"
whole("clus2-fpc", "apiclus2.csv", paste(a, "--mean api00"), d2, "mean", "api00")
whole("clus2-fpc-total", "apiclus2.csv", paste(a, "--total enroll"), d2, "total", "enroll")
domains("clus2-fpc-by", "apiclus2.csv", paste(a, "--mean api00 --by stype"), d2, "api00", "stype")
shares("clus2-fpc-prop", "apiclus2.csv", paste(a, "--proportion sch.wide"), d2, "sch.wide")
# Weights from the fpc alone, as R derives them.
d2w <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
whole("clus2-fpc-noweight", "apiclus2.csv", "--psu dnum,snum --fpc fpc1,fpc2 --mean api00", d2w, "mean", "api00")
d2u <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
whole("clus2-ultimate", "apiclus2.csv", "--weight pw --psu dnum,snum --mean api00", d2u, "mean", "api00")

# Strata with one PSU: district 637 alone in stratum A.
lonely <- apiclus1
lonely$str <- ifelse(lonely$dnum == 637, "A", ifelse(lonely$dnum < 400, "B", "C"))
write_data(lonely, "apiclus1-lonely.csv")
for (policy in c("remove", "certainty", "adjust", "average")) {
  options(survey.lonely.psu = policy)
  dl <- svydesign(id = ~dnum, strata = ~str, weights = ~pw, data = lonely)
  a <- paste("--weight pw --strata str --psu dnum --lonely-psu", policy)
  whole(paste0("lonely-", policy), "apiclus1-lonely.csv", paste(a, "--mean api00"), dl, "mean", "api00")
  whole(paste0("lonely-", policy, "-total"), "apiclus1-lonely.csv", paste(a, "--total enroll"), dl, "total", "enroll")
  domains(paste0("lonely-", policy, "-by"), "apiclus1-lonely.csv", paste(a, "--mean api00 --by stype"), dl, "api00", "stype")
}
options(survey.lonely.psu = "fail")

# Designs that the reference cases use, with the design effect.
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
a <- "--weight pw --strata stype --fpc fpc"
whole("strat-fpc-deff", "../r-survey/apistrat.csv", paste(a, "--mean api00"), dstrat, "mean", "api00")
whole("strat-fpc-total-deff", "../r-survey/apistrat.csv", paste(a, "--total enroll"), dstrat, "total", "enroll")
domains("strat-fpc-by-deff", "../r-survey/apistrat.csv", paste(a, "--mean api00 --by sch.wide"), dstrat, "api00", "sch.wide")
difference("strat-compare", "../r-survey/apistrat.csv", paste(a, "--mean api00 --compare stype=E,stype=H"), dstrat, "api00", "stype", "E", "H")
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
a <- "--weight pw --psu dnum --fpc fpc"
whole("clus1-deff", "../r-survey/apiclus1.csv", paste(a, "--mean api00"), dclus1, "mean", "api00")
domains("clus1-by-deff", "../r-survey/apiclus1.csv", paste(a, "--mean ell --by stype"), dclus1, "ell", "stype")
difference("clus1-compare", "../r-survey/apiclus1.csv", paste(a, "--mean ell --compare stype=E,stype=M"), dclus1, "ell", "stype", "E", "M")

# Replicate weights of every type, as full weights rep1..repR beside pw.
export_replicates <- function(design, data, file) {
  w <- weights(design, "analysis")
  colnames(w) <- paste0("rep", seq_len(ncol(w)))
  write_data(cbind(data[, c("snum", "dnum", "stype", "api00", "enroll", "ell", "sch.wide", "pw")], w), file)
}
apistrat$pair <- paste(apistrat$stype, seq_len(nrow(apistrat)) %% 2)
dpair <- svydesign(id = ~pair, strata = ~stype, weights = ~pw, data = apistrat)
export_replicates(as.svrepdesign(dpair, type = "BRR"), apistrat, "apistrat-brr.csv")
export_replicates(as.svrepdesign(dpair, type = "Fay", fay.rho = 0.3), apistrat, "apistrat-fay.csv")
export_replicates(as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1), type = "bootstrap", replicates = 40), apiclus1, "apiclus1-boot.csv")
replicate_cases <- function(name, file, type, extra = "", rho = NULL, mse = FALSE) {
  data <- read.csv(file)
  design <- if (is.null(rho)) svrepdesign(data = data, repweights = "rep[0-9]+", weights = ~pw, type = type, combined.weights = TRUE, mse = mse)
            else svrepdesign(data = data, repweights = "rep[0-9]+", weights = ~pw, type = type, rho = rho, combined.weights = TRUE, mse = mse)
  a <- paste("--weight pw --replicate-weights rep --replicate-type", type, extra)
  whole(name, file, paste(a, "--mean api00"), design, "mean", "api00")
  if ("enroll" %in% names(data)) whole(paste0(name, "-total"), file, paste(a, "--total enroll"), design, "total", "enroll")
  domains(paste0(name, "-by"), file, paste(a, "--mean ell --by stype"), design, "ell", "stype")
  if ("sch.wide" %in% names(data)) shares(paste0(name, "-prop"), file, paste(a, "--proportion sch.wide"), design, "sch.wide")
  difference(paste0(name, "-compare"), file, paste(a, "--mean api00 --compare stype=E,stype=M"), design, "api00", "stype", "E", "M")
}
replicate_cases("brr", "apistrat-brr.csv", "BRR")
replicate_cases("brr-mse", "apistrat-brr.csv", "BRR", "--mse", mse = TRUE)
replicate_cases("fay", "apistrat-fay.csv", "Fay", "--fay-rho 0.3", rho = 0.3)
replicate_cases("bootstrap", "apiclus1-boot.csv", "bootstrap")
replicate_cases("jk1", "../r-survey/apiclus1-jk1.csv", "JK1")
replicate_cases("jk1-mse", "../r-survey/apiclus1-jk1.csv", "JK1", "--mse", mse = TRUE)

write.csv(do.call(rbind, rows), "expected.csv", row.names = FALSE)
