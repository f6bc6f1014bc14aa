# Makes the ratio reference cases (R's svyratio) for integra's estimation engine, from the data
# files of this folder and ../r-survey (nothing is regenerated), in the format of expected.csv:
# expected-ratio.csv. Run from this folder: Rscript make-ratio-reference.R
suppressMessages(library(survey))
rows <- list()
tci <- function(est, se, df) est + c(-1, 1) * qt(0.975, df) * se
add <- function(case, data, args, variable, by, group, est, se, df) {
  ci <- tci(est, se, df)
  rows[[length(rows) + 1]] <<- data.frame(set = "r-survey-extra", case = case, data = data, args = args,
    statistic = "ratio", variable = variable, by = by, group = group, level = "",
    estimate = sprintf("%.10g", est), se = sprintf("%.10g", se), df = df,
    ci_low = sprintf("%.10g", ci[1]), ci_high = sprintf("%.10g", ci[2]), deff = "", stringsAsFactors = FALSE)
}
# The ratio of two columns' totals, for the whole sample and by one column; rows missing
# either column left out, as svyratio(na.rm = TRUE) does, and df from that subset.
ratio_cases <- function(case, data, design_args, design, num, den, by) {
  variable <- paste0(num, "/", den)
  args <- paste(design_args, "--ratio", variable)
  fn <- as.formula(paste0("~", num)); fd <- as.formula(paste0("~", den))
  complete <- !is.na(design$variables[[num]]) & !is.na(design$variables[[den]])
  r <- svyratio(fn, fd, design, na.rm = TRUE)
  add(case, data, args, variable, "", "", coef(r), SE(r), degf(design[complete, ]))
  b <- svyby(fn, as.formula(paste0("~", by)), design, svyratio, denominator = fd, na.rm = TRUE)
  for (g in rownames(b)) {
    # Replicate designs keep the design's df in domains, as ../r-survey/expected.csv does.
    sub <- if (inherits(design, "svyrep.design")) design else design[complete & as.character(design$variables[[by]]) == g, ]
    add(paste0(case, "-by"), data, paste(args, "--by", by), variable, by, g, coef(b)[[g]], SE(b)[match(g, rownames(b))], degf(sub))
  }
}
strat <- read.csv("../r-survey/apistrat.csv")
ratio_cases("ratio-strat-fpc", "../r-survey/apistrat.csv", "--weight pw --strata stype --fpc fpc",
  svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = strat), "api00", "api99", "sch.wide")
clus1 <- read.csv("../r-survey/apiclus1.csv")
ratio_cases("ratio-clus1-fpc", "../r-survey/apiclus1.csv", "--weight pw --psu dnum --fpc fpc",
  svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = clus1), "api00", "api99", "stype")
clus2 <- read.csv("apiclus2.csv")
ratio_cases("ratio-clus2-fpc", "apiclus2.csv", "--weight pw --psu dnum,snum --fpc fpc1,fpc2",
  svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = clus2), "api.stu", "enroll", "stype")
jk1 <- read.csv("../r-survey/apiclus1-jk1.csv")
ratio_cases("ratio-jk1", "../r-survey/apiclus1-jk1.csv", "--weight pw --replicate-weights rep --replicate-type JK1",
  svrepdesign(data = jk1, repweights = "rep[0-9]+", weights = ~pw, type = "JK1", combined.weights = TRUE), "ell", "api00", "stype")
write.csv(do.call(rbind, rows), "expected-ratio.csv", row.names = FALSE)
