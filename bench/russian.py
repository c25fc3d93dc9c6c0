"""Russian text handling, measured on the shipped news sample (tests/data/ru-news-sample.jsonl, 45 articles):

- sentence splitting: boundary errors (false and missed) per 100 sentences of the gold segmentation
  (tests/data/ru-sentences-gold.json), for razdel alone and for kzbrief's splitter (razdel plus its Russian rules);
- name forms: how many sentences about a person a query on the person's name finds, over every case form of
  the name, with kzbrief's stems (pymorphy3 forms, names read as names) and with Snowball's (the old stems).

Run: python bench/russian.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def splitting() -> None:
    import razdel

    from kzbrief.text import split_sentences

    records = [json.loads(line)["text"] for line in
               (ROOT / "tests" / "data" / "ru-news-sample.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = json.loads((ROOT / "tests" / "data" / "ru-sentences-gold.json").read_text(encoding="utf-8"))["records"]
    systems = {"razdel": lambda t: [s.stop for s in razdel.sentenize(t)],
               "kzbrief": lambda t: [s.end for s in split_sentences(t, language="ru")]}
    sentences = sum(len(g) for g in gold)
    print(f"sentence splitting, {len(records)} articles, {sentences} gold sentences")
    for name, split in systems.items():
        false = missed = 0
        for text, ends in zip(records, gold):
            found, wanted = set(split(text)), set(ends)
            false += len(found - wanted)
            missed += len(wanted - found)
        print(f"  {name:<8} {false:3d} false, {missed:3d} missed boundaries: "
              f"{100 * (false + missed) / sentences:.2f} errors per 100 sentences")


NAMES = {  # a person's name as a user types it, and sentences with each case form of it
    "Лавров": ["Лавров заявил, что переговоры продолжатся.", "Министр Лавров выступил в Женеве.",
               "Встреча Лаврова и Блинкена прошла в Женеве.", "Журналисты обратились к Лаврову с вопросом.",
               "Делегацию возглавил министр с Лавровым во главе.", "В интервью о Лаврове говорили много."],
    "Токаев": ["Токаев провел переговоры в Астане.", "Президент Токаев выступил в ООН.",
               "Визит Токаева в Берлин завершился.", "Делегация передала Токаеву послание.",
               "Шольц встретился с Токаевым в Берлине.", "В статье о Токаеве говорится о реформах."],
    "Байден": ["Байден подписал указ о санкциях.", "Президент Байден прилетел в Варшаву.",
               "Советники Байдена обсуждали бюджет.", "Письмо направили Байдену в понедельник.",
               "Журналисты говорили с Байденом о торговле.", "Спор о Байдене не утихает."],
    "Захарова": ["Захарова прокомментировала заявление.", "Официальный представитель МИД Захарова ответила.",
                 "Слова Захаровой вызвали споры.", "Вопрос задали Захаровой на брифинге.",
                 "Журналисты спорили с Захаровой о сроках.", "В заметке о Захаровой нет подробностей."],
    "Шольц": ["Шольц провел переговоры с Токаевым.", "Канцлер Шольц заявил о поддержке.",
              "Визит Шольца в Астану завершился.", "Токаев направил Шольцу приглашение.",
              "Переговоры с Шольцем шли два часа.", "В статье о Шольце говорилось о торговле."],
    "Зеленский": ["Зеленский выступил с обращением.", "Президент Зеленский прибыл в Брюссель.",
                  "Указ Зеленского вступил в силу.", "Письмо адресовано Зеленскому лично.",
                  "Беседа с Зеленским длилась час.", "В заметке о Зеленском ничего нового."],
}


def names() -> None:
    import snowballstemmer

    from kzbrief.query import compile_pattern
    from kzbrief.text import stems_of, tokenize

    snowball = snowballstemmer.stemmer("russian")
    print(f"name forms: {len(NAMES)} people, {sum(len(v) for v in NAMES.values())} sentences, each case form; "
          f"the query is the name, as typed (capitalised, and in lower case)")
    for typed in (str, str.lower):
        ours = old = total = 0
        for name, sentences in NAMES.items():
            pattern = compile_pattern(typed(name))
            wanted = snowball.stemWord(typed(name).lower())
            for sentence in sentences:
                tokens = tokenize(sentence)
                total += 1
                ours += pattern.count(tokens, stems_of(sentence)) > 0
                old += wanted in [snowball.stemWord(t) for t in tokens]
        label = "capitalised" if typed is str else "lower case"
        print(f"  {label:<12} kzbrief {ours}/{total} ({100 * ours / total:.0f}%), "
              f"Snowball {old}/{total} ({100 * old / total:.0f}%)")


if __name__ == "__main__":
    splitting()
    names()
