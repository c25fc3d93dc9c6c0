"""One answer to "is this the same statement?", in English and Russian: paraphrases across outlets are the same,
different facts about the same subject are not."""

from kzbrief.similarity import CITE_THRESHOLD, THRESHOLD, Statements, text_key
from kzbrief.text import content_stems

# A pool like a brief's: several sentences about one subject, so the subject's own words weigh little.
POOL = [
    "Kazakhstan offered to host talks between Armenia and Azerbaijan in Almaty next month.",
    "Kazakhstan is ready to host Armenian-Azerbaijani talks in Almaty next month, the ministry said.",
    "Kazakhstan and Azerbaijan signed a trade agreement on rail transit through the Caspian Sea.",
    "The talks between Armenia and Azerbaijan ended without an agreement on the border.",
    "Трудовые мигранты из Киргизии смогут работать в Казахстане без патента с марта.",
    "С марта мигранты из Киргизии будут работать в Казахстане без патента, сообщило министерство.",
    "В Казахстане с марта вырастут тарифы на электроэнергию для населения.",
    "Kazakh wheat exports rose by a fifth last year, the statistics bureau reported.",
    # ... and more on the same subjects, as a real pool has: their names are common, hence light
    *[f"Armenia and Azerbaijan {fact}." for fact in (
        "exchanged prisoners after the talks in the spring", "agreed to open a railway link through Nakhchivan",
        "disagree over the wording of the constitution", "held talks in Washington under American mediation",
        "named commissions to mark the border", "accused each other of shelling near the border")],
    *[f"Мигранты из Киргизии {fact}." for fact in (
        "получают полисы медицинского страхования", "отправили домой больше денег, чем год назад",
        "чаще работают в строительстве", "жалуются на очереди в миграционных центрах")],
]


def test_paraphrases_are_the_same_statement_and_other_facts_are_not():
    statements = Statements([content_stems(t) for t in POOL])
    assert statements.same(0, 1) and statements.same(4, 5)  # the same news from two outlets, EN and RU
    for a, b in [(0, 2), (0, 3), (4, 6), (2, 7), (1, 3)]:
        assert not statements.same(a, b), (POOL[a], POOL[b], statements.cosine(a, b))
    assert statements.first_same(1, [3, 2, 0]) == 0
    assert 0 < THRESHOLD < 1


def test_exact_copies_are_one_statement_whatever_their_spacing():
    assert text_key("Kazakhstan  hosted\nthe talks.") == text_key("kazakhstan hosted the talks.")


def test_a_shared_phrase_or_template_is_not_a_citation():
    """Two sentences that share a phrase ("find a way out") or a news template (banned for doping) with different
    subjects are not cited for each other, though they may be too alike to show both."""
    pool = [
        "At the UN rostrum, Tokayev also spoke about the situation in Ukraine, reiterating the need to find a way "
        "out of the situation by diplomatic means.",
        "“The Security Council is in a deadlock, and we need to find a way out,” Tokayev stated.",
        "Российский скейтбордист Максим Круглов дисквалифицирован на четыре года за нарушение антидопинговых "
        "правил, сообщает пресс-служба РУСАДА во вторник.",
        "Чемпион мира по греко-римской борьбе Чингиз Лабазанов наказан дисквалификацией на один год за "
        "нарушение антидопинговых правил, сообщает во вторник пресс-служба РУСАДА.",
        *POOL,
    ]
    statements = Statements([content_stems(t) for t in pool])
    assert statements.cosine(0, 1) < CITE_THRESHOLD and statements.cosine(2, 3) < CITE_THRESHOLD
    paraphrases = Statements([content_stems(t) for t in POOL])
    assert paraphrases.cosine(0, 1) >= CITE_THRESHOLD and paraphrases.cosine(4, 5) >= CITE_THRESHOLD
