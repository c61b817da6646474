"""Attribution: quotes and reported speech keep the speaker the article names."""

from claims.extraction.attribution import attribute

from .conftest import sentence_containing


def test_he_told_cnn_is_resolved_to_the_general_named_before(seed_extraction):
    quote = sentence_containing(seed_extraction, "he told CNN on a May 8 phone call")
    assert quote.attribution == "Lt. Gen. Pat White"


def test_a_quote_that_goes_on_in_the_next_sentence_keeps_its_speaker(seed_extraction):
    assert sentence_containing(seed_extraction, "The pure numbers").attribution == "Lt. Gen. Pat White"
    assert (
        sentence_containing(seed_extraction, "They are lacking in financing").attribution
        == "Lt. Gen. Pat White"
    )


def test_according_to_a_surname_gives_the_full_name(seed_extraction):
    assert sentence_containing(seed_extraction, "According to White").attribution == "Lt. Gen. Pat White"


def test_he_claimed_after_according_to_white_is_white_not_the_last_name_mentioned(seed_extraction):
    # Donald Trump and Qasem Soleimani are named in between; White is the one just cited.
    assert (
        sentence_containing(seed_extraction, "A lot of the intelligence").attribution == "Lt. Gen. Pat White"
    )


def test_a_role_refers_back_to_the_person_given_that_role(seed_extraction):
    assert (
        sentence_containing(seed_extraction, "the CJTF-OIR commander asserted").attribution
        == "Lt. Gen. Pat White"
    )
    assert sentence_containing(seed_extraction, "The analyst also noted").attribution == "Sajad Jiyad"
    assert sentence_containing(seed_extraction, "Sajad Jiyad wrote").attribution == "Sajad Jiyad"


def test_documents_and_reports_are_sources_too(seed_extraction):
    assert sentence_containing(seed_extraction, "the resolution read").attribution == "the resolution"
    assert sentence_containing(seed_extraction, "some 108 Daesh-related attacks").attribution == "the report"


def test_unattributed_sentences_have_no_speaker(seed_extraction):
    assert sentence_containing(seed_extraction, "Due to the country’s heavy dependence").attribution is None
    assert sentence_containing(seed_extraction, "As a result, troops").attribution is None


def test_synthetic_article_resolves_pronouns_roles_and_surnames():
    sentences = [
        "Health Secretary Maria Lopez visited the hospital on Monday.",
        "“Waiting lists have fallen by 20% since March,” she told reporters.",
        "Opposition spokesman Tom Reed disputed the figure.",
        "According to Reed, waiting lists have grown.",
        "The spokesman said 4,000 patients were waiting.",
        "Hospitals reported 12 new cases.",
    ]
    assert attribute(sentences) == [
        None,
        "Secretary Maria Lopez",
        "Tom Reed",
        "Tom Reed",
        "Tom Reed",
        None,
    ]
