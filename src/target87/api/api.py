"""HTTP API with OpenAPI documentation at /api/docs: public, read-only, paginated."""

from ninja import NinjaAPI
from ninja.errors import ValidationError

from target87.api.common import validation_message
from target87.api.countries import router as countries_router
from target87.api.groups import router as groups_router
from target87.api.knowledge import router as knowledge_router
from target87.api.meetings import router as meetings_router
from target87.api.monitoring import router as monitoring_router
from target87.api.partners import router as partners_router
from target87.api.pathfinders import router as pathfinders_router
from target87.api.trends import router as trends_router

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}


class PlatformAPI(NinjaAPI):
    """The API whose OpenAPI document declares every status it answers: 400 for a refused
    parameter on every operation, 404 where the path names a record."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "ErrorOut", {"title": "ErrorOut", "type": "object", "required": ["detail"],
                         "properties": {"detail": {"title": "Detail", "type": "string"}}})
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                refused = {"description": "A parameter was refused; the message names it.",
                           "content": {"application/json": {"schema": ERROR_SCHEMA}}}
                responses.setdefault(400, refused)
                if "{" in path:
                    responses.setdefault(404, {
                        "description": "No such record.",
                        "content": {"application/json": {"schema": ERROR_SCHEMA}}})
        return schema


api = PlatformAPI(
    title="Target 8.7 Platform API",
    version="1",
    description=(
        "Public data of the Alliance 8.7 platform, read-only and without an account: "
        "countries, pathfinder countries and their e-reports, the monitoring indicators "
        "and published observations (also as SDMX-CSV), good practices, events, "
        "publications, labour laws, partners, Action Groups and their workplans, and the "
        "trends of the global estimates. "
        "Only published records are served. Lists take `limit` and `offset` and answer "
        "`items` and `count`; a parameter the API cannot use (unknown, of the wrong type or "
        "out of range) is answered with 400 and "
        "`{\"detail\": message}`."
    ),
    urls_namespace="api",
)
api.add_router("/countries/", countries_router)
api.add_router("/pathfinders/", pathfinders_router)
api.add_router("/", monitoring_router)
api.add_router("/", knowledge_router)
api.add_router("/partners/", partners_router)
api.add_router("/trends/", trends_router)
api.add_router("/", meetings_router)
api.add_router("/", groups_router)


@api.exception_handler(ValidationError)
def refused_parameters(request, exc):
    return api.create_response(request, {"detail": validation_message(exc.errors)}, status=400)
