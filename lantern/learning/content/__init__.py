"""Course importer: YAML + Markdown in content/courses/<course>/ -> a validated, JSON-safe dict.

Every problem names the file and line it comes from (``lantern.core.yamlfile`` keeps the line
of every key and list item). Nothing is written to the database here;
``lantern.learning.services`` stores the result only when there are no problems at all.

Layout of a course folder::

    course.yaml        id, title, version, cpd_hours, reviewed, sources, checks, pathways, modules
    questions.yaml     the question bank (module quizzes, pre/post checks and refreshers)
    modules/*.yaml     one module each: outcomes and units (page, questions, scenario)
    images/*.svg       illustrations referenced from Markdown as ![alt text](images/x.svg)

Modules: ``course`` (load_course: the folder checked as a whole), ``parts`` (facts, questions,
units, scenarios), ``validation`` (Problem, CourseInvalid, the Checker and standards ids),
``markdown`` (Markdown -> GOV.UK HTML).
"""

from lantern.learning.content.course import content_hash, load_course
from lantern.learning.content.markdown import render_markdown
from lantern.learning.content.validation import CourseInvalid, Problem, standards_checker

__all__ = [
    "CourseInvalid",
    "Problem",
    "content_hash",
    "load_course",
    "render_markdown",
    "standards_checker",
]
