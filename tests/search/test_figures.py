"""Figure agreement between a claim and a passage, as the reasons a fact-checker reads."""

from search.figures import compare, extract, periods, reasons

CLAIM = "There were 108 attacks in April."


def test_the_same_figure_for_the_same_period_agrees_and_is_quoted_with_its_period():
    assert reasons(CLAIM, "Officials counted 108 attacks in April.") == [
        {"label": "Figures agree", "match": "108 attacks in April"}
    ]


def test_a_figure_for_another_month_is_a_different_period_not_a_disagreement():
    found = reasons(CLAIM, "There were 85 in March.")
    assert found == [{"label": "Different period", "match": "April / March"}]


def test_the_same_quantity_with_another_number_differs():
    assert reasons(CLAIM, "There were 85 attacks in April.") == [
        {"label": "Figures differ", "match": "108 / 85"}
    ]


def test_reasons_quote_the_claim_as_written_never_stems():
    found = reasons(
        "Some 108 Daesh-related attacks were recorded in April", "Police logged 108 attacks in April."
    )
    assert found == [{"label": "Figures agree", "match": "108 Daesh-related attacks in April"}]


def test_money_written_in_different_scales_agrees_and_a_different_sum_differs():
    assert reasons("The NHS got £3.2bn", "The NHS received £3,200m extra.")[0]["label"] == "Figures agree"
    assert reasons("The NHS got £3.2bn", "The NHS received £2.1bn.") == [
        {"label": "Figures differ", "match": "£3.2bn / £2.1bn"}
    ]


def test_percentages_and_temperatures_compare_across_spellings():
    assert reasons("Unemployment fell to 12% in 2019", "It was 12 per cent in 2019.") == [
        {"label": "Figures agree", "match": "12% in 2019"}
    ]
    assert (
        reasons("97% of climate scientists agree", "a 97 percent consensus of climate scientists")[0]["label"]
        == "Figures agree"
    )
    assert reasons("Warming must stay below 1.5 °C", "the world has warmed by about 1 degree Celsius") == [
        {"label": "Figures differ", "match": "1.5 °C / 1 degree Celsius"}
    ]


def test_a_rounded_figure_agrees_with_the_precise_one():
    assert reasons("Seas rose 1.5 metres", "Seas rose 1.48 metres")[0]["label"] == "Figures agree"
    assert reasons("Seas rose 1 metres", "Seas rose 1.4 metres")[0]["label"] == "Figures differ"


def test_years_named_outside_figures_are_compared_too():
    assert reasons("Arctic ice hit a record low in 2012", "Its minimum came in 2007.") == [
        {"label": "Different period", "match": "2012 / 2007"}
    ]
    assert reasons("Arctic ice hit a record low in 2012", "Its minimum came in 2012.") == [
        {"label": "Same period", "match": "2012"}
    ]


def test_a_year_is_a_period_and_a_number_of_people_is_a_figure():
    assert [figure.text for figure in extract("2000 people died")] == ["2000 people"]
    assert extract("In 2000, many died") == []
    assert [period.text for period in periods("In 2000, many died")] == ["2000"]


def test_days_of_a_date_and_the_verb_may_are_not_figures_or_months():
    assert [figure.text for figure in extract("Two reactors failed on 12 May 2011")] == ["Two reactors"]
    assert periods("Prices may rise") == []


def test_text_without_figures_gives_no_reasons():
    assert compare("Polar bears are dying out", "Sea ice is retreating.") == []
    assert compare("", "") == []
