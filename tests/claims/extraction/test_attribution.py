"""Attribution: quotes and reported speech keep the speaker the article names."""

import json

import pytest

from claims.extraction.attribution import attribute, is_reference

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


def test_the_resolution_and_the_motion_are_the_parliament_that_passed_them(seed_extraction):
    resolution = sentence_containing(seed_extraction, "the resolution read")
    assert (resolution.attribution, resolution.attribution_text) == ("the Iraqi parliament", "the resolution")
    motion = sentence_containing(seed_extraction, "The motion declared")
    assert (motion.attribution, motion.attribution_text) == ("the Iraqi parliament", "The motion")


def test_a_report_the_article_never_names_is_unresolved_not_a_claimant(seed_extraction):
    attacks = sentence_containing(seed_extraction, "some 108 Daesh-related attacks")
    assert (attacks.attribution, attacks.attribution_text) == (None, "the report")


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
    assert names(sentences) == [None, "Maria Lopez", "Tom Reed", "Tom Reed", "Tom Reed", None]


# The tester's article (issue 14): organisations whole, appositions, pronouns, role nouns and reports resolved.
TESTER_ARTICLE = [
    "Health Secretary Daniel Reeve announced on Monday that 40 new hospitals would open by 2030.",
    "Last week he said that the government had built 40 new hospitals since 2019.",
    "The Department of Health and Social Care said waiting lists had fallen by 10% in a year.",
    "Hospital trusts have borrowed £2bn since 2020, according to the finance ministry.",
    "The ministry said the loans would be repaid by 2030.",
    "Unison, the health workers' union, disputed the figures.",
    "Its regional secretary, Maria Lopez, said that 3,000 nursing posts were vacant.",
    "The regional secretary said staff had not had a pay rise in five years.",
    "A report by the Kings Fund found that one in five nurses planned to leave.",
    "Waiting times have doubled since 2010, according to the report.",
    "The Health Secretary said the report was out of date.",
    "Mr Reeve told MPs that the figure was 40.",
]


def names(sentences):
    return [found.name for found in attribute(sentences)]


@pytest.fixture(scope="module")
def tester():
    return dict(zip(TESTER_ARTICLE, attribute(TESTER_ARTICLE), strict=True))


def found(tester, fragment):
    (match,) = [attribution for sentence, attribution in tester.items() if fragment in sentence]
    return match.name, match.text


def test_a_named_department_is_kept_whole(tester):
    assert found(tester, "The Department of Health") == (
        "the Department of Health and Social Care",
        "The Department of Health and Social Care",
    )


def test_according_to_the_finance_ministry_is_the_whole_ministry(tester):
    assert found(tester, "according to the finance ministry") == (
        "the finance ministry",
        "the finance ministry",
    )


def test_the_ministry_is_the_ministry_named_before(tester):
    assert found(tester, "The ministry said") == ("the finance ministry", "The ministry")


def test_a_titled_speaker_is_named_without_the_office_before_the_name(tester):
    assert found(tester, "Health Secretary Daniel Reeve announced") == (
        "Daniel Reeve",
        "Health Secretary Daniel Reeve",
    )


def test_he_in_the_next_sentence_is_the_health_secretary_named_before(tester):
    assert found(tester, "Last week he said") == ("Daniel Reeve", "he")


def test_an_apposition_names_the_speaker(tester):
    assert found(tester, "Its regional secretary, Maria Lopez, said") == ("Maria Lopez", "Maria Lopez")


def test_a_role_noun_is_the_person_given_that_role_not_just_the_last_person_named(tester):
    # Maria Lopez is the regional secretary (by apposition); Daniel Reeve the Health Secretary (by title).
    assert found(tester, "The regional secretary said") == ("Maria Lopez", "The regional secretary")
    assert found(tester, "The Health Secretary said") == ("Daniel Reeve", "The Health Secretary")


def test_mr_and_a_surname_are_the_person_named_in_full_before(tester):
    assert found(tester, "Mr Reeve told MPs") == ("Daniel Reeve", "Mr Reeve")


def test_the_report_is_the_body_whose_report_the_article_named(tester):
    assert found(tester, "A report by the Kings Fund found") == ("the Kings Fund", "the Kings Fund")
    assert found(tester, "according to the report") == ("the Kings Fund", "the report")


def test_the_study_and_the_owner_of_a_named_report_resolve_too():
    sentences = [
        "The Kings Fund report found that 12% of beds were closed.",
        "The study also found that 3,000 beds were empty.",
    ]
    assert names(sentences) == ["the Kings Fund", "the Kings Fund"]


def test_a_body_named_by_an_apposition_is_not_a_person():
    sentences = ["Unison, the health workers' union, disputed the figures.", "He said nothing."]
    assert names(sentences) == ["Unison", None]


def test_pronouns_and_documents_with_nothing_to_refer_to_are_unresolved():
    sentences = [
        "He said the hospital would close.",
        "According to the motion, the budget rose 5%.",
        "“It is a scandal,” they said.",
    ]
    results = attribute(sentences)
    assert [(r.name, r.text) for r in results] == [(None, "He"), (None, "the motion"), (None, "they")]


