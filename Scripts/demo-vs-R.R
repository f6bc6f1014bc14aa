# Prints the demo's whole-population estimates as R's survey package computes them (weights
# post-stratified to Fixtures/demo/margins-province-sex.csv, as the study asks) from
# Reports/demo/respondents.csv and the design columns of Fixtures/demo/responses.csv (quarantined
# lines left out), in the form Tests/IntegrationIndexTests/DemoAgreesWithRTests.swift keeps them.
# Run from the repository root after `integra run Fixtures/demo/study.json`: Rscript Scripts/demo-vs-R.R
suppressMessages(library(survey))
d <- read.csv("Fixtures/demo/responses.csv", colClasses="character", fill=TRUE)
q <- read.csv("Reports/demo/quarantine.csv", colClasses="character", fill=TRUE)
d <- d[!((seq_len(nrow(d)) + 1) %in% as.integer(q$X_line)), ]
s <- read.csv("Reports/demo/respondents.csv", colClasses=c(respondent_id="character"))
stopifnot(nrow(d) == nrow(s))
m <- merge(d[,c("respondent_id","province","segment","fpc_segments","weight","sex","q_migrate_12m")], s, by="respondent_id")
m$weight <- as.numeric(m$weight); m$fpc_segments <- as.numeric(m$fpc_segments)
# The study post-stratifies to its province × sex margins.
margins <- read.csv("Fixtures/demo/margins-province-sex.csv", colClasses=c("character","character","numeric"))
names(margins)[3] <- "Freq"
calibrated <- function(des) postStratify(des, ~province + sex, margins)
des <- calibrated(svydesign(ids=~segment, strata=~province, fpc=~fpc_segments, weights=~weight, data=m))
for (v in c("psychosocial","economic","cultural","political","linguistic","navigational","migration_intentions","overall")) {
  r <- svymean(as.formula(paste0("~", v)), des, na.rm=TRUE)
  sub <- subset(des, !is.na(m[[v]]))
  cat(sprintf("        (\"%s\", %.10f, %.10f, %d),\n", v, coef(r), SE(r), degf(sub)))
}
b <- svyby(~overall, ~sex, des, svymean, na.rm=TRUE)
for (g in c("1","2","3")) { sub <- subset(des, sex==g & !is.na(overall)); cat(sprintf("(\"%s\", %.10f, %.12f, %d), ", g, b[g,"overall"], b[g,"se"], degf(sub))) }
cat("\n")
m$plan <- ifelse(m$q_migrate_12m %in% c("1"), 1, ifelse(m$q_migrate_12m %in% c("2","98"), 0, NA))
des <- calibrated(svydesign(ids=~segment, strata=~province, fpc=~fpc_segments, weights=~weight, data=m))
sub <- subset(des, !is.na(plan))
r <- svyciprop(~plan, sub, method="logit", df=degf(sub))
# A calibrated subset keeps its other rows (with zero weight): svyciprop's SE would see their
# missing values, so the SE comes from svymean with na.rm.
se <- SE(svymean(~plan, des, na.rm=TRUE))
cat(sprintf("%.11f %.11f %.11f %.11f\n", 100*coef(r), 100*se, 100*attr(r,"ci")[1], 100*attr(r,"ci")[2]))
