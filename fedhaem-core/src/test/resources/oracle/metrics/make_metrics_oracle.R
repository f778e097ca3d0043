# Oracle values for fedhaem's Uno C, Kaplan-Meier, IPCW Brier / IBS and Antolini C (org.fedhaem.metrics).
# Usage (from this folder): Rscript make_metrics_oracle.R /path/to/shared/data/r-datasets
# Needs only r-base-core and r-cran-survival. Writes <set>_*.csv and expected.csv beside this script.
library(survival)
args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) >= 1) args[1] else "../../../../../../../shared/data/r-datasets"
g17 <- function(x) sprintf("%.17g", x)
write_num <- function(df, file) {
  out <- as.data.frame(lapply(df, g17), check.names = FALSE)
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}
expected <- data.frame(set = character(), metric = character(), value = character())
put <- function(set, metric, value) {
  expected[nrow(expected) + 1, ] <<- list(set, metric, g17(value))
}

# pycox concordance_td, transcribed pair by pair (pycox/evaluation/concordance.py)
antolini <- function(S, grid, time, event, method, step) {
  m <- length(grid)
  col <- if (step == "post") pmax(findInterval(time, grid), 1) else findInterval(time, grid, left.open = TRUE) + 1
  col <- pmin(col, m)
  n <- length(time); num <- 0; den <- 0
  for (i in seq_len(n)) {
    for (j in seq_len(n)) {
      if (i == j) next
      si <- S[i, col[i]]; sj <- S[j, col[i]]; ti <- time[i]; tj <- time[j]; di <- event[i] == 1; dj <- event[j] == 1
      if (method == "antolini") {
        comp <- (ti < tj && di) || (ti == tj && di && !dj)
        conc <- (si < sj) * comp
      } else {
        comp <- (ti < tj && di) || (ti == tj && (di || dj))
        conc <- 0
        if (ti < tj) conc <- (si < sj) + (si == sj) * 0.5
        else if (ti == tj) {
          if (di && dj) conc <- 1 - (si != sj) * 0.5
          else if (di) conc <- (si < sj) + (si == sj) * 0.5
          else if (dj) conc <- (si > sj) + (si == sj) * 0.5
        }
        conc <- conc * comp
      }
      num <- num + conc; den <- den + comp
    }
  }
  num / den
}

# Graf et al. (1999) IPCW Brier score, divided by n; G = survfit of the censoring times
brier <- function(S_t, t, time, event) {
  G <- survfit(Surv(time, 1 - event) ~ 1)
  g_at <- stepfun(G$time, c(1, G$surv))                   # G(t), right-continuous
  g_before <- stepfun(G$time, c(1, G$surv), right = TRUE) # G(t-)
  terms <- numeric(length(time))
  for (i in seq_along(time)) {
    if (time[i] <= t && event[i] == 1) terms[i] <- S_t[i]^2 / g_before(time[i])
    else if (time[i] > t) terms[i] <- (1 - S_t[i])^2 / g_at(t)
  }
  sum(terms) / length(time)
}

for (set in c("aml", "gehan", "myeloid")) {
  df <- read.csv(file.path(root, "csv/survival", paste0(set, ".csv")))
  df <- df[complete.cases(df), ]
  covs <- setdiff(names(df), c("time", "event"))
  fit <- coxph(as.formula(paste("Surv(time, event) ~", paste(covs, collapse = " + "))), data = df, ties = "efron")
  lp <- predict(fit, type = "lp")
  sf <- survfit(fit, newdata = df)
  grid <- sf$time
  S <- t(sf$surv)  # patients x times
  if (length(grid) > 30) {  # a coarse grid, so patient times fall between grid points
    keep <- unique(round(seq(1, length(grid), length.out = 25)))
    grid <- grid[keep]; S <- S[, keep, drop = FALSE]
  }
  time <- df$time; event <- df$event
  input <- data.frame(time = time, event = event, lp = lp)
  for (k in seq_along(grid)) input[[paste0("s", k)]] <- S[, k]
  write_num(input, paste0(set, "_input.csv"))
  write_num(data.frame(grid = grid), paste0(set, "_grid.csv"))

  km <- survfit(Surv(time, event) ~ 1)
  write_num(data.frame(time = km$time, surv = km$surv, n_risk = km$n.risk, n_event = km$n.event,
                       n_censor = km$n.censor), paste0(set, "_km.csv"))
  gkm <- survfit(Surv(time, 1 - event) ~ 1)
  write_num(data.frame(time = gkm$time, surv = gkm$surv), paste0(set, "_censoring_km.csv"))

  put(set, "harrell", concordance(Surv(time, event) ~ lp, reverse = TRUE)$concordance)
  put(set, "uno", concordance(Surv(time, event) ~ lp, reverse = TRUE, timewt = "n/G2")$concordance)
  tau <- unname(quantile(time[event == 1], 0.6, type = 1))
  put(set, "uno_tau", tau)
  put(set, "uno_truncated", concordance(Surv(time, event) ~ lp, reverse = TRUE, timewt = "n/G2", ymax = tau)$concordance)

  bs <- sapply(seq_along(grid), function(k) brier(S[, k], grid[k], time, event))
  write_num(data.frame(grid = grid, brier = bs), paste0(set, "_brier.csv"))
  m <- length(grid)
  put(set, "ibs", sum(diff(grid) * (bs[-1] + bs[-m]) / 2) / (grid[m] - grid[1]))

  for (method in c("antolini", "adj_antolini")) for (step in c("post", "pre")) {
    put(set, paste(method, step, sep = "_"), antolini(S, grid, time, event, method, step))
  }
}
write.csv(expected, "expected.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "survival", as.character(packageVersion("survival")), "\n")