def test_he_is_not_someone_the_sentence_names_after_it():
    sentences = [
        "Health Secretary Daniel Reeve visited the hospital.",
        "He said that Prime Minister Anna Cole would open the new wing.",
    ]
    assert names(sentences)[1] == "Daniel Reeve"


def test_it_is_the_organisation_named_before():
    sentences = ["The Office for National Statistics said prices rose 3%.", "It said wages rose 2%."]
    assert names(sentences) == ["the Office for National Statistics"] * 2


@pytest.mark.parametrize(
    "claimant", ["the report", "The motion", "this study", "he", "They", "the new survey"]
)
def test_pronouns_and_bare_documents_are_references_not_claimants(claimant):
    assert is_reference(claimant)


@pytest.mark.parametrize(
    "claimant", ["the Kings Fund", "the finance ministry", "the labour minister", "Daniel Reeve", "Helen"]
)
def test_names_bodies_and_roles_are_claimants(claimant):
    assert not is_reference(claimant)


def test_extract_claims_json_gives_each_claim_the_resolved_name_and_the_words(tmp_path):
    from .test_commands import manage

    path = tmp_path / "article.txt"
    path.write_text("Hospitals\n\n" + " ".join(TESTER_ARTICLE), encoding="utf-8")
    result = manage("extract_claims", str(path), "--format", "json", "--threshold", "0")
    assert result.returncode == 0, result.stderr
    claims = {claim["text"]: claim for claim in json.loads(result.stdout)["claims"]}
    said = claims["Last week he said that the government had built 40 new hospitals since 2019."]
    assert (said["attribution"], said["attribution_text"]) == ("Daniel Reeve", "he")
    report = claims["Waiting times have doubled since 2010, according to the report."]
    assert (report["attribution"], report["attribution_text"]) == ("the Kings Fund", "the report")
    assert all({"attribution", "attribution_text"} <= set(claim) for claim in claims.values())


def test_he_is_the_subject_of_the_sentence_before_not_a_place_or_a_person_named_after_it():
    sentences = [
        "Health Secretary Daniel Reeve visited Leeds General Infirmary on Monday with Prime Minister Anna Cole.",
        "He said that the government had built 40 new hospitals since 2019.",
    ]
    assert names(sentences) == [None, "Daniel Reeve"]


def test_an_interviewees_answer_is_theirs_until_the_next_question():
    sentences = [
        "Grace Okafor has led the alliance since 2021.",
        "Q: How bad is it out there right now?",
        "Okafor: It is the worst I have seen.",
        "We gave out 2.4 million parcels last year.",
        "Q: Who is coming to food banks now?",
    ]
    assert names(sentences) == [None, None, "Grace Okafor", "Grace Okafor", None]


def test_a_spokesperson_or_analysts_speak_for_the_body_they_work_for():
    sentences = [
        "The Charity Commission said it had opened an inquiry.",
        "A spokeswoman for the commission said the board had not met since May.",
        "Harrowby Borough Council has voted to cut collections.",
        "A council spokesman said the change would save £1.2 million.",
        "Analysts at Banco Atlântico said the budget was prudent.",
        "A spokesman said nothing more.",
    ]
    assert names(sentences) == [
        "the Charity Commission",
        "the Charity Commission",
        None,
        "Harrowby Borough Council",
        "Banco Atlântico",
        None,
    ]


def test_longer_appositions_and_titles_without_a_full_stop_are_read():
    sentences = [
        "Its lead consultant in paediatric infectious diseases, Dr Femi Adebayo, said 14 children were admitted.",
        "Derek Hale, 74, who lives on the Millbrook estate, said he was worried.",
        "“We already have foxes ripping the bags open,” he said.",
    ]
    assert names(sentences) == ["Dr Femi Adebayo", "Derek Hale", "Derek Hale"]


def test_a_body_given_its_name_and_a_report_it_said_it_published_are_resolved():
    sentences = [
        "A survey by the charity Immunise Together found that 11% had delayed a vaccination.",
        "Only 3% said they had doubts, it found.",
        "The Public Finance Council said in a report on Thursday that the forecast was plausible.",
        "According to the report, the surplus depends on European funds.",
    ]
    assert names(sentences) == ["Immunise Together"] * 2 + ["the Public Finance Council"] * 2


def test_the_minister_and_the_commander_are_the_people_given_those_titles():
    sentences = [
        "Foreign Minister Ana Silva said the talks had failed.",
        "Lieutenant General Pieter Janssen, the mission's commander, said 23 soldiers had died.",
        "The minister added that 400 diplomats had been expelled.",
        "The commander said his forces had not been attacked.",
    ]
    silva, janssen = "Ana Silva", "Lieutenant General Pieter Janssen"
    assert names(sentences) == [silva, janssen, silva, janssen]


def test_a_quote_whose_speaker_was_named_before_says_who_in_its_reason(seed_extraction):
    sentence = sentence_containing(seed_extraction, "The pure numbers")
    reason = next(r for r in sentence.reasons if r["code"] == "attribution")
    assert reason["label"] == "Attributed to Lt. Gen. Pat White, named in the text around it"
    assert reason["match"] == ""  # nothing in the claim itself to quote
    named_here = sentence_containing(seed_extraction, "According to White")
    reason = next(r for r in named_here.reasons if r["code"] == "attribution")
    assert (reason["label"], reason["match"]) == ("Attributed to a named source", "White")
