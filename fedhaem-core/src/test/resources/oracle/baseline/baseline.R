# Baseline-hazard oracle for org.fedhaem.model.BaselineHazard.
# Usage: Rscript baseline.R <path to shared/data/r-datasets> <output folder>
# Writes, for aml and mgus2 and ties breslow/efron (complete cases, all covariates, as oracle_full.json):
#   <set>_<ties>_coef.csv     coxph coefficients (17 significant digits)
#   <set>_<ties>_basehaz.csv  basehaz(fit, centered = FALSE): time, cumulative baseline hazard at x = 0
#   <set>_<ties>_survfit.csv  survfit(fit, newdata = rows)$surv at fixed times for a few complete-case rows
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
root <- args[1]; out <- args[2]
fmt <- function(v) sprintf("%.17g", v)
sets <- list(aml = list(rows = c(1, 12, 23), times = c(0, 4.5, 5, 12, 30, 48, 200)),
             mgus2 = list(rows = c(1, 100, 700, 1338), times = c(0.5, 1, 6, 30, 100.5, 200, 424)))
for (name in names(sets)) {
  d <- read.csv(file.path(root, "csv", "survival", paste0(name, ".csv")))
  d <- d[complete.cases(d), ]
  covs <- setdiff(names(d), c("time", "event"))
  f <- as.formula(paste("Surv(time, event) ~", paste(covs, collapse = " + ")))
  for (ties in c("breslow", "efron")) {
    fit <- coxph(f, data = d, ties = ties)
    stem <- file.path(out, paste0(name, "_", ties))
    writeLines(c("name,value", paste(names(coef(fit)), fmt(coef(fit)), sep = ",")), paste0(stem, "_coef.csv"))
    bh <- basehaz(fit, centered = FALSE)
    writeLines(c("time,hazard", paste(fmt(bh$time), fmt(bh$hazard), sep = ",")), paste0(stem, "_basehaz.csv"))
    s <- sets[[name]]
    sf <- summary(survfit(fit, newdata = d[s$rows, covs, drop = FALSE]), times = s$times, extend = TRUE)
    surv <- matrix(sf$surv, nrow = length(s$times))
    lines <- "row,time,surv"
    for (k in seq_along(s$rows)) {
      lines <- c(lines, paste(s$rows[k], fmt(s$times), fmt(surv[, k]), sep = ","))
    }
    writeLines(lines, paste0(stem, "_survfit.csv"))
  }
}
