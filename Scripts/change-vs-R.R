# R's numbers for the change between the demo's two waves (`integra compare`), from the
# respondents.csv of both runs and the design columns of both survey files. Kept in
# Tests/IntegrationIndexTests/WaveComparisonTests.swift. Run from the repository's root after
#   swift run integra run Fixtures/demo/study.json
#   swift run integra run Fixtures/demo-wave2/study.json --output /tmp/integra-wave2
# with: Rscript Scripts/change-vs-R.R [WAVE2_OUTPUT]   (default /tmp/integra-wave2)
suppressMessages(library(survey))
options(digits = 15)
wave <- function(folder, data) {
  scores <- read.csv(file.path(folder, "respondents.csv"), stringsAsFactors = FALSE)
  rows <- read.csv(data, stringsAsFactors = FALSE, colClasses = "character")
  rows <- rows[!duplicated(rows$respondent_id), c("respondent_id", "province", "segment", "fpc_segments", "weight", "sex")]
  merged <- merge(scores, rows, by = "respondent_id", sort = FALSE)
  merged$weight <- as.numeric(merged$weight)
  merged$fpc_segments <- as.numeric(merged$fpc_segments)
  merged$y_A <- ifelse(merged$lagging == 1, merged$lagging_share, 0)
  merged
}
a <- wave("Reports/demo", "Fixtures/demo/responses.csv")
arguments <- commandArgs(trailingOnly = TRUE)
b <- wave(if (length(arguments) > 0) arguments[1] else "/tmp/integra-wave2", "Fixtures/demo-wave2/responses.csv")
show <- function(label, estimate, se, df) cat(sprintf("%-28s %.10f %.10f %d\n", label, estimate, se, df))

# Independent samples: both waves stacked in one design, each wave its own strata and PSUs.
a$wave <- "A"; b$wave <- "B"
common <- intersect(names(a), names(b))
stacked <- rbind(a[, common], b[, common])
stacked$stratum <- paste(stacked$wave, stacked$province)
stacked$psu <- paste(stacked$wave, stacked$segment)
# Each wave post-stratified to its own province × sex margins, as its study asks: in the
# stacked design, cells of wave × province × sex.
margins <- function(folder, wave) {
  m <- read.csv(file.path(folder, "margins-province-sex.csv"), colClasses = c("character", "character", "numeric"))
  names(m)[3] <- "Freq"
  m$wave <- wave
  m[, c("wave", "province", "sex", "Freq")]
}
stacked_margins <- rbind(margins("Fixtures/demo", "A"), margins("Fixtures/demo-wave2", "B"))
ds <- postStratify(svydesign(id = ~psu, strata = ~stratum, fpc = ~fpc_segments, weights = ~weight, data = stacked), ~wave + province + sex, stacked_margins)
independent <- function(label, formula, design) {
  by <- svyby(formula, ~wave, design, svymean, na.rm = TRUE)
  # The waves share no PSU, so their covariance is 0: R's diagonal-only warning is moot.
  change <- suppressWarnings(svycontrast(by, c(-1, 1)))
  show(label, coef(change), SE(change), degf(design))
}
independent("independent overall", ~overall, ds)
independent("independent economic", ~economic, ds)
independent("independent af_H", ~lagging, ds)
for (g in c("1", "2")) independent(paste0("independent overall sex=", g), ~overall, subset(ds, sex == g))

# A panel: wave B's rows linked to wave A's by id, in wave B's design.
link <- match(b$respondent_id, a$respondent_id)
b$overall_A <- a$overall[link]
b$d <- b$overall - b$overall_A
b$y_A_before <- a$y_A[link]
b$x_before <- a$lagging[link]
later_margins <- margins("Fixtures/demo-wave2", "B")[, c("province", "sex", "Freq")]
dp <- postStratify(svydesign(id = ~segment, strata = ~province, fpc = ~fpc_segments, weights = ~weight, data = b), ~province + sex, later_margins)
m <- svymean(~d, dp, na.rm = TRUE)
show("paired overall", coef(m), SE(m), degf(subset(dp, !is.na(d))))
by <- svyby(~d, ~sex, dp, svymean, na.rm = TRUE)
for (g in c("1", "2")) show(paste0("paired overall sex=", g), coef(by)[[g]], SE(by)[match(g, rownames(by))], degf(subset(dp, !is.na(d) & sex == g)))
# A (intensity among those lagging overall), a ratio: the change of two ratios on the pairs.
complete <- !is.na(b$y_A) & !is.na(b$lagging) & !is.na(b$y_A_before) & !is.na(b$x_before)
dc <- subset(dp, complete)
r <- svyratio(~y_A_before + y_A, ~x_before + lagging, dc, covmat = TRUE, na.rm = TRUE)
change <- svycontrast(r, c("y_A/lagging" = 1, "y_A_before/x_before" = -1))
show("paired af_A", coef(change), SE(change), degf(dc))
