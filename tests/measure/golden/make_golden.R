# Golden results for target87.measure.survey from R's survey package.
#
# Run from this folder:  Rscript make_golden.R
# Writes design_<name>.csv (the data) and results.csv (R's estimates), both committed so
# the Python tests run without R.
suppressMessages(library(survey))

set.seed(20240807)

make_data <- function(n_strata, psu_range, obs_range, stratified = TRUE) {
  rows <- list()
  psu_id <- 0
  for (h in seq_len(n_strata)) {
    n_psu <- sample(psu_range[1]:psu_range[2], 1)
    for (j in seq_len(n_psu)) {
      psu_id <- psu_id + 1
      m <- sample(obs_range[1]:obs_range[2], 1)
      base_w <- round(exp(rnorm(1, 5, 0.6)), 2)
      u <- rnorm(1, 0, 0.8)
      sex <- sample(1:2, m, replace = TRUE)
      age <- sample(5:17, m, replace = TRUE)
      agegrp <- ifelse(age <= 11, 1, ifelse(age <= 14, 2, 3))
      # a rare domain: only in about a third of the PSUs
      rare <- if (runif(1) < 0.35) rbinom(m, 1, 0.3) else rep(0, m)
      pa <- plogis(-1.6 + 0.3 * (sex == 1) + 0.4 * (agegrp == 2) + u + 0.2 * h / n_strata)
      pb <- plogis(-1.0 + 0.5 * (sex == 2) + u)
      rows[[length(rows) + 1]] <- data.frame(
        stratum = if (stratified) h else 1,
        psu = j,
        w = round(base_w * exp(rnorm(m, 0, 0.25)), 4),
        sex = sex, agegrp = agegrp, rare = rare,
        ya = rbinom(m, 1, pa), yb = rbinom(m, 1, pb)
      )
    }
  }
  d <- do.call(rbind, rows)
  d$psu_global <- as.integer(factor(paste(d$stratum, d$psu)))
  d
}

designs <- list()
d <- make_data(10, c(2, 5), c(5, 15)); designs$strat <- d
d <- make_data(1, c(35, 35), c(5, 20), stratified = FALSE); designs$nostrat <- d
d <- make_data(8, c(2, 4), c(4, 12))
npsu <- tapply(d$psu, d$stratum, function(p) length(unique(p)))
d$fpc <- as.numeric(npsu[as.character(d$stratum)]) + d$stratum * 3
designs$fpc <- d
d <- make_data(7, c(2, 4), c(5, 12))
d <- d[!(d$stratum == 3 & d$psu > 1), ]  # stratum 3 keeps a single PSU
designs$lonely <- d
d <- make_data(1, c(1, 1), c(400, 400), stratified = FALSE); designs$srs <- d

build <- function(name, d) {
  if (name == "nostrat") return(svydesign(ids = ~psu, weights = ~w, data = d))
  if (name == "srs") return(svydesign(ids = ~1, weights = ~w, data = d))
  if (name == "fpc")
    return(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc, data = d, nest = TRUE))
  svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
}

num <- function(x) sprintf("%.17g", x)
results <- list()
add <- function(...) results[[length(results) + 1]] <<- data.frame(...)

one <- function(name, option, des, y, byvar, level) {
  f <- as.formula(paste0("~", y))
  m <- svymean(f, des, deff = TRUE)
  t <- svytotal(f, des)
  cl <- svyciprop(f, des, method = "logit")
  cx <- svyciprop(f, des, method = "xlogit")
  cb <- svyciprop(f, des, method = "beta")
  add(design = name, lonely = option, y = y, by = byvar, level = level,
      mean = num(coef(m)), se = num(SE(m)), deff = num(deff(m)),
      total = num(coef(t)), total_se = num(SE(t)),
      logit_est = num(as.vector(cl)),
      logit_low = num(attr(cl, "ci")[1]), logit_high = num(attr(cl, "ci")[2]),
      xlogit_low = num(attr(cx, "ci")[1]), xlogit_high = num(attr(cx, "ci")[2]),
      beta_low = num(attr(cb, "ci")[1]), beta_high = num(attr(cb, "ci")[2]),
      df = degf(des), n = nrow(des), population = num(sum(weights(des))))
}

run <- function(name, option, des) {
  for (y in c("ya", "yb")) {
    one(name, option, des, y, "total", "total")
    for (byvar in c("sex", "agegrp", "rare", "sex_agegrp")) {
      v <- if (byvar == "sex_agegrp") interaction(des$variables$sex, des$variables$agegrp, sep = "_")
           else des$variables[[byvar]]
      for (level in sort(unique(as.character(v)))) {
        one(name, option, subset(des, as.character(v) == level), y, byvar, level)
      }
    }
    # svyby gives the same numbers as the subsets above
    byres <- svyby(as.formula(paste0("~", y)), ~sex, des, svymean, deff = TRUE)
    sub <- svymean(as.formula(paste0("~", y)), subset(des, sex == 2), deff = TRUE)
    stopifnot(isTRUE(all.equal(unname(SE(byres))[2], unname(SE(sub))[1])))
  }
}

for (name in names(designs)) {
  write.csv(designs[[name]], paste0("design_", name, ".csv"), row.names = FALSE)
  if (name == "lonely") {
    for (option in c("certainty", "adjust", "remove")) {
      options(survey.lonely.psu = option)
      run(name, option, build(name, designs[[name]]))
    }
    options(survey.lonely.psu = "fail")
    err <- tryCatch({ svymean(~ya, build(name, designs[[name]])); "no error" },
                    error = function(e) conditionMessage(e))
    stopifnot(grepl("only one PSU", err))
  } else {
    options(survey.lonely.psu = "fail")
    run(name, "fail", build(name, designs[[name]]))
  }
}

out <- do.call(rbind, results)
write.csv(out, "results.csv", row.names = FALSE)
writeLines(c(
  paste("R", R.version$major, R.version$minor),
  paste("survey", as.character(packageVersion("survey")))
), "VERSIONS.txt")
