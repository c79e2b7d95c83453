# Golden results for target87.measure.forced_labour from R's survey package.
#
# Run from this folder:  Rscript make_golden.R
# Writes design_<name>.csv (person-level microdata with forced labour indicators) and
# results.csv (R's estimates for every domain), both committed so the Python tests run
# without R. The forced labour rule is written out here independently of target87:
# adults (18 and over) are in forced labour when any involuntariness indicator and any
# coercion indicator say yes; children (under 18) when any coercion indicator or the
# parents-in-forced-labour item says yes (ICLS 2018 Guidelines concerning the measurement
# of forced labour). Missing answers count as no.
suppressMessages(library(survey))

set.seed(20181019)
sectors <- c("A", "C", "F", "G", "T")

# sample(x, 1) with a single number x would draw from 1:x
pick <- function(r) if (r[1] == r[2]) r[1] else sample(r[1]:r[2], 1)

make_data <- function(n_strata, psu_range, obs_range, stratified = TRUE) {
  rows <- list()
  for (h in seq_len(n_strata)) {
    n_psu <- pick(psu_range)
    for (j in seq_len(n_psu)) {
      m <- pick(obs_range)
      base_w <- round(exp(rnorm(1, 6, 0.5)), 2)
      u <- rnorm(1, 0, 0.9)
      sex <- sample(1:2, m, replace = TRUE)
      age <- sample(5:75, m, replace = TRUE)
      sector <- sample(sectors, m, replace = TRUE, prob = c(0.3, 0.2, 0.2, 0.2, 0.1))
      p_inv <- plogis(-1.4 + u + 0.4 * (sector == "A"))
      p_coer <- plogis(-1.6 + u + 0.3 * (sex == 2))
      inv1 <- ifelse(runif(m) < p_inv, 1, 2)
      inv2 <- ifelse(runif(m) < 0.6 * p_inv, 1, 0)
      inv1[runif(m) < 0.05] <- NA
      yn <- function(p) ifelse(runif(m) < p, "yes", "no")
      coer1 <- yn(p_coer)
      coer2 <- yn(0.5 * p_coer)
      coer3 <- yn(0.3 * p_coer)
      coer2[runif(m) < 0.05] <- ""
      parent_fl <- yn(0.03)
      rows[[length(rows) + 1]] <- data.frame(
        stratum = if (stratified) h else 1, psu = j,
        w = round(base_w * exp(rnorm(m, 0, 0.2)), 4),
        sex = sex, age = age, sector = sector,
        inv1 = inv1, inv2 = inv2, coer1 = coer1, coer2 = coer2, coer3 = coer3,
        parent_fl = parent_fl, stringsAsFactors = FALSE
      )
    }
  }
  d <- do.call(rbind, rows)
  d$psu <- as.integer(factor(paste(d$stratum, d$psu, sep = "-"), levels = unique(paste(d$stratum, d$psu, sep = "-"))))
  d
}

designs <- list()
designs$strat <- make_data(8, c(3, 6), c(8, 25))
d <- make_data(6, c(2, 5), c(10, 30))
first_psu <- tapply(d$psu, d$stratum, min)
d <- d[!(d$stratum == 4 & d$psu != first_psu[["4"]]), ]  # stratum 4 keeps a single PSU
npsu <- tapply(d$psu, d$stratum, function(p) length(unique(p)))
d$fpc <- as.numeric(npsu[as.character(d$stratum)]) * 4 + d$stratum
designs$fpc_lonely <- d
designs$srs <- make_data(1, c(1, 1), c(500, 500), stratified = FALSE)

flag <- function(d) {
  yes <- function(x) !is.na(x) & x == "yes"
  inv <- (!is.na(d$inv1) & d$inv1 == 1) | (!is.na(d$inv2) & d$inv2 == 1)
  coer <- yes(d$coer1) | yes(d$coer2) | yes(d$coer3)
  as.numeric(ifelse(d$age < 18, coer | yes(d$parent_fl), inv & coer))
}

age_group <- function(age) ifelse(age < 18, "0-17", ifelse(age < 30, "18-29",
                                  ifelse(age < 50, "30-49", "50+")))

build <- function(name, d) {
  d$fl <- flag(d)
  d$agegrp <- age_group(d$age)
  d$adult <- d$age >= 18
  if (name == "srs") return(svydesign(ids = ~1, weights = ~w, data = d))
  if (name == "fpc_lonely")
    return(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc, data = d,
                     nest = TRUE))
  svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
}

num <- function(x) sprintf("%.17g", x)
results <- list()

one <- function(name, lonely, des, sex, agegrp, sector) {
  v <- des$variables
  keep <- rep(TRUE, nrow(v))
  if (sex != "total") keep <- keep & v$sex == as.numeric(sex)
  if (agegrp == "18+") keep <- keep & v$adult
  else if (agegrp != "total") keep <- keep & v$agegrp == agegrp
  if (sector != "total") keep <- keep & v$sector == sector
  if (!any(keep)) return(NULL)
  sub <- subset(des, keep)
  m <- svymean(~fl, sub, deff = TRUE)
  t <- svytotal(~fl, sub)
  cl <- suppressWarnings(svyciprop(~fl, sub, method = "logit"))
  cb <- suppressWarnings(svyciprop(~fl, sub, method = "beta"))
  results[[length(results) + 1]] <<- data.frame(
    design = name, lonely = lonely, sex = sex, age_group = agegrp, sector = sector,
    mean = num(coef(m)), se = num(SE(m)), deff = num(deff(m)),
    total = num(coef(t)), total_se = num(SE(t)),
    logit_low = num(attr(cl, "ci")[1]), logit_high = num(attr(cl, "ci")[2]),
    beta_low = num(attr(cb, "ci")[1]), beta_high = num(attr(cb, "ci")[2]),
    df = degf(sub), n = sum(keep), population = num(sum(weights(des)[keep]))
  )
}

groups <- c("total", "0-17", "18-29", "30-49", "50+", "18+")
for (name in names(designs)) {
  d <- designs[[name]]
  write.csv(d, sprintf("design_%s.csv", name), row.names = FALSE, na = "")
  lonely <- if (name == "fpc_lonely") "adjust" else "fail"
  options(survey.lonely.psu = lonely)
  des <- build(name, d)
  for (sex in c("total", "1", "2")) for (g in groups) one(name, lonely, des, sex, g, "total")
  for (s in sectors) {
    one(name, lonely, des, "total", "total", s)
    for (sex in c("1", "2")) one(name, lonely, des, sex, "total", s)
    for (g in groups[-1]) one(name, lonely, des, "total", g, s)
  }
}
write.csv(do.call(rbind, results), "results.csv", row.names = FALSE)
v <- R.version
writeLines(c(paste("R", v$major, v$minor), paste("survey", packageVersion("survey"))),
           "VERSIONS.txt")
