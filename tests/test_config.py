"""Topics: the shipped file, a user's file over it, ad-hoc queries, and clear errors."""

import pytest

from kzbrief.config import load_topics, resolve_topic, topic_from_query
from kzbrief.errors import KzbriefError


def test_shipped_topics(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    topics, default = load_topics()
    assert default == "mediation"
    assert {"mediation", "un-reform", "trade-transport", "sanctions"} <= set(topics)
    for topic in topics.values():
        assert topic.title and topic.patterns["en"] and topic.patterns["ru"]


def test_user_file_overrides_and_adds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    user = tmp_path / "mine.toml"
    user.write_text('default = "energy"\n[topics.energy]\ntitle = "Energy"\nen = ["oil", "gas*"]\n'
                    '[topics.sanctions]\ntitle = "Mine"\nen = ["sanction*"]\n', encoding="utf-8")
    topics, default = load_topics(user)
    assert default == "energy" and topics["sanctions"].title == "Mine" and "mediation" in topics


def test_topics_toml_in_working_directory_is_picked_up(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "topics.toml").write_text('[topics.x]\ntitle = "X"\nen = ["x"]\n', encoding="utf-8")
    assert "x" in load_topics()[0]


@pytest.mark.parametrize("content, message", [
    ("[topics.bad\n", "not valid TOML"),
    ('[topics.bad]\ntitle = "B"\n', "no keyword patterns"),
    ('[topics.bad]\nen = "oil"\n', "must be a list"),
    ('[topics.bad]\nen = ["oil"]\nkeywords = []\n', "unknown field"),
    ('default = "nope"\n', "default topic 'nope'"),
])
def test_bad_topics_files(tmp_path, content, message):
    path = tmp_path / "t.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KzbriefError, match=message):
        load_topics(path)


def test_unknown_topic_lists_the_known_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KzbriefError, match="unknown topic 'nope'; known topics: mediation"):
        resolve_topic("nope", None)


def test_query_topic():
    topic = topic_from_query("The Astana process on Syria")
    assert topic.adhoc and topic.name == "query-astana-process-syria"
    assert topic_from_query("паводок ливни").title == "Паводок ливни"  # a title starts with a capital
    assert topic.patterns["en"] == ("astana", "process", "syria")
    with pytest.raises(KzbriefError):
        topic_from_query("the of and")
    with pytest.raises(KzbriefError, match="not both"):
        resolve_topic("mediation", "x")
