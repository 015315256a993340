"""A course as an IMS Common Cartridge 1.3 package (``.imscc``: a zip), for other LMSs.

The package holds ``imsmanifest.xml`` (CC 1.3 profile of IMS Content Packaging 1.1: the
course's metadata, one organization whose items are the modules, each with its lessons'
pages and quizzes, and the resources), a web page per lesson (``lessons/<nn>-<id>.html``:
its objectives and sections, each section's markdown rendered to HTML) and a QTI 1.2
assessment per lesson that has questions (``quizzes/<lesson-id>/assessment.xml``:
multiple-choice items whose response processing names the correct option).

Building is pure (no session, no storage) and deterministic: the same course gives the same
bytes (entries carry a fixed timestamp), so a retried activity overwrites the object with an
identical one.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import nh3
from markdown_it import MarkdownIt

from db.models import Course, Lesson, Module, QuizQuestion

CP_NS = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOM_NS = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CP_LOCATION = "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd"
QTI_LOCATION = "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd"
SCHEMA = "IMS Common Cartridge"
SCHEMA_VERSION = "1.3.0"
WEBCONTENT = "webcontent"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"
RESPONSE_ID = "response1"
# Zip entries carry a fixed time: equal courses give equal bytes.
ENTRY_TIME = (2000, 1, 1, 0, 0, 0)

ET.register_namespace("", CP_NS)
ET.register_namespace("lomimscc", LOM_NS)
ET.register_namespace("xsi", XSI_NS)

# CommonMark without raw HTML (stored markdown is sanitised already; this is a second wall),
# with tables; the output is cleaned again by nh3's allow-list.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class Package:
    data: bytes
    lessons: int
    questions: int


def render_markdown(text: str) -> str:
    """A section's markdown as an HTML fragment (no raw HTML, no script)."""
    return nh3.clean(_MARKDOWN.render(text))


def lesson_href(index: int, lesson: Lesson) -> str:
    return f"lessons/{index:02d}-{lesson.id.hex}.html"


def quiz_href(lesson: Lesson) -> str:
    return f"quizzes/{lesson.id.hex}/assessment.xml"


def option_ident(question: QuizQuestion, index: int) -> str:
    return f"Q{question.id.hex}_{index}"


