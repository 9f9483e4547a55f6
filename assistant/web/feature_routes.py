"""HTTP routes of the features, added to the /v1 router by `assistant.web.http_api.make_router`:

    GET /v1/targets?year=2025&doc=NAME   dated targets (目标时间线)
    GET /v1/tasks?format=xlsx|csv        the task table as a file (json stays the router's own)

Same login as the other /v1 routes (`denied` is the router's check); errors have the
OpenAI-style `{"error": {...}}` body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from assistant.web.http_replies import error_response

if TYPE_CHECKING:
    from assistant.api import Assistant

FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


async def task_file_response(assistant: Assistant, fmt: str) -> Response:
    """The task table as a downloadable file in `fmt` (xlsx or csv), or a 400 for another format."""
    if fmt not in FILE_TYPES:
        return error_response(400, f"format must be json, {' or '.join(FILE_TYPES)}", param="format")
    try:
        data = await run_in_threadpool(assistant.tasks_file, fmt)
    except Exception as err:
        return error_response(503, f"the index cannot answer right now: {err}", "server_error")
    return Response(data, media_type=FILE_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="tasks.{fmt}"'})


def add_feature_routes(router: APIRouter, assistant: Assistant, denied: Callable[[Request], Response | None]) -> None:
    """Register the feature routes on the /v1 `router`."""

    @router.get("/targets")
    async def targets(request: Request):
        """Dated targets and deadlines: `year` (exact) and `doc` (id, id prefix or title fragment) filter."""
        if (response := denied(request)) is not None:
            return response
        year_text = request.query_params.get("year")
        if year_text is not None and not year_text.strip().isdigit():
            return error_response(400, "year must be a number such as 2025", param="year")
        year = int(year_text) if year_text else None
        doc = request.query_params.get("doc") or None
        try:
            found = await run_in_threadpool(assistant.targets, year, doc)
        except ValueError as err:  # a document name that names none or several
            return error_response(404, str(err), param="doc")
        except Exception as err:
            return error_response(503, f"the index cannot answer right now: {err}", "server_error")
        return {"object": "list", "count": len(found), "data": [t.to_json() for t in found]}
