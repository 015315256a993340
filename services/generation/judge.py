"""The judge: one model call per lesson (when a model provider is configured) that says per
objective whether it is taught, with a verbatim quote, and per question whether the key is
right, whether the explanation agrees with it, and a quote from its source section.

The judge's word is not taken for evidence: every quote is looked up in the lesson text (case,
whitespace and markup aside). A quote that is not there, or is too short to show anything,
counts as "not shown", so a judge cannot wave a lesson through by inventing evidence. Its
findings join the lesson's stored findings and so feed the regeneration loop and the review
queue like the deterministic checks'.

A verified verdict also settles the checks' soft doubts about the same item (``settle``); the
finding stays, marked ``settled`` with the judge's evidence, and holds nothing. The rule:
- only soft doubts: objective coverage (OBJECTIVE_NOT_TAUGHT, OBJECTIVE_ONLY_IN_OVERVIEW),
  grounding (QUESTION_NOT_GROUNDED, QUESTION_WRONG_SOURCE), an explanation that seems to
  argue for another option (QUIZ_EXPLANATION_CONTRADICTS_KEY), and options that look alike
  once markup, case and inflection are set aside (QUIZ_OPTION_DUPLICATE,
  QUIZ_OPTION_NEAR_DUPLICATE: "false"/"False" in a lesson on JSON). Structural key checks,
  options equal in value or identical as written, key bias, thin or duplicated sections and
  a missing source section are never settled;
- the quote must be verified verbatim (three words or more) inside ONE section: for an
  objective a teaching section (not an overview or summary, and not an announcing sentence
  such as "In this lesson you will …"), for a question its own source section;
- the quote must be about the item (``relevant``), or a passage for it (below): it
  mentions at least one of the item's content terms that is not a number, and, when the
  item names something rare in the language ("Hexadezimalzahl", "TTL"), one of those rare
  terms. For an objective, a quote that paraphrases it (no shared term) passes when its
  section, title and teaching text, does, or when it is a passage of at least
  ``MIN_PARAPHRASE_WORDS`` words that the judge gave for no other objective; for a
  question, a passage of that length from its own section with the key judged right (the
  rule a question applies to new numbers shares few of its words). The judge reads
  meaning, the code checks that the evidence is real and where it is, and the settled
  finding shows it to the reviewer ("shared terms: none"). A short quote about something
  else in the lesson settles nothing;
- an explanation doubt is settled only when the judge says the explanation agrees AND the key
  is right AND its grounding quote passes the rule above, and never when the explanation
  names another option ("Option B is correct"); a look-alike doubt likewise, when the judge
  says the options are different answers, and never when two options are the same text.
An unverified quote settles nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.sanitize import sanitize_text
from db.queries import generation as q
from schemas.enums import LessonStatus
from schemas.generation import (
    CourseBrief,
    Finding,
    FindingCode,
    JudgeJob,
    LessonVerdict,
    ObjectiveVerdict,
    QuestionVerdict,
    Settlement,
    stored_finding,
)
from services.errors import NotFound
from services.generation import text as tx
from services.generation.calls import LessonContext
from services.generation.drafting import PreparedLesson
from services.generation.quality import COVERAGE
from services.generation.quiz_checks import named_index

MIN_QUOTE_WORDS = 3
C = FindingCode


class JudgedLessonNotFound(NotFound):
    pass


@dataclass
class JudgedQuestion:
    prompt: str
    options: list[str]
    key: int
    explanation: str
    section: int  # 0-based position of its source section


@dataclass
class JudgeContext:
    lesson_id: uuid.UUID
    revision: int
    language: str
    title: str
    objectives: list[str]
    sections: list[tuple[str, str]]
    questions: list[JudgedQuestion] = field(default_factory=list)
    # The lesson's findings as stored at ``revision`` when read: the checks' (and an earlier
    # judge attempt's). Only a new revision rewrites the checks' findings, so they still hold
    # when the verdict is stored, if the lesson is still at ``revision``.
    stored: list[Any] = field(default_factory=list)
    # The course the lesson belongs to, as its lesson call read it: the prompt's stable part,
    # the same in every judge call of the course (so the provider's prompt cache serves it).
    brief: CourseBrief | None = None
    outline: dict[str, Any] | None = None

    def plan(self) -> dict[str, Any]:
        return {"title": self.title, "objectives": self.objectives}

    def content(self) -> dict[str, Any]:
        return {
            "sections": [
                {"number": n, "title": t, "body_markdown": b}
                for n, (t, b) in enumerate(self.sections, 1)
            ],
            "quiz": [
                {"number": n, "prompt": x.prompt, "options": x.options, "answer_index": x.key,
                 "explanation": x.explanation, "section_number": x.section + 1}
                for n, x in enumerate(self.questions, 1)
            ],
        }  # fmt: skip


async def judge_context(session: AsyncSession, job: JudgeJob) -> JudgeContext | None:
    """What the judge reads, or None when there is nothing to do: the lesson is at another
    revision, or this revision was judged already (a retried activity)."""
    found = await q.judged_lesson(session, job.lesson_id, job.generation_id)
    if found is None:
        raise JudgedLessonNotFound("no such lesson")
    lesson, sections, questions = found
    stale = lesson.revision != job.revision or lesson.status != LessonStatus.generated
    if stale or lesson.judged_revision >= job.revision:
        return None
    where = {section_id: i for i, (section_id, _, _) in enumerate(sections)}
    return JudgeContext(
        lesson_id=job.lesson_id, revision=lesson.revision,
        language=tx.language_of(lesson.language), title=lesson.title,
        objectives=[str(o) for o in lesson.objectives],
        sections=[(title, body) for _, title, body in sections],
        questions=[
            JudgedQuestion(prompt, [str(o) for o in options], key, explanation,
                           where.get(section_id, 0))
            for prompt, options, key, explanation, section_id in questions
        ],
        stored=list(lesson.quality_findings),
        brief=lesson.request.brief() if lesson.request is not None else None,
        outline=lesson.outline,
    )  # fmt: skip


def written_context(
    lesson_id: uuid.UUID,
    revision: int,
    lesson: LessonContext,
    prepared: PreparedLesson,
) -> JudgeContext:
    """What ``judge_context`` would read back of a lesson its own call has just stored at
    ``revision`` (``prepared``, read with ``lesson``), built from memory: the lesson activity
    judges its lesson without reading it again. The stored findings are the checks' that
    ``write_lesson`` stored with it; a lesson rewritten meanwhile is left alone by
    ``store_verdict`` as with a read context."""
    return JudgeContext(
        lesson_id=lesson_id, revision=revision, language=tx.language_of(lesson.language),
        title=str(lesson.plan["title"]),
        objectives=[str(o) for o in lesson.plan["objectives"]],
        sections=list(prepared.sections),
        questions=[JudgedQuestion(x.prompt, list(x.options), x.key, x.explanation, x.section)
                   for x in prepared.questions],
        stored=list(prepared.findings), brief=lesson.brief, outline=lesson.outline,
    )  # fmt: skip


@lru_cache(maxsize=1024)  # pure; a verdict's quotes are looked up in the same texts again
def _normal(text: str) -> str:
    """Text as a quote of it is compared: through the plain-text sanitiser every reply's quote
    went through (a lesson's code keeps ``<head>``, a quote of it has lost it), markup, case
    and whitespace aside."""
    return " ".join(tx.plain(sanitize_text(text)).replace("\u2019", "'").lower().split())


# A quote of a list item may carry its marker ("- Kneading …", "2. Add …").
_LIST_MARKER = re.compile(r"^(?:[-+•]|\d{1,2}[.)])\s+")


def verified(quote: str, text: str) -> bool:
    """The quote appears in the text (case, whitespace and markup aside) and says something."""
    wanted = _LIST_MARKER.sub("", _normal(quote)).strip(" .,;:\"'")
    return len(wanted.split()) >= MIN_QUOTE_WORDS and wanted in _normal(text)


def _teaching_text(ctx: JudgeContext) -> str:
    return "\n".join(b for t, b in ctx.sections if not tx.OVERVIEW_TITLE.match(t))


def _objective_verdict(verdict: LessonVerdict, n: int, objective: str) -> ObjectiveVerdict | None:
    by_text = {_normal(v.objective): v for v in verdict.objectives}
    if _normal(objective) in by_text:
        return by_text[_normal(objective)]
    return verdict.objectives[n] if n < len(verdict.objectives) else None


def objective_findings(ctx: JudgeContext, verdict: LessonVerdict) -> list[Finding]:
    teaching = _teaching_text(ctx)
    findings = []
    for n, objective in enumerate(ctx.objectives):
        v = _objective_verdict(verdict, n, objective)
        if v is not None and v.taught and verified(v.quote, teaching):
            continue
        if v is None or not v.taught:
            message, evidence = "the judge found no section that teaches it", []
        else:
            message = "the judge's quote is not in the lesson's teaching text (not shown)"
            evidence = [f"unverified quote: {v.quote[:300]}"]
        findings.append(Finding(code=C.judge_objective, objective=objective, source="judge",
                                message=message, evidence=evidence))  # fmt: skip
    return findings


def question_findings(ctx: JudgeContext, verdict: LessonVerdict) -> list[Finding]:
    by_number: dict[int, QuestionVerdict] = {v.question: v for v in verdict.questions}
    findings = []
    for n, question in enumerate(ctx.questions, 1):
        v = by_number.get(n)
        key = question.options[question.key] if 0 <= question.key < len(question.options) else ""
        if v is not None and not v.key_correct:
            findings.append(Finding(
                code=C.judge_key_wrong, question=n, source="judge",
                message="the judge says the marked key is not the right answer",
                evidence=[f"key: {key}", *([f"quote: {v.quote[:300]}"] if v.quote else [])],
            ))  # fmt: skip
        if v is not None and not v.options_distinct:
            findings.append(Finding(
                code=C.judge_options, question=n, source="judge",
                message="the judge says two of its options are the same answer",
                evidence=[f"options: {' | '.join(question.options)[:300]}"],
            ))  # fmt: skip
        if v is not None and not v.explanation_agrees:
            findings.append(Finding(
                code=C.judge_explanation, question=n, source="judge",
                message="the judge says the explanation argues for another answer than the key",
                evidence=[f"explanation: {question.explanation[:300]}", f"key: {key}"],
            ))  # fmt: skip
        findings += _grounding(ctx, n, question, v)
    return findings


def _grounding(
    ctx: JudgeContext, n: int, question: JudgedQuestion, v: QuestionVerdict | None
) -> list[Finding]:
    in_range = 0 <= question.section < len(ctx.sections)
    section = ctx.sections[question.section][1] if in_range else ""
    if v is not None and verified(v.quote, section):
        return []
    evidence = [f"unverified quote: {v.quote[:300]}"] if v is not None and v.quote else []
    return [Finding(
        code=C.judge_not_grounded, question=n, section=question.section + 1, source="judge",
        message="no verified quote from its source section grounds the key",
        evidence=evidence,
    )]  # fmt: skip


def verdict_findings(ctx: JudgeContext, verdict: LessonVerdict) -> list[Finding]:
    return objective_findings(ctx, verdict) + question_findings(ctx, verdict)


# --- settling the checks' soft doubts ----------------------------------------------------
# The checks' doubts that a verified judge verdict may settle: lemma coverage of an objective,
# grounding of a question in its section, an explanation that seems to argue for another
# option. The structural key checks, duplicate and equal-value options, key bias, thin or
# duplicated sections and a missing source section are facts of the text: never settled.
GROUNDING = frozenset({C.not_grounded, C.wrong_source})
# Options the checks read as one answer once markup, case or inflection are set aside
# ("false"/"False" in a lesson on JSON, "vert"/"verte" in one on French adjectives).
LOOKALIKE = frozenset({C.option_duplicate, C.option_near_duplicate})
SETTLEABLE = COVERAGE | GROUNDING | LOOKALIKE | {C.explanation_contradicts}


@dataclass(frozen=True)
class Evidence:
    """A judge quote the code found in one section, and the item's terms it says."""

    section: int  # 0-based
    quote: str
    shared: list[str]
    in_section: bool = False  # the terms are the quote's section's, not the quote's own

    def lines(self, ctx: JudgeContext) -> list[str]:
        title = ctx.sections[self.section][0]
        quote = f"quote from section {self.section + 1} ({title!r}): {self.quote[:300]}"
        if not self.shared:
            return [quote, "shared terms: none (the judge reads it as a paraphrase)"]
        where = "shared terms (of the quote's section)" if self.in_section else "shared terms"
        return [quote, f"{where}: {', '.join(self.shared[:8])}"]


def relevant(quote: str, wanted: set[str], lang: str) -> list[str]:
    """The item's content terms a quote mentions (by lemma, stem, light synonym or a compound
    that starts with the term: "Kompassnadel" mentions "Kompass"), or none when it is not
    about the item: it must say at least one term that is not a number, and, when
    the item names something specific (a rare term: "Hexadezimalzahl", "TTL"), one of those;
    a true sentence about adding binary numbers does not show "Hexadezimalzahlen addieren"."""
    terms = {w for w in wanted if not tx.is_number(w)}
    shared = tx.mentioned(terms, set(tx.lemmas(quote, lang)), lang)
    rare = tx.specific(terms, lang)
    if not shared or (rare and not rare & shared):
        return []
    return sorted(shared)


def _in_teaching(quote: str, body: str) -> bool:
    """``quote`` is in the section's teaching text: whole, or sentence by sentence as the
    section is read (a quote of a numbered list carries the markers the reading drops)."""
    teaching = _teaching_body(body)
    if verified(quote, teaching):
        return True
    parts = tx.sentences(quote)
    return len(parts) > 1 and all(verified(part, teaching) for part in parts)


@lru_cache(maxsize=1024)  # pure; asked for every section once per objective
def _teaching_body(body: str) -> str:
    """A section's body without its announcing sentences ("In this lesson you will …")."""
    return " ".join(s for s in tx.sentences(body) if not tx.OVERVIEW_SENTENCE.search(s))


# A quote that shares no term with its objective (a paraphrase) shows it only as a passage:
# this many words or more, and not the quote the judge gave for another objective.
MIN_PARAPHRASE_WORDS = 8


def objective_evidence(
    ctx: JudgeContext, verdict: LessonVerdict, n: int, objective: str
) -> Evidence | None:
    """A "taught" verdict's quote, verified in one teaching section (not an overview or
    summary section, not an announcing sentence) and about the objective: the quote or its
    section mentions the objective's terms, or it is a passage of its own that paraphrases
    the objective (the judge reads meaning; the code checks that the evidence is real)."""
    v = _objective_verdict(verdict, n, objective)
    if v is None or not v.taught:
        return None
    wanted, lang = tx.objective_lemmas(objective, ctx.language), ctx.language
    others = {_normal(o.quote) for o in verdict.objectives if o is not v}
    passage = len(v.quote.split()) >= MIN_PARAPHRASE_WORDS and _normal(v.quote) not in others
    for i, (title, body) in enumerate(ctx.sections):
        if tx.OVERVIEW_TITLE.match(title) or not _in_teaching(v.quote, body):
            continue
        if shared := relevant(v.quote, wanted, lang):
            return Evidence(i, v.quote, shared)
        if shared := relevant(f"{title}. {_teaching_body(body)}", wanted, lang):
            return Evidence(i, v.quote, shared, in_section=True)
        if passage:
            return Evidence(i, v.quote, [])
    return None


def grounding_evidence(ctx: JudgeContext, n: int, v: QuestionVerdict | None) -> Evidence | None:
    """A question verdict's quote, verified in the question's own source section and about
    what the question and its key say."""
    question = ctx.questions[n - 1] if 0 < n <= len(ctx.questions) else None
    if v is None or question is None or not 0 <= question.section < len(ctx.sections):
        return None
    key = question.options[question.key] if 0 <= question.key < len(question.options) else ""
    wanted = set(tx.lemmas(f"{question.prompt} {key}", ctx.language))
    if not verified(v.quote, ctx.sections[question.section][1]):
        return None
    if shared := relevant(v.quote, wanted, ctx.language):
        return Evidence(question.section, v.quote, shared)
    # A question that applies the section's rule to a new case shares few words with the
    # rule ("x0 = -b / (2a)" for "x² + 6x + 9 = 0"): a passage the judge quotes from the
    # question's own section, with the key judged right, grounds it.
    if v.key_correct and len(v.quote.split()) >= MIN_PARAPHRASE_WORDS:
        return Evidence(question.section, v.quote, [])
    return None


def _distinct_options(ctx: JudgeContext, n: int, v: QuestionVerdict | None) -> Settlement | None:
    """Options that look alike to the checks are different answers when the judge says so,
    with the key right and a verified quote from the question's source section (the rule it
    applies: "on ajoute un -e" for "vert"/"verte"), and they differ as written: the same
    text twice is no choice, whatever a judge says."""
    question = ctx.questions[n - 1] if 0 < n <= len(ctx.questions) else None
    if v is None or question is None or not (v.options_distinct and v.key_correct):
        return None
    written = [" ".join(o.split()) for o in question.options]
    in_range = 0 <= question.section < len(ctx.sections)
    if len(set(written)) < len(written) or not in_range:
        return None
    if not verified(v.quote, ctx.sections[question.section][1]):
        return None
    evidence = Evidence(question.section, v.quote, []).lines(ctx)[:1]
    rule = "different answers (judge), key right, quote verified in its source section"
    return Settlement(rule=rule, evidence=[f"options: {' | '.join(written)[:300]}", *evidence])


def _settlement(f: Finding, ctx: JudgeContext, verdict: LessonVerdict) -> Settlement | None:
    if f.source == "judge" or f.code not in SETTLEABLE:
        return None
    if f.code in COVERAGE and f.objective in ctx.objectives:
        n = ctx.objectives.index(f.objective)
        found = objective_evidence(ctx, verdict, n, f.objective)
        rule = "taught, shown by a verified quote from a teaching section about the objective"
        return None if found is None else Settlement(rule=rule, evidence=found.lines(ctx))
    if f.question is None:
        return None
    v = next((x for x in verdict.questions if x.question == f.question), None)
    if f.code in LOOKALIKE:
        return _distinct_options(ctx, f.question, v)
    found = grounding_evidence(ctx, f.question, v)
    if found is None or v is None:
        return None
    if f.code in GROUNDING:
        rule = "grounded, shown by a verified quote from its source section about its key"
        return Settlement(rule=rule, evidence=found.lines(ctx))
    question = ctx.questions[f.question - 1]
    # An explanation the judge says agrees: trusted only with the key judged right and
    # grounded by a verified quote, and never over an explanation that names another option.
    named = named_index(question.explanation)
    if not (v.explanation_agrees and v.key_correct) or named not in (None, question.key):
        return None
    rule = "the explanation agrees with the key (judge), key right and grounded by a verified quote"
    return Settlement(rule=rule, evidence=found.lines(ctx))


def settle(checks: list[Finding], ctx: JudgeContext, verdict: LessonVerdict) -> list[Finding]:
    """The checks' findings, each soft doubt that a verified judge verdict contradicts marked
    ``settled`` with that verdict's evidence (shown in the review queue, holding nothing)."""
    settled = []
    for f in checks:
        how = _settlement(f, ctx, verdict)
        settled.append(f if how is None else f.model_copy(update={"settled": how}))
    return settled


def merge(checks: list[Finding], ctx: JudgeContext, verdict: LessonVerdict) -> list[Finding]:
    """The checks' findings (the judge's earlier ones dropped, soft doubts settled where the
    judge showed otherwise with verified, relevant evidence) with the judge's own."""
    kept = settle([f for f in checks if f.source != "judge"], ctx, verdict)
    return [*kept, *verdict_findings(ctx, verdict)]


async def store_verdict(session: AsyncSession, ctx: JudgeContext, verdict: LessonVerdict) -> int:
    """The judge's findings replace its earlier ones on the lesson (the checks' stay), in the
    transaction that records its ledger row; a lesson rewritten meanwhile is left alone.

    One guarded UPDATE, no locking read: the checks' findings were read with the lesson
    (``ctx.stored``) and change only with its revision, which the UPDATE checks. Two attempts
    judging one revision each write the checks' findings plus their own verdict's; the last
    write wins, as it did when the second read the first's under a lock (a merge drops earlier
    judge findings anyway)."""
    findings = merge([stored_finding(f) for f in ctx.stored], ctx, verdict)
    stored = await q.store_judged(
        session, ctx.lesson_id, ctx.revision, [f.model_dump(mode="json") for f in findings]
    )
    return sum(1 for f in findings if f.source == "judge") if stored else 0