def lesson_page(course: Course, lesson: Lesson) -> str:
    """The lesson's web page: title, objectives, then each section (the ``id`` of a
    ``<section>`` is ``s-<section id hex>``)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(course.language)}"><head><meta charset="utf-8">',
        f"<title>{e(lesson.title)}</title></head><body>",
        f"<h1>{e(lesson.title)}</h1>",
    ]
    if lesson.objectives:
        items = "".join(f"<li>{e(str(o))}</li>" for o in lesson.objectives)
        parts.append(f'<ul class="objectives">{items}</ul>')
    for section in lesson.sections:
        parts.append(
            f'<section id="s-{section.id.hex}"><h2>{e(section.title)}</h2>\n'
            f"{render_markdown(section.body_markdown)}</section>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def _qti_field(parent: ET.Element, label: str, entry: str) -> None:
    field = _sub(parent, "qtimetadatafield")
    _sub(field, "fieldlabel", label)
    _sub(field, "fieldentry", entry)


def _mattext(parent: ET.Element, text: str) -> None:
    _sub(_sub(parent, "material"), "mattext", text, texttype="text/plain")


def _qti_item(section: ET.Element, question: QuizQuestion) -> None:
    item = _sub(section, "item", ident=f"Q{question.id.hex}", title=f"Question {question.position}")
    _qti_field(_sub(_sub(item, "itemmetadata"), "qtimetadata"), "cc_profile",
               "cc.multiple_choice.v0p1")  # fmt: skip
    presentation = _sub(item, "presentation")
    _mattext(presentation, question.prompt)
    lid = _sub(presentation, "response_lid", ident=RESPONSE_ID, rcardinality="Single")
    choices = _sub(lid, "render_choice")
    for index, option in enumerate(question.options):
        _mattext(_sub(choices, "response_label", ident=option_ident(question, index)), str(option))
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0",
         varname="SCORE", vartype="Decimal")  # fmt: skip
    condition = _sub(processing, "respcondition")
    condition.set("continue", "No")  # a Python keyword: not an argument name
    _sub(_sub(condition, "conditionvar"), "varequal",
         option_ident(question, question.answer_index), respident=RESPONSE_ID)  # fmt: skip
    _sub(condition, "setvar", "100", action="Set", varname="SCORE")
    if question.explanation:
        _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        _mattext(_sub(_sub(item, "itemfeedback", ident="general_fb"), "flow_mat"),
                 question.explanation)  # fmt: skip


def quiz_document(lesson: Lesson) -> bytes:
    """The lesson's quiz as a QTI 1.2 ``questestinterop`` (CC's assessment profile)."""
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, f"{{{XSI_NS}}}schemaLocation":
                      f"{QTI_NS} {QTI_LOCATION}"})  # fmt: skip
    assessment = _sub(root, "assessment", ident=f"A{lesson.id.hex}", title=f"Quiz: {lesson.title}")
    meta = _sub(assessment, "qtimetadata")
    _qti_field(meta, "cc_profile", "cc.exam.v0p1")
    _qti_field(meta, "qmd_assessmenttype", "Examination")
    section = _sub(assessment, "section", ident="root_section")
    for question in lesson.questions:
        _qti_item(section, question)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode()


def _cp(tag: str) -> str:
    return f"{{{CP_NS}}}{tag}"


def _lom(tag: str) -> str:
    return f"{{{LOM_NS}}}{tag}"


def _metadata(manifest: ET.Element, course: Course) -> None:
    metadata = _sub(manifest, _cp("metadata"))
    _sub(metadata, _cp("schema"), SCHEMA)
    _sub(metadata, _cp("schemaversion"), SCHEMA_VERSION)
    general = _sub(_sub(metadata, _lom("lom")), _lom("general"))
    _sub(_sub(general, _lom("title")), _lom("string"), course.title, language=course.language)
    _sub(_sub(general, _lom("description")), _lom("string"), course.description,
         language=course.language)  # fmt: skip


def _resource(resources: ET.Element, ident: str, kind: str, href: str) -> None:
    attrs = {"identifier": ident, "type": kind}
    if kind == WEBCONTENT:  # a QTI assessment names its file only (CC 1.3)
        attrs["href"] = href
    resource = _sub(resources, _cp("resource"), **attrs)
    _sub(resource, _cp("file"), href=href)


def _module_items(
    parent: ET.Element, resources: ET.Element, course: Course, module: Module, first: int
) -> dict[str, bytes]:
    """The module's folder item with its lessons' page (and quiz) items; their files.
    Lesson pages are numbered across the course from ``first``."""
    folder = _sub(parent, _cp("item"), identifier=f"M{module.id.hex}")
    _sub(folder, _cp("title"), module.title)
    files: dict[str, bytes] = {}
    for index, lesson in enumerate(module.lessons, start=first):
        page = _sub(folder, _cp("item"), identifier=f"I{lesson.id.hex}",
                    identifierref=f"R{lesson.id.hex}")  # fmt: skip
        _sub(page, _cp("title"), lesson.title)
        href = lesson_href(index, lesson)
        _resource(resources, f"R{lesson.id.hex}", WEBCONTENT, href)
        files[href] = lesson_page(course, lesson).encode()
        if lesson.questions:
            quiz = _sub(folder, _cp("item"), identifier=f"J{lesson.id.hex}",
                        identifierref=f"A{lesson.id.hex}")  # fmt: skip
            _sub(quiz, _cp("title"), f"Quiz: {lesson.title}")
            _resource(resources, f"A{lesson.id.hex}", ASSESSMENT, quiz_href(lesson))
            files[quiz_href(lesson)] = quiz_document(lesson)
    return files


def manifest_and_files(course: Course) -> tuple[bytes, dict[str, bytes]]:
    manifest = ET.Element(_cp("manifest"), {"identifier": f"C{course.id.hex}",
                          f"{{{XSI_NS}}}schemaLocation": f"{CP_NS} {CP_LOCATION}"})  # fmt: skip
    _metadata(manifest, course)
    organization = _sub(_sub(manifest, _cp("organizations")), _cp("organization"),
                        identifier="O1", structure="rooted-hierarchy")  # fmt: skip
    root = _sub(organization, _cp("item"), identifier="root")
    resources = _sub(manifest, _cp("resources"))
    files: dict[str, bytes] = {}
    first = 1
    for module in course.modules:
        files.update(_module_items(root, resources, course, module, first))
        first += len(module.lessons)
    return _xml(manifest), files


def build_package(course: Course) -> Package:
    """The course (loaded with its modules, lessons, sections and questions) as a package."""
    manifest, files = manifest_and_files(course)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {"imsmanifest.xml": manifest, **files}.items():
            archive.writestr(zipfile.ZipInfo(name, ENTRY_TIME), data, zipfile.ZIP_DEFLATED)
    lessons = [lesson for module in course.modules for lesson in module.lessons]
    return Package(buffer.getvalue(), len(lessons), sum(len(ls.questions) for ls in lessons))
