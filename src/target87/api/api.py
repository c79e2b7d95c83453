"""HTTP API with OpenAPI documentation at /api/docs. Apps add routers in ``routers``."""

from ninja import NinjaAPI

from target87.api.countries import router as countries_router

api = NinjaAPI(
    title="Target 8.7 Platform API",
    version="1",
    description="Public data of the Alliance 8.7 platform: countries, indicators, pathfinders.",
    urls_namespace="api",
)
api.add_router("/countries/", countries_router)
