"""The body of each consultation step of the API, read from the service's own
signature (``directory.consultations.service.STEPS``): ``web.api.consult`` accepts exactly
these keys and ``web.openapi.consult`` describes exactly these, so a step that
gains an argument cannot drift from either."""

from __future__ import annotations

import inspect

from directory.consultations import service as consult

#: Parameters of a step that are not the body's: the store, the consultation, who and when
#: (``version`` is in every body, beside the step's own keys).
NOT_IN_BODY = {"store", "consultation_id", "by", "now", "version"}


def step_parameters(step: str) -> tuple[list[str], list[str]]:
    """The body keys of ``step`` besides ``version``: all of them, and the required ones."""
    signature = inspect.signature(consult.STEPS[step])
    names = [p for p in signature.parameters if p not in NOT_IN_BODY]
    required = [p for p in names if signature.parameters[p].default is inspect.Parameter.empty]
    return names, required
