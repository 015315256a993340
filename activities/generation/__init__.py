"""The generation domain's activities, one module per kind of work:

- ``steps``: the database steps of a run (its projection, the draft course, quality checks,
  the idempotent publish), run as local activities on ``courseflow``;
- ``model_calls``: the outline and lesson model calls on ``courseflow-llm``;
- ``media``: the course thumbnail, through the image port.

Too big for one module, so the domain is a package of its name; import from here. The rules
they apply live in ``services.generation``.
"""

from activities.generation.media import MediaActivities
from activities.generation.model_calls import ModelCallActivities
from activities.generation.steps import GenerationActivities

__all__ = ["GenerationActivities", "MediaActivities", "ModelCallActivities"]
