"""The judge over the quality corpus: each lesson goes through the real OpenAI SDK adapter to
the fake model server (tests/support/fake_llm.py) scripted as a judge, its reply is parsed
as the pipeline parses it (``parse_verdict``) and its quotes verified (``verdict_findings``).

Three scripted judges, because the fake server is not a model: ``honest`` reports the
corpus's labelled defect (a wrong key, two options that are one answer, a disagreeing
explanation, an objective not taught, a question it finds no grounding for) and elsewhere
quotes the reviewers' evidence (``evidence_*.py``); ``lying`` approves every lesson with
invented quotes; ``approving`` (a rubber stamp) approves every lesson with real
quotes, each the sentence of a teaching section (or of the question's source section) that
shares most words with the item: what the code's checks of evidence cannot tell from a real
verdict, so its catch rate is what the deterministic checks and verification keep against a
judge that reads nothing. A verified quote showing an objective taught outweighs the lemma
check's doubt about that objective (``merge``), as in the pipeline. The figures measure the
mechanism (call, parse, verification, findings), not a real model's judgement.
"""

from __future__ import annotations

import uuid
from typing import Any

from adapters.llm.openai import OpenAIChat
from adapters.llm.parsing import parse_verdict
from adapters.llm.port import LLMRequest
from adapters.llm.prompts import JUDGE_SYSTEM, judge_lesson_data, judge_messages
from bench.quality_corpus import evidence_a, evidence_b, evidence_c, evidence_d, evidence_e
from schemas.generation import Finding
from services.generation.judge import JudgeContext, JudgedQuestion, merge
from services.generation.text import OVERVIEW_TITLE
from tests.support.fake_llm import FakeLLMServer, judge_answer


def context(entry: dict[str, Any]) -> JudgeContext:
    content = entry["content"]
    return JudgeContext(
        lesson_id=uuid.uuid4(), revision=1, language=entry["language"], title=entry["id"],
        objectives=list(entry["objectives"]),
        sections=[(s["title"], s["body_markdown"]) for s in content["sections"]],
        questions=[
            JudgedQuestion(x["prompt"], [o["text"] for o in x["options"]], x["answer_index"],
                           x["explanation"], x["section_index"])
            for x in content["quiz"]
        ],
    )  # fmt: skip


# The reviewers' evidence per good lesson, annotated by people blind to the checks and the
# judge, by reading, not by word overlap.
EVIDENCE: dict[str, dict[str, Any]] = {
    **evidence_a.EVIDENCE, **evidence_b.EVIDENCE, **evidence_c.EVIDENCE,
    **evidence_d.EVIDENCE, **evidence_e.EVIDENCE,
}  # fmt: skip


def with_evidence(entry: dict[str, Any], ctx: JudgeContext, verdict: dict[str, Any]) -> int:
    """Quote what the reviewers quoted for the lesson (a defective lesson: for its base
    lesson), where the quote is still in the section a judge may quote (a teaching section
    for an objective, the question's source section for a question); elsewhere the scripted
    judge's own quote (words shared with the item) stays. Returns the quotes replaced."""
    evidence = EVIDENCE.get(entry["id"].split("~")[0])
    if evidence is None:
        return 0
    teaching = [b for t, b in ctx.sections if not OVERVIEW_TITLE.match(t)]
    replaced = 0
    for item in verdict["objectives"]:
        quote = evidence["objectives"].get(item["objective"], "")
        if quote and any(quote in body for body in teaching):
            item["quote"], replaced = quote, replaced + 1
    for n, item in enumerate(verdict["questions"]):
        quotes = evidence["questions"]
        quote = quotes[n] if n < len(quotes) else ""
        section = ctx.questions[n].section
        if quote and section < len(ctx.sections) and quote in ctx.sections[section][1]:
            item["quote"], replaced = quote, replaced + 1
    return replaced


def honest_verdict(entry: dict[str, Any], ctx: JudgeContext) -> dict[str, Any]:
    verdict = judge_answer(
        {"lesson_plan": ctx.plan(), "lesson_content": judge_lesson_data(ctx.content())}
    )
    with_evidence(entry, ctx, verdict)
    defect, label = entry.get("defect") or {}, entry["label"]
    if "question" in defect:
        item = verdict["questions"][defect["question"] - 1]
        if label == "key_structure":
            item["key_correct"] = False
        elif label == "explanation_contradicts":
            item["explanation_agrees"] = False
        elif label == "ungrounded_question":
            item["quote"] = ""
        elif label in ("duplicate_options", "equal_value_options"):
            item["options_distinct"] = False
    if "objective" in defect:
        for item in verdict["objectives"]:
            if item["objective"] == defect["objective"]:
                item["taught"], item["quote"] = False, ""
    return verdict


async def judge_all(
    entries: list[dict[str, Any]], checks: dict[str, list[Finding]], mode: str
) -> dict[str, list[Finding]]:
    """Each lesson's findings after its judge call, as ``store_verdict`` merges them."""
    fake = FakeLLMServer().start()
    client = OpenAIChat("bench-key", fake.openai_base_url, 30.0)
    found: dict[str, list[Finding]] = {}
    try:
        for entry in entries:
            ctx = context(entry)
            if mode == "honest":
                fake.script("judge", "verdict", verdict=honest_verdict(entry, ctx))
            elif mode == "approving":
                fake.script("judge", "valid")
            else:
                fake.script("judge", "invent_quotes")
            messages = judge_messages(ctx.plan(), ctx.content(), {"lesson_id": entry["id"]})
            reply = await client.complete(LLMRequest(JUDGE_SYSTEM, messages, "judge", 4000))
            found[entry["id"]] = merge(checks[entry["id"]], ctx, parse_verdict(reply.text))
    finally:
        await client.close()
        fake.stop()
    return found
