"""Design validation and edge cases of target87.measure.survey."""

from __future__ import annotations

import numpy as np
import pytest

from target87.measure.cli import MeasureInputError
from target87.measure.survey import (
    SurveyDesignError,
    dense_codes,
    proportion_ci,
    svyby,
    svydesign,
    svymean,
)


def small():
    strata = np.array([1, 1, 1, 1, 2, 2, 2, 2])
    psu = np.array([1, 1, 2, 2, 1, 1, 2, 2])  # labels reused across strata: nested
    w = np.array([1.0, 2, 1, 3, 2, 2, 1, 1])
    y = np.array([1.0, 0, 0, 1, 1, 1, 0, 0])
    return strata, psu, w, y


def test_psu_labels_are_nested_in_strata():
    strata, psu, w, _ = small()
    d = svydesign(w, ids=psu, strata=strata)
    assert d.n_psu == 4 and d.n_strata == 2 and d.degf() == 2


def test_weights_are_checked():
    strata, psu, w, _ = small()
    w = w.copy()
    w[5] = -1
    with pytest.raises(SurveyDesignError, match="negative at row 6"):
        svydesign(w, ids=psu, strata=strata)
    w[5] = np.nan
    with pytest.raises(SurveyDesignError, match="missing at row 6"):
        svydesign(w, ids=psu, strata=strata)
    with pytest.raises(SurveyDesignError, match="must be numeric"):
        svydesign(np.array(["a", "1"], dtype=object))


def test_fpc_is_checked():
    strata, psu, w, y = small()
    with pytest.raises(SurveyDesignError, match="varies within a stratum"):
        svydesign(w, ids=psu, strata=strata, fpc=np.arange(8) + 10.0)
    with pytest.raises(SurveyDesignError, match="smaller than the number of sampled PSUs"):
        svydesign(w, ids=psu, strata=strata, fpc=np.full(8, 1.5))
    # a fraction and the matching population count give the same variance
    by_count = svydesign(w, ids=psu, strata=strata, fpc=np.full(8, 10.0))
    by_fraction = svydesign(w, ids=psu, strata=strata, fpc=np.full(8, 0.2))
    assert svymean(y, by_count).se == pytest.approx(svymean(y, by_fraction).se, rel=1e-14)
    assert svymean(y, by_count).se < svymean(y, svydesign(w, ids=psu, strata=strata)).se


def test_fully_sampled_single_psu_stratum_is_not_lonely():
    strata, psu, w, y = small()
    psu = np.where(strata == 2, 1, psu)
    fpc = np.where(strata == 2, 1.0, 10.0)  # stratum 2: its only PSU is the population
    d = svydesign(w, ids=psu, strata=strata, fpc=fpc)
    assert np.isfinite(svymean(y, d).se)
    with pytest.raises(SurveyDesignError, match="single PSU"):
        svydesign(w, ids=psu, strata=strata)


def test_unknown_lonely_option():
    strata, psu, w, _ = small()
    with pytest.raises(SurveyDesignError, match="lonely PSU option"):
        svydesign(w, ids=psu, strata=strata, lonely_psu="average")


def test_svyby_drops_missing_labels_and_keeps_the_design():
    strata, psu, w, y = small()
    d = svydesign(w, ids=psu, strata=strata)
    group = np.array([1, 1, np.nan, 2, 2, 1, np.nan, 2])
    by = svyby(y, group, d, by_names=["g"])
    assert [r["g"] for r in by.rows()] == [1.0, 2.0]
    assert by.n.tolist() == [3, 3]
    single = svymean(y, d, domain=group == 2)
    assert by.se[1] == pytest.approx(single.se, rel=1e-14)
    design_df = svyby(y, group, d, df="design")
    assert design_df.df.tolist() == [2, 2]


def test_degenerate_proportions_get_clopper_pearson_bounds():
    lo, hi = proportion_ci(np.array([0.0, 1.0]), np.zeros(2), np.array([10, 10]),
                           np.array([20, 20]))
    assert lo[0] == 0 and 0 < hi[0] < 0.2
    assert hi[1] == 1 and 0.8 < lo[1] < 1
    lo, hi = proportion_ci(np.array([0.3]), np.array([0.01]), np.array([0]), np.array([5]))
    assert np.isnan(lo[0]) and np.isnan(hi[0])


def test_dense_codes():
    codes, labels = dense_codes(np.array([30, 10, 30, 20]))
    assert codes.tolist() == [2, 0, 2, 1] and labels.tolist() == [10, 20, 30]
    codes, labels = dense_codes(np.array(["b", "a", "b"], dtype=object))
    assert codes.tolist() == [1, 0, 1] and labels.tolist() == ["a", "b"]
    codes, _ = dense_codes(np.array([1e12, 5.0, 1e12]))
    assert codes.tolist() == [1, 0, 1]


def test_df_design_is_psus_minus_strata_for_every_domain():
    # stratum 1: PSUs 1-3; stratum 2: PSUs 4-6; the domain lives only in stratum 1, PSUs 1-2
    strata = np.repeat([1, 1, 1, 2, 2, 2], 4)
    psu = np.repeat([1, 2, 3, 4, 5, 6], 4)
    w = np.linspace(1, 2, 24)
    y = np.tile([0.0, 1.0, 1.0, 0.0], 6)
    group = np.where(np.isin(psu, [1, 2]), "a", "b")
    design = svydesign(w, ids=psu, strata=strata)
    assert design.degf() == 6 - 2
    dom = svyby(y, group, design, by_names=["g"])
    des = svyby(y, group, design, by_names=["g"], df="design")
    assert dom.df.tolist() == [2 - 1, 4 - 2]
    assert des.df.tolist() == [4, 4]
    np.testing.assert_array_equal(dom.se, des.se)
    assert des.ci_high[0] - des.ci_low[0] < dom.ci_high[0] - dom.ci_low[0]
    with pytest.raises(MeasureInputError, match="df must be 'domain' or 'design'"):
        svyby(y, group, design, df="residual")
