# Prints the demo's counting-view estimates (Alkire–Foster) as R's survey package computes
# them from the respondent scores in Reports/demo/respondents.csv and the design columns of
# Fixtures/demo/responses.csv (quarantined lines left out), in the form
# Tests/IntegrationIndexTests/CountingViewTests.swift keeps them: H with svyciprop (logit), A and
# each contribution with svyratio, M0 and the headcounts with svymean, for the population and
# by sex. Cut-off 0.5 and k = 1/3 (the defaults), seven equally weighted dimensions.
# Run from the repository root after `integra run Fixtures/demo/study.json`: Rscript Scripts/counting-vs-R.R
suppressMessages(library(survey))
d <- read.csv("Fixtures/demo/responses.csv", colClasses="character", fill=TRUE)
q <- read.csv("Reports/demo/quarantine.csv", colClasses="character", fill=TRUE)
d <- d[!((seq_len(nrow(d)) + 1) %in% as.integer(q$X_line)), ]
s <- read.csv("Reports/demo/respondents.csv", colClasses=c(respondent_id="character"))
m <- merge(d[,c("respondent_id","province","segment","fpc_segments","weight","sex")], s, by="respondent_id")
m$weight <- as.numeric(m$weight); m$fpc_segments <- as.numeric(m$fpc_segments)
dims <- c("psychosocial","economic","cultural","political","linguistic","navigational","migration_intentions")
w <- 1 / length(dims)
g <- sapply(dims, function(j) as.numeric(m[[j]] / 100 < 0.5))          # NA where a score is missing
m$c <- rowSums(g) * w
m$id <- as.numeric(m$c >= 1/3 - 1e-9)
m$ck <- m$c * m$id
for (j in dims) { m[[paste0("g_", j)]] <- g[, j]; m[[paste0("cg_", j)]] <- g[, j] * m$id; m[[paste0("wcg_", j)]] <- w * g[, j] * m$id }
# The study post-stratifies to its province × sex margins. A calibrated design's subset keeps
# its other rows with zero weight, so every estimate drops missing values with na.rm, and H's
# SE (svyciprop's would see them) comes from svymean.
margins <- read.csv("Fixtures/demo/margins-province-sex.csv", colClasses=c("character","character","numeric"))
names(margins)[3] <- "Freq"
des <- postStratify(svydesign(ids=~segment, strata=~province, fpc=~fpc_segments, weights=~weight, data=m), ~province + sex, margins)
sub <- subset(des, !is.na(c))
out <- function(name, group, est, se, df) cat(sprintf("(\"%s\", \"%s\", %.12g, %.12g, %d),\n", name, group, 100 * est, 100 * se, df))
r <- svymean(~id, des, na.rm = TRUE); out("af_H", "", coef(r), SE(r), degf(sub))
r <- svyratio(~ck, ~id, des, na.rm = TRUE); out("af_A", "", coef(r), SE(r), degf(sub))
r <- svymean(~ck, des, na.rm = TRUE); out("af_M0", "", coef(r), SE(r), degf(sub))
for (j in dims) {
  r <- svymean(as.formula(paste0("~g_", j)), sub, na.rm = TRUE); out(paste0("af_lagging.", j), "", coef(r), SE(r), degf(sub))
  r <- svymean(as.formula(paste0("~cg_", j)), sub, na.rm = TRUE); out(paste0("af_censored.", j), "", coef(r), SE(r), degf(sub))
  r <- svyratio(as.formula(paste0("~wcg_", j)), ~ck, sub, na.rm = TRUE); out(paste0("af_contribution.", j), "", coef(r), SE(r), degf(sub))
}
for (v in c("1", "2", "3")) {
  sv <- subset(des, !is.na(c) & sex == v)
  b <- svyby(~ck, ~sex, sub, svyratio, denominator = ~id, na.rm = TRUE); i <- match(v, rownames(b)); out("af_A", v, coef(b)[i], SE(b)[i], degf(sv))
  b <- svyby(~ck, ~sex, sub, svymean, na.rm = TRUE); out("af_M0", v, coef(b)[i], SE(b)[i], degf(sv))
  b <- svyby(~wcg_economic, ~sex, sub, svyratio, denominator = ~ck, na.rm = TRUE); out("af_contribution.economic", v, coef(b)[i], SE(b)[i], degf(sv))
}
