# Kaplan-Meier by tertiles of a risk column, oracle for org.fedhaem.experiment.RiskGroups and
# org.fedhaem.metrics.SurvivalInterval.
# Usage: Rscript riskgroups.R <path to shared/data/r-datasets> <output folder>
# For each set, with risk = the named column of oracle/risk/<set>_risk.csv (CSV order):
#   groups: rows ordered by risk (order() is stable: ties keep CSV order), cut into 3 groups of n %/% 3 rows,
#           the remainder going to the first groups (1 = low risk)
#   <set>_groups.csv   row (1-based), group
#   <set>_km.csv       survfit(Surv(time, event) ~ group, conf.type = "log-log"): every time of each group with
#                      n.risk, n.event, surv, lower, upper (NA where R gives NA)
#   <set>_at.csv       summary(fit, times = <times>, extend = TRUE): n.risk, surv, lower, upper per group and time
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
root <- args[1]; out <- args[2]
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
sets <- list(lung = list(risk = "lp_efron_round1", times = c(0, 200, 400, 600, 800, 1000, 1200, 365.25)),
             mgus2 = list(risk = "cov_age", times = c(0, 100, 200, 300, 400, 500, 24, 60)))
for (name in names(sets)) {
  s <- sets[[name]]
  d <- read.csv(file.path(root, "oracle", "risk", paste0(name, "_risk.csv")))
  n <- nrow(d)
  sizes <- n %/% 3 + (1:3 <= n %% 3)
  group <- integer(n)
  group[order(d[[s$risk]])] <- rep(1:3, times = sizes)
  d$group <- group
  writeLines(c("row,group", paste(seq_len(n), group, sep = ",")), file.path(out, paste0(name, "_groups.csv")))
  fit <- survfit(Surv(time, event) ~ group, data = d, conf.type = "log-log")
  g <- rep(seq_along(fit$strata), fit$strata)
  writeLines(c("group,time,n_risk,n_event,surv,lower,upper",
               paste(g, fmt(fit$time), fit$n.risk, fit$n.event, fmt(fit$surv), fmt(fit$lower), fmt(fit$upper),
                     sep = ",")), file.path(out, paste0(name, "_km.csv")))
  at <- summary(fit, times = s$times, extend = TRUE)
  ga <- as.integer(sub("group=", "", as.character(at$strata)))
  writeLines(c("group,time,n_risk,surv,lower,upper",
               paste(ga, fmt(at$time), at$n.risk, fmt(at$surv), fmt(at$lower), fmt(at$upper), sep = ",")),
             file.path(out, paste0(name, "_at.csv")))
}
