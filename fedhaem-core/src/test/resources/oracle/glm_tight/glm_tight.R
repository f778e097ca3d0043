# Fully converged glm standard errors for org.fedhaem.model.LogisticRegressionOracleTest.
# Usage: Rscript glm_tight.R <path to shared/data/r-datasets> <output folder>
# R's glm SE invert X'WX with the weights of the last-but-one IRLS iterate, which is ~sqrt(epsilon) away from the
# estimate; the column se is instead sqrt(diag(solve(X'WX))) with W = p(1 - p) at the epsilon = 1e-14 estimate.
args <- commandArgs(trailingOnly = TRUE)
root <- args[1]; out <- args[2]
sets <- c("biopsy", "pima_mass", "pima_mass_tr", "pima_mass_te", "pima_diabetes2", "wdbc_5feat", "kyphosis",
          "asah", "birthwt")
lines <- "set,name,coefficient,se"
for (name in sets) {
  d <- read.csv(file.path(root, "csv", "binary", paste0(name, ".csv")))
  d <- d[complete.cases(d), ]
  fit <- glm(label ~ ., family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
  X <- model.matrix(fit)
  p <- fitted(fit)
  se <- sqrt(diag(solve(crossprod(X * sqrt(p * (1 - p))))))
  lines <- c(lines, paste(name, names(coef(fit)), sprintf("%.17g", coef(fit)), sprintf("%.17g", se), sep = ","))
}
writeLines(lines, file.path(out, "glm_tight_se.csv"))
