"""Reading a topic statement: phrases kept whole, instruction words dropped, aspects, in English and Russian."""

from kzbrief.config import resolve_topic, topic_from_query
from kzbrief.query import PART_WEIGHT, read_statement, understand


def concepts(text):
    return {c.text: (sorted(c.aspects), c.share) for c in read_statement(text).concepts}


def test_a_duc_topic_statement():
    found = concepts("Southern Poverty Law Center. Describe the activities of Morris Dees and the Southern "
                     "Poverty Law Center.")
    assert found["southern poverty law center"] == ([0, 1], 1.0)  # a run of capitalised words is a phrase
    assert found["morris dees"] == ([1], 1.0)
    assert found["dees"] == ([1], PART_WEIGHT)  # "Dees" alone still speaks of Morris Dees, at half weight
    assert "describe" not in found and "the" not in found and "of" not in found
    assert read_statement("Southern Poverty Law Center. Describe the activities of Morris Dees.").aspects == 2


def test_instruction_and_question_words_are_dropped_in_both_languages():
    assert set(concepts("What happened to the West Bank settlements? Include information on their size.")) == {
        "west bank", "west", "bank", "happened", "settlements", "size"}
    assert set(concepts("Опишите, какие страны участвовали в переговорах; расскажите о результатах.")) == {
        "страны", "участвовали", "переговорах", "результатах"}


def test_quoted_text_is_a_phrase_and_aspects_follow_the_statement():
    query = read_statement('Reactions to "peace through strength". Who criticized it; who supported it?')
    assert {c.text for c in query.concepts} >= {"peace through strength", "reactions", "criticized", "supported"}
    assert query.aspects == 3


def test_a_keyword_topic_has_one_aspect_per_pattern():
    query = understand(resolve_topic("mediation", None))
    assert query.aspects == len(query.concepts) > 20
    assert {"Astana process", "Baku and Yerevan"} <= {c.text for c in query.concepts}


def test_an_adhoc_topic_keeps_its_statement():
    topic = topic_from_query("  Nord Stream   sabotage ")
    assert topic.statement == "Nord Stream sabotage" and topic.title == "Nord Stream sabotage"
    assert "nord stream" in topic.patterns["en"] and topic.name == "query-nord-stream-sabotage"
    assert understand(topic).concepts == read_statement("Nord Stream sabotage").concepts
