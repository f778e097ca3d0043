# Ridge Cox oracle for org.fedhaem.model.CoxRegression (l2 > 0).
# Usage: Rscript cox_ridge.R <path to shared/data/r-datasets> <output folder>
# coxph(Surv(time, event) ~ ridge(<all covariates>, theta = l2, scale = FALSE)) maximises
# loglik - l2/2 * sum(beta^2) on the raw covariate scale; fit$var is the inverse penalised information.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
root <- args[1]; out <- args[2]
fmt <- function(v) sprintf("%.17g", v)
lines <- "set,ties,l2,name,coefficient,se,loglik"
for (name in c("mgus2", "bmt")) {
  d <- read.csv(file.path(root, "csv", "survival", paste0(name, ".csv")))
  d <- d[complete.cases(d), ]
  covs <- setdiff(names(d), c("time", "event"))
  for (ties in c("breslow", "efron")) {
    for (l2 in c(2, 50)) {
      f <- as.formula(paste0("Surv(time, event) ~ ridge(", paste(covs, collapse = ", "), ", theta = ", l2,
                             ", scale = FALSE)"))
      fit <- coxph(f, data = d, ties = ties, control = coxph.control(eps = 1e-14, iter.max = 200,
                                                                     toler.chol = 1e-15))
      lines <- c(lines, paste(name, ties, l2, covs, fmt(coef(fit)), fmt(sqrt(diag(fit$var))),
                              fmt(fit$loglik[2]), sep = ","))
    }
  }
}
writeLines(lines, file.path(out, "cox_ridge.csv"))
