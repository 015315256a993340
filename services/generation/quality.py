"""Quality checks of generated lessons, run for every provider (``offline`` included): the
structural quiz keys, options compared by notation and value, explanations that argue for
another option, questions no section teaches, objectives that are announced but never taught,
thin and duplicated sections; and across the course, a biased key and objectives no lesson
covers. Pure: the texts come in, findings (``schemas.generation.Finding``) go out.

Matching is by lemma in the course's language (``services.generation.text``), so "Sorting and
filtering rows" covers "Sort and filter rows", and "x" and "x²" stay different options.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from core.settings import Settings
from db.models import Lesson
from db.queries.generation import LessonText
from schemas.enums import LessonStatus
from schemas.generation import (
    Finding,
    FindingCode,
    LessonContent,
    LessonFindings,
    QualityReport,
    QuizDraft,
    QuizOption,
    SectionDraft,
    stored_finding,
)
from services.generation import text as tx
from services.generation.quiz_checks import (
    MIN_BIAS_QUESTIONS,
    bias_findings,
    explanation_findings,
    key_findings,
    option_findings,
)

C = FindingCode
# The lemma coverage check's doubts about an objective (a judge's verified quote may settle them).
COVERAGE = frozenset({C.objective_not_taught, C.objective_only_overview})


@dataclass(frozen=True)
class QualityRules:
    """Thresholds of the checks (``Settings.quality_*``), tuned on bench/quality_corpus."""

    min_section_sentences: int = 2
    min_section_words: int = 20
    objective_coverage: float = 0.6  # share of an objective's content lemmas that is taught
    question_grounding: float = 0.4  # share of a question's (prompt + key) lemmas in its section
    # ... and at least this share when no section says any word the key adds to the question
    unsaid_key_grounding: float = 0.5
    # share of the explanation's words its source section says, for a question that applies
    # what the section teaches to a new case (``explained_by``)
    explanation_grounding: float = 0.75


@dataclass
class ReadLesson:
    """A lesson read once for all checks: lemmas of its teaching text and overview text."""

    lang: str
    teaching: set[str] = field(default_factory=set)
    overview: set[str] = field(default_factory=set)
    overview_sentences: list[str] = field(default_factory=list)
    per_section: list[set[str]] = field(default_factory=list)


def rules_from(settings: Settings) -> QualityRules:
    return QualityRules(
        min_section_sentences=settings.quality_min_section_sentences,
        min_section_words=settings.quality_min_section_words,
        objective_coverage=settings.quality_objective_coverage,
        question_grounding=settings.quality_question_grounding,
    )


def read_lesson(sections: list[SectionDraft] | list[tuple[str, str]], lang: str) -> ReadLesson:
    """Overview sections ("Introduction", "Überblick") and announcing sentences ("In this
    lesson you will …") state objectives; they do not teach them."""
    read = ReadLesson(lang)
    for section in sections:
        if isinstance(section, SectionDraft):
            title, body = section.title, section.body_markdown
        else:
            title, body = section
        own = set(tx.lemmas(f"{title} {body}", lang))
        read.per_section.append(own)
        if tx.OVERVIEW_TITLE.match(title):
            read.overview |= own
            read.overview_sentences += tx.sentences(body)
            continue
        read.teaching |= set(tx.lemmas(title, lang))
        for sentence in tx.sentences(body) or [body]:
            if tx.OVERVIEW_SENTENCE.search(sentence):
                read.overview |= set(tx.lemmas(sentence, lang))
                read.overview_sentences.append(sentence)
            else:
                read.teaching |= set(tx.lemmas(sentence, lang))
    return read


def covered(wanted: set[str], have: set[str], share: float, lang: str = "en") -> bool:
    found = tx.present(wanted, have, lang)
    return not wanted or len(found) >= max(1, round(share * len(wanted)))


def taught(objective: set[str], have: set[str], share: float, lang: str) -> bool:
    """An objective is taught when the share of its content lemmas is, and so is the share of
    its specific terms: "Hexadezimalzahlen addieren" is not taught by a lesson that adds
    binary numbers, however common "addieren" is there."""
    rare = tx.specific(objective, lang)
    return covered(objective, have, share, lang) and covered(rare, have, share, lang)


# --- objectives ------------------------------------------------------------------------------
def objective_findings(
    read: ReadLesson, objectives: list[str], rules: QualityRules
) -> list[Finding]:
    findings = []
    for objective in objectives:
        wanted = tx.objective_lemmas(objective, read.lang)
        if taught(wanted, read.teaching, rules.objective_coverage, read.lang):
            continue
        missing = sorted(wanted - tx.present(wanted, read.teaching, read.lang))
        if taught(wanted, read.teaching | read.overview, rules.objective_coverage, read.lang):
            quotes = [s for s in read.overview_sentences if set(tx.lemmas(s, read.lang)) & wanted]
            findings.append(
                Finding(
                    code=C.objective_only_overview,
                    objective=objective,
                    message="the objective is announced but no section teaches it",
                    evidence=[*quotes[:2], f"not in any teaching section: {', '.join(missing)}"],
                )
            )
        else:
            findings.append(
                Finding(
                    code=C.objective_not_taught,
                    objective=objective,
                    message="no section of the lesson teaches this objective",
                    evidence=[f"missing terms: {', '.join(missing)}"],
                )
            )
    return findings


# --- sections --------------------------------------------------------------------------------
def section_findings(content: LessonContent, rules: QualityRules, lang: str) -> list[Finding]:
    findings = []
    seen: dict[str, int] = {}
    for n, section in enumerate(content.sections, 1):
        count, words = (
            len(tx.sentences(section.body_markdown)),
            tx.word_count(section.body_markdown),
        )
        thin = count < rules.min_section_sentences or words < rules.min_section_words
        # An overview or summary announces or repeats; only teaching sections need substance.
        if thin and not tx.OVERVIEW_TITLE.match(section.title):
            findings.append(
                Finding(
                    code=C.section_thin,
                    section=n,
                    message=f"section {section.title!r} is too thin to teach anything",
                    evidence=[
                        f"{count} sentences, {words} words (minimum {rules.min_section_sentences} "
                        f"sentences, {rules.min_section_words} words)"
                    ],
                )
            )
        key = " ".join(tx.lemmas(section.body_markdown, lang))
        if key in seen:
            findings.append(
                Finding(
                    code=C.section_duplicate,
                    section=n,
                    message=f"section {n} duplicates section {seen[key]}",
                    evidence=[section.body_markdown[:160]],
                )
            )
        seen.setdefault(key, n)
    return findings


def grounding_findings(
    n: int, q: QuizDraft, read: ReadLesson, sections: list[SectionDraft], rules: QualityRules
) -> list[Finding]:
    """The source section must exist and teach what the question and its key are about."""
    if q.section_index >= len(sections):
        return [
            Finding(
                code=C.source_missing,
                question=n,
                message=f"its source section {q.section_index + 1} does not exist "
                f"({len(sections)} sections)",
            )
        ]
    if not 0 <= q.answer_index < len(q.options):
        return []  # without a key there is nothing to ground; the key finding says so
    key = q.options[q.answer_index].text
    wanted = set(tx.lemmas(f"{q.prompt} {key}", read.lang))
    share = rules.question_grounding
    # A key that adds words no section uses needs a question that is clearly about its
    # section: an inference from it ("the most expensive row") is grounded by the rest of the
    # question; an answer the lesson never gives ("A B-tree") is not.
    own_section = read.per_section[q.section_index]
    body = sections[q.section_index].body_markdown
    if explained_by(q.explanation, own_section, read, rules) or same_working(q.explanation, body):
        return []
    unsaid = set(_unsaid_key_terms(key, q.prompt, read))
    # ... but a key whose unsaid words are all rare names ("bcrypt", "Kyoto") is no
    # inference: the lesson would have had to name it.
    answered = not unsaid or (
        len(tx.present(wanted, own_section, read.lang)) >= rules.unsaid_key_grounding * len(wanted)
        and tx.rare(unsaid, read.lang) != unsaid
    )
    # Rare terms of the prompt ("Kapitalertragsteuer", "eviction") that no section mentions:
    # the lesson never taught what is asked, however many common words it shares. (What
    # the key adds is ``_unsaid_key_terms``'s.)
    answered = answered and not _unsaid_specific_terms(q.prompt, wanted, read)
    if answered and grounded_in(wanted, own_section, share, read.lang):
        return []
    title = sections[q.section_index].title
    elsewhere = (
        [i for i, own in enumerate(read.per_section) if grounded_in(wanted, own, share, read.lang)]
        if answered
        else []
    )
    if elsewhere:
        return [
            Finding(
                code=C.wrong_source,
                question=n,
                section=q.section_index + 1,
                message=f"its source section {title!r} does not teach it; section "
                f"{elsewhere[0] + 1} does",
                evidence=[f"question: {q.prompt[:200]}", f"key: {key[:200]}"],
            )
        ]
    missing = sorted(wanted - tx.present(wanted, read.teaching | read.overview, read.lang))
    return [
        Finding(
            code=C.not_grounded,
            question=n,
            section=q.section_index + 1,
            message="no section teaches what this question asks",
            evidence=[
                f"question: {q.prompt[:200]}",
                f"key: {key[:200]}",
                f"terms no section uses: {', '.join(missing[:8])}",
            ],
        )
    ]


def explained_by(explanation: str, own: set[str], read: ReadLesson, rules: QualityRules) -> bool:
    """The explanation says why the key is right; when its source section says nearly all of
    its words (numbers aside) and the lesson mentions its rare terms, the section teaches
    the answer, even when the prompt sets it in a scene the lesson never names ("water from
    a boiling kettle" for "yeast dies at about 60 °C", "a sprinter" for "a runner")."""
    said = {
        w for w in tx.lemmas(tx.without_operands(explanation), read.lang) if not tx.is_number(w)
    }
    rare = tx.rare(said, read.lang)
    if len(said) < 2 or rare - tx.mentioned(rare, read.teaching | read.overview, read.lang):
        return False
    return len(tx.present(said, own, read.lang)) >= rules.explanation_grounding * len(said)


def same_working(explanation: str, body: str) -> bool:
    """The explanation works the answer out with the chain of operations (two or more) that
    a worked example of the section uses: "4 · 6 = 24, 24 : 3 = 8" applies the section's
    "3 · 8 = 24, 24 : 6 = 4" to pumps instead of painters, which no word of it says."""
    chain = tx.operations(explanation)
    return len(chain) >= 2 and any(
        tx.operations(sentence) == chain for sentence in tx.sentences(body)
    )


def grounded_in(wanted: set[str], have: set[str], share: float, lang: str) -> bool:
    """``covered`` by the question's words, numbers aside: a section that says "7" and "12"
    does not teach "What is 7 + 12?" by those numbers, and a computed question ("Which
    percentage equals 0.75?") is not ungrounded because the section worked other numbers."""
    words = {w for w in wanted if not tx.is_number(w)}
    return covered(words or wanted, have, share, lang)


def _unsaid_specific_terms(prompt: str, wanted: set[str], read: ReadLesson) -> list[str]:
    """The prompt's rare terms that no section, teaching or overview, mentions, when they are
    most of the question's (prompt and key) rare terms: the question asks about something
    the lesson never mentions ("Kapitalertragsteuer", "eviction"). One paraphrased term
    among several ("bisiesto" beside "sobrar") is not enough. Terms with digits ("4xx") are
    not counted."""
    rare = tx.rare(wanted, read.lang)
    asked = rare & set(tx.lemmas(prompt, read.lang))
    unsaid = asked - tx.mentioned(asked, read.teaching | read.overview, read.lang)
    return sorted(unsaid) if 2 * len(unsaid) > len(rare) else []


def _unsaid_key_terms(key: str, prompt: str, read: ReadLesson) -> list[str]:
    """The words the key adds to its question ("A B-tree" to "Which structure …?") when no
    section (teaching or overview) says any of them: the lesson never taught that answer.
    Numbers are left out, because a computed answer ("7/12") need not be written anywhere."""
    asked = set(tx.lemmas(prompt, read.lang))
    adds = {w for w in tx.lemmas(key, read.lang) if not any(c.isdigit() for c in w)} - asked
    adds -= tx.present(adds, asked, read.lang)
    if not adds or tx.present(adds, read.teaching | read.overview, read.lang):
        return []
    return sorted(adds)


def question_findings(content: LessonContent, lang: str = "en") -> list[Finding]:
    """The structural key and option checks (text only, no sections needed)."""
    findings = []
    for n, q in enumerate(content.quiz, 1):
        findings += key_findings(n, q) + option_findings(n, q, lang)
    return findings


def lesson_findings(
    content: LessonContent,
    objectives: list[str],
    language: str | None = "en",
    rules: QualityRules | None = None,
) -> list[Finding]:
    rules = rules or QualityRules()
    lang = tx.language_of(language)
    read = read_lesson(content.sections, lang)
    findings = question_findings(content, lang)
    for n, q in enumerate(content.quiz, 1):
        findings += explanation_findings(n, q, lang)
        findings += grounding_findings(n, q, read, content.sections, rules)
    keys = [(q.answer_index, [o.text for o in q.options]) for q in content.quiz]
    findings += bias_findings(keys, "this lesson's quiz")
    findings += objective_findings(read, objectives, rules)
    return findings + section_findings(content, rules, lang)


def stored_content(lesson: Lesson) -> LessonContent:
    """A lesson as stored now (sections and quiz loaded), in the drafts' shape the checks
    read. Built without validation: an author may have written a body shorter than a model
    may, and the checks, not parsing, judge it. A question whose source section is gone
    points past the last section (its ``QUESTION_SOURCE_MISSING`` finding)."""
    position = {s.id: i for i, s in enumerate(lesson.sections)}
    sections = [
        SectionDraft.model_construct(title=s.title, body_markdown=s.body_markdown)
        for s in lesson.sections
    ]
    quiz = [
        QuizDraft.model_construct(
            prompt=q.prompt,
            options=[
                QuizOption.model_construct(text=str(o), correct=i == q.answer_index)
                for i, o in enumerate(q.options)
            ],
            answer_index=q.answer_index,
            explanation=q.explanation,
            section_index=len(sections)
            if q.section_id is None
            else position.get(q.section_id, len(sections)),
        )
        for q in lesson.questions
    ]
    return LessonContent.model_construct(sections=sections, quiz=quiz)


def recheck_lesson(lesson: Lesson, language: str | None, rules: QualityRules) -> list[Finding]:
    """The checks run again on a lesson an author edited (``findings_revision`` behind
    ``revision``). The judge's findings describe a revision that no longer exists and are
    dropped (the judge runs inside generation runs only); so are the draft-only key checks
    (several options marked correct), which a stored question, holding one key, cannot show."""
    objectives = [str(o) for o in lesson.objectives]
    return lesson_findings(stored_content(lesson), objectives, language, rules)


# --- the course ------------------------------------------------------------------------------
@dataclass
class CourseAssessment:
    lessons: dict[uuid.UUID, list[Finding]]
    course: list[Finding]


def judge_shown(lesson: LessonText) -> list[str]:
    """The lesson objectives the judge showed taught with a quote verified in the lesson's
    teaching text: every objective of a lesson judged at its current revision except those
    it left a "not shown" finding on, or whose coverage doubt it did not settle (its findings
    are stored with the lesson's)."""
    judged = lesson.judged_revision > 0 and lesson.judged_revision == lesson.revision
    if lesson.status != LessonStatus.generated or not judged:
        return []
    stored = [stored_finding(f) for f in lesson.quality_findings]
    # Doubted: by the judge, or by the lemma check with a doubt the judge did not settle
    # (its quote was real but not about the objective).
    doubted = {f.objective for f in stored if f.code is C.judge_objective}
    doubted |= {f.objective for f in stored if f.code in COVERAGE and f.open}
    return [str(o) for o in lesson.objectives if str(o) not in doubted]


def _course_objective_findings(
    wanted: list[str], teaching: set[str], shown: list[str], lang: str, rules: QualityRules
) -> list[Finding]:
    """A course objective is covered when the lessons' teaching text covers it by lemmas, or
    when a lesson objective that says it was shown taught by the judge with a verified quote
    (so a paraphrase the lemmas miss is not reported twice, once per lesson and once here)."""
    shown_lemmas = [tx.objective_lemmas(o, lang) for o in shown]
    findings = []
    for objective in wanted:
        own = tx.objective_lemmas(objective, lang)
        share = rules.objective_coverage
        if taught(own, teaching, share, lang) or any(
            taught(own, said, share, lang) for said in shown_lemmas
        ):
            continue
        findings.append(
            Finding(
                code=C.course_objective,
                objective=objective,
                message="learning objective not covered by any lesson",
            )
        )
    return findings


def assess_course(
    lessons: list[LessonText], wanted: list[str], language: str | None, rules: QualityRules
) -> CourseAssessment:
    """Per-lesson findings (stored at write time) plus cross-lesson checks: duplicated
    sections, a biased answer key over the whole course, objectives no lesson teaches (by
    lemmas, or by the judge's verified verdicts when a judge ran)."""
    lang = tx.language_of(language)
    per: dict[uuid.UUID, list[Finding]] = {}
    seen: dict[str, str] = {}
    keys: list[tuple[int, list[str]]] = []
    teaching: set[str] = set()
    shown: list[str] = []
    for lesson in lessons:
        found = per.setdefault(lesson.id, [stored_finding(f) for f in lesson.quality_findings])
        if lesson.status != LessonStatus.generated:
            found.append(Finding(code=C.lesson_empty, message="the lesson has no content"))
        teaching |= read_lesson(lesson.sections, lang).teaching
        shown += judge_shown(lesson)
        for n, (title, body) in enumerate(lesson.sections, 1):
            norm = " ".join(tx.lemmas(body, lang))
            if norm in seen and seen[norm] != lesson.title:
                found.append(
                    Finding(
                        code=C.section_duplicate,
                        section=n,
                        message=f"section {title!r} duplicates a section of lesson {seen[norm]!r}",
                    )
                )
            seen.setdefault(norm, lesson.title)
        keys += [(key, [str(o) for o in options]) for key, options in lesson.questions]
    course = bias_findings(keys, "course") if len(keys) >= 2 * MIN_BIAS_QUESTIONS else []
    course += _course_objective_findings(wanted, teaching, shown, lang, rules)
    return CourseAssessment(per, course)


def course_report(
    lessons: list[LessonText],
    wanted: list[str],
    only: list[uuid.UUID] | None,
    language: str | None = "en",
    rules: QualityRules | None = None,
) -> QualityReport:
    assessed = assess_course(lessons, wanted, language, rules or QualityRules())
    # A finding the judge settled with verified evidence stays stored (the review queue shows
    # it) but fails no lesson: it neither regenerates one nor holds the course.
    open_ = {i: [f for f in found if f.open] for i, found in assessed.lessons.items()}
    failing = [
        LessonFindings(
            lesson_id=lesson.id,
            revision=lesson.revision,
            findings=[f.line() for f in open_[lesson.id]],
        )
        for lesson in lessons
        if open_[lesson.id] and (only is None or lesson.id in only)
    ]
    course = [f.line() for f in assessed.course if f.open]
    return QualityReport(failing=failing, course_findings=course)


__all__ = [
    "CourseAssessment",
    "QualityRules",
    "assess_course",
    "bias_findings",
    "course_report",
    "covered",
    "lesson_findings",
    "recheck_lesson",
    "rules_from",
    "stored_content",
]
